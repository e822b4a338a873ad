import { randomUUID } from 'node:crypto'
import { NEW_PASSWORD_MIN_LENGTH, type LoginResponse, type UserRole } from '../../contracts/auth'
import { LOGIN_DEVICE_DAYS, SIGN_IN_DAYS } from '../../contracts/retention'
import { AppError } from '../errors/app-error'
import { canonicalInviteCode, canonicalOneTimePassword, hashPassword, newToken, oneTimePassword, readableCode, sha256, verifyPassword } from './secrets'
import type { UsersTable } from '../storage/schema'
import type { HashingTicket } from './hashing-queue'
import { toUser, type User, type UserRepository } from './user.repository'

const TOKEN_LIFETIME_MS = SIGN_IN_DAYS * 24 * 60 * 60 * 1000
const DEVICE_LIFETIME_MS = LOGIN_DEVICE_DAYS * 24 * 60 * 60 * 1000
/** live device credentials one account keeps (its phones); a sign-in on one more ends the oldest */
export const MAX_LIVE_DEVICES = 5

/** What a password sign-in looks up before its turn for hashing (issue 23 row 5): the account, and whether this phone is a known device of it. */
export interface StaffLoginPlan {
  row: UsersTable | undefined
  /** the hash of the device credential brought, when it is a live one of this account */
  knownDeviceHash: string | null
}

/** The hashing queue's ticket of a planned sign-in: which lanes it may use (server/auth/hashing-queue.ts). */
export function hashingTicket(plan: StaffLoginPlan, client: string): HashingTicket {
  return plan.row?.password_hash ? { client, account: plan.row.id, knownDevice: plan.knownDeviceHash !== null } : { client }
}

export const unauthorized = (message = '请先登录', code: 'UNAUTHORIZED' | 'INVITE_EXPIRED' = 'UNAUTHORIZED') => AppError.of(code, { message })

/** INVITE_TTL_DAYS when the caller does not say */
export const DEFAULT_INVITE_TTL_DAYS = 14

const inviteExpired = (ttlDays: number) => unauthorized(`邀请码已过期（邀请码 ${ttlDays} 天内有效）。请找县司法局重新发邀请码`, 'INVITE_EXPIRED')

const accountDisabled = (message: string) => AppError.of('ACCOUNT_DISABLED', { message })

export class AuthService {
  private readonly inviteTtlDays: number

  constructor(private readonly deps: { users: UserRepository; now: () => Date; /** INVITE_TTL_DAYS */ inviteTtlDays?: number }) {
    this.inviteTtlDays = deps.inviteTtlDays ?? DEFAULT_INVITE_TTL_DAYS
  }

  private inviteExpiresAt(): string {
    return new Date(this.deps.now().getTime() + this.inviteTtlDays * 24 * 60 * 60 * 1000).toISOString()
  }

  /** An invite without an expiry was issued before invites expired: it counts as expired (fail closed). */
  private inviteLive(row: UsersTable): boolean {
    return row.invite_expires_at !== null && row.invite_expires_at > this.deps.now().toISOString()
  }

  /** Administrators create staff from the CLI; the password is shown once and stored only hashed. */
  async addStaff(params: { stationId: string; username: string; displayName?: string }): Promise<{ user: User; password: string }> {
    return this.addPasswordAccount({ role: 'staff', username: params.username, displayName: params.displayName, where: { station_id: params.stationId } })
  }

  /** Staff and administrators: a username and a printed one-time password, changed at the first sign-in. */
  private async addPasswordAccount(params: {
    role: 'staff' | 'admin'
    username: string
    displayName?: string
    where: { station_id: string } | { county: string }
  }): Promise<{ user: User; password: string }> {
    if (await this.deps.users.findRowByUsername(params.username)) {
      throw AppError.of('USERNAME_TAKEN', { message: `用户名 ${params.username} 已被使用`, fields: [{ path: 'username', message: '已被使用' }] })
    }
    const password = oneTimePassword()
    const row = {
      ...this.baseRow({ role: params.role, displayName: params.displayName ?? params.username }),
      username: params.username,
      password_hash: await hashPassword(password),
      password_must_change: 1,
      ...params.where,
    }
    await this.deps.users.insert(row)
    return { user: toUser(row), password }
  }

