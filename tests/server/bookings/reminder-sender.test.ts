import pino from 'pino'
import request from 'supertest'
import { ReminderSender } from '../../../server/bookings/reminder-sender'
import { WechatClient } from '../../../server/wechat/wechat-client'
import { startFakeWechat, type FakeWechat } from '../../support/fake-wechat'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'

// WeChat-shaped values, long and distinct, so a leak of any of them is visible in a log line or a row
const APP_ID = 'wx8f3c9e2a1d04f6e8'
const SECRET = 'b7f3c9e2a1d04f6e8c5b3a2d1e0f9c8b'
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o'
const JS_CODE = '0a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P'
/** after every test booking's day-before reminder is due (slots 09:00 to 11:00 on the 30th) */
const dayBefore = new Date('2026-11-29T12:00:00+08:00')

/**
 * Issue 23 rows 13 and 18. Before the fix: WeChat's errmsg went verbatim into WechatError's message,
 * so `outbox.last_error` held the access token and openid it echoed and the code2Session warning held
 * the secret and js_code; the retry warning was logged as `error: message`, which the error serializer
 * reduced to `{"type":"string"}` — the reason lost.
 */
describeEachStorage('a failed WeChat call (fake WeChat on 127.0.0.1 whose errmsg echoes its input)', (storage) => {
  let wechat: FakeWechat
  let client: WechatClient
  let lines: string[]
  let logger: pino.Logger

  beforeEach(async () => {
    wechat = await startFakeWechat({ appId: APP_ID, secret: SECRET, codes: { [JS_CODE]: OPENID } })
    wechat.echoInput = true
    client = new WechatClient({ apiBase: wechat.baseUrl, appId: APP_ID, secret: SECRET, timeoutMs: 1000, now: fixedNow })
    lines = []
    logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) })
  })
  afterEach(async () => {
    await wechat.close()
  })

  let booked = 0
  async function book(body: Record<string, unknown>) {
    booked += 1
    const app = await buildTestApp(storage(), { wechat: client, logger })
    const response = await request(app)
      .post('/api/bookings')
      .send({
        stationId: '500241103-ws',
        slotStart: `2026-11-30T${['09:00', '09:30', '10:00', '10:30', '11:00'][booked % 5]}:00+08:00`,
        matter: 'labor_wages',
        name: '张三',
        phone: `1380013800${booked}`,
        consent: true,
        ...body,
      })
    expect(response.status).toBe(201)
  }

  const secrets = (token: string) => new RegExp([APP_ID, SECRET, OPENID, JS_CODE, token].join('|'))

  it('a refused reminder: the log line and outbox.last_error keep the errcode and the redacted errmsg, never the access token, openid, appid or secret', async () => {
    await book({ wechatCode: JS_CODE, remindersAccepted: true })
    wechat.failNextSend = 45009
    const result = await new ReminderSender({ storage: storage(), logger, now: () => dayBefore, wechat: { client, templateId: 'T' } }).sendDue()
    expect(result).toEqual({ sent: 0, logged: 1, failed: 1 })
    // the fake did echo them: the test would see a leak
    const answered = wechat.upstream.requests.filter((seen) => seen.url.startsWith('/cgi-bin/message/subscribe/send'))
    expect(answered).toHaveLength(1)
    const token = new URL(answered[0].url, wechat.baseUrl).searchParams.get('access_token') ?? ''
    expect(token).toMatch(/^TOKEN-/)

    const rows = await storage()
      .db.selectFrom('outbox')
      .select(['kind', 'last_error'])
      .where('kind', '=', 'booking_reminder')
      .where('sent_at', 'is', null)
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0].last_error).toContain('45009')
    expect(rows[0].last_error).toContain('rid: 6561a2b3-0a1b2c3d-4e5f6a7b')
    expect(rows[0].last_error).not.toMatch(secrets(token))
    const failure = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'reminder delivery failed; will retry')
    expect(failure).toMatchObject({ errcode: 45009, reason: expect.stringContaining('45009') })
    expect(lines.join('\n')).not.toMatch(secrets(token))
  })

  it('a send that never reached WeChat logs why (the connection was refused), not {"type":"string"}', async () => {
    await book({ wechatCode: JS_CODE, remindersAccepted: true })
    await wechat.close()
    const result = await new ReminderSender({ storage: storage(), logger, now: () => dayBefore, wechat: { client, templateId: 'T' } }).sendDue()
    expect(result.failed).toBeGreaterThanOrEqual(1)
    const failure = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'reminder delivery failed; will retry')
    // refused, or reset on a kept-alive connection the closed server dropped
    expect(failure?.reason).toMatch(/AxiosError: ECONN(REFUSED|RESET)/)
    expect(JSON.stringify(failure)).not.toContain('{"type":"string"}')
    const [row] = await storage().db.selectFrom('outbox').select('last_error').where('kind', '=', 'booking_reminder').where('sent_at', 'is', null).execute()
    expect(row.last_error).toMatch(/ECONN(REFUSED|RESET)/)
    expect(lines.join('\n')).not.toMatch(new RegExp([APP_ID, SECRET, OPENID, JS_CODE].join('|')))
    wechat = await startFakeWechat({ appId: APP_ID, secret: SECRET, codes: {} }) // for afterEach
  })

  it('a wx.login code WeChat refuses (40029) while booking: the warning names the errcode, never the js_code, appid or secret it echoed', async () => {
    await book({ wechatCode: 'code-used-once-9f8e7d6c5b4a3f2e1d', remindersAccepted: true })
    const warning = lines
      .map((line) => JSON.parse(line) as { msg?: string; err?: { message?: string } })
      .find((line) => line.msg?.startsWith('code2Session failed'))
    expect(warning?.err?.message).toContain('40029')
    expect(lines.join('\n')).not.toMatch(/code-used-once-9f8e7d6c5b4a3f2e1d|b7f3c9e2a1d04f6e8c5b3a2d1e0f9c8b|wx8f3c9e2a1d04f6e8/)
  })

  it('a wrong secret (40125) while fetching the access token: the stored and logged reason hold no secret', async () => {
    await book({ wechatCode: JS_CODE, remindersAccepted: true })
    const wrong = new WechatClient({ apiBase: wechat.baseUrl, appId: APP_ID, secret: 'wrong-secret-4f6e8c5b3a2d1e0f9c8b', timeoutMs: 1000, now: fixedNow })
    await new ReminderSender({ storage: storage(), logger, now: () => dayBefore, wechat: { client: wrong, templateId: 'T' } }).sendDue()
    const [row] = await storage().db.selectFrom('outbox').select('last_error').where('kind', '=', 'booking_reminder').where('sent_at', 'is', null).execute()
    expect(row.last_error).toContain('40125')
    expect(`${row.last_error ?? ''}\n${lines.join('\n')}`).not.toMatch(/wrong-secret-4f6e8c5b3a2d1e0f9c8b|wx8f3c9e2a1d04f6e8/)
  })
})
