import { randomUUID } from 'node:crypto'
import type { Express } from 'express'
import pino from 'pino'
import request from 'supertest'
import { bookingCreatedSchema, bookingSchema, loginResponseSchema, slotsResponseSchema, staffCancelResponseSchema } from '../../../contracts'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import { ReminderSender } from '../../../server/bookings/reminder-sender'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'

/**
 * Issue 23 row 3, Deliver 3: staff cancel one booking, or every upcoming active booking of its
 * phone or of its network, with a reason the resident sees; the places are free again and the status
 * log names who. Each test has its own station; the clock is 2026-11-26 08:00 China time.
 */

let phoneCounter = 0
const nextPhone = () => `1365555${String((phoneCounter += 1)).padStart(4, '0')}`

describeEachStorage('POST /api/staff/bookings/:id/cancel', (storage: () => Storage) => {
  let app: Express
  beforeAll(async () => {
    app = await buildTestApp(storage(), { trustProxy: ['loopback'] })
  })

  async function staffOf(stationId: string, displayName = '值班员小李') {
    const username = `desk-${randomUUID().slice(0, 8)}`
    const { password } = await new AuthService({ users: new UserRepository(storage().db), now: fixedNow }).addStaff({ stationId, username, displayName })
    const login = loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' })).body)
    return {
      userId: login.userId,
      cancel: (id: string, body: Record<string, unknown>) =>
        request(app).post(`/api/staff/bookings/${id}/cancel`).set('Authorization', `Bearer ${login.token}`).send(body),
      undo: (id: string) => request(app).post(`/api/staff/bookings/${id}/undo`).set('Authorization', `Bearer ${login.token}`),
    }
  }

  async function book(params: { stationId: string; slotStart: string; phone?: string; address?: string }) {
    const phone = params.phone ?? nextPhone()
    const response = await request(app)
      .post('/api/bookings')
      .set('X-Forwarded-For', params.address ?? '192.0.2.1')
      .send({ stationId: params.stationId, slotStart: params.slotStart, matter: 'land', name: '田二妹', phone, consent: true })
    expect(response.status).toBe(201)
    const created = bookingCreatedSchema.parse(response.body)
    const { id } = await storage().db.selectFrom('bookings').select('id').where('code', '=', created.code).executeTakeFirstOrThrow()
    return { ...created, id, fullPhone: phone }
  }

  const statusOf = async (code: string) =>
    (await storage().db.selectFrom('bookings').select('status').where('code', '=', code).executeTakeFirstOrThrow()).status

  async function remaining(stationId: string, slotStart: string): Promise<number> {
    const slots = slotsResponseSchema.parse(
      (
        await request(app)
          .get(`/api/stations/${stationId}/slots`)
          .query({ date: slotStart.slice(0, 10) })
      ).body,
    ).slots
    return slots.find((slot) => slot.start === slotStart)!.remaining
  }

  it('cancels one booking with a reason: the resident’s look-up shows “服务站取消：…”, the place is free again, and the log names the staff member', async () => {
    const stationId = '500241003-ws'
    const staff = await staffOf(stationId)
    const slotStart = '2026-11-27T09:00:00+08:00'
    const first = await book({ stationId, slotStart })
    const second = await book({ stationId, slotStart })
    expect(await remaining(stationId, slotStart)).toBe(0)
    // a full slot: the next resident is offered other times
    expect(
      (await request(app).post('/api/bookings').send({ stationId, slotStart, matter: 'land', name: '王五', phone: nextPhone(), consent: true })).status,
    ).toBe(409)

    const answer = await staff.cancel(first.id, { scope: 'booking', reason: '刷号预约，已核实不是本人' })
    expect(answer.status).toBe(200)
    const { cancelled } = staffCancelResponseSchema.parse(answer.body)
    expect(cancelled).toHaveLength(1)
    expect(cancelled[0]).toMatchObject({
      code: first.code,
      status: 'cancelled',
      cancelReason: '服务站取消：刷号预约，已核实不是本人',
      lastStaffChange: { by: '值班员小李', to: 'cancelled' },
      undo: null,
    })
    expect(await statusOf(second.code)).toBe('booked')

    const seen = await request(app).get(`/api/bookings/${first.code}`).set('X-Booking-Token', first.manageToken)
    expect(bookingSchema.parse(seen.body)).toMatchObject({ status: 'cancelled', cancelReason: '服务站取消：刷号预约，已核实不是本人' })

    expect(await remaining(stationId, slotStart)).toBe(1)
    expect(
      (await request(app).post('/api/bookings').send({ stationId, slotStart, matter: 'land', name: '王五', phone: nextPhone(), consent: true })).status,
    ).toBe(201)

    const log = await storage().db.selectFrom('booking_status_changes').selectAll().where('booking_id', '=', first.id).execute()
    expect(log).toEqual([expect.objectContaining({ from_status: 'booked', to_status: 'cancelled', actor: 'staff', changed_by: staff.userId })])
    // a station's cancel gave the place away: it cannot be undone
    expect((await staff.undo(first.id)).body.error.code).toBe('NOTHING_TO_UNDO')
    // and cancelling it again says it is cancelled already
    const again = await staff.cancel(first.id, { scope: 'booking', reason: '再取消' })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({ code: 'BOOKING_NOT_ACTIVE', message: expect.stringContaining('已取消') })
  })

  it('a booking the station cancelled gets no day-before reminder (a resident must not come for nothing)', async () => {
    const stationId = '500241108-ws'
    const staff = await staffOf(stationId)
    const kept = await book({ stationId, slotStart: '2026-11-30T09:00:00+08:00' })
    const dropped = await book({ stationId, slotStart: '2026-11-30T09:30:00+08:00' })
    expect((await staff.cancel(dropped.id, { scope: 'booking', reason: '刷号' })).status).toBe(200)
    const lines: string[] = []
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) })
    await new ReminderSender({ storage: storage(), logger, now: () => new Date('2026-11-29T12:00:00+08:00'), wechat: null }).sendDue({ limit: 1000 })
    const reminded = lines.map((line) => JSON.parse(line) as { kind?: string; code?: string }).filter((line) => line.kind === 'booking_reminder')
    const outbox = await storage().db.selectFrom('outbox').select(['payload', 'last_error', 'sent_at']).where('kind', '=', 'booking_reminder').execute()
    const reminderOf = (id: string) => outbox.find((row) => (JSON.parse(row.payload) as { bookingId: string }).bookingId === id)!
    expect(reminderOf(dropped.id)).toMatchObject({ last_error: 'skipped: booking no longer active', sent_at: expect.any(String) })
    expect(reminderOf(kept.id)).toMatchObject({ last_error: null, sent_at: expect.any(String) })
    expect(reminded.length).toBeGreaterThan(0)
  })

  it('cancels every upcoming active booking of one phone at the station, and nothing of other phones or other stations', async () => {
    const stationId = '500241004-ws'
    const staff = await staffOf(stationId)
    const phone = nextPhone()
    const mine = [
      await book({ stationId, slotStart: '2026-11-27T09:00:00+08:00', phone, address: '192.0.2.10' }),
      await book({ stationId, slotStart: '2026-11-30T10:00:00+08:00', phone, address: '192.0.2.11' }),
      await book({ stationId, slotStart: '2026-12-01T14:30:00+08:00', phone, address: '2001:db8:1:2::9' }),
    ]
    const otherPhone = await book({ stationId, slotStart: '2026-11-27T09:00:00+08:00' })
    const otherStation = await book({ stationId: '500241005-ws', slotStart: '2026-11-27T09:00:00+08:00', phone })

    const answer = await staff.cancel(mine[1].id, { scope: 'phone', reason: '同一号码重复预约' })
    expect(answer.status).toBe(200)
    const { cancelled } = staffCancelResponseSchema.parse(answer.body)
    expect(cancelled.map((entry) => entry.code)).toEqual(mine.map((entry) => entry.code))
    expect(cancelled.every((entry) => entry.cancelReason === '服务站取消：同一号码重复预约' && /^\d{3}\*{4}\d{4}$/.test(entry.phone))).toBe(true)
    for (const entry of mine) expect(await statusOf(entry.code)).toBe('cancelled')
    expect(await statusOf(otherPhone.code)).toBe('booked')
    expect(await statusOf(otherStation.code)).toBe('booked')
    expect(await remaining(stationId, '2026-11-30T10:00:00+08:00')).toBe(2)
  })

  it('cancels every upcoming active booking made from the network of one booking (staff never see the address), and none from other networks', async () => {
    const stationId = '500241103-ws'
    const staff = await staffOf(stationId)
    const fromBot = [
      await book({ stationId, slotStart: '2026-11-27T09:00:00+08:00', address: '198.51.100.7' }),
      await book({ stationId, slotStart: '2026-11-27T09:30:00+08:00', address: '198.51.100.7' }),
      await book({ stationId, slotStart: '2026-12-02T09:00:00+08:00', address: '198.51.100.7' }),
    ]
    const neighbour = await book({ stationId, slotStart: '2026-11-27T09:00:00+08:00', address: '198.51.100.8' })

    const answer = await staff.cancel(fromBot[2].id, { scope: 'address', reason: '同一网络大量预约，疑似刷号' })
    expect(answer.status).toBe(200)
    expect(JSON.stringify(answer.body)).not.toMatch(/198\.51\.100|address/)
    const { cancelled } = staffCancelResponseSchema.parse(answer.body)
    expect(cancelled.map((entry) => entry.code)).toEqual(fromBot.map((entry) => entry.code))
    expect(await statusOf(neighbour.code)).toBe('booked')
    expect(await remaining(stationId, '2026-11-27T09:00:00+08:00')).toBe(1)

    const log = await storage()
      .db.selectFrom('booking_status_changes')
      .select(['booking_id', 'changed_by', 'actor'])
      .where('station_id', '=', stationId)
      .execute()
    expect(log).toHaveLength(3)
    expect(log.every((entry) => entry.actor === 'staff' && entry.changed_by === staff.userId)).toBe(true)
  })

  it('another station’s staff get 404 and the booking stays; a missing reason is 400 naming the field', async () => {
    const stationId = '500241104-ws'
    const victim = await book({ stationId, slotStart: '2026-11-27T10:00:00+08:00' })
    const stranger = await staffOf('500241106-ws')
    for (const scope of ['booking', 'phone', 'address']) {
      const answer = await stranger.cancel(victim.id, { scope, reason: '不是我站的' })
      expect(answer.status).toBe(404)
    }
    expect(await statusOf(victim.code)).toBe('booked')

    const own = await staffOf(stationId)
    const noReason = await own.cancel(victim.id, { scope: 'booking', reason: ' ' })
    expect(noReason.status).toBe(400)
    expect(noReason.body.error.fields).toEqual([expect.objectContaining({ path: 'reason' })])
    expect(await statusOf(victim.code)).toBe('booked')
  })

  it('a booking made before addresses were recorded cannot be cancelled by network: 409 NO_ADDRESS_RECORD, in Chinese', async () => {
    const stationId = '500241107-ws'
    const staff = await staffOf(stationId)
    const old = await book({ stationId, slotStart: '2026-11-27T10:00:00+08:00' })
    await storage().db.updateTable('bookings').set({ address_hash: null }).where('id', '=', old.id).execute()
    const answer = await staff.cancel(old.id, { scope: 'address', reason: '疑似刷号' })
    expect(answer.status).toBe(409)
    expect(answer.body.error).toMatchObject({ code: 'NO_ADDRESS_RECORD', message: expect.stringContaining('只能单个取消') })
    expect(await statusOf(old.code)).toBe('booked')
  })
})
