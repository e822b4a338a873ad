import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import pino from 'pino'
import request from 'supertest'
import { adminQueueResponseSchema } from '../../../contracts/station-keeping'
import {
  bookingCreatedSchema,
  loginResponseSchema,
  revealedPhoneSchema,
  staffBookingSchema,
  staffBookingsResponseSchema,
  type StaffBooking,
} from '../../../contracts'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import { RetentionService } from '../../../server/retention/retention.service'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

/**
 * The staff page's day view (issue 14, part 8): a week from today in China time, 已办结 / 未到场
 * only from the slot's start, the same-day undo with its status log, and 回电 (one booking's whole
 * phone, recorded, for that station only). Each test has its own station and its own clock.
 */

type App = Awaited<ReturnType<typeof buildTestApp>>
const at = (text: string) => new Date(text)

let phoneCounter = 0
function nextPhone(): string {
  phoneCounter += 1
  return `1391234${String(phoneCounter).padStart(4, '0')}`
}

/** Every day 07:00–08:00 and 22:00–23:00, no notice: slots that start before 08:00 and after 22:00 China time. */
const EARLY_AND_LATE = {
  weekly: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
    { weekday, start: '07:00', end: '08:00', slotMinutes: 30, capacity: 2 },
    { weekday, start: '22:00', end: '23:00', slotMinutes: 30, capacity: 2 },
  ]),
  exceptions: [],
  minNoticeMinutes: 0,
  horizonDays: 14,
}

