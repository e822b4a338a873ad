import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import request from 'supertest'
import { ReminderSender } from '../../../server/bookings/reminder-sender'
import { openStorage, type Storage } from '../../../server/storage/database'
import { WechatClient } from '../../../server/wechat/wechat-client'
import { startFakeWechat, type FakeWechat } from '../../support/fake-wechat'
import { buildTestApp, fixedNow } from '../support/test-app'

const logLines: string[] = []
const capturingLogger = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) })

describe('booking reminders through the WeChat subscription message API (fake WeChat on 127.0.0.1)', () => {
  let wechat: FakeWechat
  let storage: Storage
  let dir: string
  let client: WechatClient

  beforeEach(async () => {
    wechat = await startFakeWechat({ appId: 'wx-test', secret: 's3cret', codes: { 'code-zhang': 'openid-zhang' } })
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-wx-'))
    storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'wx.db') })
    client = new WechatClient({ apiBase: wechat.baseUrl, appId: 'wx-test', secret: 's3cret', timeoutMs: 1000, now: fixedNow })
  })
  afterEach(async () => {
    await wechat.close()
    await storage.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  async function book(body: Record<string, unknown>) {
    const app = await buildTestApp(storage, { wechat: client, logger: capturingLogger })
    const response = await request(app)
      .post('/api/bookings')
      .send({
        stationId: '500241103-ws',
        slotStart: '2026-11-30T09:00:00+08:00',
        matter: 'labor_wages',
        name: '张三',
        phone: '13800138000',
        consent: true,
        ...body,
      })
    expect(response.status).toBe(201)
    expect(JSON.stringify(response.body)).not.toContain('SESSION-KEY')
    return response.body as { code: string }
  }

  const sender = (now: Date) => new ReminderSender({ storage, logger: capturingLogger, now: () => now, wechat: { client, templateId: 'TEMPLATE-1' } })
  const dayBefore = new Date('2026-11-29T09:00:00+08:00')

  it('spends the one subscription credit on the day-before reminder: the confirmation is logged, the reminder reaches the openid', async () => {
    const { code } = await book({ wechatCode: 'code-zhang', remindersAccepted: true })
    // one tap on 允许 = one credit, as WeChat counts them
    wechat.credits = { 'openid-zhang': 1 }

    expect(await sender(fixedNow()).sendDue()).toEqual({ sent: 0, logged: 1, failed: 0 })
    expect(wechat.messages).toEqual([])
    // nothing more is due until the day before
    expect(await sender(fixedNow()).sendDue()).toEqual({ sent: 0, logged: 0, failed: 0 })

    expect(await sender(dayBefore).sendDue()).toEqual({ sent: 1, logged: 0, failed: 0 })
    expect(wechat.messages).toHaveLength(1)
    expect(wechat.messages[0].body).toMatchObject({ touser: 'openid-zhang', template_id: 'TEMPLATE-1', page: `pages/me/index?booking=${code}` })
    expect(wechat.messages[0].body.data.thing1.value).toBe('明天的法律援助咨询')
    expect(wechat.messages[0].body.data.time3.value).toBe('2026-11-30 09:00')
    expect(wechat.messages[0].body.data.thing2.value.length).toBeLessThanOrEqual(20)
    expect(wechat.credits['openid-zhang']).toBe(0)
  })

  it('a booking less than a day ahead has no reminder: the credit goes to the confirmation', async () => {
    await book({ wechatCode: 'code-zhang', remindersAccepted: true, slotStart: '2026-11-26T15:00:00+08:00' })
    wechat.credits = { 'openid-zhang': 1 }
    expect(await sender(fixedNow()).sendDue()).toEqual({ sent: 1, logged: 0, failed: 0 })
    expect(wechat.messages[0].body.data.thing1.value).toBe('预约成功')
    expect(await storage.db.selectFrom('outbox').select('kind').execute()).toEqual([{ kind: 'booking_created' }])
  })

  it('when the user has no credit (errcode 43101), marks the reminder undeliverable at once and never retries it', async () => {
    await book({ wechatCode: 'code-zhang', remindersAccepted: true })
    wechat.credits = { 'openid-zhang': 0 }
    await sender(fixedNow()).sendDue()
    expect(await sender(dayBefore).sendDue()).toEqual({ sent: 0, logged: 0, failed: 1 })
    const [row] = await storage.db.selectFrom('outbox').selectAll().where('kind', '=', 'booking_reminder').execute()
    expect(row).toMatchObject({ sent_at: null, attempts: 5, last_error: expect.stringContaining('undeliverable') })
    const sendsBefore = wechat.upstream.requests.filter((request) => request.url.startsWith('/cgi-bin/message/subscribe/send')).length
    expect(await sender(new Date('2026-11-29T10:00:00+08:00')).sendDue()).toEqual({ sent: 0, logged: 0, failed: 0 })
    expect(wechat.upstream.requests.filter((request) => request.url.startsWith('/cgi-bin/message/subscribe/send')).length).toBe(sendsBefore)
  })

  it('when the token was invalidated, fetches a new one and sends once', async () => {
    await book({ wechatCode: 'code-zhang', remindersAccepted: true })
    wechat.failNextSend = 40001
    const result = await new ReminderSender({ storage, logger: capturingLogger, now: () => dayBefore, wechat: { client, templateId: 'T' } }).sendDue()
    // the confirmation (logged) and the reminder (sent after one token refresh)
    expect(result).toEqual({ sent: 1, logged: 1, failed: 0 })
    expect(wechat.tokensIssued).toBe(2)
    expect(wechat.messages).toHaveLength(1)
  })

  it('when WeChat is not configured or the user did not accept, logs instead of sending', async () => {
    await book({ wechatCode: 'code-zhang', remindersAccepted: false })
    const result = await new ReminderSender({ storage, logger: capturingLogger, now: fixedNow, wechat: null }).sendDue()
    expect(result).toEqual({ sent: 0, logged: 1, failed: 0 })
    expect(wechat.messages).toEqual([])
    expect(logLines.some((line) => line.includes('logged instead'))).toBe(true)
  })

  it('a used or invalid wx.login code does not stop the booking', async () => {
    await book({ wechatCode: 'code-nobody', remindersAccepted: true })
    const rows = await storage.db.selectFrom('bookings').select(['wechat_openid']).execute()
    expect(rows).toEqual([{ wechat_openid: null }])
  })

  it('keeps a failed delivery for a retry, with the error', async () => {
    await book({ wechatCode: 'code-zhang', remindersAccepted: true })
    await wechat.close()
    const result = await new ReminderSender({ storage, logger: capturingLogger, now: () => dayBefore, wechat: { client, templateId: 'T' } }).sendDue()
    expect(result.failed).toBe(1)
    const [row] = await storage.db.selectFrom('outbox').selectAll().where('kind', '=', 'booking_reminder').execute()
    expect(row).toMatchObject({ sent_at: null, attempts: 1, last_error: expect.any(String) })
    wechat = await startFakeWechat({ appId: 'wx-test', secret: 's3cret', codes: {} }) // for afterEach
  })
})
