import type http from 'node:http'
import Taro from '@tarojs/taro'
import { ownerOf } from '../../../client/services/mediations'
import {
  LEGACY_SESSION_STORAGE_KEYS,
  LOGIN_DEVICE_STORAGE_KEY,
  SESSION_STORAGE_KEY,
  clearSession,
  currentSession,
  deviceCredential,
  login,
  onSessionChange,
  saveSession,
  sessionCall,
  signOut,
  type Session,
} from '../../../client/services/session'
import { listMediations } from '../../../contracts/endpoints/mediations'
import { freePort } from '../../support/bff-process'
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream'
import { failureOf } from '../support/failure-of'

const NOW = new Date('2026-11-26T08:00:00+08:00')
const LATER = '2026-12-26T08:00:00.000+08:00'

function session(overrides: Partial<Session> = {}): Session {
  return {
    token: 'token-volunteer-a',
    userId: 'user-a',
    role: 'volunteer',
    expiresAt: LATER,
    stationId: null,
    displayName: '田大姐',
    town: '隘口镇',
    village: '示例村',
    ...overrides,
  }
}
const staff = (overrides: Partial<Session> = {}) =>
  session({
    token: 'token-staff',
    userId: 'user-staff',
    role: 'staff',
    stationId: '500241103-ws',
    displayName: '工作人员',
    town: null,
    village: null,
    ...overrides,
  })

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' })
  res.end(JSON.stringify(body))
}