describeEachStorage('staff day view: week, moves from the slot’s start, undo, 回电', (storage: () => Storage) => {
  const clock = { now: at('2026-11-26T08:00:00+08:00') }
  const logLines: string[] = []
  let app: App

  beforeAll(async () => {
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(chunk.toString())
          done()
        },
      }),
    )
    app = await buildTestApp(storage(), { now: () => clock.now, logger })
  })

  /** A staff account of the station, signed in at the current clock (sign-ins last 30 days). */
  async function staffOf(stationId: string, displayName?: string) {
    const username = `desk-${randomUUID().slice(0, 8)}`
    const { password } = await new AuthService({ users: new UserRepository(storage().db), now: () => clock.now }).addStaff({ stationId, username, displayName })
    const first = loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' })).body)
    const staff = {
      userId: first.userId,
      token: first.token,
      /** signs in again, at a later clock */
      async signInAgain() {
        staff.token = loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ username, password: 'own-password-2026' })).body).token
      },
      list: async (query: Record<string, string | number>) => {
        const response = await request(app).get('/api/staff/bookings').query(query).set('Authorization', `Bearer ${staff.token}`)
        expect(response.status).toBe(200)
        return staffBookingsResponseSchema.parse(response.body)
      },
      move: (id: string, status: string) => request(app).patch(`/api/staff/bookings/${id}`).set('Authorization', `Bearer ${staff.token}`).send({ status }),
      undo: (id: string) => request(app).post(`/api/staff/bookings/${id}/undo`).set('Authorization', `Bearer ${staff.token}`),
      reveal: (id: string) => request(app).post(`/api/staff/bookings/${id}/reveal-phone`).set('Authorization', `Bearer ${staff.token}`),
    }
    return staff
  }

  async function book(stationId: string, slotStart: string, phone = nextPhone()) {
    const response = await request(app)
      .post('/api/bookings')
      .send({ stationId, slotStart, matter: 'neighbor', description: '宅基地边界', name: '王五', phone, consent: true })
    expect(response.status).toBe(201)
    return { ...bookingCreatedSchema.parse(response.body), fullPhone: phone }
  }

  async function idOf(stationId: string, code: string): Promise<string> {
    const row = await storage().db.selectFrom('bookings').select('id').where('station_id', '=', stationId).where('code', '=', code).executeTakeFirstOrThrow()
    return row.id
  }

  const findIn = (bookings: readonly StaffBooking[], code: string) => bookings.find((entry) => entry.code === code)

  it('lists today + 6 days by China date (07:30 and 23:30 China time; 00:30 moves on), with a booking rescheduled to next week; ?date= still answers one day', async () => {
    const station = '500241111-ws'
    // 07:30 in China is still 2026-11-25 in UTC
    clock.now = at('2026-11-26T07:30:00+08:00')
    const staff = await staffOf(station)
    const moved = await book(station, '2026-11-27T09:00:00+08:00')
    const later = await book(station, '2026-12-03T09:00:00+08:00')
    const rescheduled = await request(app)
      .post(`/api/bookings/${moved.code}/reschedule`)
      .set('X-Booking-Token', moved.manageToken)
      .send({ slotStart: '2026-12-02T09:00:00+08:00' })
    expect(rescheduled.status).toBe(200)

    const week = await staff.list({ days: 7 })
    expect(week).toMatchObject({ date: '2026-11-26', from: '2026-11-26', to: '2026-12-02', days: 7, today: '2026-11-26' })
    expect(findIn(week.bookings, moved.code)?.slotStart).toBe('2026-12-02T09:00:00+08:00')
    expect(findIn(week.bookings, later.code)).toBeUndefined()
    expect(week.bookings.every((entry) => /^139\*{4}\d{4}$/.test(entry.phone))).toBe(true)

    // the first version's one day: the booking has left it
    const oneDay = await staff.list({ date: '2026-11-27' })
    expect(oneDay).toMatchObject({ date: '2026-11-27', from: '2026-11-27', to: '2026-11-27', days: 1 })
    expect(findIn(oneDay.bookings, moved.code)).toBeUndefined()

    // 23:30 in China: the same China date (UTC 15:30)
    clock.now = at('2026-11-26T23:30:00+08:00')
    expect(await staff.list({ days: 7 })).toMatchObject({ from: '2026-11-26', to: '2026-12-02', today: '2026-11-26' })
    // 00:30 the next day in China, still 2026-11-26 in UTC: the week moves on and reaches 12-03
    clock.now = at('2026-11-27T00:30:00+08:00')
    const nextWeek = await staff.list({ days: 7 })
    expect(nextWeek).toMatchObject({ from: '2026-11-27', to: '2026-12-03', today: '2026-11-27' })
    expect(nextWeek.bookings.map((entry) => entry.code)).toEqual([moved.code, later.code])
    // without parameters: today only
    expect(await staff.list({})).toMatchObject({ from: '2026-11-27', to: '2026-11-27', days: 1 })
    // a picked day and its week
    expect((await staff.list({ from: '2026-12-03', days: 1 })).bookings.map((entry) => entry.code)).toEqual([later.code])

    for (const [query, field] of [
      [{ days: 0 }, 'days'],
      [{ days: 32 }, 'days'],
      [{ days: 'seven' }, 'days'],
      [{ from: '2026-13-01' }, 'from'],
      [{ date: '2026-12-01', from: '2026-12-01' }, 'from'],
    ] as const) {
      const refused = await request(app).get('/api/staff/bookings').query(query).set('Authorization', `Bearer ${staff.token}`)
      expect(refused.status).toBe(400)
      expect(refused.body.error.fields.map((entry: { path: string }) => entry.path)).toContain(field)
    }
  })

  it('已办结 / 未到场 before the slot starts: 409 SLOT_NOT_STARTED; 确认 is fine; from the start: 200, logged with who and when', async () => {
    const station = '500241112-ws'
    clock.now = at('2026-11-26T08:00:00+08:00')
    const staff = await staffOf(station)
    const created = await book(station, '2026-11-26T14:00:00+08:00')
    const id = await idOf(station, created.code)

    for (const status of ['done', 'no_show']) {
      const early = await staff.move(id, status)
      expect(early.status).toBe(409)
      expect(early.body.error.code).toBe('SLOT_NOT_STARTED')
      expect(early.body.error.message).toContain('11月26日 14:00')
    }
    const confirmed = await staff.move(id, 'confirmed')
    expect(confirmed.status).toBe(200)
    expect(staffBookingSchema.parse(confirmed.body)).toMatchObject({ status: 'confirmed', undo: { restores: 'booked', changedAt: clock.now.toISOString() } })

    clock.now = at('2026-11-26T13:59:00+08:00')
    expect((await staff.move(id, 'done')).body.error.code).toBe('SLOT_NOT_STARTED')
    clock.now = at('2026-11-26T14:00:00+08:00')
    const done = await staff.move(id, 'done')
    expect(done.status).toBe(200)
    expect(staffBookingSchema.parse(done.body)).toMatchObject({ status: 'done', undo: { restores: 'confirmed' } })
    // a finished booking moves no further
    expect((await staff.move(id, 'no_show')).body.error.code).toBe('STATUS_NOT_ALLOWED')

    const log = await storage().db.selectFrom('booking_status_changes').selectAll().where('booking_id', '=', id).orderBy('version').execute()
    expect(log.map((entry) => [Number(entry.version), entry.from_status, entry.to_status, entry.actor, entry.changed_by, entry.changed_at])).toEqual([
      [1, 'booked', 'confirmed', 'staff', staff.userId, '2026-11-26T00:00:00.000Z'],
      [2, 'confirmed', 'done', 'staff', staff.userId, '2026-11-26T06:00:00.000Z'],
    ])
  })

  it('undo: the same China day by any staff of the station (07:30 → 23:30), once; not the next day, not another station, not the resident’s cancel', async () => {
    const station = '500241113-ws'
    clock.now = at('2026-11-25T12:00:00+08:00')
    const staff = await staffOf(station)
    const colleague = await staffOf(station)
    const stranger = await staffOf('500241114-ws')
    expect((await request(app).put(`/api/staff/stations/${station}/schedule`).set('Authorization', `Bearer ${staff.token}`).send(EARLY_AND_LATE)).status).toBe(
      200,
    )
    const morning = await book(station, '2026-11-26T07:00:00+08:00')
    const evening = await book(station, '2026-11-26T22:00:00+08:00')
    const cancelledLater = await book(station, '2026-11-27T22:00:00+08:00')
    const [morningId, eveningId, cancelledId] = [await idOf(station, morning.code), await idOf(station, evening.code), await idOf(station, cancelledLater.code)]

    // nothing changed yet: nothing to undo
    expect((await staff.undo(morningId)).body.error.code).toBe('NOTHING_TO_UNDO')

    // 07:30 China (2026-11-25 in UTC): 已办结
    clock.now = at('2026-11-26T07:30:00+08:00')
    expect((await staff.move(morningId, 'done')).status).toBe(200)
    // 23:30 China the same day (2026-11-26 in UTC): still undoable, by a colleague too
    clock.now = at('2026-11-26T23:30:00+08:00')
    const listed = findIn((await colleague.list({ date: '2026-11-26' })).bookings, morning.code)
    expect(listed).toMatchObject({ status: 'done', undo: { restores: 'booked', changedAt: '2026-11-25T23:30:00.000Z' } })
    expect((await stranger.undo(morningId)).status).toBe(404)
    const undone = await colleague.undo(morningId)
    expect(undone.status).toBe(200)
    expect(staffBookingSchema.parse(undone.body)).toMatchObject({ status: 'booked', undo: null })
    const again = await staff.undo(morningId)
    expect(again.status).toBe(409)
    expect(again.body.error).toEqual({ code: 'NOTHING_TO_UNDO', message: '最后一次改动已经撤销过了' })
    const log = await storage().db.selectFrom('booking_status_changes').selectAll().where('booking_id', '=', morningId).orderBy('version').execute()
    expect(log.map((entry) => [entry.from_status, entry.to_status, entry.changed_by])).toEqual([
      ['booked', 'done', staff.userId],
      ['done', 'booked', colleague.userId],
    ])
    expect(log[1].undoes).toBe(log[0].id)

    // 未到场 at 23:30; at 00:10 the next China day (still 2026-11-26 in UTC) it stays
    expect((await staff.move(eveningId, 'no_show')).status).toBe(200)
    clock.now = at('2026-11-27T00:10:00+08:00')
    const nextDay = await staff.undo(eveningId)
    expect(nextDay.status).toBe(409)
    expect(nextDay.body.error.code).toBe('NOTHING_TO_UNDO')
    expect(nextDay.body.error.message).toContain('当天')
    expect(findIn((await staff.list({ date: '2026-11-26' })).bookings, evening.code)).toMatchObject({ status: 'no_show', undo: null })

    // the resident cancels after staff confirmed: that is the last change, and it is not staff's to undo
    expect((await staff.move(cancelledId, 'confirmed')).status).toBe(200)
    const cancel = await request(app)
      .post(`/api/bookings/${cancelledLater.code}/cancel`)
      .set('X-Booking-Token', cancelledLater.manageToken)
      .send({ reason: '时间不方便' })
    expect(cancel.status).toBe(200)
    const refused = await staff.undo(cancelledId)
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toContain('预约人自己取消预约')
    const cancelLog = await storage().db.selectFrom('booking_status_changes').selectAll().where('booking_id', '=', cancelledId).orderBy('version').execute()
    expect(cancelLog.map((entry) => [entry.from_status, entry.to_status, entry.actor, entry.changed_by])).toEqual([
      ['booked', 'confirmed', 'staff', staff.userId],
      ['confirmed', 'cancelled', 'resident', null],
    ])
    // and no station but its own touches it
    expect((await stranger.move(cancelledId, 'confirmed')).status).toBe(404)
  })

  it('回电 answers the whole phone to the station’s staff (no-store, recorded, never logged), 404 elsewhere; lists stay masked', async () => {
    const station = '500241115-ws'
    clock.now = at('2026-11-26T08:00:00+08:00')
    const staff = await staffOf(station)
    const stranger = await staffOf('500241116-ws')
    const created = await book(station, '2026-11-27T09:00:00+08:00', '13912345678')
    const id = await idOf(station, created.code)
    logLines.length = 0

    const revealed = await staff.reveal(id)
    expect(revealed.status).toBe(200)
    expect(revealedPhoneSchema.parse(revealed.body)).toEqual({ phone: '13912345678' })
    expect(revealed.headers['cache-control']).toBe('no-store')

    expect((await stranger.reveal(id)).status).toBe(404)
    expect((await staff.reveal(randomUUID())).status).toBe(404)
    expect((await request(app).post(`/api/staff/bookings/${id}/reveal-phone`)).status).toBe(401)

    const reveals = await storage().db.selectFrom('booking_phone_reveals').selectAll().execute()
    expect(reveals).toEqual([{ id: expect.any(String), booking_id: id, station_id: station, revealed_by: staff.userId, revealed_at: clock.now.toISOString() }])
    expect(JSON.stringify(reveals)).not.toContain('13912345678')

    // the list and the booking's own answers stay masked
    expect(findIn((await staff.list({ date: '2026-11-27' })).bookings, created.code)?.phone).toBe('139****5678')
    // the request log names the route pattern, never the number or the booking
    const logged = logLines.join('\n')
    expect(logged).toContain('/api/staff/bookings/:id/reveal-phone')
    expect(logged).not.toContain('13912345678')
    expect(logged).not.toContain(id)
  })

  it('回电 is capped at 30 bookings per staff member per China day: the 31st is 429 in Chinese, nothing shown or recorded; the same booking again does not count; the next China day opens again', async () => {
    const station = '500241118-ws'
    clock.now = at('2026-11-26T07:30:00+08:00')
    const staff = await staffOf(station)
    const colleague = await staffOf(station)
    const first = await book(station, '2026-11-27T09:00:00+08:00')
    const template = await storage().db.selectFrom('bookings').selectAll().where('code', '=', first.code).executeTakeFirstOrThrow()
    // 34 more bookings of the station, each with its own phone (written directly: the slots are not what is tested)
    const ids = [template.id]
    for (let i = 0; i < 34; i += 1) {
      const phone = nextPhone()
      const id = randomUUID()
      await storage()
        .db.insertInto('bookings')
        .values({
          ...template,
          id,
          code: `R${randomUUID().replace(/-/g, '').slice(0, 7).toUpperCase()}`,
          phone,
          phone_last4: phone.slice(-4),
          manage_token_hash: null,
        })
        .execute()
      ids.push(id)
    }
    const statuses: number[] = []
    for (const id of ids.slice(0, 30)) statuses.push((await staff.reveal(id)).status)
    expect(statuses.every((status) => status === 200)).toBe(true)
    // seen already today: shown again, not counted
    expect((await staff.reveal(ids[0])).status).toBe(200)

    const over = await staff.reveal(ids[30])
    expect(over.status).toBe(429)
    expect(over.body.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/今天已经看过 30 个预约的电话号码/) })
    expect(over.body.phone).toBeUndefined()
    // until 00:00 China time: 16.5 hours after 07:30
    expect(Number(over.headers['retry-after'])).toBe(16.5 * 3600)
    const recorded = await storage().db.selectFrom('booking_phone_reveals').select('booking_id').where('revealed_by', '=', staff.userId).execute()
    expect(recorded).toHaveLength(31)
    expect(recorded.map((row) => row.booking_id)).not.toContain(ids[30])
    // the cap is each staff member's own
    expect((await colleague.reveal(ids[30])).status).toBe(200)

    // 23:30 China time is still the same China day (15:30 UTC); 00:30 is the next
    clock.now = at('2026-11-26T23:30:00+08:00')
    expect((await staff.reveal(ids[31])).status).toBe(429)
    clock.now = at('2026-11-27T00:30:00+08:00')
    expect((await staff.reveal(ids[31])).status).toBe(200)
  })

  it('the county administrator sees who revealed which booking’s phone and when, newest first, the phone masked; another county’s administrator sees none of it', async () => {
    const station = '500241119-ws'
    clock.now = at('2026-11-26T08:00:00+08:00')
    const staff = await staffOf(station, '回电员甲')
    const created = await book(station, '2026-11-27T09:00:00+08:00', '13955556666')
    const id = await idOf(station, created.code)
    expect((await staff.reveal(id)).status).toBe(200)
    clock.now = at('2026-11-26T08:05:00+08:00')
    expect((await staff.reveal(id)).status).toBe(200)

    const users = new AuthService({ users: new UserRepository(storage().db), now: () => clock.now })
    const adminToken = async (county: string) => {
      const username = `adm-${randomUUID().slice(0, 8)}`
      const { password } = await users.addAdmin({ username, county })
      return loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' })).body).token
    }
    const queueOf = async (token: string) =>
      adminQueueResponseSchema.parse((await request(app).get('/api/admin/queue').set('Authorization', `Bearer ${token}`).expect(200)).body)
    const reveals = (await queueOf(await adminToken('秀山土家族苗族自治县'))).phoneReveals.filter((reveal) => reveal.stationId === station)
    expect(reveals).toEqual([
      {
        revealedAt: '2026-11-26T00:05:00.000Z',
        stationId: station,
        stationName: expect.any(String),
        staffName: '回电员甲',
        slotStart: '2026-11-27T09:00:00+08:00',
        phone: '139****6666',
      },
      {
        revealedAt: '2026-11-26T00:00:00.000Z',
        stationId: station,
        stationName: expect.any(String),
        staffName: '回电员甲',
        slotStart: '2026-11-27T09:00:00+08:00',
        phone: '139****6666',
      },
    ])
    expect(JSON.stringify(reveals)).not.toContain('13955556666')
    expect((await queueOf(await adminToken('酉阳土家族苗族自治县'))).phoneReveals).toEqual([])
  })

  it('回电 after the retention rule: 410 PHONE_ERASED from 180 days after the slot ends (before and after the purge), nothing recorded', async () => {
    const station = '500241117-ws'
    clock.now = at('2026-11-26T08:00:00+08:00')
    const staff = await staffOf(station)
    const created = await book(station, '2026-11-27T09:00:00+08:00')
    const id = await idOf(station, created.code)
    const revealsOf = async () => (await storage().db.selectFrom('booking_phone_reveals').select('id').where('booking_id', '=', id).execute()).length

    // the slot ends 2026-11-27 09:30 China time: 180 days later is 2027-05-26 09:30
    clock.now = at('2027-05-26T09:29:00+08:00')
    await staff.signInAgain()
    expect((await staff.reveal(id)).body).toEqual({ phone: created.fullPhone })
    expect(await revealsOf()).toBe(1)

    clock.now = at('2027-05-26T09:31:00+08:00')
    const due = await staff.reveal(id)
    expect(due.status).toBe(410)
    expect(due.body.error.code).toBe('PHONE_ERASED')
    expect(due.body.error.message).toContain('180 天')
    await new RetentionService({ storage: storage(), now: () => clock.now }).run()
    expect((await staff.reveal(id)).status).toBe(410)
    expect(await revealsOf()).toBe(1)
    expect(findIn((await staff.list({ date: '2026-11-27' })).bookings, created.code)?.phone).toBe('（已删除）')
  })

  it('names who moved a booking last, in the answer and the week: a colleague’s undo names the colleague; after the resident’s cancel, nobody', async () => {
    const station = '500241115-ws'
    clock.now = at('2026-11-25T12:00:00+08:00')
    const staff = await staffOf(station, '李明')
    const colleague = await staffOf(station, '王芳')
    expect((await request(app).put(`/api/staff/stations/${station}/schedule`).set('Authorization', `Bearer ${staff.token}`).send(EARLY_AND_LATE)).status).toBe(
      200,
    )
    const booking = await book(station, '2026-11-26T22:00:00+08:00')
    const id = await idOf(station, booking.code)
    expect(findIn((await staff.list({ date: '2026-11-26' })).bookings, booking.code)).toMatchObject({ lastStaffChange: null })

    clock.now = at('2026-11-26T22:10:00+08:00')
    const done = staffBookingSchema.parse((await staff.move(id, 'done')).body)
    expect(done.lastStaffChange).toEqual({ by: '李明', at: '2026-11-26T14:10:00.000Z', to: 'done', undid: false })
    expect(findIn((await colleague.list({ date: '2026-11-26' })).bookings, booking.code)?.lastStaffChange).toEqual({
      by: '李明',
      at: '2026-11-26T14:10:00.000Z',
      to: 'done',
      undid: false,
    })
    const undone = staffBookingSchema.parse((await colleague.undo(id)).body)
    expect(undone.lastStaffChange).toEqual({ by: '王芳', at: '2026-11-26T14:10:00.000Z', to: 'booked', undid: true })
    expect(findIn((await staff.list({ date: '2026-11-26' })).bookings, booking.code)?.lastStaffChange).toMatchObject({ by: '王芳', undid: true })

    const cancel = await request(app).post(`/api/bookings/${booking.code}/cancel`).set('X-Booking-Token', booking.manageToken).send({ reason: '时间不方便' })
    expect(cancel.status).toBe(200)
    expect(findIn((await staff.list({ date: '2026-11-26' })).bookings, booking.code)).toMatchObject({ status: 'cancelled', lastStaffChange: null })
  })
})
