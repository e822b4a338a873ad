import type { Express } from 'express'
import request from 'supertest'
import type { Response } from 'supertest'
import { loginResponseSchema } from '../../../contracts/auth'
import { LOGIN_DEVICE_DAYS } from '../../../contracts/retention'
import { AuthService, MAX_LIVE_DEVICES } from '../../../server/auth/auth.service'
import { HashingQueue } from '../../../server/auth/hashing-queue'
import { sha256 } from '../../../server/auth/secrets'
import { UserRepository } from '../../../server/auth/user.repository'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'
import { deferred, until } from '../../support/turns'

const login = (app: Express, from: string, body: object) => request(app).post('/api/auth/login').set('X-Forwarded-For', from).send(body)
const DAY = 24 * 3_600_000
const daysAfter = (days: number) => () => new Date(fixedNow().getTime() + days * DAY)

describeEachStorage('the device credential of a staff phone', (storage: () => Storage) => {
  let counter = 0
  const auth = (now = fixedNow) => new AuthService({ users: new UserRepository(storage().db), now })
  /** a staff member who has replaced the printed password, and the device credential that sign-in gave */
  const staff = async () => {
    counter += 1
    const username = `device.staff${counter}`
    const { password: printed, user } = await auth().addStaff({ stationId: '500241103-ws', username })
    const first = await auth().loginStaff({ username, password: printed, newPassword: 'own-password-2026' })
    return { username, password: 'own-password-2026', userId: user.id, credential: first.deviceCredential as string }
  }
  const devices = (userId: string) => storage().db.selectFrom('login_devices').selectAll().where('user_id', '=', userId).orderBy('created_at').execute()
  const known = async (params: { username: string; credential: string }, now = fixedNow) =>
    (await auth(now).planStaffLogin({ username: params.username, deviceCredential: params.credential })).knownDeviceHash !== null

  it('a staff sign-in answers a new device credential; only its sha256 is stored, for LOGIN_DEVICE_DAYS, and the next sign-in replaces it', async () => {
    const app = await buildTestApp(storage())
    const member = await staff()
    const answer = await login(app, '198.51.100.1', { username: member.username, password: member.password, deviceCredential: member.credential })
    expect(answer.status).toBe(200)
    const signedIn = loginResponseSchema.parse(answer.body)
    expect(signedIn.deviceCredential).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(signedIn.deviceCredential).not.toBe(member.credential)

    const rows = await devices(member.userId)
    expect(rows.map((row) => row.credential_hash).sort()).toEqual([sha256(member.credential), sha256(signedIn.deviceCredential as string)].sort())
    expect(JSON.stringify(rows)).not.toContain(member.credential)
    const live = rows.find((row) => row.credential_hash === sha256(signedIn.deviceCredential as string))
    expect(live).toMatchObject({ revoked_at: null, expires_at: new Date(fixedNow().getTime() + LOGIN_DEVICE_DAYS * DAY).toISOString() })
    // the one it replaced no longer counts; the new one does, until it expires
    expect(await known({ username: member.username, credential: member.credential })).toBe(false)
    expect(await known({ username: member.username, credential: signedIn.deviceCredential as string })).toBe(true)
    expect(await known({ username: member.username, credential: signedIn.deviceCredential as string }, daysAfter(LOGIN_DEVICE_DAYS))).toBe(false)
  })

  it('counts only for the account it was given to, and only while the account keeps its password and is enabled', async () => {
    const member = await staff()
    const other = await staff()
    expect(await known({ username: member.username, credential: member.credential })).toBe(true)
    expect(await known({ username: other.username, credential: member.credential })).toBe(false)
    expect(await known({ username: 'nobody-at-all', credential: member.credential })).toBe(false)
    expect(await known({ username: member.username, credential: 'made-up-credential-made-up-credential-000' })).toBe(false)

    // the user changing their own password ends every credential; the phone that did it gets a new one
    const changed = await auth().loginStaff({
      username: other.username,
      password: other.password,
      newPassword: 'another-password-2026',
      deviceCredential: other.credential,
    })
    expect(await known({ username: other.username, credential: other.credential })).toBe(false)
    expect(await known({ username: other.username, credential: changed.deviceCredential as string })).toBe(true)
    // an administrator's reset-password and disable end them too
    await auth().resetPassword({ username: other.username })
    expect(await known({ username: other.username, credential: changed.deviceCredential as string })).toBe(false)
    await auth().disableAccount({ username: member.username })
    expect(await known({ username: member.username, credential: member.credential })).toBe(false)
  })

  it(`keeps at most ${MAX_LIVE_DEVICES} phones of one account live: a sign-in on one more ends the oldest`, async () => {
    const member = await staff()
    const credentials = [member.credential]
    for (let phone = 1; phone <= MAX_LIVE_DEVICES; phone += 1) {
      const later = () => new Date(fixedNow().getTime() + phone * 60_000)
      credentials.push((await auth(later).loginStaff({ username: member.username, password: member.password })).deviceCredential as string)
    }
    const liveness = await Promise.all(credentials.map((credential) => known({ username: member.username, credential })))
    expect(liveness).toEqual([false, ...Array<boolean>(MAX_LIVE_DEVICES).fill(true)])
  })

  it('a wrong password gives no credential and leaves the one sent as it was; a volunteer sign-in gives none', async () => {
    const app = await buildTestApp(storage())
    const member = await staff()
    const wrong = await login(app, '198.51.100.2', { username: member.username, password: 'wrong-password', deviceCredential: member.credential })
    expect(wrong.status).toBe(401)
    expect(wrong.body).not.toHaveProperty('deviceCredential')
    expect(await known({ username: member.username, credential: member.credential })).toBe(true)

    const { inviteCode } = await auth().addVolunteer({ name: '设备', phone: '13655550101', county: '秀山土家族苗族自治县', town: '隘口镇', village: '示例村' })
    const volunteer = await login(app, '198.51.100.2', { phone: '13655550101', inviteCode })
    expect(volunteer.status).toBe(200)
    expect(volunteer.body).not.toHaveProperty('deviceCredential')
  })

  it('a sign-in that waited for its hash while the password was reset is refused (the account is read again in its turn)', async () => {
    const queue = new HashingQueue({ concurrency: 1 })
    const app = await buildTestApp(storage(), { loginHashing: queue })
    const member = await staff()
    const hashing = deferred()
    const held = queue.run('203.0.113.250', () => hashing.promise)
    const waiting = login(app, '198.51.100.3', { username: member.username, password: member.password, deviceCredential: member.credential }).then(
      (response) => response,
    )
    await until(() => queue.queuedIn('device') === 1)
    await auth().resetPassword({ username: member.username })
    hashing.finish()
    await held
    expect((await waiting).status).toBe(401)
  })

  it('when a stranger floods one real username from many addresses, its owner on a known phone still signs in (and without one is turned away like the flood)', async () => {
    const queue = new HashingQueue({ concurrency: 1, maxQueued: 2, maxPerClient: 4, maxPerAccount: 2, retryAfterSeconds: 2 })
    const app = await buildTestApp(storage(), { loginHashing: queue, trustProxy: ['loopback'] })
    const member = await staff()
    const colleague = await staff()
    // one hash in progress that the test controls, so who is admitted does not depend on speed
    const hashing = deferred()
    const held = queue.run('203.0.113.250', () => hashing.promise)

    const answered: Response[] = []
    const flood = Array.from({ length: 40 }, (_, index) =>
      login(app, `198.18.3.${index + 1}`, { username: member.username, password: `guess-${index}` }).then((response) => {
        answered.push(response)
        return response
      }),
    )
    // the account's share of the account lane (2) and the open lane (2) are taken: 36 turned away
    await until(() => answered.length === 36)
    expect(answered.every((response) => response.status === 503 && response.body.error.code === 'LOGIN_BUSY')).toBe(true)
    expect([queue.queuedIn('account'), queue.queuedIn('open')]).toEqual([2, 2])

    // the owner on a new phone competes with the flood and is turned away (Retry-After)…
    const newPhone = await login(app, '203.0.113.20', { username: member.username, password: member.password })
    expect(newPhone.status).toBe(503)
    // …on the phone that signed in before, the owner has a lane of their own; a colleague's account has its own share
    const knownPhone = login(app, '203.0.113.21', { username: member.username, password: member.password, deviceCredential: member.credential }).then(
      (response) => response,
    )
    const colleagueSignIn = login(app, '203.0.113.22', { username: colleague.username, password: colleague.password }).then((response) => response)
    await until(() => queue.queuedIn('device') === 1 && queue.queuedIn('account') === 3)

    hashing.finish()
    await held
    const owner = await knownPhone
    expect(owner.status).toBe(200)
    expect(owner.body.deviceCredential).toEqual(expect.any(String))
    expect((await colleagueSignIn).status).toBe(200)
    expect((await Promise.all(flood)).filter((response) => response.status === 401)).toHaveLength(4)
  })
})