describe('one session store for staff, volunteers and administrators (client/services/session)', () => {
  it('keeps one sign-in per role under one key; without a role the latest one; expired ones are forgotten', () => {
    const changes = jest.fn()
    const unsubscribe = onSessionChange(changes)
    saveSession(staff())
    saveSession(session())
    expect(currentSession({ role: 'staff', now: NOW })?.token).toBe('token-staff')
    expect(currentSession({ role: 'volunteer', now: NOW })?.token).toBe('token-volunteer-a')
    expect(currentSession({ now: NOW })?.role).toBe('volunteer')
    expect(currentSession({ role: 'admin', now: NOW })).toBeNull()
    expect(Taro.getStorageSync(SESSION_STORAGE_KEY)).toEqual({ v: 1, sessions: [staff(), session()] })

    // another volunteer signing in replaces the volunteer's sign-in, not the staff member's
    saveSession(session({ token: 'token-volunteer-b', userId: 'user-b' }))
    expect(currentSession({ role: 'volunteer', now: NOW })?.userId).toBe('user-b')
    expect(currentSession({ role: 'staff', now: NOW })?.token).toBe('token-staff')

    saveSession(staff({ expiresAt: '2026-11-26T07:00:00+08:00' }))
    expect(currentSession({ role: 'staff', now: NOW })).toBeNull()
    expect((Taro.getStorageSync(SESSION_STORAGE_KEY) as { sessions: Session[] }).sessions.map((stored) => stored.role)).toEqual(['volunteer'])
    expect(changes).toHaveBeenCalledTimes(5)
    unsubscribe()
  })

  it('forgets by role or by token; with neither, everything (and the key goes away)', () => {
    saveSession(staff())
    saveSession(session())
    clearSession({ token: 'someone-else' })
    expect(currentSession({ role: 'staff', now: NOW })).not.toBeNull()
    clearSession({ token: 'token-staff' })
    expect(currentSession({ role: 'staff', now: NOW })).toBeNull()
    expect(currentSession({ role: 'volunteer', now: NOW })).not.toBeNull()
    saveSession(staff())
    clearSession({ role: 'volunteer' })
    expect(currentSession({ now: NOW })?.role).toBe('staff')
    clearSession()
    expect(currentSession({ now: NOW })).toBeNull()
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull()
  })

  it('ignores a damaged store and damaged sign-ins in it', () => {
    Taro.setStorageSync(SESSION_STORAGE_KEY, 'not a store')
    expect(currentSession({ now: NOW })).toBeNull()
    Taro.setStorageSync(SESSION_STORAGE_KEY, { v: 1, sessions: [{ token: '', role: 'staff' }, session()] })
    expect(currentSession({ now: NOW })?.userId).toBe('user-a')
  })

  describe('sign-ins kept under the old keys', () => {
    it('are moved once: an old volunteer sign-in (no user id) stays signed in and keeps the name|town|village outbox owner', () => {
      const { userId: _none, ...old } = session()
      Taro.setStorageSync(LEGACY_SESSION_STORAGE_KEYS.volunteer, old)
      Taro.setStorageSync(LEGACY_SESSION_STORAGE_KEYS.staff, {
        token: 'token-staff',
        role: 'staff',
        expiresAt: LATER,
        stationId: '500241103-ws',
        displayName: '工作人员',
      })

      const volunteer = currentSession({ role: 'volunteer', now: NOW })
      expect(volunteer).toEqual(session({ userId: null }))
      expect(volunteer && ownerOf(volunteer)).toBe('田大姐|隘口镇|示例村')
      expect(currentSession({ role: 'staff', now: NOW })).toEqual(staff({ userId: null }))
      expect(localStorage.getItem(LEGACY_SESSION_STORAGE_KEYS.volunteer)).toBeNull()
      expect(localStorage.getItem(LEGACY_SESSION_STORAGE_KEYS.staff)).toBeNull()
      expect((Taro.getStorageSync(SESSION_STORAGE_KEY) as { sessions: Session[] }).sessions).toHaveLength(2)

      // a sign-in that brings the id replaces it
      saveSession(session())
      expect(ownerOf(currentSession({ role: 'volunteer', now: NOW }) as Session)).toBe('user-a')
    })

    it('keeps a user id an old key already held, and drops expired, damaged or misplaced ones', () => {
      Taro.setStorageSync(LEGACY_SESSION_STORAGE_KEYS.volunteer, session())
      Taro.setStorageSync(LEGACY_SESSION_STORAGE_KEYS.staff, {
        token: 'token-staff',
        role: 'staff',
        expiresAt: '2020-01-01T00:00:00.000Z',
        stationId: '500241103-ws',
        displayName: '工作人员',
      })
      expect(currentSession({ now: NOW })).toEqual(session())
      expect(currentSession({ role: 'staff', now: NOW })).toBeNull()

      clearSession()
      // a volunteer's answer under the staff key, and junk under the volunteer key
      Taro.setStorageSync(LEGACY_SESSION_STORAGE_KEYS.staff, session())
      Taro.setStorageSync(LEGACY_SESSION_STORAGE_KEYS.volunteer, 'junk')
      expect(currentSession({ now: NOW })).toBeNull()
      expect(localStorage.getItem(LEGACY_SESSION_STORAGE_KEYS.staff)).toBeNull()
      expect(localStorage.getItem(LEGACY_SESSION_STORAGE_KEYS.volunteer)).toBeNull()
    })

    it('are not read again once the store exists', () => {
      saveSession(staff())
      Taro.setStorageSync(LEGACY_SESSION_STORAGE_KEYS.volunteer, session())
      expect(currentSession({ role: 'volunteer', now: NOW })).toBeNull()
    })
  })

  describe('talking to the server', () => {
    let server: FakeUpstream
    const bodies: unknown[] = []
    const originalBase = process.env.TARO_APP_API_BASE_URL

    beforeAll(async () => {
      server = await startFakeUpstream()
      server.respond((req, res) => {
        let raw = ''
        req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
        req.on('end', () => {
          bodies.push(raw ? JSON.parse(raw) : null)
          if (req.url === '/api/auth/login') {
            const { username, deviceCredential } = JSON.parse(raw) as { username?: string; deviceCredential?: string }
            // station.device: the server gives the phone a new device credential at each sign-in
            const device = username === 'station.device' ? { deviceCredential: `device-credential-${deviceCredential ? 'second' : 'first'}-0123456789` } : {}
            return json(res, 200, {
              ...(username === 'county.admin' ? staff({ role: 'admin', stationId: null, token: 'token-admin' }) : staff()),
              expiresAt: LATER,
              ...device,
            })
          }
          if (req.url === '/api/auth/logout') return json(res, 204, {})
          if (req.headers.authorization === 'Bearer token-staff')
            return json(res, 401, { error: { code: 'UNAUTHORIZED', message: '登录已过期或已退出，请重新登录' } })
          return json(res, 200, { records: [] })
        })
      })
    })
    beforeEach(() => {
      process.env.TARO_APP_API_BASE_URL = server.baseUrl
      server.requests.length = 0
      bodies.length = 0
    })
    afterAll(async () => {
      process.env.TARO_APP_API_BASE_URL = originalBase
      await server.close()
    })

    it('login keeps the answer for the role asked for; another role is signed out again and refused', async () => {
      const signedIn = await login({ credentials: { username: ' station.one ', password: 'pw' }, role: 'staff' })
      expect(signedIn).toMatchObject({ userId: 'user-staff', role: 'staff' })
      expect(bodies[0]).toEqual({ username: 'station.one', password: 'pw' })
      expect(currentSession({ role: 'staff' })?.token).toBe('token-staff')

      const refused = await failureOf(login({ credentials: { username: 'county.admin', password: 'pw' }, role: 'staff' }))
      expect(refused).toMatchObject({ status: 403, code: 'NOT_STAFF' })
      expect(server.requests.at(-1)).toMatchObject({ url: '/api/auth/logout', headers: expect.objectContaining({ authorization: 'Bearer token-admin' }) })
      expect(currentSession({ role: 'admin' })).toBeNull()
      expect(currentSession({ role: 'staff' })?.token).toBe('token-staff')
    })

    it('keeps the device credential a staff sign-in brings apart from the sign-in, sends it at the next one, and keeps it on 退出登录', async () => {
      Taro.removeStorageSync(LOGIN_DEVICE_STORAGE_KEY)
      const first = await login({ credentials: { username: 'station.device', password: 'pw' }, role: 'staff' })
      expect(bodies[0]).toEqual({ username: 'station.device', password: 'pw' })
      // not in the sign-in (nor in what the pages get): under its own key in the same storage, for the role
      expect(first).not.toHaveProperty('deviceCredential')
      expect(JSON.stringify(Taro.getStorageSync(SESSION_STORAGE_KEY))).not.toContain('device-credential')
      expect(Taro.getStorageSync(LOGIN_DEVICE_STORAGE_KEY)).toEqual({ v: 1, staff: 'device-credential-first-0123456789' })
      expect(deviceCredential('staff')).toBe('device-credential-first-0123456789')
      expect(deviceCredential('admin')).toBeUndefined()

      await signOut({ role: 'staff' })
      expect(currentSession({ role: 'staff' })).toBeNull()
      expect(deviceCredential('staff')).toBe('device-credential-first-0123456789')

      await login({ credentials: { username: 'station.device', password: 'pw' }, role: 'staff' })
      expect(bodies.at(-1)).toEqual({ username: 'station.device', password: 'pw', deviceCredential: 'device-credential-first-0123456789' })
      // the server's new one replaces it
      expect(deviceCredential('staff')).toBe('device-credential-second-0123456789')
      // an administrator sign-in on this phone sends none: the staff credential is another account's
      await login({ credentials: { username: 'county.admin', password: 'pw' }, role: 'admin' })
      expect(bodies.at(-1)).toEqual({ username: 'county.admin', password: 'pw' })
      Taro.removeStorageSync(LOGIN_DEVICE_STORAGE_KEY)
    })

    it('a 401 forgets the sign-in that got it, and only that one', async () => {
      saveSession(staff())
      saveSession(session())
      expect(await sessionCall(listMediations, { role: 'volunteer' })).toEqual({ records: [] })
      const ended = await failureOf(sessionCall(listMediations, { role: 'staff' }))
      expect(ended.status).toBe(401)
      expect(currentSession({ role: 'staff' })).toBeNull()
      expect(currentSession({ role: 'volunteer' })?.token).toBe('token-volunteer-a')
      // without a sign-in nothing is sent
      expect(await failureOf(sessionCall(listMediations, { role: 'staff' }))).toMatchObject({ status: 401, code: 'UNAUTHORIZED' })
      expect(server.requests).toHaveLength(2)
    })

    it('signOut forgets at once, even without network, and tells the server when it can', async () => {
      saveSession(staff())
      saveSession(session())
      await signOut({ role: 'staff' })
      expect(server.requests.map((seen) => [seen.url, seen.headers.authorization])).toEqual([['/api/auth/logout', 'Bearer token-staff']])
      expect(currentSession({ role: 'volunteer' })).not.toBeNull()

      process.env.TARO_APP_API_BASE_URL = `http://127.0.0.1:${await freePort()}`
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
      await signOut()
      warn.mockRestore()
      expect(currentSession()).toBeNull()
    })
  })
})
