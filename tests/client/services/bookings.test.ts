import { chinaDate } from '../../../contracts/china-time'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Taro from '@tarojs/taro'
import type { Slot } from '../../../contracts/bookings'
import {
  cancelBooking,
  createBooking,
  DEVICE_BOOKINGS_STORAGE_KEY,
  deviceBooking,
  deviceBookingCodes,
  deviceBookingTokens,
  deviceBookings,
  fetchBooking,
  fetchSlots,
  forgetBooking,
  formatDate,
  formatDay,
  formatSlot,
  mobilePhoneError,
  nearDayWord,
  newIdempotencyKey,
  slotsOfferedBy,
  normaliseBookingCode,
  rememberBooking,
  rescheduleBooking,
  slotsByDay,
  type NewBooking,
} from '../../../client/services/bookings'
import {
  fetchStaffBookings,
  revealBookingPhone,
  staffLogin,
  staffLogout,
  staffSession,
  undoStaffBooking,
  updateStaffBooking,
} from '../../../client/services/staff'
import { SESSION_STORAGE_KEY } from '../../../client/services/session'
import { bffProcessForSuite, freePort } from '../../support/bff-process'
import { addStaffByCli } from '../../support/run-cli'
import { failureOf } from '../support/failure-of'

jest.setTimeout(60_000)

const STATION = '500241103-ws'

function bookingFor(slot: Slot, phone: string): NewBooking {
  return { stationId: STATION, slotStart: slot.start, matter: 'labor_wages', description: '工地欠薪三个月', name: '测试用户', phone, consent: true }
}

async function remainingOf(start: string): Promise<number> {
  const { slots } = await fetchSlots({ stationId: STATION, date: start.slice(0, 10) })
  const slot = slots.find((candidate) => candidate.start === start)
  if (!slot) throw new Error(`slot ${start} is not offered`)
  return slot.remaining
}

/**
 * A flaky network between phone and BFF: forwards each request, lets the BFF answer, then cuts
 * the phone's connection, so the booking exists but the phone never hears about it.
 */
function startAnswerLosingProxy(target: string): Promise<{ baseUrl: string; answers: string[]; close: () => Promise<void> }> {
  const answers: string[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      void fetch(`${target}${req.url ?? '/'}`, {
        method: req.method,
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string' && !['host', 'content-length', 'connection'].includes(entry[0]),
          ),
        ),
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      })
        .then((response) => response.text())
        .then((body) => {
          answers.push(body)
          res.socket?.destroy()
        })
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        answers,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}

