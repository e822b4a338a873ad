import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import request from 'supertest'
import { bookingSchema, loginResponseSchema, slotsResponseSchema } from '../../../contracts'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'

// fixedNow is Thursday 2026-11-26 08:00 in Xiushan; Friday 2026-11-27 is bookable
const DAY = '2026-11-27'
type App = Awaited<ReturnType<typeof buildTestApp>>

let phoneCounter = 0
function nextPhone(): string {
  phoneCounter += 1
  return `1350000${String(phoneCounter).padStart(4, '0')}`
}

function weekdayMornings(capacity: number) {
  return {
    weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00', slotMinutes: 30, capacity })),
    exceptions: [],
    minNoticeMinutes: 120,
    horizonDays: 14,
  }
}

describeEachStorage('staff capacity changes apply at once, also to slots that hold bookings', (storage: () => Storage) => {
  // each test has its own station, so one test's schedule never meets another's
  async function staffOf(app: App, stationId: string) {
    const username = `cap-${stationId}`
    const { password } = await new AuthService({ users: new UserRepository(storage().db), now: fixedNow }).addStaff({ stationId, username })
    const token = loginResponseSchema.parse(
      (await request(app).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' })).body,
    ).token
    return {
      token,
      setCapacity: async (capacity: number) => {
        const response = await request(app)
          .put(`/api/staff/stations/${stationId}/schedule`)
          .set('Authorization', `Bearer ${token}`)
          .send(weekdayMornings(capacity))
        expect(response.status).toBe(200)
      },
    }
  }

  const book = (app: App, stationId: string, slotStart: string, phone = nextPhone()) =>
    request(app).post('/api/bookings').send({ stationId, slotStart, matter: 'neighbor', name: '村民', phone, consent: true })

  async function slotOf(app: App, stationId: string, start: string) {
    const { slots } = slotsResponseSchema.parse((await request(app).get(`/api/stations/${stationId}/slots`).query({ date: DAY })).body)
    return slots.find((slot) => slot.start === start)
  }

  async function storedSlot(stationId: string, start: string) {
    const slot = await storage()
      .db.selectFrom('slots')
      .select(['capacity', 'booked'])
      .where('station_id', '=', stationId)
      .where('slot_start', '=', start)
      .executeTakeFirst()
    const active = await storage()
      .db.selectFrom('bookings')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('station_id', '=', stationId)
      .where('slot_start', '=', start)
      .where('status', 'in', ['booked', 'confirmed'])
      .executeTakeFirstOrThrow()
    return { booked: slot?.booked ?? 0, active: Number(active.n), capacity: slot?.capacity ?? null }
  }

  it('the schedule PUT answers 400 naming an unknown field, at the top or inside an exception, and keeps the schedule', async () => {
    const station = '500241110-ws'
    const app = await buildTestApp(storage())
    const staff = await staffOf(app, station)
    await staff.setCapacity(2)
    const put = (body: object) => request(app).put(`/api/staff/stations/${station}/schedule`).set('Authorization', `Bearer ${staff.token}`).send(body)
    for (const body of [
      { ...weekdayMornings(5), capacity: 5 },
      { ...weekdayMornings(5), exceptions: [{ kind: 'closed', date: '2026-12-01', reason: '培训', capacity: 0 }] },
    ]) {
      const response = await put(body)
      expect(response.status).toBe(400)
      expect(response.body.error.fields.map((field: { message: string }) => field.message).join()).toMatch(/不认识的字段：capacity/)
    }
    expect(await slotOf(app, station, `${DAY}T09:00:00+08:00`)).toMatchObject({ capacity: 2 })
  })

  it('book 2 of 2, lower to 1: the next request is 409 and both bookings stay; raise to 3: the next request is 201', async () => {
    const station = '500241104-ws'
    const slot = `${DAY}T09:00:00+08:00`
    const app = await buildTestApp(storage())
    const staff = await staffOf(app, station)
    await staff.setCapacity(2)
    const first = await book(app, station, slot)
    const second = await book(app, station, slot)
    expect([first.status, second.status]).toEqual([201, 201])

    await staff.setCapacity(1)
    const refused = await book(app, station, slot)
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('SLOT_FULL')
    expect(await slotOf(app, station, slot)).toMatchObject({ capacity: 1, remaining: 0 })
    for (const created of [first, second]) {
      const { code, phone } = bookingSchema.parse(created.body)
      const lookup = await request(app)
        .get(`/api/bookings/${code}`)
        .query({ phoneLast4: phone.slice(-4) })
      expect(lookup.body.status).toBe('booked')
    }
    expect(await storedSlot(station, slot)).toMatchObject({ booked: 2, active: 2 })

    await staff.setCapacity(3)
    expect(await slotOf(app, station, slot)).toMatchObject({ capacity: 3, remaining: 1 })
    expect((await book(app, station, slot)).status).toBe(201)
    expect((await book(app, station, slot)).status).toBe(409)
    expect(await storedSlot(station, slot)).toEqual({ booked: 3, active: 3, capacity: 3 })
  })

  it('raising 7 → 10 opens three places in a slot that was full at 7', async () => {
    const station = '500241106-ws'
    const slot = `${DAY}T09:30:00+08:00`
    const app = await buildTestApp(storage())
    const staff = await staffOf(app, station)
    await staff.setCapacity(7)
    for (let index = 0; index < 7; index += 1) expect((await book(app, station, slot)).status).toBe(201)
    expect((await book(app, station, slot)).status).toBe(409)
    await staff.setCapacity(10)
    expect(await slotOf(app, station, slot)).toMatchObject({ capacity: 10, remaining: 3 })
    const statuses = []
    for (let index = 0; index < 4; index += 1) statuses.push((await book(app, station, slot)).status)
    expect(statuses).toEqual([201, 201, 201, 409])
  })

  it('a slot lowered below its bookings stays closed as people cancel, until it is under the new capacity', async () => {
    const station = '500241107-ws'
    const slot = `${DAY}T10:00:00+08:00`
    const app = await buildTestApp(storage())
    const staff = await staffOf(app, station)
    await staff.setCapacity(3)
    const made = [await book(app, station, slot), await book(app, station, slot), await book(app, station, slot)].map((response) =>
      bookingSchema.parse(response.body),
    )
    await staff.setCapacity(1)
    expect(await slotOf(app, station, slot)).toMatchObject({ capacity: 1, remaining: 0 })

    const cancel = (booking: (typeof made)[number]) =>
      request(app)
        .post(`/api/bookings/${booking.code}/cancel`)
        .send({ phoneLast4: booking.phone.slice(-4), reason: '不需要了' })
    expect((await cancel(made[0])).status).toBe(200)
    expect((await book(app, station, slot)).status).toBe(409)
    expect((await cancel(made[1])).status).toBe(200)
    expect((await book(app, station, slot)).status).toBe(409)
    expect((await cancel(made[2])).status).toBe(200)
    expect(await slotOf(app, station, slot)).toMatchObject({ capacity: 1, remaining: 1 })
    expect((await book(app, station, slot)).status).toBe(201)
    expect(await storedSlot(station, slot)).toMatchObject({ booked: 1, active: 1 })
  })

  it('rescheduling follows the current capacity: refused into a lowered slot (nothing moves), allowed into a raised one', async () => {
    const station = '500241108-ws'
    const full = `${DAY}T10:30:00+08:00`
    const other = `${DAY}T11:00:00+08:00`
    const app = await buildTestApp(storage())
    const staff = await staffOf(app, station)
    await staff.setCapacity(2)
    await book(app, station, full)
    await book(app, station, full)
    const mover = bookingSchema.parse((await book(app, station, other)).body)
    await staff.setCapacity(1)

    const reschedule = () =>
      request(app)
        .post(`/api/bookings/${mover.code}/reschedule`)
        .send({ phoneLast4: mover.phone.slice(-4), slotStart: full })
    const refused = await reschedule()
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('SLOT_FULL')
    expect(await storedSlot(station, full)).toMatchObject({ booked: 2, active: 2 })
    expect(await storedSlot(station, other)).toMatchObject({ booked: 1, active: 1 })

    await staff.setCapacity(3)
    const moved = await reschedule()
    expect(moved.status).toBe(200)
    expect(moved.body.slotStart).toBe(full)
    expect(await storedSlot(station, full)).toEqual({ booked: 3, active: 3, capacity: 3 })
    expect(await storedSlot(station, other)).toMatchObject({ booked: 0, active: 0 })
  })

  it('10 simultaneous requests for a slot lowered to 1 with nobody booked: exactly one 201, nine 409, one stored', async () => {
    const station = '500241109-ws'
    const slot = `${DAY}T11:30:00+08:00`
    const app = await buildTestApp(storage())
    const staff = await staffOf(app, station)
    // the slot row exists with the old capacity 4 stored: booked once, then cancelled
    await staff.setCapacity(4)
    const once = bookingSchema.parse((await book(app, station, slot)).body)
    expect(
      (
        await request(app)
          .post(`/api/bookings/${once.code}/cancel`)
          .send({ phoneLast4: once.phone.slice(-4), reason: '改天再来' })
      ).status,
    ).toBe(200)
    expect(await storedSlot(station, slot)).toEqual({ booked: 0, active: 0, capacity: 4 })
    await staff.setCapacity(1)

    const server: Server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/bookings`
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ stationId: station, slotStart: slot, matter: 'land', name: '村民', phone: nextPhone(), consent: true }),
          }),
        ),
      )
      const statuses = responses.map((response) => response.status).sort()
      expect(statuses).toEqual([201, ...Array<number>(9).fill(409)])
    } finally {
      server.closeAllConnections()
      server.close()
    }
    expect(await storedSlot(station, slot)).toEqual({ booked: 1, active: 1, capacity: 1 })
  })
})
