import { randomUUID } from 'node:crypto'
import { uniqueViolation, violates, type Storage, type UniqueKey } from '../../../server/storage/database'
import type { BookingsTable } from '../../../server/storage/schema'
import { bookingsRow } from '../support/booking-rows'
import { describeEachStorage } from '../support/storages'

const BOOKING_CODE: UniqueKey = { constraint: 'bookings_code_key', table: 'bookings', columns: ['code'] }
const ACTIVE_PHONE_SLOT: UniqueKey = { constraint: 'bookings_active_phone_slot_uq', table: 'bookings', columns: ['station_id', 'slot_start', 'phone'] }
const IDEMPOTENCY_KEY: UniqueKey = { constraint: 'idempotency_keys_pkey', table: 'idempotency_keys', columns: ['key'] }

let counter = 0
function bookingRow(overrides: Partial<BookingsTable> = {}): BookingsTable {
  counter += 1
  return bookingsRow({
    code: `CODE${String(1000 + counter)}`,
    slot_start: `2026-11-27T09:${String(counter % 60).padStart(2, '0')}:00+08:00`,
    slot_end: '2026-11-27T09:30:00+08:00',
    ...overrides,
  })
}

async function refusal(write: Promise<unknown>): Promise<unknown> {
  try {
    await write
  } catch (error) {
    return error
  }
  throw new Error('the write was accepted')
}

describeEachStorage('unique violations told apart', (storage: () => Storage) => {
  it('names the booking code, the active phone-and-slot index and the idempotency key apart', async () => {
    const { db } = storage()
    const first = bookingRow()
    await db.insertInto('bookings').values(first).execute()

    const codeTaken = uniqueViolation(
      await refusal(
        db
          .insertInto('bookings')
          .values(bookingRow({ code: first.code }))
          .execute(),
      ),
    )
    expect(codeTaken?.table ?? 'bookings').toBe('bookings')
    expect(codeTaken?.columns).toEqual(['code'])
    expect(violates(codeTaken, BOOKING_CODE)).toBe(true)
    expect(violates(codeTaken, ACTIVE_PHONE_SLOT)).toBe(false)

    const phoneTaken = uniqueViolation(
      await refusal(
        db
          .insertInto('bookings')
          .values(bookingRow({ slot_start: first.slot_start }))
          .execute(),
      ),
    )
    expect(phoneTaken?.columns).toEqual(['station_id', 'slot_start', 'phone'])
    expect(violates(phoneTaken, ACTIVE_PHONE_SLOT)).toBe(true)
    expect(violates(phoneTaken, BOOKING_CODE)).toBe(false)

    const key = { key: randomUUID(), fingerprint: 'f', status: 201, response: '{}', created_at: '2026-11-26T00:00:00.000Z' }
    await db.insertInto('idempotency_keys').values(key).execute()
    const keyTaken = uniqueViolation(await refusal(storage().writeTransaction((trx) => trx.insertInto('idempotency_keys').values(key).execute())))
    expect(keyTaken).toMatchObject({ table: 'idempotency_keys', columns: ['key'] })
    expect(violates(keyTaken, IDEMPOTENCY_KEY)).toBe(true)
    expect(violates(keyTaken, BOOKING_CODE)).toBe(false)
  })

  it('gives PostgreSQL’s constraint names (SQLite gives table and columns only)', async () => {
    const { db, kind } = storage()
    const first = bookingRow()
    await db.insertInto('bookings').values(first).execute()
    const violation = uniqueViolation(
      await refusal(
        db
          .insertInto('bookings')
          .values(bookingRow({ code: first.code }))
          .execute(),
      ),
    )
    if (kind === 'postgres') expect(violation).toEqual({ constraint: 'bookings_code_key', table: 'bookings', columns: ['code'] })
    else expect(violation).toEqual({ table: 'bookings', columns: ['code'] })
  })

  it('a cancelled booking leaves the phone free for its slot (the index is partial)', async () => {
    const { db } = storage()
    const cancelled = bookingRow({ status: 'cancelled' })
    await db.insertInto('bookings').values(cancelled).execute()
    await db
      .insertInto('bookings')
      .values(bookingRow({ slot_start: cancelled.slot_start }))
      .execute()
  })

  it('is null for errors that are not unique violations (the slots CHECK, a missing table)', async () => {
    const { db } = storage()
    expect(uniqueViolation(await refusal(db.insertInto('slots').values({ station_id: 's', slot_start: 't', capacity: 1, booked: 2 }).execute()))).toBeNull()
    expect(
      uniqueViolation(
        await refusal(
          db
            .selectFrom('no_such_table' as 'slots')
            .selectAll()
            .execute(),
        ),
      ),
    ).toBeNull()
  })
})

describe('uniqueViolation on driver errors as they are shaped', () => {
  it('reads PostgreSQL’s detail for the columns, never its values', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "bookings_active_phone_slot_uq"'), {
      code: '23505',
      constraint: 'bookings_active_phone_slot_uq',
      table: 'bookings',
      detail: 'Key (station_id, slot_start, phone)=(500241103-ws, 2026-11-27T09:00:00+08:00, 13800138000) already exists.',
    })
    const violation = uniqueViolation(error)
    expect(violation).toEqual({ constraint: 'bookings_active_phone_slot_uq', table: 'bookings', columns: ['station_id', 'slot_start', 'phone'] })
    expect(JSON.stringify(violation)).not.toContain('13800138000')
  })

  it('unquotes quoted column names and survives a missing detail', () => {
    expect(uniqueViolation({ code: '23505', constraint: 'x_uq', detail: 'Key ("key", "Order")=(a, b) already exists.' })).toEqual({
      constraint: 'x_uq',
      columns: ['key', 'Order'],
    })
    expect(uniqueViolation({ code: '23505' })).toEqual({ columns: [] })
  })

  it('reads SQLite’s table.column list and its index form', () => {
    expect(uniqueViolation({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY', message: 'UNIQUE constraint failed: idempotency_keys.key' })).toEqual({
      table: 'idempotency_keys',
      columns: ['key'],
    })
    expect(uniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: "UNIQUE constraint failed: index 'lower_name_uq'" })).toEqual({
      constraint: 'lower_name_uq',
      columns: [],
    })
  })

  it('is null for other errors and non-errors', () => {
    expect(uniqueViolation({ code: '23503', constraint: 'fk' })).toBeNull()
    expect(uniqueViolation({ code: 'SQLITE_CONSTRAINT_CHECK', message: 'CHECK constraint failed: slots_capacity_check' })).toBeNull()
    expect(uniqueViolation(new Error('UNIQUE constraint failed: bookings.code'))).toBeNull()
    expect(uniqueViolation(null)).toBeNull()
    expect(uniqueViolation('23505')).toBeNull()
  })

  it('violates matches by name when there is one, else by table and the columns in order', () => {
    expect(violates({ constraint: 'bookings_code_key', table: 'bookings', columns: ['code'] }, BOOKING_CODE)).toBe(true)
    expect(violates({ constraint: 'other_code_key', table: 'bookings', columns: ['code'] }, BOOKING_CODE)).toBe(false)
    expect(violates({ table: 'bookings', columns: ['phone', 'slot_start', 'station_id'] }, ACTIVE_PHONE_SLOT)).toBe(false)
    expect(violates({ table: 'users', columns: ['code'] }, BOOKING_CODE)).toBe(false)
    expect(violates(null, BOOKING_CODE)).toBe(false)
  })
})