describe('client/services/bookings against the real BFF', () => {
  const bff = bffProcessForSuite()
  let free: Slot[]

  beforeAll(async () => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    // the BFF's clock is real: take whatever slots it offers now
    free = (await fetchSlots({ stationId: STATION })).slots.filter((slot) => slot.remaining >= 2)
    expect(free.length).toBeGreaterThan(4)
  })
  afterAll(async () => {
    delete process.env.TARO_APP_API_BASE_URL
  })
  beforeEach(() => {
    // http.ts logs each transport failure for field debugging; expected here
    jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  })
  afterEach(() => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    jest.restoreAllMocks()
  })

  it('a retry with the same idempotency key after a dead network books once and returns the same code', async () => {
    const slot = free[0]
    const before = await remainingOf(slot.start)
    const key = newIdempotencyKey()
    const body = bookingFor(slot, '13800138001')

    // first try: nothing listens on that port
    process.env.TARO_APP_API_BASE_URL = `http://127.0.0.1:${await freePort()}`
    const offline = await failureOf(createBooking({ booking: body, idempotencyKey: key }))
    expect(offline.failure).toBe('unreachable')
    expect(offline.message).toMatch(/连不上服务器/)

    // 重试: same key, now reaching the BFF — then once more, as a double tap would
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    const first = await createBooking({ booking: body, idempotencyKey: key })
    const again = await createBooking({ booking: body, idempotencyKey: key })
    expect(first.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
    expect(again.code).toBe(first.code)
    expect(first.phone).toBe('138****8001')
    expect(await remainingOf(slot.start)).toBe(before - 1)
  })

  it('when the answer is lost after the BFF booked, the retry gets that booking instead of a second one', async () => {
    const slot = free[1]
    const before = await remainingOf(slot.start)
    const key = newIdempotencyKey()
    const body = bookingFor(slot, '13800138002')
    const proxy = await startAnswerLosingProxy(bff.baseUrl)
    try {
      process.env.TARO_APP_API_BASE_URL = proxy.baseUrl
      const lost = await failureOf(createBooking({ booking: body, idempotencyKey: key }))
      expect(lost.failure).toBe('unreachable')
    } finally {
      await proxy.close()
      process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    }
    // the BFF did book: the phone just never heard
    expect(proxy.answers).toHaveLength(1)
    const unheard = JSON.parse(proxy.answers[0]) as { code: string }
    expect(await remainingOf(slot.start)).toBe(before - 1)

    const retried = await createBooking({ booking: body, idempotencyKey: key })
    expect(retried.code).toBe(unheard.code)
    expect(await remainingOf(slot.start)).toBe(before - 1)

    // the same key with another body is refused rather than booking again
    const changed = await failureOf(createBooking({ booking: { ...body, name: '另一个人' }, idempotencyKey: key }))
    expect(changed.code).toBe('IDEMPOTENCY_KEY_REUSED')
  })

  it('a full slot answers SLOT_FULL in Chinese, and other free slots are offered', async () => {
    const slot = free[2]
    const remaining = await remainingOf(slot.start)
    for (let index = 0; index < remaining; index += 1) {
      await createBooking({ booking: bookingFor(slot, `1390000000${index}`), idempotencyKey: newIdempotencyKey() })
    }
    const full = await failureOf(createBooking({ booking: bookingFor(slot, '13900000099'), idempotencyKey: newIdempotencyKey() }))
    expect(full.status).toBe(409)
    expect(full.code).toBe('SLOT_FULL')
    expect(full.message).toMatch(/约满/)
    // the 409 itself carries the next free slots the server offers
    const offered = slotsOfferedBy(full)
    expect(offered.length).toBeGreaterThan(0)
    expect(offered.length).toBeLessThanOrEqual(3)
    expect(offered.every((candidate) => candidate.start !== slot.start && candidate.remaining > 0)).toBe(true)

    // the same phone twice in one slot
    const twice = await failureOf(
      createBooking({ booking: bookingFor(free[3], '13900000000'), idempotencyKey: newIdempotencyKey() }).then(() =>
        createBooking({ booking: bookingFor(free[3], '13900000000'), idempotencyKey: newIdempotencyKey() }),
      ),
    )
    expect(twice.code).toBe('ALREADY_BOOKED')
    expect(twice.fields?.[0]?.path).toBe('phone')
  })

  it('a 400 names the fields in Chinese', async () => {
    const invalid = await failureOf(createBooking({ booking: { ...bookingFor(free[4], '12345'), name: '' }, idempotencyKey: newIdempotencyKey() }))
    expect(invalid.status).toBe(400)
    expect(invalid.fields?.map((field) => field.path).sort()).toEqual(['name', 'phone'])
    expect(invalid.fields?.find((field) => field.path === 'phone')?.message).toBe('请填写 11 位手机号')
  })

  it('looks a booking up with its last 4 digits, moves it and cancels it; wrong proof is a Chinese 404', async () => {
    const booked = await createBooking({ booking: bookingFor(free[4], '13700137004'), idempotencyKey: newIdempotencyKey() })
    const found = await fetchBooking({ code: booked.code, phoneLast4: '7004' })
    expect(found).toMatchObject({ code: booked.code, status: 'booked', stationId: STATION, matter: 'labor_wages' })

    const wrong = await failureOf(fetchBooking({ code: booked.code, phoneLast4: '0000' }))
    expect(wrong.status).toBe(404)
    expect(wrong.message).toMatch(/没有找到这个预约/)

    const target = (await fetchSlots({ stationId: STATION })).slots
      .filter((slot) => slot.remaining > 0 && slot.start !== booked.slotStart)
      .slice(0, 10)
      .at(-1)
    if (!target) throw new Error('no slot to move to')
    const moved = await rescheduleBooking({ code: booked.code, phoneLast4: '7004', slotStart: target.start })
    expect(moved.slotStart).toBe(target.start)

    const cancelled = await cancelBooking({ code: booked.code, phoneLast4: '7004', reason: '时间不方便' })
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '时间不方便' })
  })

  it('station staff: sign in, see the week, confirm a booking and undo it, 回电, sign out; the token lives in Taro storage', async () => {
    const password = await addStaffByCli(bff.sqlitePath, { stationId: STATION, username: 'client.test', name: '测试工作人员' })

    const refused = await failureOf(staffLogin({ username: 'client.test', password: 'wrong-password' }))
    expect(refused.status).toBe(401)
    expect(staffSession()).toBeNull()

    // the printed password is one-time: the first sign-in must set the staff member's own
    const mustChange = await failureOf(staffLogin({ username: 'client.test', password }))
    expect(mustChange).toMatchObject({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' })
    const session = await staffLogin({ username: ' client.test ', password, newPassword: 'own-password-2026' })
    expect(session).toEqual({
      token: expect.any(String),
      userId: expect.any(String),
      role: 'staff',
      expiresAt: expect.any(String),
      stationId: STATION,
      displayName: '测试工作人员',
      town: null,
      village: null,
    })
    expect(staffSession()?.token).toBe(session.token)
    expect(Taro.getStorageSync(SESSION_STORAGE_KEY)).toEqual({ v: 1, sessions: [session] })

    const slot = free[0]
    const day = await fetchStaffBookings({ date: slot.start.slice(0, 10) })
    const ours = day.bookings.find((booking) => booking.phone === '138****8001')
    expect(ours?.status).toBe('booked')
    const confirmed = await updateStaffBooking({ id: ours?.id ?? '', status: 'confirmed' })
    expect(confirmed.status).toBe('confirmed')
    expect(confirmed.undo).toEqual({ restores: 'booked', changedAt: expect.any(String) })
    const illegal = await failureOf(updateStaffBooking({ id: ours?.id ?? '', status: 'confirmed' }))
    expect(illegal.code).toBe('STATUS_NOT_ALLOWED')
    // the slot is still ahead: too early for 已办结
    const early = await failureOf(updateStaffBooking({ id: ours?.id ?? '', status: 'done' }))
    expect(early).toMatchObject({ status: 409, code: 'SLOT_NOT_STARTED' })
    const undone = await undoStaffBooking(ours?.id ?? '')
    expect(undone).toMatchObject({ status: 'booked', undo: null })
    expect((await failureOf(undoStaffBooking(ours?.id ?? ''))).code).toBe('NOTHING_TO_UNDO')

    // the week from today (China date by the BFF's clock) holds the booking; 回电 gives its whole phone
    const week = await fetchStaffBookings({ days: 7 })
    expect(week).toMatchObject({
      from: chinaDate({ now: new Date() }),
      today: chinaDate({ now: new Date() }),
      to: chinaDate({ now: new Date(), offsetDays: 6 }),
      days: 7,
    })
    expect(week.bookings.find((booking) => booking.id === ours?.id)?.phone).toBe('138****8001')
    expect(await revealBookingPhone(ours?.id ?? '')).toBe('13800138001')
    // nothing of it is kept on the device
    expect(JSON.stringify(Taro.getStorageInfoSync().keys.map((key) => Taro.getStorageSync(key)))).not.toContain('13800138001')

    await staffLogout()
    expect(staffSession()).toBeNull()
    const signedOut = await failureOf(fetchStaffBookings())
    expect(signedOut.status).toBe(401)
  })
})

