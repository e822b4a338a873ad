import { randomUUID } from 'node:crypto'
import type { Insertable } from 'kysely'
import request from 'supertest'
import {
  BOOKING_PERSONAL_DATA_DAYS,
  DISABLED_ACCOUNT_CONTACT_DAYS,
  IDEMPOTENCY_KEY_HOURS,
  RATE_LIMIT_COUNTER_HOURS,
  REMINDER_RECORD_DAYS,
  bookingSchema,
} from '../../../contracts'
import { toBooking } from '../../../server/bookings/bookings.service'
import type { RetentionCounts } from '../../../server/retention/retention.repository'
import { ERASED_TEXT } from '../../../server/retention/retention-rules'
import { RetentionService } from '../../../server/retention/retention.service'
import type { Storage } from '../../../server/storage/database'
import { OUTBOX_MAX_ATTEMPTS, type BookingsTable, type OutboxTable, type UsersTable } from '../../../server/storage/schema'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const STATION = '500241103-ws'

/** Asia/Shanghai text, as slot times are stored: `2026-05-30T07:00:00+08:00`. */
function shanghai(instant: number): string {
  const local = new Date(instant + 8 * HOUR)
  return `${local.toISOString().slice(0, 19)}+08:00`
}

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
/** a distinct booking code per number, in the codes' alphabet */
function codeFor(n: number): string {
  let code = ''
  for (let rest = n; code.length < 8; rest = Math.floor(rest / CODE_ALPHABET.length)) code = CODE_ALPHABET[rest % CODE_ALPHABET.length] + code
  return code
}

let counter = 0
function bookingRow(overrides: Partial<BookingsTable> = {}): BookingsTable {
  counter += 1
  const phone = `1390000${String(1000 + counter).padStart(4, '0')}`
  return {
    id: randomUUID(),
    code: codeFor(counter),
    station_id: STATION,
    station_name: '隘口镇公共法律服务工作站',
    slot_start: '2026-05-30T09:00:00+08:00',
    slot_end: '2026-05-30T09:30:00+08:00',
    matter: 'labor_wages',
    description: '工地老板拖欠三个月工资',
    name: '张三',
    phone,
    phone_last4: phone.slice(-4),
    status: 'done',
    cancel_reason: null,
    proxy: JSON.stringify({
      agentName: '田大姐',
      agentRole: 'volunteer',
      agentPhone: '13700001111',
      personAgreed: true,
      recordedAt: '2026-05-20T00:00:00.000Z',
    }),
    wechat_openid: 'openid-zhang',
    manage_token_hash: null,
    address_hash: null,
    created_at: '2026-05-20T00:00:00.000Z',
    updated_at: '2026-05-20T00:00:00.000Z',
    ...overrides,
  }
}

function outboxRow(overrides: Partial<Insertable<OutboxTable>> = {}): Insertable<OutboxTable> & { id: string } {
  return {
    id: randomUUID(),
    kind: 'booking_reminder',
    payload: JSON.stringify({
      bookingId: randomUUID(),
      code: 'ABCDEFGH',
      stationName: '隘口镇公共法律服务工作站',
      slotStart: '2026-12-01T09:00:00+08:00',
      openid: 'openid-zhang',
    }),
    created_at: '2026-11-01T00:00:00.000Z',
    due_at: '2026-11-30T01:00:00.000Z',
    sent_at: null,
    attempts: 0,
    last_error: null,
    ...overrides,
  }
}

function userRow(overrides: Partial<UsersTable> = {}): UsersTable {
  counter += 1
  return {
    id: randomUUID(),
    role: 'volunteer',
    username: null,
    password_hash: null,
    display_name: '田大姐',
    station_id: null,
    county: '秀山土家族苗族自治县',
    town: '隘口镇',
    village: '示例村',
    phone: `1370000${String(1000 + counter).padStart(4, '0')}`,
    invite_hash: 'invite-hash',
    wechat_openid: `openid-volunteer-${counter}`,
    disabled_at: null,
    invite_expires_at: null,
    password_must_change: 0,
    created_at: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }
}

const NOTHING: RetentionCounts = {
  bookingsErased: 0,
  bookingOpenidsCleared: 0,
  reminderOpenidsCleared: 0,
  remindersDeleted: 0,
  idempotencyKeysDeleted: 0,
  authTokensDeleted: 0,
  loginDevicesDeleted: 0,
  rateLimitCountersDeleted: 0,
  accountsContactErased: 0,
  correctionPhonesErased: 0,
  phoneCodesDeleted: 0,
}