  private baseRow(params: { role: UserRole; displayName: string }) {
    return {
      id: randomUUID(),
      role: params.role,
      username: null,
      password_hash: null,
      display_name: params.displayName,
      station_id: null,
      county: null,
      town: null,
      village: null,
      phone: null,
      invite_hash: null,
      wechat_openid: null,
      disabled_at: null,
      invite_expires_at: null,
      password_must_change: 0,
      created_at: this.deps.now().toISOString(),
    }
  }

  /** A 法律明白人 registered by an administrator; the invite code is shown once, used once and expires after INVITE_TTL_DAYS. */
  async addVolunteer(params: {
    name: string
    phone: string
    county: string
    town: string
    village: string
  }): Promise<{ user: User; inviteCode: string; inviteExpiresAt: string }> {
    if (await this.deps.users.findVolunteerRowByPhone(params.phone)) {
      throw AppError.of('PHONE_TAKEN', {
        message: `手机号 ${params.phone} 已登记为法律明白人；要重新发邀请码请用 reinvite`,
        fields: [{ path: 'phone', message: '已登记' }],
      })
    }
    const inviteCode = readableCode(8)
    const inviteExpiresAt = this.inviteExpiresAt()
    const row = {
      ...this.baseRow({ role: 'volunteer', displayName: params.name }),
      phone: params.phone,
      county: params.county,
      town: params.town,
      village: params.village,
      invite_hash: sha256(inviteCode),
      invite_expires_at: inviteExpiresAt,
    }
    await this.deps.users.insert(row)
    return { user: toUser(row), inviteCode, inviteExpiresAt }
  }

  /**
   * A new single-use invite for a volunteer who must sign in again (new phone, expired token or
   * invite). A disabled volunteer stays disabled unless `enable`: re-enabling is a decision.
   */
  async reinviteVolunteer(params: { phone: string; enable?: boolean }): Promise<{ user: User; inviteCode: string; inviteExpiresAt: string; enabled: boolean }> {
    const row = await this.volunteerByPhone(params.phone)
    const enable = params.enable === true
    if (row.disabled_at !== null && !enable) throw accountDisabled(`${row.display_name}（${params.phone}）已停用，没有发邀请码；确要重新启用，请加 --enable`)
    const inviteCode = readableCode(8)
    const inviteExpiresAt = this.inviteExpiresAt()
    await this.deps.users.setInvite({ userId: row.id, inviteHash: sha256(inviteCode), expiresAt: inviteExpiresAt, enable })
    return { user: { ...toUser(row), disabled: row.disabled_at !== null && !enable }, inviteCode, inviteExpiresAt, enabled: row.disabled_at !== null && enable }
  }

  async addAdmin(params: { username: string; county: string; displayName?: string }): Promise<{ user: User; password: string }> {
    return this.addPasswordAccount({ role: 'admin', username: params.username, displayName: params.displayName, where: { county: params.county } })
  }

  async disableVolunteer(params: { phone: string }): Promise<{ user: User; tokensRevoked: number }> {
    const row = await this.volunteerByPhone(params.phone)
    const tokensRevoked = await this.deps.users.disable({ userId: row.id, now: this.deps.now().toISOString() })
    return { user: { ...toUser(row), disabled: true }, tokensRevoked }
  }

  private async volunteerByPhone(phone: string): Promise<UsersTable> {
    const row = await this.deps.users.findVolunteerRowByPhone(phone)
    if (!row) throw AppError.of('NOT_FOUND', { message: `没有登记手机号为 ${phone} 的法律明白人` })
    return row
  }

  private async passwordAccount(username: string): Promise<UsersTable> {
    const row = await this.deps.users.findRowByUsername(username)
    if (!row || row.role === 'volunteer') throw AppError.of('NOT_FOUND', { message: `没有用户名为 ${username} 的工作人员或管理员账号` })
    return row
  }

  /** Staff and administrators: the name shown on the 工作台 and in histories (accounts made before `--name` was required carry their username). */
  async setDisplayName(params: { username: string; displayName: string }): Promise<{ user: User; previous: string }> {
    const row = await this.passwordAccount(params.username)
    await this.deps.users.setDisplayName({ userId: row.id, displayName: params.displayName })
    return { user: toUser({ ...row, display_name: params.displayName }), previous: row.display_name }
  }

