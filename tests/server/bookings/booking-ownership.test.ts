import request from 'supertest'
import { bookingCreatedSchema, bookingSchema, homeResponseSchema } from '../../../contracts'
import { DEFAULT_RATE_LIMITS } from '../../../server/config'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

// fixedNow is Thursday 2026-11-26 08:00 in Xiushan; Friday's default slots are open
const STATION = '500241103-ws'
const SLOT = '2026-11-27T09:00:00+08:00'
const LATER_SLOT = '2026-11-27T10:00:00+08:00'

// slots other tests here do not use, one booking each, so no slot fills up (capacity 2)
const FREE_SLOTS = ['09:30', '10:30', '11:00', '11:30', '15:30', '16:00', '16:30'].map((time) => `2026-11-27T${time}:00+08:00`)
let slotCounter = 0
function freeSlot(): string {
  slotCounter += 1
  return FREE_SLOTS[slotCounter % FREE_SLOTS.length]
}

let phoneCounter = 0
function newPhone(): string {
  phoneCounter += 1
  return `1391234${String(1000 + phoneCounter).padStart(4, '0')}`
}

describeEachStorage('a booking belongs to its device (rate limits on)', (storage: () => Storage) => {
  beforeEach(async () => {
    // every test starts with empty counters: they are per address, and all requests come from 127.0.0.1
    await storage().db.deleteFrom('rate_limits').execute()
  })

  // every booking here comes from one test address: the station's fair shares (station-drain.test.ts) are made roomy
  const limits = { ...DEFAULT_RATE_LIMITS, fairShare: { perAddressDay: 1000, perAddressHorizon: 1000, perPhoneDay: 1000, perPhoneHorizon: 1000 } }
  const app = () => buildTestApp(storage(), { rateLimits: limits })

  async function book(phone = newPhone(), slotStart = freeSlot()) {
    const response = await request(await app())
      .post('/api/bookings')
      .send({ stationId: STATION, slotStart, matter: 'labor_wages', name: '张三', phone, consent: true })
    expect(response.status).toBe(201)
    return { ...bookingCreatedSchema.parse(response.body), phone }
  }

  it('the 201 answer carries a manage token; the database keeps only its hash', async () => {
    const created = await book()
    expect(created.manageToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const row = await storage().db.selectFrom('bookings').selectAll().where('code', '=', created.code).executeTakeFirstOrThrow()
    expect(JSON.stringify(row)).not.toContain(created.manageToken)
    expect(row.manage_token_hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('25 wrong last-4 guesses on a code lock the guesser out, while the owner’s device reads, reschedules and cancels with its token', async () => {
    const owner = await book()
    const server = await app()
    const guesses: number[] = []
    for (let guess = 0; guess < 25; guess += 1) {
      guesses.push(
        (
          await request(server)
            .get(`/api/bookings/${owner.code}`)
            .query({ phoneLast4: String(5000 + guess) })
        ).status,
      )
    }
    expect(guesses.slice(0, 20)).toEqual(Array(20).fill(404))
    expect(guesses.slice(20)).toEqual(Array(5).fill(429))

    const token = { 'X-Booking-Token': owner.manageToken }
    const read = await request(server).get(`/api/bookings/${owner.code}`).set(token)
    expect(read.status).toBe(200)
    expect(bookingSchema.parse(read.body).phone).toBe(`${owner.phone.slice(0, 3)}****${owner.phone.slice(-4)}`)
    const moved = await request(server).post(`/api/bookings/${owner.code}/reschedule`).set(token).send({ slotStart: LATER_SLOT })
    expect(moved.status).toBe(200)
    expect(moved.body.slotStart).toBe(LATER_SLOT)
    const cancelled = await request(server).post(`/api/bookings/${owner.code}/cancel`).set(token).send({ reason: '问题已经解决' })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
  })

  it('a wrong token is a 404 like a wrong code; with the right last 4 digits beside it, the booking is still found', async () => {
    const owner = await book()
    const server = await app()
    const stranger = { 'X-Booking-Token': 'A'.repeat(43) }
    expect((await request(server).get(`/api/bookings/${owner.code}`).set(stranger)).status).toBe(404)
    const withLast4 = await request(server)
      .get(`/api/bookings/${owner.code}`)
      .set(stranger)
      .query({ phoneLast4: owner.phone.slice(-4) })
    expect(withLast4.status).toBe(200)
    expect(withLast4.body.code).toBe(owner.code)
  })

  it('without a token or the last 4 digits, answers 400 naming phoneLast4; a malformed token, 400 naming the header', async () => {
    const owner = await book()
    const missing = await request(await app()).get(`/api/bookings/${owner.code}`)
    expect(missing.status).toBe(400)
    expect(missing.body.error.fields[0].path).toBe('phoneLast4')
    const malformed = await request(await app())
      .get(`/api/bookings/${owner.code}`)
      .set('X-Booking-Token', 'short')
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.fields[0].path).toBe('x-booking-token')
  })

  it('10 invalid booking requests with a phone do not count against it: the valid booking after them is 201', async () => {
    const phone = newPhone()
    const server = await app()
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const refused = await request(server)
        .post('/api/bookings')
        .send({ stationId: STATION, slotStart: SLOT, matter: 'labor_wages', name: '', phone, consent: true })
      expect(refused.status).toBe(400)
    }
    const accepted = await request(server)
      .post('/api/bookings')
      .send({ stationId: STATION, slotStart: SLOT, matter: 'labor_wages', name: '李四', phone, consent: true })
    expect(accepted.status).toBe(201)
  })

  it('the per-phone limit counts accepted bookings only, and a replay once', async () => {
    const phone = newPhone()
    const server = await buildTestApp(storage(), { rateLimits: { ...limits, bookingsPerPhone: 2 } })
    const body = (slotStart: string) => ({ stationId: STATION, slotStart, matter: 'labor_wages', name: '王五', phone, consent: true })
    expect((await request(server).post('/api/bookings').set('Idempotency-Key', 'replay-key-0001').send(body('2026-11-27T14:00:00+08:00'))).status).toBe(201)
    // the same submission again (a lost answer): replayed, not counted a second time
    expect((await request(server).post('/api/bookings').set('Idempotency-Key', 'replay-key-0001').send(body('2026-11-27T14:00:00+08:00'))).status).toBe(201)
    // the same phone twice in one slot: refused, not counted
    expect((await request(server).post('/api/bookings').send(body('2026-11-27T14:00:00+08:00'))).status).toBe(409)
    expect((await request(server).post('/api/bookings').send(body('2026-11-27T14:30:00+08:00'))).status).toBe(201)
    const third = await request(server).post('/api/bookings').send(body('2026-11-27T15:00:00+08:00'))
    expect(third.status).toBe(429)
    expect(third.headers['retry-after']).toBeDefined()
  })

  describe('GET /api/home', () => {
    it('shows the next booking to the device that presents its token', async () => {
      const owner = await book()
      const home = await request(await app())
        .get('/api/home')
        .set('X-Booking-Tokens', `${owner.code}.${owner.manageToken}`)
      expect(homeResponseSchema.parse(home.body).nextBooking).toMatchObject({ code: owner.code, slotStart: owner.slotStart })
    })

    it('a bare code, or a code with someone else’s token, reveals nothing', async () => {
      const owner = await book()
      const other = await book()
      const bare = await request(await app())
        .get('/api/home')
        .query({ bookings: owner.code })
      expect(bare.status).toBe(200)
      expect(bare.body.nextBooking).toBeNull()
      const swapped = await request(await app())
        .get('/api/home')
        .set('X-Booking-Tokens', `${owner.code}.${other.manageToken}`)
      expect(swapped.body.nextBooking).toBeNull()
    })

    it('bare codes count against the look-up limit of the address, and 首页 still answers', async () => {
      const server = await app()
      for (let call = 0; call < DEFAULT_RATE_LIMITS.lookupsPerIp; call += 1) await request(server).get('/api/home').query({ bookings: 'ABCDEFGH' })
      expect((await request(server).get('/api/home').query({ bookings: 'ABCDEFGH' })).status).toBe(200)
      // the address's look-ups by last 4 digits are now limited too
      expect((await request(server).get('/api/bookings/ABCDEFGH').query({ phoneLast4: '1234' })).status).toBe(429)
    })

    it('a malformed X-Booking-Tokens header answers 400 naming it', async () => {
      const response = await request(await app())
        .get('/api/home')
        .set('X-Booking-Tokens', 'ABCDEFGH')
      expect(response.status).toBe(400)
      expect(response.body.error.fields[0].path).toBe('x-booking-tokens')
    })
  })
})