describeEachStorage('retention rules', (storage: () => Storage) => {
  const run = (now: Date, dryRun = false) => new RetentionService({ storage: storage(), now: () => now }).run({ dryRun })
  const booking = (id: string) => storage().db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  beforeEach(async () => {
    const { db } = storage()
    for (const table of [
      'auth_tokens',
      'login_devices',
      'bookings',
      'slots',
      'outbox',
      'idempotency_keys',
      'rate_limits',
      'mediation_audit',
      'mediation_records',
      'users',
    ] as const)
      await db.deleteFrom(table).execute()
  })

  describe(`a booking's personal data: erased ${BOOKING_PERSONAL_DATA_DAYS} days after its slot ends`, () => {
    // 07:30 in Xiushan is 23:30 UTC of the day before; 23:30 in Xiushan is 15:30 UTC of the same day.
    // Either way, comparing slot text (+08:00) with UTC text would put the boundary hours off.
    for (const clock of ['2026-11-26T07:30:00+08:00', '2026-11-26T23:30:00+08:00']) {
      it(`at ${clock}: a slot that ended just over the limit ago is erased, one just inside is kept`, async () => {
        const now = new Date(clock)
        const limit = now.getTime() - BOOKING_PERSONAL_DATA_DAYS * DAY
        const outside = bookingRow({
          slot_start: shanghai(limit - 31 * MINUTE),
          slot_end: shanghai(limit - MINUTE),
          cancel_reason: '家里有事',
          status: 'cancelled',
          address_hash: 'hmac-of-the-address',
        })
        const atLimit = bookingRow({ slot_start: shanghai(limit - 30 * MINUTE), slot_end: shanghai(limit) })
        const inside = bookingRow({ slot_start: shanghai(limit - 29 * MINUTE), slot_end: shanghai(limit + MINUTE) })
        await storage().db.insertInto('bookings').values([outside, atLimit, inside]).execute()

        expect((await run(now)).bookingsErased).toBe(1)

        const erased = await booking(outside.id)
        expect(erased).toMatchObject({
          name: ERASED_TEXT,
          phone_last4: '',
          description: '',
          cancel_reason: null,
          proxy: null,
          wechat_openid: null,
          address_hash: null,
        })
        expect(erased.phone).not.toContain(outside.phone.slice(-4))
        // what statistics need stays
        expect(erased).toMatchObject({
          code: outside.code,
          station_id: STATION,
          slot_start: outside.slot_start,
          slot_end: outside.slot_end,
          matter: 'labor_wages',
          status: 'cancelled',
          created_at: outside.created_at,
        })
        for (const kept of [atLimit, inside])
          expect(await booking(kept.id)).toMatchObject({
            name: '张三',
            phone: kept.phone,
            phone_last4: kept.phone_last4,
            description: kept.description,
            proxy: kept.proxy,
          })
      })
    }

    it('erases two bookings left "booked" in one slot without tripping the one-active-booking-per-phone index', async () => {
      const slot = { slot_start: '2026-03-02T09:00:00+08:00', slot_end: '2026-03-02T09:30:00+08:00', status: 'booked' }
      const [first, second] = [bookingRow(slot), bookingRow(slot)]
      await storage().db.insertInto('bookings').values([first, second]).execute()
      expect((await run(new Date('2026-11-26T08:00:00+08:00'))).bookingsErased).toBe(2)
      expect((await booking(first.id)).phone).not.toBe((await booking(second.id)).phone)
      // a second run finds nothing more to do
      expect(await run(new Date('2026-11-26T08:00:00+08:00'))).toEqual(NOTHING)
    })

    it('an erased booking can no longer be looked up, and staff see it without name or phone', async () => {
      const row = bookingRow({ slot_start: '2026-05-01T09:00:00+08:00', slot_end: '2026-05-01T09:30:00+08:00', wechat_openid: null })
      await storage().db.insertInto('bookings').values(row).execute()
      const app = await buildTestApp(storage())
      expect((await request(app).get(`/api/bookings/${row.code}`).query({ phoneLast4: row.phone_last4 })).status).toBe(200)
      await run(new Date('2026-11-26T08:00:00+08:00'))
      const after = await request(app).get(`/api/bookings/${row.code}`).query({ phoneLast4: row.phone_last4 })
      expect(after.status).toBe(404)
      const shown = bookingSchema.parse(toBooking(await booking(row.id)))
      expect(shown).toMatchObject({ name: ERASED_TEXT, phone: ERASED_TEXT, description: '', proxy: null, status: 'done', matter: 'labor_wages' })
    })

    it('a booking made through the API is erased end to end, with its idempotency key', async () => {
      const app = await buildTestApp(storage())
      const created = await request(app)
        .post('/api/bookings')
        .set('Idempotency-Key', randomUUID())
        .send({
          stationId: STATION,
          slotStart: '2026-11-27T09:00:00+08:00',
          matter: 'labor_wages',
          description: '欠薪',
          name: '李四',
          phone: '13800138000',
          consent: true,
        })
      expect(created.status).toBe(201)
      // the keyed hash of the address bucket it came from, never the address (migration 0018)
      const made = await storage().db.selectFrom('bookings').select('address_hash').where('code', '=', created.body.code).executeTakeFirstOrThrow()
      expect(made.address_hash).toMatch(/^[A-Za-z0-9_-]{43}$/)
      const slotEnd = Date.parse('2026-11-27T09:30:00+08:00')
      expect((await run(new Date(slotEnd + BOOKING_PERSONAL_DATA_DAYS * DAY - MINUTE))).bookingsErased).toBe(0)
      const counts = await run(new Date(slotEnd + BOOKING_PERSONAL_DATA_DAYS * DAY + MINUTE))
      expect(counts.bookingsErased).toBe(1)
      const stored = JSON.stringify(await storage().db.selectFrom('bookings').selectAll().execute())
      expect(stored).not.toMatch(/李四|13800138000|欠薪/)
      expect(await storage().db.selectFrom('idempotency_keys').selectAll().execute()).toEqual([])
    })
  })

  describe('WeChat openid of a booking: cleared once the slot has begun', () => {
    for (const clock of ['2026-11-26T07:30:00+08:00', '2026-11-26T23:30:00+08:00']) {
      it(`at ${clock}: a slot that began a minute ago loses it, one starting in a minute keeps it`, async () => {
        const now = new Date(clock)
        const begun = bookingRow({ slot_start: shanghai(now.getTime() - MINUTE), slot_end: shanghai(now.getTime() + 29 * MINUTE), status: 'booked' })
        const coming = bookingRow({ slot_start: shanghai(now.getTime() + MINUTE), slot_end: shanghai(now.getTime() + 31 * MINUTE), status: 'booked' })
        await storage().db.insertInto('bookings').values([begun, coming]).execute()
        expect(await run(now)).toEqual({ ...NOTHING, bookingOpenidsCleared: 1 })
        expect((await booking(begun.id)).wechat_openid).toBeNull()
        expect(await booking(begun.id)).toMatchObject({ name: '张三', phone: begun.phone })
        expect((await booking(coming.id)).wechat_openid).toBe('openid-zhang')
      })
    }
  })

  describe(`reminder rows: openid removed when done or the slot began; deleted ${REMINDER_RECORD_DAYS} days after`, () => {
    const now = new Date('2026-11-26T07:30:00+08:00')
    const limit = now.getTime() - REMINDER_RECORD_DAYS * DAY
    const iso = (instant: number) => new Date(instant).toISOString()
    const payloadOf = async (id: string) =>
      JSON.parse((await storage().db.selectFrom('outbox').select('payload').where('id', '=', id).executeTakeFirstOrThrow()).payload) as {
        openid: string | null
        code: string
      }

    it('scrubs the openid of sent, undeliverable and too-late rows; leaves a pending reminder alone', async () => {
      const sent = outboxRow({ sent_at: iso(now.getTime() - HOUR), attempts: 1 })
      const undeliverable = outboxRow({ attempts: OUTBOX_MAX_ATTEMPTS, last_error: 'undeliverable: 43101' })
      const tooLate = outboxRow({
        payload: JSON.stringify({
          bookingId: randomUUID(),
          code: 'ABCDEFGH',
          stationName: '站',
          slotStart: shanghai(now.getTime() - MINUTE),
          openid: 'openid-late',
        }),
        attempts: 2,
      })
      const pending = outboxRow({ attempts: 1 })
      const noOpenid = outboxRow({
        kind: 'booking_created',
        sent_at: iso(now.getTime() - HOUR),
        payload: JSON.stringify({ bookingId: 'b', code: 'ABCDEFGH', stationName: '站', slotStart: '2026-12-01T09:00:00+08:00', openid: null }),
      })
      await storage().db.insertInto('outbox').values([sent, undeliverable, tooLate, pending, noOpenid]).execute()

      expect(await run(now)).toEqual({ ...NOTHING, reminderOpenidsCleared: 3 })
      for (const row of [sent, undeliverable, tooLate]) expect(await payloadOf(row.id)).toMatchObject({ openid: null, code: 'ABCDEFGH' })
      expect((await payloadOf(pending.id)).openid).toBe('openid-zhang')
    })

    it('deletes a row sent (or, undeliverable, due) just over the limit ago; keeps one just inside and anything still pending', async () => {
      const payload = JSON.stringify({ bookingId: 'b', code: 'ABCDEFGH', stationName: '站', slotStart: '2026-10-01T09:00:00+08:00', openid: null })
      const oldSent = outboxRow({ payload, sent_at: iso(limit - MINUTE), attempts: 1 })
      const recentSent = outboxRow({ payload, sent_at: iso(limit + MINUTE), attempts: 1 })
      const oldUndeliverable = outboxRow({ payload, due_at: iso(limit - MINUTE), attempts: OUTBOX_MAX_ATTEMPTS })
      const recentUndeliverable = outboxRow({ payload, due_at: iso(limit + MINUTE), attempts: OUTBOX_MAX_ATTEMPTS })
      const oldPending = outboxRow({ payload, due_at: iso(limit - DAY), attempts: 2 })
      await storage().db.insertInto('outbox').values([oldSent, recentSent, oldUndeliverable, recentUndeliverable, oldPending]).execute()

      expect(await run(now)).toEqual({ ...NOTHING, remindersDeleted: 2 })
      const left = (await storage().db.selectFrom('outbox').select('id').execute()).map((row) => row.id).sort()
      expect(left).toEqual([recentSent.id, recentUndeliverable.id, oldPending.id].sort())
    })
  })

  describe('idempotency keys, sign-in tokens, rate-limit counters, disabled accounts', () => {
    const now = new Date('2026-11-26T23:30:00+08:00')
    const iso = (instant: number) => new Date(instant).toISOString()

    it(`idempotency keys (they hold the booking answer) are deleted after ${IDEMPOTENCY_KEY_HOURS} hours`, async () => {
      const limit = now.getTime() - IDEMPOTENCY_KEY_HOURS * HOUR
      await storage()
        .db.insertInto('idempotency_keys')
        .values([
          { key: 'old-key-0001', fingerprint: 'f', status: 201, response: '{"name":"张三"}', created_at: iso(limit - 1000) },
          { key: 'new-key-0001', fingerprint: 'f', status: 201, response: '{"name":"李四"}', created_at: iso(limit + 1000) },
        ])
        .execute()
      expect(await run(now)).toEqual({ ...NOTHING, idempotencyKeysDeleted: 1 })
      expect((await storage().db.selectFrom('idempotency_keys').select('key').execute()).map((row) => row.key)).toEqual(['new-key-0001'])
    })

    it('expired and revoked sign-in tokens are deleted; a valid one stays', async () => {
      const user = userRow()
      await storage().db.insertInto('users').values(user).execute()
      await storage()
        .db.insertInto('auth_tokens')
        .values([
          { token_hash: 'expired', user_id: user.id, created_at: iso(now.getTime() - 31 * DAY), expires_at: iso(now.getTime() - 1000), revoked_at: null },
          {
            token_hash: 'revoked',
            user_id: user.id,
            created_at: iso(now.getTime() - DAY),
            expires_at: iso(now.getTime() + 29 * DAY),
            revoked_at: iso(now.getTime() - HOUR),
          },
          { token_hash: 'valid', user_id: user.id, created_at: iso(now.getTime() - DAY), expires_at: iso(now.getTime() + 1000), revoked_at: null },
        ])
        .execute()
      expect(await run(now)).toEqual({ ...NOTHING, authTokensDeleted: 2 })
      expect((await storage().db.selectFrom('auth_tokens').select('token_hash').execute()).map((row) => row.token_hash)).toEqual(['valid'])
    })

    it('expired and revoked device credentials of staff phones are deleted; a live one stays', async () => {
      const user = userRow()
      await storage().db.insertInto('users').values(user).execute()
      await storage()
        .db.insertInto('login_devices')
        .values([
          { credential_hash: 'expired', user_id: user.id, created_at: iso(now.getTime() - 181 * DAY), expires_at: iso(now.getTime() - 1000), revoked_at: null },
          {
            credential_hash: 'revoked',
            user_id: user.id,
            created_at: iso(now.getTime() - DAY),
            expires_at: iso(now.getTime() + 179 * DAY),
            revoked_at: iso(now.getTime() - HOUR),
          },
          { credential_hash: 'live', user_id: user.id, created_at: iso(now.getTime() - DAY), expires_at: iso(now.getTime() + 1000), revoked_at: null },
        ])
        .execute()
      expect(await run(now)).toEqual({ ...NOTHING, loginDevicesDeleted: 2 })
      expect((await storage().db.selectFrom('login_devices').select('credential_hash').execute()).map((row) => row.credential_hash)).toEqual(['live'])
    })

    it(`rate-limit counters (keyed by phone or booking code) are deleted after ${RATE_LIMIT_COUNTER_HOURS} hours`, async () => {
      const limit = now.getTime() - RATE_LIMIT_COUNTER_HOURS * HOUR
      await storage()
        .db.insertInto('rate_limits')
        .values([
          { bucket: 'booking-create-phone:13800138000', window_start: iso(limit - HOUR), hits: 1 },
          { bucket: 'booking-create-phone:13800138000', window_start: iso(limit + HOUR), hits: 1 },
        ])
        .execute()
      expect(await run(now)).toEqual({ ...NOTHING, rateLimitCountersDeleted: 1 })
      expect(await storage().db.selectFrom('rate_limits').select('window_start').execute()).toEqual([{ window_start: iso(limit + HOUR) }])
    })

    it(`a disabled account loses its phone, openid and invite ${DISABLED_ACCOUNT_CONTACT_DAYS} days after; its name stays`, async () => {
      const limit = now.getTime() - DISABLED_ACCOUNT_CONTACT_DAYS * DAY
      const longDisabled = userRow({ disabled_at: iso(limit - MINUTE) })
      const justDisabled = userRow({ disabled_at: iso(limit + MINUTE) })
      const active = userRow()
      await storage().db.insertInto('users').values([longDisabled, justDisabled, active]).execute()
      expect(await run(now)).toEqual({ ...NOTHING, accountsContactErased: 1 })
      const users = await storage().db.selectFrom('users').selectAll().execute()
      expect(users.find((user) => user.id === longDisabled.id)).toMatchObject({
        display_name: '田大姐',
        phone: null,
        wechat_openid: null,
        invite_hash: null,
        disabled_at: longDisabled.disabled_at,
      })
      for (const kept of [justDisabled, active])
        expect(users.find((user) => user.id === kept.id)).toMatchObject({ phone: kept.phone, wechat_openid: kept.wechat_openid })
    })
  })

  describe('mediation records', () => {
    it('are the county’s 人民调解 records: a run leaves them (and their audit trail) as they are', async () => {
      const volunteer = userRow()
      await storage().db.insertInto('users').values(volunteer).execute()
      const record = {
        id: randomUUID(),
        kind: 'mediation',
        version: 1,
        volunteer_id: volunteer.id,
        county: '秀山土家族苗族自治县',
        town: '隘口镇',
        village: '示例村',
        occurred_on: '2020-01-02',
        month: '2020-01',
        dispute_type: 'neighbor',
        source: 'application',
        parties_count: 2,
        party_names: '["张*","李*"]',
        summary: '排水沟占地',
        outcome: 'success',
        referred_to: null,
        agreement: 'oral',
        amount_yuan: null,
        involves_payment: 0,
        created_at: '2020-01-02T00:00:00.000Z',
        updated_at: '2020-01-02T00:00:00.000Z',
      }
      await storage().db.insertInto('mediation_records').values(record).execute()
      expect(await run(new Date('2026-11-26T08:00:00+08:00'))).toEqual(NOTHING)
      expect(await storage().db.selectFrom('mediation_records').selectAll().execute()).toEqual([record])
    })
  })

  describe('dry run', () => {
    it('counts exactly what a run would change, and changes nothing', async () => {
      const now = new Date('2026-11-26T07:30:00+08:00')
      const old = bookingRow({ slot_start: '2026-01-05T09:00:00+08:00', slot_end: '2026-01-05T09:30:00+08:00' })
      await storage().db.insertInto('bookings').values(old).execute()
      await storage()
        .db.insertInto('outbox')
        .values(outboxRow({ sent_at: '2026-11-25T00:00:00.000Z' }))
        .execute()
      const before = JSON.stringify([
        await storage().db.selectFrom('bookings').selectAll().execute(),
        await storage().db.selectFrom('outbox').selectAll().execute(),
      ])

      const dry = await run(now, true)
      expect(dry).toEqual({ ...NOTHING, bookingsErased: 1, bookingOpenidsCleared: 1, reminderOpenidsCleared: 1 })
      expect(
        JSON.stringify([await storage().db.selectFrom('bookings').selectAll().execute(), await storage().db.selectFrom('outbox').selectAll().execute()]),
      ).toBe(before)

      expect(await run(now)).toEqual(dry)
      expect(await run(now)).toEqual(NOTHING)
    })
  })
})