describe('booking codes held on this device (Taro storage)', () => {
  it('round-trips through Taro storage, newest first, one entry per code', () => {
    expect(deviceBookings()).toEqual([])
    rememberBooking(
      { code: 'K7M4Q2XA', phoneLast4: '8000', stationName: '隘口镇公共法律服务工作站', slotStart: '2026-12-01T09:00:00+08:00' },
      new Date('2026-11-26T01:00:00Z'),
    )
    rememberBooking({ code: 'ABCDEFGH', phoneLast4: '1234' }, new Date('2026-11-26T02:00:00Z'))
    rememberBooking(
      { code: 'K7M4Q2XA', phoneLast4: '8000', stationName: '隘口镇公共法律服务工作站', slotStart: '2026-12-02T09:00:00+08:00' },
      new Date('2026-11-26T03:00:00Z'),
    )
    expect(deviceBookingCodes()).toEqual(['K7M4Q2XA', 'ABCDEFGH'])
    expect(deviceBooking('K7M4Q2XA')).toEqual({
      code: 'K7M4Q2XA',
      phoneLast4: '8000',
      stationName: '隘口镇公共法律服务工作站',
      slotStart: '2026-12-02T09:00:00+08:00',
      savedAt: '2026-11-26T03:00:00.000Z',
    })
    // what Taro H5 really wrote (localStorage, wrapped as { data })
    const raw = JSON.parse(localStorage.getItem(DEVICE_BOOKINGS_STORAGE_KEY) ?? 'null') as { data: { code: string }[] }
    expect(raw.data.map((entry) => entry.code)).toEqual(['K7M4Q2XA', 'ABCDEFGH'])
    expect(Taro.getStorageSync(DEVICE_BOOKINGS_STORAGE_KEY)).toHaveLength(2)

    forgetBooking('K7M4Q2XA')
    expect(deviceBookingCodes()).toEqual(['ABCDEFGH'])
  })

  it('keeps the manage token of a booking made here when the entry is refreshed, and hands 首页 only code–token pairs', () => {
    const token = 'T'.repeat(43)
    rememberBooking({ code: 'K7M4Q2XA', phoneLast4: '8000', manageToken: token }, new Date('2026-11-26T01:00:00Z'))
    // a later look-up on this phone refreshes the entry without a token
    rememberBooking({ code: 'K7M4Q2XA', phoneLast4: '8000', slotStart: '2026-12-02T09:00:00+08:00' }, new Date('2026-11-26T02:00:00Z'))
    // a booking looked up here (made elsewhere) has no token
    rememberBooking({ code: 'ABCDEFGH', phoneLast4: '1234' }, new Date('2026-11-26T03:00:00Z'))
    expect(deviceBooking('K7M4Q2XA')?.manageToken).toBe(token)
    expect(deviceBookingTokens()).toEqual([{ code: 'K7M4Q2XA', token }])
    forgetBooking('K7M4Q2XA')
    forgetBooking('ABCDEFGH')
  })

  it('ignores damaged entries and codes that cannot be booking codes', () => {
    Taro.setStorageSync(DEVICE_BOOKINGS_STORAGE_KEY, [{ code: 'ABCDEFGH', phoneLast4: '1234', savedAt: 'x' }, { code: 'lower', phoneLast4: '1' }, 'junk'])
    expect(deviceBookingCodes()).toEqual(['ABCDEFGH'])
    Taro.setStorageSync(DEVICE_BOOKINGS_STORAGE_KEY, 'not a list')
    expect(deviceBookings()).toEqual([])
    rememberBooking({ code: 'O0O0O0O0', phoneLast4: '1234' })
    expect(deviceBookings()).toEqual([])
  })

  it('keeps at most 20 codes', () => {
    const codes = Array.from({ length: 25 }, (_, index) => `ABCDEF${'23456789ABCDEFGHJKLMNPQRSTUVWXYZ'[Math.floor(index / 8)]}${'23456789'[index % 8]}`)
    for (const code of codes) rememberBooking({ code, phoneLast4: '1234' })
    expect(deviceBookingCodes()).toEqual([...codes].reverse().slice(0, 20))
  })

  it('forgets an expired staff sign-in', () => {
    Taro.setStorageSync(SESSION_STORAGE_KEY, {
      v: 1,
      sessions: [
        { token: 't', userId: 'u1', role: 'staff', expiresAt: '2020-01-01T00:00:00.000Z', stationId: STATION, displayName: '某人', town: null, village: null },
      ],
    })
    expect(staffSession()).toBeNull()
    expect(Taro.getStorageSync(SESSION_STORAGE_KEY)).toBe('')
  })
})

