import type { Kysely, Transaction } from 'kysely'
import type { UserRole } from '../../contracts/auth'
import type { DatabaseSchema, UsersTable } from '../storage/schema'

export interface User {
  id: string
  role: UserRole
  username: string | null
  displayName: string
  stationId: string | null
  county: string | null
  town: string | null
  village: string | null
  phone: string | null
  disabled: boolean
}

export function toUser(row: UsersTable): User {
  return {
    id: row.id,
    role: row.role as UserRole,
    username: row.username,
    displayName: row.display_name,
    stationId: row.station_id,
    county: row.county,
    town: row.town,
    village: row.village,
    phone: row.phone,
    disabled: row.disabled_at !== null,
  }
}

export class UserRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insert(row: UsersTable): Promise<void> {
    await this.db.insertInto('users').values(row).execute()
  }

  findRowByUsername(username: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
  }

  findRowById(id: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
  }

  findVolunteerRowByPhone(phone: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('role', '=', 'volunteer').where('phone', '=', phone).executeTakeFirst()
  }

  findRowByOpenid(openid: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('wechat_openid', '=', openid).executeTakeFirst()
  }

  findVolunteerRowByInvite(inviteHash: string): Promise<UsersTable | undefined> {
    return this.db.selectFrom('users').selectAll().where('role', '=', 'volunteer').where('invite_hash', '=', inviteHash).executeTakeFirst()
  }

  /** Uses up an invite (it is single-use, and only before it expires) and, in the mini program, binds the WeChat user. */
  async consumeInvite(params: { userId: string; inviteHash: string; openid: string | null; now: string }): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ invite_hash: null, invite_expires_at: null, ...(params.openid ? { wechat_openid: params.openid } : {}) })
      .where('id', '=', params.userId)
      .where('invite_hash', '=', params.inviteHash)
      .where('invite_expires_at', '>', params.now)
      .where('disabled_at', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  /** A new invite; a disabled account stays disabled unless `enable` (the administrator said so). */
  async setInvite(params: { userId: string; inviteHash: string; expiresAt: string; enable: boolean }): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ invite_hash: params.inviteHash, invite_expires_at: params.expiresAt, ...(params.enable ? { disabled_at: null } : {}) })
      .where('id', '=', params.userId)
      .execute()
  }

  /** A new password; every token of the user is revoked with it, so a leaked password or session ends here. */
  async setPassword(params: { userId: string; passwordHash: string; now: string; enable: boolean; mustChange: boolean }): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ password_hash: params.passwordHash, password_must_change: params.mustChange ? 1 : 0, ...(params.enable ? { disabled_at: null } : {}) })
        .where('id', '=', params.userId)
        .execute()
      await revokeDevices(trx, params)
      return revokeAll(trx, params)
    })
  }

  async setDisplayName(params: { userId: string; displayName: string }): Promise<void> {
    await this.db.updateTable('users').set({ display_name: params.displayName }).where('id', '=', params.userId).execute()
  }

  /** Disables the user and revokes every token at once; answers how many tokens were revoked. */
  async disable(params: { userId: string; now: string }): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ disabled_at: params.now }).where('id', '=', params.userId).execute()
      await revokeDevices(trx, params)
      return revokeAll(trx, params)
    })
  }

  async saveToken(params: { tokenHash: string; userId: string; createdAt: string; expiresAt: string }): Promise<void> {
    await this.db
      .insertInto('auth_tokens')
      .values({ token_hash: params.tokenHash, user_id: params.userId, created_at: params.createdAt, expires_at: params.expiresAt, revoked_at: null })
      .execute()
  }

  /** The user of a live token: not expired, not revoked, user not disabled. */
  async findByToken(params: { tokenHash: string; now: string }): Promise<User | null> {
    const row = await this.db
      .selectFrom('auth_tokens')
      .innerJoin('users', 'users.id', 'auth_tokens.user_id')
      .selectAll('users')
      .where('auth_tokens.token_hash', '=', params.tokenHash)
      .where('auth_tokens.revoked_at', 'is', null)
      .where('auth_tokens.expires_at', '>', params.now)
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst()
    return row ? toUser(row) : null
  }

  /** The account of a live device credential (not expired, not revoked), found by the credential's hash. */
  async findDeviceOwner(params: { credentialHash: string; now: string }): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('login_devices')
      .select('user_id')
      .where('credential_hash', '=', params.credentialHash)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', params.now)
      .executeTakeFirst()
    return row?.user_id
  }

  /**
   * Keeps a phone's new device credential (its hash). The one the phone brought is revoked (each
   * sign-in replaces it), and of the account's live ones only the newest `keepLive` stay live.
   */
  async saveDevice(params: {
    credentialHash: string
    userId: string
    createdAt: string
    expiresAt: string
    replaces: string | null
    keepLive: number
  }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (params.replaces !== null) {
        await trx
          .updateTable('login_devices')
          .set({ revoked_at: params.createdAt })
          .where('credential_hash', '=', params.replaces)
          .where('user_id', '=', params.userId)
          .where('revoked_at', 'is', null)
          .execute()
      }
      await trx
        .insertInto('login_devices')
        .values({
          credential_hash: params.credentialHash,
          user_id: params.userId,
          created_at: params.createdAt,
          expires_at: params.expiresAt,
          revoked_at: null,
        })
        .execute()
      const others = await trx
        .selectFrom('login_devices')
        .select('credential_hash')
        .where('user_id', '=', params.userId)
        .where('revoked_at', 'is', null)
        .where('credential_hash', '<>', params.credentialHash)
        .orderBy('created_at', 'desc')
        .orderBy('credential_hash')
        .execute()
      const older = others.slice(Math.max(0, params.keepLive - 1)).map((row) => row.credential_hash)
      if (older.length > 0) await trx.updateTable('login_devices').set({ revoked_at: params.createdAt }).where('credential_hash', 'in', older).execute()
    })
  }

  async revokeToken(params: { tokenHash: string; now: string }): Promise<void> {
    await this.db.updateTable('auth_tokens').set({ revoked_at: params.now }).where('token_hash', '=', params.tokenHash).execute()
  }
}

/** A new password or a disabled account also ends every device credential of the account (issue 23 row 5). */
async function revokeDevices(trx: Transaction<DatabaseSchema>, params: { userId: string; now: string }): Promise<void> {
  await trx.updateTable('login_devices').set({ revoked_at: params.now }).where('user_id', '=', params.userId).where('revoked_at', 'is', null).execute()
}

async function revokeAll(trx: Transaction<DatabaseSchema>, params: { userId: string; now: string }): Promise<number> {
  const result = await trx
    .updateTable('auth_tokens')
    .set({ revoked_at: params.now })
    .where('user_id', '=', params.userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
