import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startBff, type BffProcess } from '../../support/bff-process'
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream'
import { runCli } from '../../support/run-cli'

jest.setTimeout(90_000)

const SECRET = 'SECRET-MUST-NOT-LEAK-7Q'
const BOOKING_JS_CODE = 'JSCODE-BOOKING-LEAK-31'
const VOLUNTEER_JS_CODE = 'JSCODE-VOLUNTEER-LEAK-52'
const PHONE = '13987650917'
const NAME = '冉秀英'
const VOLUNTEER_PHONE = '13712340526'
const VOLUNTEER_NAME = '田小花'
/** a resident's call-back number left with a 信息有误 report */
const CALLBACK_PHONE = '13655501234'
const POSITION = { lat: '28.451237', lng: '108.987145' }
const HOME_POSITION = { lat: '28.437761', lng: '109.003418' }

/**
 * Drives the real BFF process (server/main.ts, the logger it builds, LOG_LEVEL=trace) through a
 * booking, look-ups, nearest searches, a staff and two volunteer sign-ins — with WeChat failing
 * at the transport level — then reads everything it wrote.
 */
describe('what the BFF writes to its log', () => {
  let dir: string
  let wechat: FakeUpstream
  let bff: BffProcess
  const secrets: string[] = [
    SECRET,
    BOOKING_JS_CODE,
    VOLUNTEER_JS_CODE,
    PHONE,
    NAME,
    VOLUNTEER_PHONE,
    VOLUNTEER_NAME,
    POSITION.lat,
    POSITION.lng,
    HOME_POSITION.lat,
    HOME_POSITION.lng,
    CALLBACK_PHONE,
  ]
  let log = ''

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-logs-'))
    // a WeChat whose servers fail: axios errors then carry the request with appid, secret and js_code
    wechat = await startFakeUpstream()
    wechat.respond((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' })
      res.end('<html>bad gateway</html>')
    })
    const env = { SQLITE_PATH: path.join(dir, 'fzt.db'), WECHAT_APPID: 'wx-logs', WECHAT_SECRET: SECRET, WECHAT_API_BASE: wechat.baseUrl, LOG_LEVEL: 'trace' }

    const staff = await runCli({
      script: 'admin',
      args: ['add-staff', '--station', '500241103-ws', '--username', 'log.staff', '--name', '值班员', '--json'],
      env,
    })
    expect(staff.status).toBe(0)
    const { password } = JSON.parse(staff.stdout) as { password: string }
    const volunteer = await runCli({
      script: 'admin',
      args: ['add-volunteer', '--name', VOLUNTEER_NAME, '--phone', VOLUNTEER_PHONE, '--town', '隘口镇', '--village', '隘口村', '--json'],
      env,
    })
    expect(volunteer.status).toBe(0)
    const { inviteCode } = JSON.parse(volunteer.stdout) as { inviteCode: string }
    secrets.push(password, inviteCode, 'NEW-PASSWORD-LEAK-88')

    bff = await startBff({ env })
    const api = (pathname: string, init: RequestInit = {}) =>
      fetch(`${bff.baseUrl}${pathname}`, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } })

    // the first free slot on the real clock: the BFF process reads it
    const { slots } = (await (await api('/api/stations/500241103-ws/slots')).json()) as { slots: { start: string; remaining: number }[] }
    const slotStart = slots.find((slot) => slot.remaining > 0)?.start
    const booked = await api('/api/bookings', {
      method: 'POST',
      body: JSON.stringify({
        stationId: '500241103-ws',
        slotStart,
        matter: 'labor_wages',
        description: `${NAME}的工钱被拖欠三个月`,
        name: NAME,
        phone: PHONE,
        consent: true,
        wechatCode: BOOKING_JS_CODE,
        remindersAccepted: true,
      }),
    })
    expect(booked.status).toBe(201)
    {
      const { code, manageToken } = (await booked.json()) as { code: string; manageToken: string }
      secrets.push(code, manageToken)
      expect((await api(`/api/bookings/${code}?phoneLast4=${PHONE.slice(-4)}`)).status).toBe(200)
      expect((await api(`/api/bookings/${code}?phoneLast4=0000`)).status).toBe(404)
      expect((await api(`/api/bookings/${code}`, { headers: { 'X-Booking-Token': manageToken } })).status).toBe(200)
      expect((await api('/api/home', { headers: { 'X-Booking-Tokens': `${code}.${manageToken}` } })).status).toBe(200)
    }
    expect((await api(`/api/stations/nearest?lat=${POSITION.lat}&lng=${POSITION.lng}`)).status).toBe(200)
    const correction = (callbackPhone: string) =>
      api('/api/stations/500241103-ws/corrections', { method: 'POST', body: JSON.stringify({ field: 'phone', message: '电话打不通', callbackPhone }) })
    expect((await correction(CALLBACK_PHONE)).status).toBe(201)
    expect((await correction(`${CALLBACK_PHONE}99`)).status).toBe(400)
    expect((await api(`/api/home?lat=${HOME_POSITION.lat}&lng=${HOME_POSITION.lng}&datum=wgs84`)).status).toBe(200)

    const staffLogin = await api('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ username: 'log.staff', password, newPassword: 'NEW-PASSWORD-LEAK-88' }),
    })
    expect(staffLogin.status).toBe(200)
    const { token: staffToken, deviceCredential } = (await staffLogin.json()) as { token: string; deviceCredential: string }
    secrets.push(staffToken, deviceCredential)
    // the phone's next sign-in sends its device credential back
    expect(
      (await api('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'log.staff', password: 'NEW-PASSWORD-LEAK-88', deviceCredential }) }))
        .status,
    ).toBe(200)
    expect((await api('/api/staff/bookings', { headers: { Authorization: `Bearer ${staffToken}` } })).status).toBe(200)
    expect((await api('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'log.staff', password: 'wrong-password-9' }) })).status).toBe(401)

    const volunteerLogin = await api('/api/auth/login', { method: 'POST', body: JSON.stringify({ phone: VOLUNTEER_PHONE, inviteCode }) })
    expect(volunteerLogin.status).toBe(200)
    secrets.push(((await volunteerLogin.json()) as { token: string }).token)
    // WeChat is down: the sign-in fails, and the failure is logged without the request it made
    expect((await api('/api/auth/login', { method: 'POST', body: JSON.stringify({ wechatCode: VOLUNTEER_JS_CODE }) })).status).toBe(401)

    await bff.stop()
    log = bff.output()
  })
  afterAll(async () => {
    await wechat?.close()
    bff?.cleanup()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('logged the requests (the scan below reads a real log)', () => {
    const requestLines = log.split('\n').filter((line) => line.includes('"msg":"request"'))
    expect(requestLines.length).toBeGreaterThanOrEqual(8)
    expect(log).toContain('"route":"/api/bookings/:code"')
    expect(log).toContain('"route":"/api/stations/nearest"')
    // WeChat really was called and failed (the BFF tried, and said so without the details)
    expect(wechat.requests.some((call) => call.url.startsWith('/sns/jscode2session'))).toBe(true)
  })

  it('holds no secret, js_code, token, password, invite code, booking code, phone, name or coordinate', () => {
    expect(secrets.length).toBe(20)
    for (const secret of secrets) expect({ secret, found: log.includes(secret) }).toEqual({ secret, found: false })
  })

  it('holds no last 4 digits of a phone and no query string', () => {
    expect(log).not.toMatch(/phoneLast4/)
    expect(log).not.toContain(`"${PHONE.slice(-4)}"`)
    expect(log).not.toMatch(/\?[a-zA-Z]+=/)
  })
})
