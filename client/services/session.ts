import Taro from '@tarojs/taro'
import * as z from 'zod/mini'
import { loginResponseSchema, userRoleSchema } from '../../contracts/auth'
import type { Endpoint, SuccessBody } from '../../contracts/endpoint'
import { login as loginEndpoint, logout as logoutEndpoint, type LoginRequest } from '../../contracts/endpoints/auth'
import { call, RequestError, type CallInput, type FailureCode } from './http'

/**
 * Who is signed in on this device — station staff, a 法律明白人, a county administrator — in one
 * place: one storage key, one schema, one sign-in call (`POST /api/auth/login`), one way to end a
 * sign-in (expiry, 退出登录, or a 401 from any bearer call). The staff page (services/bookings) and
 * the volunteer pages (services/mediations) call this; they only say which role they need.
 *
 * The key holds at most one sign-in per role, the latest last: a station's staff member and a
 * volunteer who share a phone stay signed in side by side, as before there was one store (a
 * volunteer signed out by a colleague's sign-in would need a new invite code on H5).
 */

export const SESSION_STORAGE_KEY = 'fzt.session'
/** where earlier versions kept a sign-in; read (and removed) the first time this store is read */
export const LEGACY_SESSION_STORAGE_KEYS = { staff: 'fzt.staffSession', volunteer: 'fzt.volunteerSession' } as const

export type Role = z.infer<typeof loginResponseSchema>['role']

/** A sign-in as the device keeps it: the server's answer (its device credential is kept apart, below); `userId` is null only for one moved from an old key (below). */
export const sessionSchema = z.extend(z.omit(loginResponseSchema, { deviceCredential: true }), {
  token: z.string().check(z.minLength(1)),
  userId: z.nullable(z.string().check(z.minLength(1))),
})
export type Session = z.infer<typeof sessionSchema>

const storeSchema = z.object({ v: z.literal(1), sessions: z.array(z.unknown()) })

/** What the old keys held: the staff key without town and village, both without a user id (a few may have one). */
const legacySessionSchema = z.object({
  token: z.string().check(z.minLength(1)),
  role: userRoleSchema,
  expiresAt: z.string(),
  displayName: z.string(),
  stationId: z.optional(z.nullable(z.string())),
  town: z.optional(z.nullable(z.string())),
  village: z.optional(z.nullable(z.string())),
  userId: z.optional(z.string().check(z.minLength(1))),
})

// ---------------------------------------------------------------- storage

const listeners = new Set<() => void>()

/** Called after every change of the stored sign-ins (also an expired one dropped); returns the unsubscribe function. */
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

function notify(): void {
  listeners.forEach((listener) => {
    try {
      listener()
    } catch (failure) {
      console.warn('[session] listener failed', failure)
    }
  })
}

function readKey(key: string): unknown {
  try {
    const value: unknown = Taro.getStorageSync(key)
    // Taro answers '' for a missing key
    return value === '' ? undefined : value
  } catch {
    return undefined
  }
}

/** false when the device refused (storage full): the sign-in then lasts as long as the caller holds it */
function writeSessions(sessions: readonly Session[]): boolean {
  try {
    if (sessions.length === 0) Taro.removeStorageSync(SESSION_STORAGE_KEY)
    else Taro.setStorageSync(SESSION_STORAGE_KEY, { v: 1, sessions })
    return true
  } catch {
    return false
  }
}

/**
 * Moves a sign-in kept under an old key into this store. Old sign-ins carry no `userId` (the
 * server did not answer one yet); they are moved with `userId: null` and stay signed in until
 * they expire or the person signs out, instead of being treated as signed out so that we learn
 * the id at once:
 * - a volunteer on H5 signs in with a single-use invite code: signing them out would send them
 *   to the county 司法局 for a new code; and volunteers record where there is no signal, so a
 *   forced sign-in would stop them recording until they find network;
 * - nothing needs the id meanwhile: the staff page does not use it, and a volunteer's outbox
 *   keeps the old owner (name|town|village) for such a sign-in, exactly as before
 *   (services/mediations `ownerOf`). Their next sign-in (at the latest when the token ends,
 *   SIGN_IN_DAYS) brings the id, and the outbox entries of that old owner become theirs
 *   (`adoptLegacyEntries`).
 * The old keys are removed once the store is written, so this runs once per device.
 */
