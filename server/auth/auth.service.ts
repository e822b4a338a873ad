import { randomUUID } from 'node:crypto'
import type { LoginResponse } from '../../contracts/bookings'
import { AppError } from '../http/app-error'
import { hashPassword, newToken, oneTimePassword, sha256, verifyPassword } from './secrets'
import { toUser, type User, type UserRepository } from './user.repository'

const TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000

export const unauthorized = (message = '请先登录') => new AppError({ status: 401, code: 'UNAUTHORIZED', message, headers: { 'WWW-Authenticate': 'Bearer' } })

export class AuthService {
  constructor(private readonly deps: { users: UserRepository; now: () => Date }) {}

  /** Administrators create staff from the CLI; the password is shown once and stored only hashed. */
  async addStaff(params: { stationId: string; username: string; displayName?: string }): Promise<{ user: User; password: string }> {
    if (await this.deps.users.findRowByUsername(params.username)) {
      throw new AppError({ status: 409, code: 'USERNAME_TAKEN', message: `用户名 ${params.username} 已被使用`, fields: [{ path: 'username', message: '已被使用' }] })
    }
    const password = oneTimePassword()
    const row = {
      id: randomUUID(),
      role: 'staff',
      username: params.username,
      password_hash: await hashPassword(password),
      display_name: params.displayName ?? params.username,
      station_id: params.stationId,
      county: null,
      town: null,
      village: null,
      phone: null,
      invite_hash: null,
      wechat_openid: null,
      disabled_at: null,
      created_at: this.deps.now().toISOString(),
    }
    await this.deps.users.insert(row)
    return { user: toUser(row), password }
  }

  async issueToken(user: User): Promise<LoginResponse> {
    const token = newToken()
    const now = this.deps.now()
    const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS).toISOString()
    await this.deps.users.saveToken({ tokenHash: sha256(token), userId: user.id, createdAt: now.toISOString(), expiresAt })
    return { token, role: user.role, expiresAt, stationId: user.stationId, displayName: user.displayName }
  }

  async loginStaff(params: { username: string; password: string }): Promise<LoginResponse> {
    const row = await this.deps.users.findRowByUsername(params.username)
    // the same answer for an unknown user and a wrong password, in about the same time
    const valid = row?.password_hash ? await verifyPassword({ password: params.password, stored: row.password_hash }) : (await hashPassword(params.password), false)
    if (!row || !valid || row.disabled_at !== null) throw unauthorized('用户名或密码不对')
    return this.issueToken(toUser(row))
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
