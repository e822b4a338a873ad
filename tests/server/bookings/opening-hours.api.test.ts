import { randomUUID } from 'node:crypto'
import request from 'supertest'
import {
  bookingSchema,
  loginResponseSchema,
  slotFullErrorSchema,
  slotsResponseSchema,
  stationDetailResponseSchema,
  stationScheduleResponseSchema,
  type Schedule,
} from '../../../contracts'
import { stationProfileResponseSchema } from '../../../contracts/station-keeping'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import { BookingRepository } from '../../../server/bookings/booking.repository'
import { isoWeekday } from '../../../contracts/china-time'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'

type App = Awaited<ReturnType<typeof buildTestApp>>

// fixedNow is Thursday 2026-11-26 08:00 in Xiushan
const MON_TO_WED_MORNINGS: Schedule = {
  weekly: [1, 2, 3].map((weekday) => ({ weekday, start: '09:00', end: '12:00', slotMinutes: 30, capacity: 2 })),
  exceptions: [],
  horizonDays: 14,
}

let phoneCounter = 0
function booking(stationId: string, slotStart: string) {
  phoneCounter += 1
  return {
    stationId,
    slotStart,
    matter: 'labor_wages',
    description: '',
    name: '张三',
    phone: `1390013${String(1000 + phoneCounter).padStart(4, '0')}`,
    consent: true,
  }
}