function migrateLegacySessions(): Session[] {
  const moved: Session[] = []
  let found = false
  for (const role of ['staff', 'volunteer'] as const) {
    const stored = readKey(LEGACY_SESSION_STORAGE_KEYS[role])
    if (stored === undefined) continue
    found = true
    const parsed = legacySessionSchema.safeParse(stored)
    if (!parsed.success || parsed.data.role !== role) continue
    const old = parsed.data
    moved.push({
      token: old.token,
      userId: old.userId ?? null,
      role,
      expiresAt: old.expiresAt,
      stationId: old.stationId ?? null,
      displayName: old.displayName,
      town: old.town ?? null,
      village: old.village ?? null,
    })
  }
  if (found && writeSessions(moved)) {
    for (const key of Object.values(LEGACY_SESSION_STORAGE_KEYS)) {
      try {
        Taro.removeStorageSync(key)
      } catch {
        // read again next time
      }
    }
  }
  return moved
}

/** Every stored sign-in, the latest last (damaged ones left out). */
function readSessions(): Session[] {
  const stored = readKey(SESSION_STORAGE_KEY)
  if (stored === undefined) return migrateLegacySessions()
  const parsed = storeSchema.safeParse(stored)
  if (!parsed.success) return []
  return parsed.data.sessions.flatMap((value) => {
    const session = sessionSchema.safeParse(value)
    return session.success ? [session.data] : []
  })
}

// ---------------------------------------------------------------- the device credential

/**
 * Where this phone keeps its device credential for staff and administrator sign-ins: the same
 * storage as the sign-ins (Taro storage: wx storage in the mini program, localStorage on H5), under
 * its own key, one per role (a phone shared by a staff member and an administrator keeps both).
 * The server gives a new one at each successful password sign-in (it replaces the old one); a
 * sign-in on this phone sends it back, and while a login flood goes on that sign-in has a lane of
 * its own on the server (server/auth/hashing-queue.ts).
 *
 * It stays on 退出登录 — on purpose: it signs nobody in (the password is still asked), it holds no
 * username, and it is needed exactly at the next sign-in; clearing it would send the next sign-in
 * during a flood to the shared lanes. It ends on the server with a new password, a disabled
 * account, or LOGIN_DEVICE_DAYS without a sign-in on this phone.
 */
export const LOGIN_DEVICE_STORAGE_KEY = 'fzt.loginDevice'

const deviceStoreSchema = z.object({
  v: z.literal(1),
  staff: z.optional(z.string().check(z.minLength(1))),
  admin: z.optional(z.string().check(z.minLength(1))),
})
type DeviceStore = z.infer<typeof deviceStoreSchema>

function readDevices(): DeviceStore {
  const parsed = deviceStoreSchema.safeParse(readKey(LOGIN_DEVICE_STORAGE_KEY))
  return parsed.success ? parsed.data : { v: 1 }
}

/** This phone's device credential for sign-ins of `role` (staff or admin), if it has one. */
export function deviceCredential(role: Role): string | undefined {
  return role === 'volunteer' ? undefined : readDevices()[role]
}

function keepDeviceCredential(role: Role, credential: string): void {
  if (role === 'volunteer') return
  try {
    Taro.setStorageSync(LOGIN_DEVICE_STORAGE_KEY, { ...readDevices(), [role]: credential })
  } catch {
    // storage refused: the next sign-in is an ordinary one
  }
}

// ---------------------------------------------------------------- the store

/**
 * The signed-in user of `role` on this device (without a role: the latest sign-in), or `null`
 * (none, expired or damaged). Expired sign-ins are forgotten here.
 */
export function currentSession(params: { role?: Role; now?: Date } = {}): Session | null {
  const now = (params.now ?? new Date()).getTime()
  const sessions = readSessions()
  const live = sessions.filter((session) => new Date(session.expiresAt).getTime() > now)
  if (live.length !== sessions.length) {
    writeSessions(live)
    notify()
  }
  for (let at = live.length - 1; at >= 0; at -= 1) if (params.role === undefined || live[at].role === params.role) return live[at]
  return null
}

/** Keeps a sign-in (it replaces the one of the same role). Storage refused: it lasts as long as the caller holds it. */
export function saveSession(session: Session): Session {
  writeSessions([...readSessions().filter((stored) => stored.role !== session.role), session])
  notify()
  return session
}

