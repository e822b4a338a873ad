import pino from 'pino'
import request from 'supertest'
import { slotsResponseSchema } from '../../../contracts'
import { ReminderSender } from '../../../server/bookings/reminder-sender'
import { TencentSms } from '../../../server/sms/tencent-sms'
import { WechatClient } from '../../../server/wechat/wechat-client'
import { startFakeTencentSms, type FakeTencentSms } from '../../support/fake-tencent-sms'
import { startFakeWechat, type FakeWechat } from '../../support/fake-wechat'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

const SECRET_ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA'
const SECRET_KEY = 'Gu5t9xGARNpq86cd98joQYCN3Cozk1qA'
const SDK_APP_ID = '1400787878'
const TEMPLATES = { code: '1900001', booking_created: '1900002', booking_reminder: '1900003', booking_cancelled: '1900004' }
const STATION = '500241103-ws'
const SLOT = '2026-11-27T09:00:00+08:00'
const STRANGER = '10.9.9.9'

describeEachStorage('SMS codes (POST /api/phone-codes, bookings and 查预约 with SMS on; fake 腾讯云短信 on 127.0.0.1)', (storage) => {
  let fake: FakeTencentSms
  let clock: Date
  let phoneCounter = 0
  let testCounter = 0
  // each test's owner has an address of its own: the day caps of one test are not another's
  let OWNER = '10.0.0.1'
  const now = () => clock
  const nextPhone = () => `1370013${String(1000 + (phoneCounter += 1)).padStart(4, '0')}`

  beforeEach(async () => {
    fake = await startFakeTencentSms({ secretId: SECRET_ID, secretKey: SECRET_KEY, sdkAppId: SDK_APP_ID })
    // 07:30 in Xiushan: still the day before in UTC
    clock = new Date('2026-11-26T07:30:00+08:00')
    testCounter += 1
    OWNER = `10.1.${testCounter}.1`
  })
  afterEach(async () => {
    await fake.close()
  })

  const sms = () =>
    new TencentSms({
      baseUrl: fake.baseUrl,
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      sdkAppId: SDK_APP_ID,
      region: 'ap-guangzhou',
      signName: '秀山司法',
      templates: TEMPLATES,
      timeoutMs: 2000,
      now,
    })
  const app = (overrides: Parameters<typeof buildTestApp>[1] = {}) => buildTestApp(storage(), { sms: sms(), now, trustProxy: true, ...overrides })
  const booking = (phone: string, extra: Record<string, unknown> = {}) => ({
    stationId: STATION,
    slotStart: SLOT,
    matter: 'labor_wages',
    name: '张三',
    phone,
    consent: true,
    ...extra,
  })

  async function askCode(server: Awaited<ReturnType<typeof app>>, phone: string, from = OWNER, purpose = 'booking') {
    return request(server).post('/api/phone-codes').set('X-Forwarded-For', from).send({ phone, purpose })
  }

  it('the slots answer says H5 needs an SMS code; without a provider it says nothing', async () => {
    const withSms = slotsResponseSchema.parse(
      (
        await request(await app())
          .get(`/api/stations/${STATION}/slots`)
          .query({ date: '2026-11-27' })
      ).body,
    )
    expect(withSms.smsCodeRequired).toBe(true)
    const without = slotsResponseSchema.parse(
      (
        await request(await buildTestApp(storage()))
          .get(`/api/stations/${STATION}/slots`)
          .query({ date: '2026-11-27' })
      ).body,
    )
    expect(without.smsCodeRequired).toBeUndefined()
  })

  it('sends a 6-digit code with the code template; stores only hashes (no number, no code)', async () => {
    const phone = nextPhone()
    const response = await askCode(await app(), phone)
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({ expiresInSeconds: 300, resendInSeconds: 60, phone: `${phone.slice(0, 3)}****${phone.slice(-4)}`, sentBy: 'tencent' })
    const code = fake.lastCode(phone)
    expect(code).toMatch(/^\d{6}$/)
    expect(fake.sent.at(-1)).toMatchObject({ templateId: TEMPLATES.code, signName: '秀山司法', phoneNumber: `+86${phone}` })
    const rows = await storage().db.selectFrom('phone_codes').selectAll().execute()
    expect(JSON.stringify(rows)).not.toContain(phone)
    expect(JSON.stringify(rows)).not.toContain(response.body.requestId)
    expect(JSON.stringify(rows)).not.toContain(`"${code}"`)
  })

  it('booking with SMS on: without a code 422 naming phoneCode, a wrong code 422 naming phoneCode.code, the right code 201', async () => {
    const server = await app()
    const phone = nextPhone()
    const missing = await request(server).post('/api/bookings').send(booking(phone))
    expect(missing.status).toBe(422)
    expect(missing.body.error).toMatchObject({ code: 'PHONE_CODE_REQUIRED', fields: [{ path: 'phoneCode' }] })
    const { requestId } = (await askCode(server, phone)).body as { requestId: string }
    const code = fake.lastCode(phone) as string
    const wrongCode = code === '000000' ? '111111' : '000000'
    const wrong = await request(server)
      .post('/api/bookings')
      .send(booking(phone, { phoneCode: { requestId, code: wrongCode } }))
    expect(wrong.status).toBe(422)
    expect(wrong.body.error).toMatchObject({ code: 'PHONE_CODE_INVALID', message: '验证码不对，还可以再试 4 次', fields: [{ path: 'phoneCode.code' }] })
    const right = await request(server)
      .post('/api/bookings')
      .send(booking(phone, { phoneCode: { requestId, code } }))
    expect(right.status).toBe(201)
    // another phone's code does not prove this phone
    const other = nextPhone()
    expect(
      (
        await request(server)
          .post('/api/bookings')
          .send(booking(other, { slotStart: '2026-11-27T09:30:00+08:00', phoneCode: { requestId, code } }))
      ).status,
    ).toBe(422)
  })

  it('a code works 5 minutes (by the injected clock)', async () => {
    const server = await app()
    const phone = nextPhone()
    const { requestId } = (await askCode(server, phone)).body as { requestId: string }
    const code = fake.lastCode(phone) as string
    clock = new Date(clock.getTime() + 5 * 60_000)
    const late = await request(server)
      .post('/api/bookings')
      .send(booking(phone, { phoneCode: { requestId, code } }))
    expect(late.status).toBe(422)
    expect(late.body.error.message).toContain('已过期')
    clock = new Date(clock.getTime() - 1000)
    expect(
      (
        await request(server)
          .post('/api/bookings')
          .send(booking(phone, { phoneCode: { requestId, code } }))
      ).status,
    ).toBe(201)
  })

  it('a retry of a booking made with a code (same Idempotency-Key) gets the same booking back after the code expired', async () => {
    const server = await app()
    const phone = nextPhone()
    const { requestId } = (await askCode(server, phone)).body as { requestId: string }
    // a slot of its own: the other tests fill SLOT
    const body = booking(phone, { slotStart: '2026-11-27T10:30:00+08:00', phoneCode: { requestId, code: fake.lastCode(phone) as string } })
    const first = await request(server).post('/api/bookings').set('Idempotency-Key', 'retry-after-the-code-expired-0001').send(body)
    expect(first.body.error ?? null).toBeNull()
    expect(first.status).toBe(201)
    // the 201 was lost on the way; the phone tries again ten minutes later, code long expired
    clock = new Date(clock.getTime() + 10 * 60_000)
    const retry = await request(server).post('/api/bookings').set('Idempotency-Key', 'retry-after-the-code-expired-0001').send(body)
    expect(retry.status).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.body).toMatchObject({ code: first.body.code, manageToken: first.body.manageToken })
    // another body with that key is not a retry: the expired code is refused as before
    const changed = await request(server)
      .post('/api/bookings')
      .set('Idempotency-Key', 'retry-after-the-code-expired-0001')
      .send({ ...body, name: '李四' })
    expect(changed.status).toBe(422)
    expect(changed.body.error.code).toMatch(/^PHONE_CODE_/)
  })

  it('5 wrong tries use a code up: the right code is then refused too', async () => {
    const server = await app()
    const phone = nextPhone()
    const { requestId } = (await askCode(server, phone)).body as { requestId: string }
    const code = fake.lastCode(phone) as string
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    for (let i = 0; i < 5; i += 1)
      expect(
        (
          await request(server)
            .post('/api/bookings')
            .send(booking(phone, { phoneCode: { requestId, code: wrongCode } }))
        ).status,
      ).toBe(422)
    const after = await request(server)
      .post('/api/bookings')
      .send(booking(phone, { phoneCode: { requestId, code } }))
    expect(after.status).toBe(422)
    expect(after.body.error.message).toContain('已经输错 5 次')
  })

  it('one send per 60 s per phone from an address: 429 with Retry-After, then another after 60 s', async () => {
    const server = await app()
    const phone = nextPhone()
    expect((await askCode(server, phone)).status).toBe(201)
    clock = new Date(clock.getTime() + 30_000)
    const again = await askCode(server, phone)
    expect(again.status).toBe(429)
    expect(again.headers['retry-after']).toBe('30')
    expect(again.body.error.fields[0].path).toBe('phone')
    clock = new Date(clock.getTime() + 30_000)
    expect((await askCode(server, phone)).status).toBe(201)
  })

  it('caps are not a weapon: a stranger filling their own caps for the victim’s phone does not stop the victim getting a code and booking', async () => {
    const server = await app()
    const victim = nextPhone()
    // the stranger asks as often as they may from their address (5 a day), and more
    for (let i = 0; i < 7; i += 1) {
      await askCode(server, victim, STRANGER)
      clock = new Date(clock.getTime() + 61_000)
    }
    expect((await askCode(server, victim, STRANGER)).status).toBe(429)
    const own = await askCode(server, victim, OWNER)
    expect(own.status).toBe(201)
    const code = fake.lastCode(victim) as string
    expect(
      (
        await request(server)
          .post('/api/bookings')
          .set('X-Forwarded-For', OWNER)
          .send(booking(victim, { slotStart: '2026-11-30T09:00:00+08:00', phoneCode: { requestId: own.body.requestId, code } }))
      ).status,
    ).toBe(201)
  })

  it('the per-address day cap stops one address spraying many phones; another address is unaffected', async () => {
    const server = await app({ phoneCodeLimits: { perPhoneAddressPerDay: 5, perAddressPerDay: 3, perPhonePerDay: 30 } })
    for (let i = 0; i < 3; i += 1) expect((await askCode(server, nextPhone(), '10.5.5.5')).status).toBe(201)
    const fourth = await askCode(server, nextPhone(), '10.5.5.5')
    expect(fourth.status).toBe(429)
    // until China midnight: 07:30 → 16.5 h
    expect(fourth.headers['retry-after']).toBe(String(16.5 * 3600))
    expect((await askCode(server, nextPhone(), '10.6.6.6')).status).toBe(201)
  })

  it('concurrent sends cannot pass the caps: one phone from one address at once gets at most one SMS; one address at once at most its day cap', async () => {
    const server = await app({ phoneCodeLimits: { perPhoneAddressPerDay: 5, perAddressPerDay: 4, perPhonePerDay: 30 } })
    const phone = nextPhone()
    const same = await Promise.all(Array.from({ length: 6 }, () => askCode(server, phone, '10.4.4.4')))
    expect(same.filter((response) => response.status === 201).length).toBeLessThanOrEqual(1)
    expect(same.every((response) => response.status === 201 || response.status === 429)).toBe(true)
    const spread = await Promise.all(Array.from({ length: 10 }, () => askCode(server, nextPhone(), '10.4.4.5')))
    expect(spread.filter((response) => response.status === 201).length).toBeLessThanOrEqual(4)
  })

  it('查预约 by phone and code lists that phone’s bookings only', async () => {
    const server = await app()
    const phone = nextPhone()
    const other = nextPhone()
    for (const [who, slot] of [
      [phone, '2026-11-27T10:00:00+08:00'],
      [phone, '2026-11-30T10:00:00+08:00'],
      [other, '2026-11-27T10:30:00+08:00'],
    ] as const) {
      const { requestId } = (await askCode(server, who)).body as { requestId: string }
      clock = new Date(clock.getTime() + 61_000)
      expect(
        (
          await request(server)
            .post('/api/bookings')
            .send(booking(who, { slotStart: slot, phoneCode: { requestId, code: fake.lastCode(who) } }))
        ).status,
      ).toBe(201)
    }
    const { requestId } = (await askCode(server, phone, '10.7.7.7', 'lookup')).body as { requestId: string }
    const wrong = await request(server)
      .post('/api/bookings/by-phone')
      .send({ phone, phoneCode: { requestId, code: fake.lastCode(phone) === '999999' ? '888888' : '999999' } })
    expect(wrong.status).toBe(422)
    expect(wrong.body.error.fields[0].path).toBe('phoneCode.code')
    const found = await request(server)
      .post('/api/bookings/by-phone')
      .send({ phone, phoneCode: { requestId, code: fake.lastCode(phone) } })
    expect(found.status).toBe(200)
    expect(found.body.bookings.map((b: { slotStart: string }) => b.slotStart)).toEqual(['2026-11-30T10:00:00+08:00', '2026-11-27T10:00:00+08:00'])
    expect(found.body.bookings.every((b: { phone: string }) => b.phone === `${phone.slice(0, 3)}****${phone.slice(-4)}`)).toBe(true)
  })

  it('confirmation and the day-before reminder reach the phone by SMS with their templates (reminder sender at injected times)', async () => {
    const server = await app()
    const phone = nextPhone()
    const { requestId } = (await askCode(server, phone)).body as { requestId: string }
    const created = await request(server)
      .post('/api/bookings')
      .send(booking(phone, { slotStart: '2026-11-30T11:00:00+08:00', phoneCode: { requestId, code: fake.lastCode(phone) } }))
    expect(created.status).toBe(201)
    const sender = (at: Date) => new ReminderSender({ storage: storage(), logger: pino({ level: 'silent' }), now: () => at, wechat: null, sms: sms() })
    await sender(clock).sendDue()
    const toPhone = () => fake.sent.filter((message) => message.phoneNumber === `+86${phone}` && message.templateId !== TEMPLATES.code)
    expect(toPhone()).toEqual([
      {
        phoneNumber: `+86${phone}`,
        sdkAppId: SDK_APP_ID,
        signName: '秀山司法',
        templateId: TEMPLATES.booking_created,
        params: ['隘口镇公共法律服务工作站', '11月30日 11:00', created.body.code],
      },
    ])
    // the reminder is due a day before: not at 23:30 two days before, then at 11:00 the day before
    await sender(new Date('2026-11-28T23:30:00+08:00')).sendDue()
    expect(toPhone()).toHaveLength(1)
    await sender(new Date('2026-11-29T11:00:00+08:00')).sendDue()
    expect(toPhone().map((message) => message.templateId)).toEqual([TEMPLATES.booking_created, TEMPLATES.booking_reminder])
    expect(toPhone()[1].params).toEqual(['隘口镇公共法律服务工作站', '11月30日 11:00', created.body.code])
  })

  it('a cancelled code-verified booking: 预约已取消 reaches the phone by SMS (station and time, no code)', async () => {
    const server = await app()
    const phone = nextPhone()
    const { requestId } = (await askCode(server, phone)).body as { requestId: string }
    const created = await request(server)
      .post('/api/bookings')
      .send(booking(phone, { slotStart: '2026-11-30T11:30:00+08:00', phoneCode: { requestId, code: fake.lastCode(phone) } }))
    expect(created.status).toBe(201)
    const cancelled = await request(server)
      .post(`/api/bookings/${created.body.code}/cancel`)
      .set('X-Booking-Token', created.body.manageToken)
      .send({ reason: '事情已经解决了' })
    expect(cancelled.status).toBe(200)
    await new ReminderSender({ storage: storage(), logger: pino({ level: 'silent' }), now: () => clock, wechat: null, sms: sms() }).sendDue()
    const toPhone = fake.sent.filter((message) => message.phoneNumber === `+86${phone}` && message.templateId === TEMPLATES.booking_cancelled)
    expect(toPhone).toEqual([
      {
        phoneNumber: `+86${phone}`,
        sdkAppId: SDK_APP_ID,
        signName: '秀山司法',
        templateId: TEMPLATES.booking_cancelled,
        params: ['隘口镇公共法律服务工作站', '11月30日 11:30'],
      },
    ])
  })

  it('a number the provider refuses (blacklisted): the confirmation is given up at once, outbox.last_error names the code and holds no number', async () => {
    const server = await app()
    const sender = new ReminderSender({ storage: storage(), logger: pino({ level: 'silent' }), now: () => clock, wechat: null, sms: sms() })
    // what earlier tests left due goes first, so the refusal meets this booking's confirmation
    await sender.sendDue()
    const phone = nextPhone()
    const { requestId } = (await askCode(server, phone)).body as { requestId: string }
    const created = await request(server)
      .post('/api/bookings')
      .send(booking(phone, { slotStart: '2026-11-30T14:00:00+08:00', phoneCode: { requestId, code: fake.lastCode(phone) } }))
    expect(created.status).toBe(201)
    fake.failNext = 'FailedOperation.PhoneNumberInBlacklist'
    const tally = await sender.sendDue()
    expect(tally.failed).toBe(1)
    const rows = await storage()
      .db.selectFrom('outbox')
      .select(['kind', 'attempts', 'last_error', 'payload'])
      .where('kind', '=', 'booking_created')
      .where('sent_at', 'is', null)
      .execute()
    const mine = rows.filter((row) => row.payload.includes(created.body.code))
    expect(mine).toHaveLength(1)
    expect(mine[0].attempts).toBe(5)
    expect(mine[0].last_error).toContain('undeliverable')
    expect(mine[0].last_error).toContain('FailedOperation.PhoneNumberInBlacklist')
    expect(mine[0].last_error).not.toContain(phone)
  })

  it('the mini program books with its WeChat identity instead of a code; a wx.login code WeChat refuses gets 422', async () => {
    const wechat: FakeWechat = await startFakeWechat({
      appId: 'wx8f3c9e2a1d04f6e8',
      secret: 'b7f3c9e2a1d04f6e8c5b3a2d1e0f9c8b',
      codes: { JSCODE0123456789: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    })
    try {
      const client = new WechatClient({
        apiBase: wechat.baseUrl,
        appId: 'wx8f3c9e2a1d04f6e8',
        secret: 'b7f3c9e2a1d04f6e8c5b3a2d1e0f9c8b',
        timeoutMs: 2000,
        now,
      })
      const server = await app({ wechat: client, rateLimits: undefined })
      expect(
        (
          await request(server)
            .post('/api/bookings')
            .set('X-Forwarded-For', OWNER)
            .send(booking(nextPhone(), { slotStart: '2026-11-27T11:00:00+08:00', wechatCode: 'JSCODE0123456789' }))
        ).status,
      ).toBe(201)
      // the per-WeChat-user limit counts a keyed hash of the openid, never the openid itself
      const buckets = (await storage().db.selectFrom('rate_limits').select('bucket').execute()).map((row) => row.bucket)
      expect(buckets.filter((bucket) => bucket.startsWith('booking-create-wechat:'))).toEqual([expect.stringMatching(/^booking-create-wechat:[0-9a-f]{64}$/)])
      expect(JSON.stringify(buckets)).not.toContain('oUpF8uMuAJO_M2pxb1Q9zNjWeS6o')
      // without 允许 no openid is kept on the booking either
      expect(JSON.stringify(await storage().db.selectFrom('bookings').select('wechat_openid').execute())).not.toContain('oUpF8uMuAJO_M2pxb1Q9zNjWeS6o')
      const refused = await request(server)
        .post('/api/bookings')
        .set('X-Forwarded-For', OWNER)
        .send(booking(nextPhone(), { slotStart: '2026-11-27T11:00:00+08:00', wechatCode: 'JSCODEunknown0000' }))
      expect(refused.status).toBe(422)
      expect(refused.body.error.code).toBe('PHONE_CODE_REQUIRED')
    } finally {
      await wechat.close()
    }
  })

  it('without a provider: POST /api/phone-codes answers 404 SMS_NOT_CONFIGURED and a booking needs no code', async () => {
    const server = await buildTestApp(storage())
    const response = await request(server).post('/api/phone-codes').send({ phone: nextPhone(), purpose: 'booking' })
    expect(response.status).toBe(404)
    expect(response.body.error.code).toBe('SMS_NOT_CONFIGURED')
    expect(
      (
        await request(server)
          .post('/api/bookings')
          .send(booking(nextPhone(), { slotStart: '2026-11-27T11:30:00+08:00' }))
      ).status,
    ).toBe(201)
  })

  it('code rows are deleted a day after they were sent (retention)', async () => {
    const { RetentionService } = await import('../../../server/retention/retention.service')
    clock = new Date('2026-11-26T23:30:00+08:00')
    await askCode(await app(), nextPhone(), '10.8.8.8')
    const sentBy = (at: Date) => storage().db.selectFrom('phone_codes').select('id').where('sent_at', '<=', at.toISOString()).execute()
    const due = await sentBy(clock)
    const counts = await new RetentionService({ storage: storage(), now: () => new Date(clock.getTime() + 24 * 3600_000 + 1000) }).run()
    expect(counts.phoneCodesDeleted).toBe(due.length)
    expect(await sentBy(clock)).toEqual([])
  })
})