describe('booking words', () => {
  it('checks a mobile number with the server’s rule', () => {
    expect(mobilePhoneError('13800138000')).toBeNull()
    expect(mobilePhoneError(' 13800138000 ')).toBeNull()
    expect(mobilePhoneError('12800138000')).toBe('手机号第 2 位应是 3 到 9，请核对')
    expect(mobilePhoneError('02376661234')).toBe('这是座机号吗？请填写手机号（1 开头）')
    expect(mobilePhoneError('1380013800')).toBe('请填写 11 位手机号')
  })

  it('upper-cases a typed code and drops what codes never contain', () => {
    expect(normaliseBookingCode('k7m4 q2xa')).toBe('K7M4Q2XA')
    expect(normaliseBookingCode('k7-m4-q2-xa-99')).toBe('K7M4Q2XA')
  })

  it('writes days and slots in China time', () => {
    const now = new Date('2026-11-30T20:00:00Z') // 2026-12-01 04:00 in China
    expect(chinaDate({ now })).toBe('2026-12-01')
    expect(formatDay('2026-12-01', now)).toBe('今天 12月1日 周二')
    expect(formatDay('2026-12-02', now)).toBe('明天 12月2日 周三')
    expect(formatDay('2026-12-07', now)).toBe('12月7日 周一')
    expect(formatDate('2026-12-01')).toBe('12月1日 周二')
    expect(nearDayWord('2026-12-03', now)).toBe('后天')
    expect(nearDayWord('2026-11-30', now)).toBeNull()
    expect(formatSlot({ start: '2026-12-07T09:00:00+08:00', end: '2026-12-07T09:30:00+08:00' }, now)).toBe('12月7日 周一 09:00–09:30')
  })

  it('groups slots by day with the free places of each day', () => {
    const slot = (start: string, remaining: number): Slot => ({ start, end: start, capacity: 2, remaining })
    expect(
      slotsByDay([slot('2026-12-01T09:00:00+08:00', 2), slot('2026-12-01T09:30:00+08:00', 0), slot('2026-12-02T09:00:00+08:00', 1)]).map((day) => [
        day.date,
        day.free,
        day.slots.length,
      ]),
    ).toEqual([
      ['2026-12-01', 2, 2],
      ['2026-12-02', 1, 1],
    ])
  })

  it('makes idempotency keys the server accepts, each one different', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()))
    expect(keys.size).toBe(100)
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{8,100}$/)
  })
})