/** Forgets sign-ins on this device only: all of them, those of `role`, or the one holding `token`. */
export function clearSession(params: { role?: Role; token?: string } = {}): void {
  const sessions = readSessions()
  const kept = sessions.filter(
    (session) => (params.role !== undefined && session.role !== params.role) || (params.token !== undefined && session.token !== params.token),
  )
  if (kept.length !== sessions.length) writeSessions(kept)
  notify()
}

function endOnServer(token: string): Promise<void> {
  return call(logoutEndpoint, { headers: { Authorization: `Bearer ${token}` } }).then(
    () => undefined,
    () => undefined,
  )
}

/** 退出登录 (of `role`, or every sign-in): the device forgets at once, even when the network fails; `POST /api/auth/logout` follows. */
export async function signOut(params: { role?: Role } = {}): Promise<void> {
  const ending = readSessions().filter((session) => params.role === undefined || session.role === params.role)
  clearSession({ role: params.role })
  await Promise.all(ending.map((session) => endOnServer(session.token)))
}

// ---------------------------------------------------------------- signing in

/** Staff and administrators: username + password; volunteers: phone + invite code (H5) or 微信一键登录 (`wx.login`, invite code the first time). */
export type Credentials =
  { username: string; password: string; newPassword?: string } | { phone: string; inviteCode: string } | { wechat: true; inviteCode?: string }

// no page signs administrators in yet: theirs gets a code (services/http FailureCode) with the first one that does
const NOT_THIS_ROLE: Readonly<Record<Role, { code?: FailureCode; message: string }>> = {
  staff: { code: 'NOT_STAFF', message: '这个账号不是服务站工作人员账号。' },
  volunteer: { code: 'NOT_VOLUNTEER', message: '这个账号不是法律明白人账号，请用县司法局发的邀请码登录。' },
  admin: { message: '这个账号不是县司法局管理员账号。' },
}

async function loginBody(credentials: Credentials, role: Role): Promise<LoginRequest> {
  if ('username' in credentials) {
    const device = deviceCredential(role)
    return {
      username: credentials.username.trim(),
      password: credentials.password,
      ...(credentials.newPassword !== undefined ? { newPassword: credentials.newPassword } : {}),
      ...(device !== undefined ? { deviceCredential: device } : {}),
    }
  }
  const inviteCode = credentials.inviteCode?.trim().toUpperCase() ?? ''
  if ('phone' in credentials) return { phone: credentials.phone.trim(), inviteCode }
  let wechatCode: string
  try {
    wechatCode = (await Taro.login()).code
  } catch {
    throw new RequestError({ failure: 'offline', message: '微信登录没有成功，请检查网络后再试。' })
  }
  return { wechatCode, ...(inviteCode ? { inviteCode } : {}) }
}

/**
 * `POST /api/auth/login` for a page that needs `role`: the sign-in is kept and returned. An account
 * of another role is signed out again at once and refused with 403 (`NOT_STAFF`, …). Throws
 * `RequestError` as the server answers (401 wrong password or code, 403 PASSWORD_CHANGE_REQUIRED
 * until a printed password comes with `newPassword`, …).
 */
export async function login(params: { credentials: Credentials; role: Role }): Promise<Session> {
  const data = await loginBody(params.credentials, params.role)
  const { deviceCredential: credential, ...answer } = await call(loginEndpoint, { body: data })
  // the phone did sign this account in: its credential is kept for the account's role, also when this page refuses the role
  if (credential !== undefined) keepDeviceCredential(answer.role, credential)
  if (answer.role !== params.role || (params.role === 'staff' && !answer.stationId)) {
    await endOnServer(answer.token)
    throw new RequestError({ failure: 'http', status: 403, ...NOT_THIS_ROLE[params.role] })
  }
  return saveSession(answer)
}

/** A bearer call as the signed-in user of `role` (or `session`): a 401 means that sign-in ended, so it is forgotten. */
export async function sessionCall<E extends Endpoint>(endpoint: E, input: CallInput<E> & { role: Role; session?: Session }): Promise<SuccessBody<E>> {
  const session = input.session ?? currentSession({ role: input.role })
  if (!session) throw new RequestError({ failure: 'http', status: 401, code: 'UNAUTHORIZED', message: '请先登录' })
  try {
    return await call(endpoint, { ...input, headers: { ...input.headers, Authorization: `Bearer ${session.token}` } })
  } catch (failure) {
    if (failure instanceof RequestError && failure.status === 401) clearSession({ token: session.token })
    throw failure
  }
}