  /** Staff and administrators: disabled at once, every token (30-day sign-ins) revoked in the same transaction. */
  async disableAccount(params: { username: string }): Promise<{ user: User; tokensRevoked: number }> {
    const row = await this.passwordAccount(params.username)
    const tokensRevoked = await this.deps.users.disable({ userId: row.id, now: this.deps.now().toISOString() })
    return { user: { ...toUser(row), disabled: true }, tokensRevoked }
  }

  /**
   * A new generated password for a staff member or administrator, shown once; the old password
   * and every token stop working. A disabled account stays disabled unless `enable`.
   */
  async resetPassword(params: { username: string; enable?: boolean }): Promise<{ user: User; password: string; tokensRevoked: number; enabled: boolean }> {
    const row = await this.passwordAccount(params.username)
    const enable = params.enable === true
    if (row.disabled_at !== null && !enable) throw accountDisabled(`账号 ${params.username} 已停用，没有改密码；确要重新启用，请加 --enable`)
    const password = oneTimePassword()
    const tokensRevoked = await this.deps.users.setPassword({
      userId: row.id,
      passwordHash: await hashPassword(password),
      now: this.deps.now().toISOString(),
      enable,
      mustChange: true,
    })
    return { user: { ...toUser(row), disabled: row.disabled_at !== null && !enable }, password, tokensRevoked, enabled: row.disabled_at !== null && enable }
  }

  /**
   * H5: phone + the invite code. An expired code gets its own answer, but only for someone who
   * holds the right code; the work (one sha256, one look-up) is the same as for a wrong code.
   */
  async loginVolunteer(params: { phone: string; inviteCode: string }): Promise<LoginResponse> {
    const inviteHash = sha256(canonicalInviteCode(params.inviteCode))
    const row = await this.deps.users.findVolunteerRowByPhone(params.phone)
    const matches = row !== undefined && row.disabled_at === null && row.invite_hash === inviteHash
    if (matches && !this.inviteLive(row)) throw inviteExpired(this.inviteTtlDays)
    if (!matches || !(await this.deps.users.consumeInvite({ userId: row.id, inviteHash, openid: null, now: this.deps.now().toISOString() }))) {
      throw unauthorized('手机号或邀请码不对，或邀请码已用过。请找县司法局重新发邀请码')
    }
    return this.issueToken(toUser(row))
  }

  /** Mini program: the openid from code2Session; bound to the invited volunteer on first sign-in. */
  async loginWechat(params: { openid: string; inviteCode?: string }): Promise<LoginResponse> {
    const bound = await this.deps.users.findRowByOpenid(params.openid)
    if (bound) {
      if (bound.disabled_at !== null) throw unauthorized('这个账号已停用')
      return this.issueToken(toUser(bound))
    }
    if (!params.inviteCode) throw unauthorized('第一次登录请输入邀请码')
    const inviteHash = sha256(canonicalInviteCode(params.inviteCode))
    const row = await this.deps.users.findVolunteerRowByInvite(inviteHash)
    const matches = row !== undefined && row.disabled_at === null
    if (matches && !this.inviteLive(row)) throw inviteExpired(this.inviteTtlDays)
    if (!matches || !(await this.deps.users.consumeInvite({ userId: row.id, inviteHash, openid: params.openid, now: this.deps.now().toISOString() }))) {
      throw unauthorized('邀请码不对或已用过。请找县司法局重新发邀请码')
    }
    return this.issueToken(toUser({ ...row, wechat_openid: params.openid }))
  }