describeEachStorage('one opening-hours truth per station (issue 22)', (storage: () => Storage) => {
  async function signIn(app: App, stationId: string): Promise<string> {
    const username = `staff-${randomUUID().slice(0, 8)}`
    const { password } = await new AuthService({ users: new UserRepository(storage().db), now: fixedNow }).addStaff({ stationId, username })
    const response = await request(app).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' })
    return loginResponseSchema.parse(response.body).token
  }
  const publish = (app: App, token: string, stationId: string, schedule: Schedule) =>
    request(app).put(`/api/staff/stations/${stationId}/schedule`).set('Authorization', `Bearer ${token}`).send(schedule)
  const slotsOf = async (app: App, stationId: string, date?: string) =>
    slotsResponseSchema.parse(
      (
        await request(app)
          .get(`/api/stations/${stationId}/slots`)
          .query(date ? { date } : {})
      ).body,
    )

  describe('PUT /api/staff/stations/:id/schedule', () => {
    it('when staff publish 周一至周三 9:00-12:00, the station page shows those hours and /api/stations/:id/slots offers only those', async () => {
      const station = '500241104-ws'
      const app = await buildTestApp(storage())
      const before = await slotsOf(app, station)
      expect(before.hours.source).toBe('default')
      expect(before.isDefaultSchedule).toBe(true)

      const saved = stationScheduleResponseSchema.parse((await publish(app, await signIn(app, station), station, MON_TO_WED_MORNINGS)).body)
      expect(saved.hours).toEqual({ text: '周一至周三 9:00-12:00', source: 'staff' })
      expect(saved.isDefault).toBe(false)

      const page = stationDetailResponseSchema.parse((await request(app).get(`/api/stations/${station}`)).body)
      expect(page.station.hours).toEqual({ text: '周一至周三 9:00-12:00', isDefault: false })
      expect(page.station.verification).toBe('self_reported')

      const after = await slotsOf(app, station)
      expect(after.isDefaultSchedule).toBe(false)
      expect(after.hours).toEqual({ text: '周一至周三 9:00-12:00', source: 'staff' })
      expect(after.slots.length).toBeGreaterThan(0)
      for (const slot of after.slots) {
        expect([1, 2, 3]).toContain(isoWeekday(slot.start.slice(0, 10)))
        expect(slot.start.slice(11, 16) >= '09:00' && slot.end.slice(11, 16) <= '12:00').toBe(true)
      }
      // Thursday and Friday afternoons were offered before; now nothing
      expect((await slotsOf(app, station, '2026-11-27')).slots).toEqual([])
    })

    it('refuses a booking outside the published hours with 422, in Chinese, naming slotStart and the hours', async () => {
      const station = '500241106-ws'
      const app = await buildTestApp(storage())
      await publish(app, await signIn(app, station), station, MON_TO_WED_MORNINGS)
      for (const slotStart of ['2026-12-03T09:00:00+08:00', '2026-11-30T14:00:00+08:00']) {
        const response = await request(app).post('/api/bookings').send(booking(station, slotStart))
        expect(response.status).toBe(422)
        expect(response.body.error.code).toBe('SLOT_NOT_OFFERED')
        expect(response.body.error.message).toContain('周一至周三 9:00-12:00')
        expect(response.body.error.fields).toEqual([{ path: 'slotStart', message: '这个时间服务站不开放。开放时间：周一至周三 9:00-12:00' }])
      }
      const offGrid = await request(app).post('/api/bookings').send(booking(station, '2026-11-30T09:10:00+08:00'))
      expect(offGrid.body.error.fields).toEqual([{ path: 'slotStart', message: '这不是一个预约时段的开始时间，请从列表里选' }])
      expect((await request(app).post('/api/bookings').send(booking(station, '2026-11-30T09:00:00+08:00'))).status).toBe(201)
    })

    it('keeps bookings made before that fall outside the new hours, and lists them for staff to call', async () => {
      const station = '500241107-ws'
      const app = await buildTestApp(storage())
      const outside = booking(station, '2026-11-27T14:00:00+08:00')
      const created = bookingSchema.parse((await request(app).post('/api/bookings').send(outside)).body)
      const inside = bookingSchema.parse((await request(app).post('/api/bookings').send(booking(station, '2026-11-30T10:00:00+08:00'))).body)

      const token = await signIn(app, station)
      const saved = stationScheduleResponseSchema.parse((await publish(app, token, station, MON_TO_WED_MORNINGS)).body)
      expect(saved.outsideHours).toEqual([
        {
          id: expect.any(String),
          code: created.code,
          status: 'booked',
          slotStart: '2026-11-27T14:00:00+08:00',
          slotEnd: '2026-11-27T14:30:00+08:00',
          name: '张三',
          phone: `139****${outside.phone.slice(-4)}`,
        },
      ])
      expect(saved.outsideHours.map((entry) => entry.code)).not.toContain(inside.code)
      // the list stays until staff have dealt with it, and the booking itself is untouched
      const again = stationScheduleResponseSchema.parse(
        (await request(app).get(`/api/staff/stations/${station}/schedule`).set('Authorization', `Bearer ${token}`)).body,
      )
      expect(again.outsideHours.map((entry) => entry.code)).toEqual([created.code])
      const kept = await request(app)
        .get(`/api/bookings/${created.code}`)
        .query({ phoneLast4: outside.phone.slice(-4) })
      expect(kept.body.status).toBe('booked')
    })
  })

  describe('GET /api/staff/stations/:id/schedule', () => {
    it('weekly openings saved before hours were published are published the first time staff open them', async () => {
      const station = '500241004-ws'
      const app = await buildTestApp(storage())
      const token = await signIn(app, station)
      const user = (await storage().db.selectFrom('users').select('id').where('station_id', '=', station).executeTakeFirstOrThrow()).id
      await new BookingRepository(storage()).saveSchedule({
        stationId: station,
        schedule: MON_TO_WED_MORNINGS,
        updatedAt: fixedNow().toISOString(),
        updatedBy: user,
      })
      expect(stationDetailResponseSchema.parse((await request(app).get(`/api/stations/${station}`)).body).station.hours.isDefault).toBe(true)

      const opened = stationScheduleResponseSchema.parse(
        (await request(app).get(`/api/staff/stations/${station}/schedule`).set('Authorization', `Bearer ${token}`)).body,
      )
      expect(opened.hours).toEqual({ text: '周一至周三 9:00-12:00', source: 'staff' })
      expect(stationDetailResponseSchema.parse((await request(app).get(`/api/stations/${station}`)).body).station.hours).toEqual({
        text: '周一至周三 9:00-12:00',
        isDefault: false,
      })
    })
  })

  describe('hours published as text', () => {
    it('hours typed in 我的服务站 (周一至周三 9:00-12:00) are the bookable hours too, sized as the staff set their slots', async () => {
      const station = '500241108-ws'
      const app = await buildTestApp(storage())
      const token = await signIn(app, station)
      const profile = { phones: [], address: null, hours: { text: '周一至周三 9:00-12:00（12:00-14:00 午休）' }, services: [], location: null }
      expect((await request(app).put(`/api/staff/stations/${station}/profile`).set('Authorization', `Bearer ${token}`).send(profile)).status).toBe(200)
      const slots = await slotsOf(app, station)
      expect(slots.hours).toEqual({ text: '周一至周三 9:00-12:00（12:00-14:00 午休）', source: 'published' })
      expect(slots.isDefaultSchedule).toBe(false)
      expect(slots.slots.every((slot) => [1, 2, 3].includes(isoWeekday(slot.start.slice(0, 10))) && slot.end.slice(11, 16) <= '12:00')).toBe(true)
      expect(slots.slots[0].capacity).toBe(2)
    })

    it('refuses hours a resident could not book by (400 naming hours, in Chinese), and changes nothing', async () => {
      const station = '500241003-ws'
      const app = await buildTestApp(storage())
      const token = await signIn(app, station)
      const refused = await request(app)
        .put(`/api/staff/stations/${station}/profile`)
        .set('Authorization', `Bearer ${token}`)
        .send({ phones: [], address: null, hours: { text: '逢场天上午' }, services: [], location: null })
      expect(refused.status).toBe(400)
      expect(refused.body.error.fields[0].path).toBe('hours')
      expect(refused.body.error.fields[0].message).toMatch(/看不懂这个开放时间/u)
      expect((await slotsOf(app, station)).hours.source).toBe('default')
    })

    it('a profile saved without hours keeps the hours the weekly openings wrote', async () => {
      const station = '500241109-ws'
      const app = await buildTestApp(storage())
      const token = await signIn(app, station)
      await publish(app, token, station, MON_TO_WED_MORNINGS)
      const saved = await request(app)
        .put(`/api/staff/stations/${station}/profile`)
        .set('Authorization', `Bearer ${token}`)
        .send({ phones: ['023-76661234'], address: null, services: [], location: null })
      expect(saved.status).toBe(200)
      expect(stationProfileResponseSchema.parse(saved.body).station.hours).toEqual({ text: '周一至周三 9:00-12:00', isDefault: false })
      expect((await slotsOf(app, station)).hours.source).toBe('staff')
    })
  })

  describe('same-day booking, with a lead time in China time', () => {
    const STATION = '500241001-ws'
    const at = (iso: string) => () => new Date(iso)

    it('at 16:28 a slot at 17:00 is offered with a 30-minute lead time, and not with the default 60', async () => {
      const thirty = await buildTestApp(storage(), { now: at('2026-11-27T16:28:00+08:00'), bookingLeadMinutes: 30 })
      const today = await slotsOf(thirty, STATION, '2026-11-27')
      expect(today.leadMinutes).toBe(30)
      expect(today.slots.map((slot) => slot.start)).toEqual(['2026-11-27T17:00:00+08:00'])
      expect((await request(thirty).post('/api/bookings').send(booking(STATION, '2026-11-27T17:00:00+08:00'))).status).toBe(201)

      const sixty = await buildTestApp(storage(), { now: at('2026-11-27T16:28:00+08:00') })
      expect((await slotsOf(sixty, STATION, '2026-11-27')).slots).toEqual([])
      const tooSoon = await request(sixty).post('/api/bookings').send(booking(STATION, '2026-11-27T17:00:00+08:00'))
      expect(tooSoon.status).toBe(422)
      expect(tooSoon.body.error.fields[0]).toEqual({ path: 'slotStart', message: '离现在不到 60 分钟，来不及安排了' })
    })

    it('at 07:30+08:00 today’s 9:00 is bookable (the UTC date is still yesterday)', async () => {
      const app = await buildTestApp(storage(), { now: at('2026-11-27T07:30:00+08:00') })
      const today = await slotsOf(app, STATION)
      expect(today.slots[0].start).toBe('2026-11-27T09:00:00+08:00')
      expect((await slotsOf(app, STATION, '2026-11-27')).slots[0].start).toBe('2026-11-27T09:00:00+08:00')
    })

    it('at 23:30+08:00 today has nothing left and the next slot is the following weekday’s 9:00', async () => {
      const app = await buildTestApp(storage(), { now: at('2026-11-26T23:30:00+08:00') })
      expect((await slotsOf(app, STATION, '2026-11-26')).slots).toEqual([])
      expect((await slotsOf(app, STATION)).slots[0].start).toBe('2026-11-27T09:00:00+08:00')
    })
  })

  describe('POST /api/bookings when the slot is full', () => {
    it('answers 409 and offers the free slots next to the chosen time: its day’s nearest first, then the next days', async () => {
      const station = '500241002-ws'
      const app = await buildTestApp(storage())
      for (const start of ['11:00', '11:00', '11:30', '11:30'])
        expect(
          (
            await request(app)
              .post('/api/bookings')
              .send(booking(station, `2026-11-27T${start}:00+08:00`))
          ).status,
        ).toBe(201)
      const full = await request(app).post('/api/bookings').send(booking(station, '2026-11-27T11:00:00+08:00'))
      expect(full.status).toBe(409)
      expect(slotFullErrorSchema.parse(full.body).nextSlots.map((slot) => slot.start)).toEqual([
        '2026-11-27T10:30:00+08:00',
        '2026-11-27T10:00:00+08:00',
        '2026-11-27T09:30:00+08:00',
      ])

      // the last slot of the day full: the rest of that day, nearest first
      for (let i = 0; i < 2; i += 1) await request(app).post('/api/bookings').send(booking(station, '2026-11-27T17:00:00+08:00'))
      const late = slotFullErrorSchema.parse((await request(app).post('/api/bookings').send(booking(station, '2026-11-27T17:00:00+08:00'))).body)
      expect(late.nextSlots.map((slot) => slot.start)).toEqual(['2026-11-27T16:30:00+08:00', '2026-11-27T16:00:00+08:00', '2026-11-27T15:30:00+08:00'])
    })
  })
})
