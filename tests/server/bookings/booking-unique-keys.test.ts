import { randomUUID } from 'node:crypto'
import request from 'supertest'
import { type BookingCreated } from '../../../contracts'
import * as secrets from '../../../server/auth/secrets'
import { BookingRepository, type SlotOf } from '../../../server/bookings/booking.repository'
import { toBooking } from '../../../server/bookings/bookings.service'
import { uniqueViolation, type Storage } from '../../../server/storage/database'
import type { BookingsTable } from '../../../server/storage/schema'
import { idempotencyKeyId, sealedIdempotency } from '../../../server/storage/idempotency-seal'
import { bookingsRow } from '../support/booking-rows'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

const STATION = '500241103-ws'
const MANAGE_TOKEN = 'a'.repeat(43)

let counter = 0
function newRow(overrides: Partial<BookingsTable> = {}): Omit<BookingsTable, 'slot_end'> {
  counter += 1
  const phone = `1390000${String(1000 + counter).padStart(4, '0')}`
  const { slot_end: _end, ...row } = bookingsRow({
    code: `K${String(counter).padStart(7, '0')}`,
    station_id: STATION,
    slot_start: '2026-11-27T09:00:00+08:00',
    slot_end: '',
    phone,
    phone_last4: phone.slice(-4),
    ...overrides,
  })
  return row
}

const slotAt =
  (start: string): SlotOf =>
  () => ({ start, end: start.replace(/T(\d\d):00/, 'T$1:30'), capacity: 5 })

function create(repository: BookingRepository, row: Omit<BookingsTable, 'slot_end'>, idempotency: { key: string; fingerprint: string } | null = null) {
  return repository.create({
    row,
    slotOf: slotAt(row.slot_start),
    idempotency: idempotency ? sealedIdempotency<BookingCreated>(idempotency) : null,
    outbox: () => [],
    answer: (created): BookingCreated => ({ ...toBooking(created), manageToken: MANAGE_TOKEN }),
  })
}