  async issueToken(user: User): Promise<LoginResponse> {
    const token = newToken()
    const now = this.deps.now()
    const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS).toISOString()
    await this.deps.users.saveToken({ tokenHash: sha256(token), userId: user.id, createdAt: now.toISOString(), expiresAt })
    // userId: the users row, so a phone can keep each user's things (the volunteer's outbox) apart
    return {
      token,
      userId: user.id,
      role: user.role,
      expiresAt,
      stationId: user.stationId,
      displayName: user.displayName,
      town: user.town,
      village: user.village,
    }
  }

  /** Staff and administrators: a password sign-in without the hashing queue (the CLI, tests); the BFF plans, queues, then completes. */
  async loginStaff(params: { username: string; password: string; newPassword?: string; deviceCredential?: string }): Promise<LoginResponse> {
    return this.completeStaffLogin(params, await this.planStaffLogin(params))
  }

  /**
   * The look-ups before a password sign-in takes its turn for hashing: the account by username (one
   * indexed query, made for every username, known or not) and, when the phone brings a device
   * credential, its owner (one more, made whatever the username). Nothing here answers anything:
   * the plan only picks the hashing queue's lane (hashingTicket).
   */
  async planStaffLogin(params: { username: string; deviceCredential?: string }): Promise<StaffLoginPlan> {
    const row = await this.deps.users.findRowByUsername(params.username)
    if (params.deviceCredential === undefined) return { row, knownDeviceHash: null }
    const credentialHash = sha256(params.deviceCredential)
    const owner = await this.deps.users.findDeviceOwner({ credentialHash, now: this.deps.now().toISOString() })
    return { row, knownDeviceHash: row !== undefined && owner === row.id ? credentialHash : null }
  }

  /**
   * Staff and administrators sign in with their password (in their turn for hashing). A printed
   * password (a new account or `reset-password`) is good for one sign-in only: that sign-in must
   * bring `newPassword`, which replaces it (and ends every other session). Any sign-in may bring one
   * to change the password. A successful sign-in gives the phone a new device credential.
   */
  async completeStaffLogin(params: { username: string; password: string; newPassword?: string }, plan: StaffLoginPlan): Promise<LoginResponse> {
    // read again in the sign-in's turn: a password reset or a disable while it waited counts
    const row = await this.deps.users.findRowByUsername(params.username)
    // a printed password may come back in lower case or without its dashes; one the user chose is exact
    const password = row?.password_must_change === 1 ? canonicalOneTimePassword(params.password) : params.password
    // the same answer for an unknown user and a wrong password, in about the same time
    const valid = row?.password_hash ? await verifyPassword({ password, stored: row.password_hash }) : (await hashPassword(password), false)
    if (!row || !valid || row.disabled_at !== null) throw unauthorized('用户名或密码不对')
    if (params.newPassword !== undefined) {
      // nor the printed one typed another way
      if (params.newPassword === params.password || (row.password_must_change === 1 && canonicalOneTimePassword(params.newPassword) === password)) {
        throw AppError.of('VALIDATION_FAILED', { message: '新密码不能和原来的密码一样', fields: [{ path: 'newPassword', message: '请换一个新密码' }] })
      }
      // ends every token and device credential of the account; this phone gets a new one below
      await this.deps.users.setPassword({
        userId: row.id,
        passwordHash: await hashPassword(params.newPassword),
        now: this.deps.now().toISOString(),
        enable: false,
        mustChange: false,
      })
    } else if (row.password_must_change === 1) {
      throw AppError.of('PASSWORD_CHANGE_REQUIRED', {
        message: `这是县司法局给的一次性密码：请设置一个自己的新密码（至少 ${NEW_PASSWORD_MIN_LENGTH} 位），再登录`,
        fields: [{ path: 'newPassword', message: '请设置新密码' }],
      })
    }
    const signedIn = await this.issueToken(toUser(row))
    const replaces = params.newPassword === undefined && plan.row?.id === row.id ? plan.knownDeviceHash : null
    return { ...signedIn, deviceCredential: await this.issueDevice({ userId: row.id, replaces }) }
  }

  /** A new device credential for the phone that just signed in; only its hash is kept, for LOGIN_DEVICE_DAYS. */
  private async issueDevice(params: { userId: string; replaces: string | null }): Promise<string> {
    const credential = newToken()
    const now = this.deps.now()
    await this.deps.users.saveDevice({
      credentialHash: sha256(credential),
      userId: params.userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + DEVICE_LIFETIME_MS).toISOString(),
      replaces: params.replaces,
      keepLive: MAX_LIVE_DEVICES,
    })
    return credential
  }

  async authenticate(token: string): Promise<User> {
    const user = await this.deps.users.findByToken({ tokenHash: sha256(token), now: this.deps.now().toISOString() })
    if (!user) throw unauthorized('登录已过期或已退出，请重新登录')
    return user
  }

  async logout(token: string): Promise<void> {
    await this.deps.users.revokeToken({ tokenHash: sha256(token), now: this.deps.now().toISOString() })
  }
}
