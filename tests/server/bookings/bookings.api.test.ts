import { randomUUID } from 'node:crypto'
import request from 'supertest'
import { bookingSchema, loginResponseSchema, slotFullErrorSchema, slotsResponseSchema, staffBookingsResponseSchema } from '../../../contracts'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import { DEFAULT_SCHEDULE } from '../../../server/bookings/slot-generation'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'

// fixedNow is Thursday 2026-11-26 08:00 in Xiushan; Friday's default slots are open
const STATION = '500241103-ws' // 隘口镇公共法律服务工作站
const OTHER_STATION = '500241001-ws'
const SLOT = '2026-11-27T09:00:00+08:00'

let phoneCounter = 0
function booking(overrides: Record<string, unknown> = {}) {
  phoneCounter += 1
  return {
    stationId: STATION,
    slotStart: SLOT,
    matter: 'labor_wages',
    description: '工地老板拖欠三个月工资',
    name: '张三',
    phone: `1380013${String(8000 + phoneCounter).padStart(4, '0')}`,
    consent: true,
    ...overrides,
  }
}

describeEachStorage('bookings API', (storage: () => Storage) => {
  describe('GET /api/stations/:id/slots', () => {
    it('offers the default schedule’s slots with capacity and remaining places', async () => {
      const response = await request(await buildTestApp(storage()))
        .get(`/api/stations/${STATION}/slots`)
        .query({ date: '2026-11-27' })
      const body = slotsResponseSchema.parse(response.body)
      expect(body.isDefaultSchedule).toBe(true)
      expect(body.slots[0]).toEqual({ start: SLOT, end: '2026-11-27T09:30:00+08:00', capacity: 2, remaining: 2 })
    })

    it('refuses a malformed date with 400 naming date', async () => {
      const response = await request(await buildTestApp(storage()))
        .get(`/api/stations/${STATION}/slots`)
        .query({ date: '27/11/2026' })
      expect(response.status).toBe(400)
      expect(response.body.error.fields[0].path).toBe('date')
    })
  })

  describe('POST /api/bookings', () => {
    it('books a slot: 201 with an 8-character code without 0/O/1/I and the phone masked', async () => {
      const app = await buildTestApp(storage())
      const body = booking({ slotStart: '2026-11-27T09:30:00+08:00' })
      const response = await request(app).post('/api/bookings').set('Idempotency-Key', randomUUID()).send(body)
      expect(response.status).toBe(201)
      const created = bookingSchema.parse(response.body)
      expect(created.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
      expect(created.phone).toBe(`138****${body.phone.slice(-4)}`)
      expect(JSON.stringify(response.body)).not.toContain(body.phone)
      expect(created.status).toBe('booked')
      const slots = slotsResponseSchema.parse((await request(app).get(`/api/stations/${STATION}/slots`).query({ date: '2026-11-27' })).body)
      expect(slots.slots.find((slot) => slot.start === '2026-11-27T09:30:00+08:00')?.remaining).toBe(1)
    })

    it('an idempotent replay returns the same booking; the same key with another body answers 422', async () => {
      const app = await buildTestApp(storage())
      const key = randomUUID()
      const body = booking({ slotStart: '2026-11-27T10:00:00+08:00' })
      const first = await request(app).post('/api/bookings').set('Idempotency-Key', key).send(body)
      const replay = await request(app)
        .post('/api/bookings')
        .set('Idempotency-Key', key)
        .send({ ...body })
      expect(first.status).toBe(201)
      expect(replay.status).toBe(201)
      expect(replay.body.code).toBe(first.body.code)
      expect(replay.headers['idempotent-replayed']).toBe('true')
      const other = await request(app)
        .post('/api/bookings')
        .set('Idempotency-Key', key)
        .send({ ...body, name: '李四' })
      expect(other.status).toBe(422)
      expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
      const slots = slotsResponseSchema.parse((await request(app).get(`/api/stations/${STATION}/slots`).query({ date: '2026-11-27' })).body)
      expect(slots.slots.find((slot) => slot.start === '2026-11-27T10:00:00+08:00')?.remaining).toBe(1)
    })

    it('one phone cannot hold two places in one slot', async () => {
      const app = await buildTestApp(storage())
      const body = booking({ slotStart: '2026-11-27T10:30:00+08:00' })
      expect((await request(app).post('/api/bookings').send(body)).status).toBe(201)
      const again = await request(app).post('/api/bookings').send(body)
      expect(again.status).toBe(409)
      expect(again.body.error.code).toBe('ALREADY_BOOKED')
    })

    it('when the slot is full, answers 409 and suggests the next three free slots', async () => {
      const app = await buildTestApp(storage())
      const slotStart = '2026-11-27T11:00:00+08:00'
      for (let i = 0; i < 2; i += 1) expect((await request(app).post('/api/bookings').send(booking({ slotStart }))).status).toBe(201)
      const full = await request(app).post('/api/bookings').send(booking({ slotStart }))
      expect(full.status).toBe(409)
      const body = slotFullErrorSchema.parse(full.body)
      expect(body.error.message).toMatch(/约满/)
      expect(body.nextSlots).toHaveLength(3)
      expect(body.nextSlots.every((slot) => slot.remaining > 0 && slot.start !== slotStart)).toBe(true)
    })

    it.each([
      ['no consent', { consent: false }, 'consent'],
      ['a short phone number', { phone: '12345' }, 'phone'],
      ['a description of 501 characters', { description: '长'.repeat(501) }, 'description'],
      ['an unknown matter', { matter: 'divorce' }, 'matter'],
      ['an empty name', { name: '' }, 'name'],
      ['an extra field', { unexpected: 1 }, '(root)'],
      ['代办 without the person’s agreement', { proxy: { agentName: '王五', agentRole: 'volunteer', agentPhone: '13900139000' } }, 'proxy.personAgreed'],
    ])('refuses %s with 400 naming the field, and books nothing', async (_name, change, field) => {
      const app = await buildTestApp(storage())
      const slotStart = '2026-11-27T11:30:00+08:00'
      const response = await request(app)
        .post('/api/bookings')
        .send(booking({ slotStart, ...change }))
      expect(response.status).toBe(400)
      expect(response.body.error.fields.map((f: { path: string }) => f.path)).toContain(field)
      const slots = slotsResponseSchema.parse((await request(app).get(`/api/stations/${STATION}/slots`).query({ date: '2026-11-27' })).body)
      expect(slots.slots.find((slot) => slot.start === slotStart)?.remaining).toBe(2)
    })

    it('refuses a slot the schedule does not offer (past, too soon, closed) with 422', async () => {
      const app = await buildTestApp(storage())
      for (const slotStart of ['2026-11-26T08:30:00+08:00', '2026-11-28T09:00:00+08:00', '2026-11-27T09:10:00+08:00']) {
        const response = await request(app).post('/api/bookings').send(booking({ slotStart }))
        expect(response.status).toBe(422)
        expect(response.body.error.fields[0].path).toBe('slotStart')
      }
    })

    it('records a 代办 booking: who booked and that the person agreed', async () => {
      const response = await request(await buildTestApp(storage()))
        .post('/api/bookings')
        .send(
          booking({
            slotStart: '2026-11-27T14:00:00+08:00',
            proxy: { agentName: '王五', agentRole: 'volunteer', agentPhone: '13900139000', personAgreed: true },
          }),
        )
      expect(response.status).toBe(201)
      expect(response.body.proxy).toEqual({ agentName: '王五', agentRole: 'volunteer' })
    })
  })

  describe('look-up, cancel and reschedule with the code and the last four digits', () => {
    it('finds the booking with the right proof; a wrong proof is 404, like a wrong code', async () => {
      const app = await buildTestApp(storage())
      const body = booking({ slotStart: '2026-11-27T14:30:00+08:00' })
      const { code } = (await request(app).post('/api/bookings').send(body)).body as { code: string }
      const found = await request(app)
        .get(`/api/bookings/${code}`)
        .query({ phoneLast4: body.phone.slice(-4) })
      expect(found.status).toBe(200)
      expect(found.body.code).toBe(code)
      expect((await request(app).get(`/api/bookings/${code}`).query({ phoneLast4: '0000' })).status).toBe(404)
      expect(
        (
          await request(app)
            .get('/api/bookings/ABCDEFGH')
            .query({ phoneLast4: body.phone.slice(-4) })
        ).status,
      ).toBe(404)
      expect(
        (
          await request(app)
            .get(`/api/bookings/${code.toLowerCase()}`)
            .query({ phoneLast4: body.phone.slice(-4) })
        ).status,
      ).toBe(200)
    })

    it('cancels with a reason, gives the place back, and refuses a second cancel', async () => {
      const app = await buildTestApp(storage())
      const slotStart = '2026-11-27T15:00:00+08:00'
      const body = booking({ slotStart })
      const { code } = (await request(app).post('/api/bookings').send(body)).body as { code: string }
      const cancelled = await request(app)
        .post(`/api/bookings/${code}/cancel`)
        .send({ phoneLast4: body.phone.slice(-4), reason: '问题已经解决' })
      expect(cancelled.status).toBe(200)
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '问题已经解决' })
      const slots = slotsResponseSchema.parse((await request(app).get(`/api/stations/${STATION}/slots`).query({ date: '2026-11-27' })).body)
      expect(slots.slots.find((slot) => slot.start === slotStart)?.remaining).toBe(2)
      expect(
        (
          await request(app)
            .post(`/api/bookings/${code}/cancel`)
            .send({ phoneLast4: body.phone.slice(-4), reason: '再取消' })
        ).status,
      ).toBe(409)
    })

    it('reschedules atomically: the old place is freed, the new one taken; a full target changes nothing', async () => {
      const app = await buildTestApp(storage())
      const from = '2026-11-27T15:30:00+08:00'
      const to = '2026-11-27T16:00:00+08:00'
      const body = booking({ slotStart: from })
      const { code } = (await request(app).post('/api/bookings').send(body)).body as { code: string }
      const moved = await request(app)
        .post(`/api/bookings/${code}/reschedule`)
        .send({ phoneLast4: body.phone.slice(-4), slotStart: to })
      expect(moved.status).toBe(200)
      expect(moved.body.slotStart).toBe(to)
      const remaining = async (start: string) =>
        slotsResponseSchema
          .parse((await request(app).get(`/api/stations/${STATION}/slots`).query({ date: '2026-11-27' })).body)
          .slots.find((slot) => slot.start === start)?.remaining
      expect(await remaining(from)).toBe(2)
      expect(await remaining(to)).toBe(1)
      // fill 16:30 and try to move there
      const target = '2026-11-27T16:30:00+08:00'
      for (let i = 0; i < 2; i += 1)
        await request(app)
          .post('/api/bookings')
          .send(booking({ slotStart: target }))
      const blocked = await request(app)
        .post(`/api/bookings/${code}/reschedule`)
        .send({ phoneLast4: body.phone.slice(-4), slotStart: target })
      expect(blocked.status).toBe(409)
      expect(await remaining(to)).toBe(1)
    })

    it('limits look-ups of one code: 429 with Retry-After after the limit', async () => {
      const app = await buildTestApp(storage(), { rateLimits: { bookingsPerIp: 100, bookingsPerPhone: 100, lookupsPerIp: 100, lookupsPerCode: 3 } })
      const statuses: number[] = []
      for (let i = 0; i < 4; i += 1) statuses.push((await request(app).get('/api/bookings/ZZZZZZZZ').query({ phoneLast4: '1234' })).status)
      expect(statuses).toEqual([404, 404, 404, 429])
      const limited = await request(app).get('/api/bookings/ZZZZZZZZ').query({ phoneLast4: '1234' })
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
      expect(limited.body.error.code).toBe('RATE_LIMITED')
    })
  })

  describe('staff', () => {
    async function signIn(app: Awaited<ReturnType<typeof buildTestApp>>, stationId: string) {
      const username = `staff-${randomUUID().slice(0, 8)}`
      const { password } = await new AuthService({ users: new UserRepository(storage().db), now: fixedNow }).addStaff({ stationId, username })
      const response = await request(app).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' })
      expect(response.status).toBe(200)
      return loginResponseSchema.parse(response.body).token
    }

    it('sees the day’s bookings of their own station and confirms them; 已办结 waits for the slot (staff-day.api.test.ts has the rest)', async () => {
      const app = await buildTestApp(storage())
      const token = await signIn(app, STATION)
      await request(app)
        .post('/api/bookings')
        .send(booking({ slotStart: '2026-11-27T16:00:00+08:00' }))
      const day = staffBookingsResponseSchema.parse(
        (await request(app).get('/api/staff/bookings').query({ date: '2026-11-27' }).set('Authorization', `Bearer ${token}`)).body,
      )
      expect(day.bookings.length).toBeGreaterThan(0)
      expect(day.bookings.every((entry) => entry.stationId === STATION && /\*{4}/.test(entry.phone))).toBe(true)
      const target = day.bookings.find((entry) => entry.status === 'booked')!
      const confirmed = await request(app).patch(`/api/staff/bookings/${target.id}`).set('Authorization', `Bearer ${token}`).send({ status: 'confirmed' })
      expect(confirmed.body.status).toBe('confirmed')
      // the slot is tomorrow afternoon: too early to say how it went
      const done = await request(app).patch(`/api/staff/bookings/${target.id}`).set('Authorization', `Bearer ${token}`).send({ status: 'done' })
      expect(done.status).toBe(409)
      expect(done.body.error.code).toBe('SLOT_NOT_STARTED')
      expect(
        (await request(app).patch(`/api/staff/bookings/${target.id}`).set('Authorization', `Bearer ${token}`).send({ status: 'confirmed' })).body.error.code,
      ).toBe('STATUS_NOT_ALLOWED')
    })

    it('gets 404 for another station’s bookings and schedule', async () => {
      const app = await buildTestApp(storage())
      const otherToken = await signIn(app, OTHER_STATION)
      const created = (
        await request(app)
          .post('/api/bookings')
          .send(booking({ slotStart: '2026-11-27T16:30:00+08:00' }))
      ).body as { code: string }
      const ownerToken = await signIn(app, STATION)
      const day = staffBookingsResponseSchema.parse(
        (await request(app).get('/api/staff/bookings').query({ date: '2026-11-27' }).set('Authorization', `Bearer ${ownerToken}`)).body,
      )
      const id = day.bookings.find((entry) => entry.code === created.code)?.id ?? randomUUID()
      expect((await request(app).patch(`/api/staff/bookings/${id}`).set('Authorization', `Bearer ${otherToken}`).send({ status: 'confirmed' })).status).toBe(
        404,
      )
      expect((await request(app).get(`/api/staff/stations/${STATION}/schedule`).set('Authorization', `Bearer ${otherToken}`)).status).toBe(404)
      expect(
        (await request(app).put(`/api/staff/stations/${STATION}/schedule`).set('Authorization', `Bearer ${otherToken}`).send(DEFAULT_SCHEDULE)).status,
      ).toBe(404)
      const otherDay = staffBookingsResponseSchema.parse(
        (await request(app).get('/api/staff/bookings').query({ date: '2026-11-27' }).set('Authorization', `Bearer ${otherToken}`)).body,
      )
      expect(otherDay.bookings.some((entry) => entry.code === created.code)).toBe(false)
    })

    it('edits the schedule, and the slots follow', async () => {
      const app = await buildTestApp(storage())
      const token = await signIn(app, STATION)
      const schedule = {
        ...DEFAULT_SCHEDULE,
        weekly: [{ weekday: 6, start: '09:00', end: '10:00', slotMinutes: 60, capacity: 4 }],
        exceptions: [{ kind: 'closed', date: '2026-12-05', reason: '培训' }],
      }
      const saved = await request(app).put(`/api/staff/stations/${STATION}/schedule`).set('Authorization', `Bearer ${token}`).send(schedule)
      expect(saved.status).toBe(200)
      expect(saved.body.isDefault).toBe(false)
      const saturday = slotsResponseSchema.parse((await request(app).get(`/api/stations/${STATION}/slots`).query({ date: '2026-11-28' })).body)
      expect(saturday.slots).toEqual([{ start: '2026-11-28T09:00:00+08:00', end: '2026-11-28T10:00:00+08:00', capacity: 4, remaining: 4 }])
      const closed = slotsResponseSchema.parse((await request(app).get(`/api/stations/${STATION}/slots`).query({ date: '2026-12-05' })).body)
      expect(closed.slots).toEqual([])
      const invalid = await request(app)
        .put(`/api/staff/stations/${STATION}/schedule`)
        .set('Authorization', `Bearer ${token}`)
        .send({ ...schedule, weekly: [{ weekday: 8, start: '10:00', end: '09:00', slotMinutes: 5, capacity: 0 }] })
      expect(invalid.status).toBe(400)
      // put the default back for the other tests in this file
      await request(app).put(`/api/staff/stations/${STATION}/schedule`).set('Authorization', `Bearer ${token}`).send(DEFAULT_SCHEDULE)
    })

    it('without a token is 401; with a wrong, or signed-out, token is 401', async () => {
      const app = await buildTestApp(storage())
      expect((await request(app).get('/api/staff/bookings')).status).toBe(401)
      expect(
        (
          await request(app)
            .get('/api/staff/bookings')
            .set('Authorization', `Bearer ${'x'.repeat(43)}`)
        ).status,
      ).toBe(401)
      const token = await signIn(app, STATION)
      expect((await request(app).get('/api/staff/bookings').set('Authorization', `Bearer ${token}`)).status).toBe(200)
      expect((await request(app).post('/api/auth/logout').set('Authorization', `Bearer ${token}`)).status).toBe(204)
      expect((await request(app).get('/api/staff/bookings').set('Authorization', `Bearer ${token}`)).status).toBe(401)
    })

    it('a wrong password is 401 with the same words as an unknown user', async () => {
      const app = await buildTestApp(storage())
      await signIn(app, STATION)
      const wrong = await request(app).post('/api/auth/login').send({ username: 'nobody', password: 'x' })
      expect(wrong.status).toBe(401)
      expect(wrong.body.error.message).toBe('用户名或密码不对')
    })
  })

  describe('reminders', () => {
    it('writes the outbox rows in the same transaction as the booking', async () => {
      const app = await buildTestApp(storage())
      const { code } = (
        await request(app)
          .post('/api/bookings')
          .send(booking({ slotStart: '2026-11-30T09:00:00+08:00' }))
      ).body as { code: string }
      const rows = await storage().db.selectFrom('outbox').selectAll().execute()
      const mine = rows.filter((row) => (JSON.parse(row.payload) as { code: string }).code === code)
      expect(mine.map((row) => row.kind).sort()).toEqual(['booking_created', 'booking_reminder'])
      expect(mine.find((row) => row.kind === 'booking_reminder')?.due_at).toBe(new Date('2026-11-29T09:00:00+08:00').toISOString())
    })
  })
})
