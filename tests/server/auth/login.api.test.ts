import type { Express } from 'express'
import request from 'supertest'
import type { Response } from 'supertest'
import { loginResponseSchema } from '../../../contracts/auth'
import { AuthService } from '../../../server/auth/auth.service'
import { HashingQueue } from '../../../server/auth/hashing-queue'
import { UserRepository } from '../../../server/auth/user.repository'
import type { Storage } from '../../../server/storage/database'
import { WechatClient } from '../../../server/wechat/wechat-client'
import { startFakeWechat } from '../../support/fake-wechat'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'
import { deferred, until } from '../../support/turns'

const login = (app: Express, from: string, body: object) => request(app).post('/api/auth/login').set('X-Forwarded-For', from).send(body)

const daysAfter = (days: number) => () => new Date(fixedNow().getTime() + days * 24 * 3_600_000)

describeEachStorage('sign-in under load and with expiring invites', (storage: () => Storage) => {
  let counter = 0
  const staff = async () => {
    counter += 1
    const username = `load.staff${counter}`
    const auth = new AuthService({ users: new UserRepository(storage().db), now: fixedNow })
    const { password: printed } = await auth.addStaff({ stationId: '500241103-ws', username })
    // the printed one-time password is replaced at the first sign-in
    await auth.loginStaff({ username, password: printed, newPassword: 'own-password-2026' })
    return { username, password: 'own-password-2026' }
  }

  it('sheds a flood beyond the hashing queue with 503 + Retry-After while an admitted staff sign-in still succeeds', async () => {
    const queue = new HashingQueue({ concurrency: 1, maxQueued: 2, maxPerClient: 4, retryAfterSeconds: 2 })
    const app = await buildTestApp(storage(), { loginHashing: queue, trustProxy: ['loopback'] })
    const { username, password } = await staff()
    // one hash in progress that the test controls, so who is admitted does not depend on speed
    const hashing = deferred()
    const held = queue.run('203.0.113.250', () => hashing.promise)

    const real = login(app, '198.51.100.7', { username, password }).then((response) => response)
    await until(() => queue.queued === 1)
    const answered: Response[] = []
    const flood = Array.from({ length: 20 }, (_, index) =>
      login(app, `203.0.113.${index + 1}`, { username: `nobody${index}`, password: 'guess' }).then((response) => {
        answered.push(response)
        return response
      }),
    )
    // the staff sign-in waits in the account lane; made-up usernames share the open lane's two places,
    // so 18 are turned away before any hash of theirs runs
    await until(() => answered.length === 18)
    expect([queue.queuedIn('account'), queue.queuedIn('open')]).toEqual([1, 2])
    for (const response of answered) {
      expect(response.status).toBe(503)
      expect(response.headers['retry-after']).toBe('2')
      expect(response.body.error).toEqual({ code: 'LOGIN_BUSY', message: '现在登录的人太多，请 2 秒后再试' })
    }

    hashing.finish()
    await held
    const signedIn = await real
    expect(signedIn.status).toBe(200)
    expect(loginResponseSchema.parse(signedIn.body)).toMatchObject({ role: 'staff', stationId: '500241103-ws' })
    const statuses = (await Promise.all(flood)).map((response) => response.status).sort()
    expect(statuses.filter((status) => status === 401)).toHaveLength(2)
    expect(statuses.filter((status) => status === 503)).toHaveLength(18)
  })

  it('lets one flooding address hold only its share of the queue, so another address still gets in', async () => {
    const queue = new HashingQueue({ concurrency: 1, maxQueued: 8, maxPerClient: 2, retryAfterSeconds: 2 })
    const app = await buildTestApp(storage(), { loginHashing: queue, trustProxy: ['loopback'] })
    const { username, password } = await staff()
    const hashing = deferred()
    const held = queue.run('test', () => hashing.promise)

    const answered: Response[] = []
    const flood = Array.from({ length: 30 }, (_, index) =>
      login(app, '203.0.113.66', { username, password: `wrong-${index}` }).then((response) => {
        answered.push(response)
        return response
      }),
    )
    // the account's share of the account lane (2), then the address's share of the open lane (2)
    await until(() => answered.length === 26)
    expect(answered.every((response) => response.status === 503)).toBe(true)
    expect([queue.queuedIn('account'), queue.queuedIn('open')]).toEqual([2, 2])
    // the owner, from another address, waits in the open lane
    const real = login(app, '198.51.100.8', { username, password }).then((response) => response)
    await until(() => queue.queued === 5)

    hashing.finish()
    await held
    expect((await real).status).toBe(200)
    expect((await Promise.all(flood)).filter((response) => response.status === 401)).toHaveLength(4)
  })

  it('keeps the per-IP login limit: the 21st sign-in from one address in ten minutes is 429', async () => {
    const queue = new HashingQueue()
    const app = await buildTestApp(storage(), {
      loginHashing: queue,
      rateLimits: { bookingsPerIp: 30, bookingsPerPhone: 10, lookupsPerIp: 60, lookupsPerCode: 20 },
      now: daysAfter(1),
    })
    const statuses: number[] = []
    for (let i = 0; i < 21; i += 1)
      statuses.push(
        (
          await request(app)
            .post('/api/auth/login')
            .send({ username: 'nobody', password: `guess-${i}` })
        ).status,
      )
    expect(statuses).toEqual([...Array<number>(20).fill(401), 429])
  })

  it('answers an expired invite code with a clear Chinese 401, and a wrong one as before', async () => {
    const auth = new AuthService({ users: new UserRepository(storage().db), now: fixedNow, inviteTtlDays: 14 })
    const { inviteCode, inviteExpiresAt } = await auth.addVolunteer({
      name: '过期',
      phone: '13655550001',
      county: '秀山土家族苗族自治县',
      town: '隘口镇',
      village: '示例村',
    })
    expect(inviteExpiresAt).toBe(new Date(fixedNow().getTime() + 14 * 24 * 3_600_000).toISOString())

    const lastDay = await buildTestApp(storage(), { now: daysAfter(13.9) })
    const late = await buildTestApp(storage(), { now: daysAfter(14) })
    const expired = await request(late).post('/api/auth/login').send({ phone: '13655550001', inviteCode })
    expect(expired.status).toBe(401)
    expect(expired.body.error).toEqual({ code: 'INVITE_EXPIRED', message: '邀请码已过期（邀请码 14 天内有效）。请找县司法局重新发邀请码' })
    const wrong = await request(late).post('/api/auth/login').send({ phone: '13655550001', inviteCode: 'ZZZZZZZZ' })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('UNAUTHORIZED')

    // expiry did not use the code up: a day earlier it still signs in, once
    expect((await request(lastDay).post('/api/auth/login').send({ phone: '13655550001', inviteCode })).status).toBe(200)
    expect((await request(lastDay).post('/api/auth/login').send({ phone: '13655550001', inviteCode })).body.error.code).toBe('UNAUTHORIZED')
  })

  it('answers an expired invite in the mini program (first sign-in with a wx.login code) the same way', async () => {
    const auth = new AuthService({ users: new UserRepository(storage().db), now: fixedNow, inviteTtlDays: 3 })
    const { inviteCode } = await auth.addVolunteer({
      name: '微信过期',
      phone: '13655550002',
      county: '秀山土家族苗族自治县',
      town: '隘口镇',
      village: '示例村',
    })
    const wechat = await startFakeWechat({ appId: 'wx-a', secret: 's', codes: { 'code-x': 'openid-expired-invite' } })
    try {
      const client = new WechatClient({ apiBase: wechat.baseUrl, appId: 'wx-a', secret: 's', timeoutMs: 1000, now: fixedNow })
      const late = await buildTestApp(storage(), { now: daysAfter(3), inviteTtlDays: 3, wechat: client })
      const expired = await request(late).post('/api/auth/login').send({ wechatCode: 'code-x', inviteCode })
      expect(expired.status).toBe(401)
      expect(expired.body.error).toEqual({ code: 'INVITE_EXPIRED', message: '邀请码已过期（邀请码 3 天内有效）。请找县司法局重新发邀请码' })
    } finally {
      await wechat.close()
    }
  })

  it('treats an invite issued before invites expired (no expiry stored) as expired', async () => {
    const auth = new AuthService({ users: new UserRepository(storage().db), now: fixedNow })
    const { user, inviteCode } = await auth.addVolunteer({
      name: '旧邀请',
      phone: '13655550003',
      county: '秀山土家族苗族自治县',
      town: '隘口镇',
      village: '示例村',
    })
    await storage().db.updateTable('users').set({ invite_expires_at: null }).where('id', '=', user.id).execute()
    const response = await request(await buildTestApp(storage()))
      .post('/api/auth/login')
      .send({ phone: '13655550003', inviteCode })
    expect(response.status).toBe(401)
    expect(response.body.error.code).toBe('INVITE_EXPIRED')
  })
})