describeEachStorage('booking repository: which unique key refused a booking', (storage: () => Storage) => {
  let slotHour = 8
  /** a slot of its own per test, so places and phones do not meet across tests */
  const nextSlot = () => `2026-11-27T${String((slotHour += 1)).padStart(2, '0')}:00:00+08:00`

  async function booked(slotStart: string): Promise<number> {
    const row = await storage().db.selectFrom('slots').select('booked').where('station_id', '=', STATION).where('slot_start', '=', slotStart).executeTakeFirst()
    return row?.booked ?? 0
  }

  it('a code another booking holds is code-taken, and nothing of the try is kept', async () => {
    const repository = new BookingRepository(storage())
    const slot = nextSlot()
    const first = newRow({ slot_start: slot })
    expect((await create(repository, first)).kind).toBe('created')
    expect(await create(repository, newRow({ slot_start: slot, code: first.code }))).toEqual({ kind: 'code-taken' })
    expect(await booked(slot)).toBe(1)
  })

  it('the same phone in the same slot is phone-already-booked; after a cancellation the phone may book it again', async () => {
    const repository = new BookingRepository(storage())
    const slot = nextSlot()
    const first = newRow({ slot_start: slot })
    expect((await create(repository, first)).kind).toBe('created')
    expect(await create(repository, newRow({ slot_start: slot, phone: first.phone }))).toEqual({ kind: 'phone-already-booked' })
    await repository.cancel({ id: first.id, reason: '有事', now: '2026-11-26T01:00:00.000Z', outbox: [] })
    expect((await create(repository, newRow({ slot_start: slot, phone: first.phone }))).kind).toBe('created')
  })

  it('a key whose answer is stored replays it (same body) or is key-reused (another body), even when only the key collides', async () => {
    const repository = new BookingRepository(storage())
    const key = randomUUID()
    const firstSlot = nextSlot()
    const first = await create(repository, newRow({ slot_start: firstSlot }), { key, fingerprint: 'same' })
    if (first.kind !== 'created') throw new Error(`not created: ${first.kind}`)
    // another slot, phone and code: the booking itself would be accepted, the key's primary key refuses it
    const otherSlot = nextSlot()
    const replay = await create(repository, newRow({ slot_start: otherSlot }), { key, fingerprint: 'same' })
    expect(replay).toEqual({ kind: 'replayed', booking: first.booking })
    expect(await create(repository, newRow({ slot_start: otherSlot }), { key, fingerprint: 'other' })).toEqual({ kind: 'key-reused' })
    expect(await booked(otherSlot)).toBe(0)
    expect(await booked(firstSlot)).toBe(1)
  })

  it('stores the first answer with status 201, keyed by the key’s hash and its manageToken sealed; still replays rows a previous version wrote during a rolling deploy', async () => {
    const repository = new BookingRepository(storage())
    const key = randomUUID()
    const first = await create(repository, newRow({ slot_start: nextSlot() }), { key, fingerprint: 'f' })
    if (first.kind !== 'created') throw new Error(`not created: ${first.kind}`)
    const stored = await storage().db.selectFrom('idempotency_keys').selectAll().where('key', '=', idempotencyKeyId(key)).executeTakeFirstOrThrow()
    expect(stored.status).toBe(201)
    const { manageToken, ...rest } = first.booking
    expect(JSON.parse(stored.response)).toEqual({ ...rest, manageTokenSealed: expect.stringMatching(/^v1\./) })
    expect(stored.response).not.toContain(manageToken)
    expect(await create(repository, newRow({ slot_start: nextSlot() }), { key, fingerprint: 'f' })).toEqual({ kind: 'replayed', booking: first.booking })

    // a booking and its row written by the previous version of the BFF (another instance on the same
    // database); its retry reaches this one and runs into its own phone's booking of that slot
    const legacyKey = randomUUID()
    const legacyRow = newRow({ slot_start: nextSlot() })
    const legacy = await create(repository, legacyRow)
    if (legacy.kind !== 'created') throw new Error(`not created: ${legacy.kind}`)
    await storage()
      .db.insertInto('idempotency_keys')
      .values({ key: legacyKey, fingerprint: 'f', status: 201, response: JSON.stringify(legacy.booking), created_at: '2026-11-26T00:00:00.000Z' })
      .execute()
    expect(await create(repository, { ...legacyRow, id: randomUUID(), code: 'RETRY023' }, { key: legacyKey, fingerprint: 'f' })).toEqual({
      kind: 'replayed',
      booking: legacy.booking,
    })
  })

  it('another unique key (a booking id taken) is an error, not a refusal', async () => {
    const repository = new BookingRepository(storage())
    const slot = nextSlot()
    const first = newRow({ slot_start: slot })
    expect((await create(repository, first)).kind).toBe('created')
    // (a SqliteError may come from another realm than jest's Error: the rejection is checked by its content)
    const error = await create(repository, newRow({ slot_start: slot, id: first.id })).then(
      (outcome) => outcome,
      (rejection: unknown) => rejection,
    )
    expect(uniqueViolation(error)).toMatchObject({ table: 'bookings', columns: ['id'] })
    expect(await booked(slot)).toBe(1)
  })
})

describeEachStorage('booking codes that collide', (storage: () => Storage) => {
  afterEach(() => jest.restoreAllMocks())

  it('a new booking whose random code is taken draws another and is made (201)', async () => {
    const app = await buildTestApp(storage())
    const body = {
      stationId: STATION,
      slotStart: '2026-11-27T14:00:00+08:00',
      matter: 'labor_wages',
      description: '工地老板拖欠三个月工资',
      name: '张三',
      consent: true,
    }
    const first = await request(app)
      .post('/api/bookings')
      .send({ ...body, phone: '13800139001' })
    expect(first.status).toBe(201)
    const draw = jest.spyOn(secrets, 'bookingCode').mockReturnValueOnce(first.body.code).mockReturnValueOnce('NEWC2DE2')
    const second = await request(app)
      .post('/api/bookings')
      .send({ ...body, phone: '13800139002' })
    expect(second.status).toBe(201)
    expect(second.body.code).toBe('NEWC2DE2')
    expect(draw).toHaveBeenCalledTimes(2)
  })

  it('the same phone in the same slot is 409 ALREADY_BOOKED at once, without drawing another code', async () => {
    const app = await buildTestApp(storage())
    const body = {
      stationId: STATION,
      slotStart: '2026-11-27T14:30:00+08:00',
      matter: 'labor_wages',
      description: '工地老板拖欠三个月工资',
      name: '张三',
      phone: '13800139003',
      consent: true,
    }
    expect((await request(app).post('/api/bookings').send(body)).status).toBe(201)
    const draw = jest.spyOn(secrets, 'bookingCode')
    const again = await request(app).post('/api/bookings').send(body)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ALREADY_BOOKED')
    expect(draw).toHaveBeenCalledTimes(1)
  })
})
