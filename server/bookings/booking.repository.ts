import { sql, type Kysely } from 'kysely'
import type { BookingCreated, Schedule } from '../../contracts/bookings'
import { uniqueViolation, violates, type Storage, type UniqueKey } from '../storage/database'
import type { BookingsTable, DatabaseSchema } from '../storage/schema'
import { fairShareRefusal, type FairShareCaps, type FairShareRefusal, type FairShareWindow } from './fair-share'
import { enqueueOutbox, type OutboxMessage } from './outbox.repository'
import { releasePlace } from './place-ledger.repository'
import { StaffDeskRepository } from './staff-desk.repository'
import { appendStatusChange } from './status-log.repository'

export type BookingRow = BookingsTable

export interface SlotUsage {
  /** the capacity when a place was last taken; the schedule's current capacity is what counts */
  capacity: number
  booked: number
}

export type { OutboxMessage } from './outbox.repository'

/** A slot as the station's schedule offers it: null when the schedule does not (or no longer) offer it. */
export type SlotOf = (schedule: Schedule | null) => { start: string; end: string; capacity: number } | null

export type CreateOutcome =
  | { kind: 'created'; booking: BookingCreated }
  | { kind: 'replayed'; booking: BookingCreated }
  | { kind: 'key-reused' }
  | { kind: 'not-offered' }
  | { kind: 'slot-full' }
  /** the phone already holds an active booking of this slot */
  | { kind: 'phone-already-booked' }
  /** the random booking code is another booking's: draw another */
  | { kind: 'code-taken' }
  /** the address (or the phone from it) holds its fair share of the station already */
  | { kind: 'share-full'; refusal: FairShareRefusal }

export type RescheduleOutcome =
  | { kind: 'moved'; row: BookingRow }
  | { kind: 'slot-full' }
  | { kind: 'not-offered' }
  | { kind: 'not-active' }
  | { kind: 'phone-already-booked' }
  /** the new day would put the booking's address (or its phone from there) over its share */
  | { kind: 'share-full'; refusal: FairShareRefusal }

/**
 * The unique keys a booking runs into (migration 0003_bookings). PostgreSQL reports them by name:
 * `bookings_code_key` is the name it gives the inline `unique()` on `code`, `_pkey` its primary
 * keys' names, `bookings_active_phone_slot_uq` the migration's; SQLite by table and columns.
 */
const BOOKING_CODE: UniqueKey = { constraint: 'bookings_code_key', table: 'bookings', columns: ['code'] }
const ACTIVE_PHONE_SLOT: UniqueKey = { constraint: 'bookings_active_phone_slot_uq', table: 'bookings', columns: ['station_id', 'slot_start', 'phone'] }
const IDEMPOTENCY_KEY: UniqueKey = { constraint: 'idempotency_keys_pkey', table: 'idempotency_keys', columns: ['key'] }

/**
 * `idempotency_keys.status` holds the HTTP status of the first answer, from before answers were
 * typed: only created bookings are stored, so it is always 201. It is still written, unchanged,
 * so rows stay alike for every instance sharing a PostgreSQL database. `key` is the Idempotency-Key's
 * hash and `response` the BookingCreated the booking device got with its manageToken sealed under the
 * key (./idempotency-seal, since 0014). Rows an instance of the version before writes during a
 * rolling deploy (raw key, token in clear) are still found and replayed; that instance in turn does
 * not find the new rows and answers such a retry as a new booking (409 for its own phone's booking).
 */
const STORED_CREATED_STATUS = 201

class SlotFull extends Error {}
class SlotNotOffered extends Error {}
class ShareFull extends Error {
  constructor(readonly refusal: FairShareRefusal) {
    super('fair share full')
  }
}

const ACTIVE_STATUSES = ['booked', 'confirmed'] as const

/**
 * Why a booking's transaction was refused, when a rule refused it (null: a real error). A retry
 * of a booking that was made runs into any of these first, so the caller looks for its key's stored answer.
 */
function refusal(error: unknown): 'slot-full' | 'not-offered' | 'phone-already-booked' | 'code-taken' | 'idempotency-key-taken' | 'share-full' | null {
  if (error instanceof SlotFull) return 'slot-full'
  if (error instanceof ShareFull) return 'share-full'
  if (error instanceof SlotNotOffered) return 'not-offered'
  const violation = uniqueViolation(error)
  if (violates(violation, ACTIVE_PHONE_SLOT)) return 'phone-already-booked'
  if (violates(violation, BOOKING_CODE)) return 'code-taken'
  if (violates(violation, IDEMPOTENCY_KEY)) return 'idempotency-key-taken'
  return null
}

/**
 * Bookings and their slots. Every guard lives in the database: the conditional increment
 * (`booked <` the current schedule's capacity), the CHECK on `slots`, the partial unique index on active bookings per
 * phone and slot, and the primary key of `idempotency_keys`, all inside one write transaction.
 */
export class BookingRepository {
  /** the staff page's reads and writes (week list, status moves with their log, 回电) */
  readonly staffDesk: StaffDeskRepository

  constructor(private readonly storage: Storage) {
    this.staffDesk = new StaffDeskRepository(storage)
  }

  private get db(): Kysely<DatabaseSchema> {
    return this.storage.db
  }

  async findSchedule(stationId: string): Promise<{ schedule: Schedule; updatedAt: string } | null> {
    const row = await this.db.selectFrom('schedules').selectAll().where('station_id', '=', stationId).executeTakeFirst()
    return row ? { schedule: JSON.parse(row.schedule) as Schedule, updatedAt: row.updated_at } : null
  }

  async saveSchedule(params: { stationId: string; schedule: Schedule; updatedAt: string; updatedBy: string }): Promise<void> {
    const row = { station_id: params.stationId, schedule: JSON.stringify(params.schedule), updated_at: params.updatedAt, updated_by: params.updatedBy }
    await this.db
      .insertInto('schedules')
      .values(row)
      .onConflict((conflict) => conflict.column('station_id').doUpdateSet({ schedule: row.schedule, updated_at: row.updated_at, updated_by: row.updated_by }))
      .execute()
  }

  /** A station's bookings still active (booked or confirmed) from `from` on, soonest first. */
  async listActiveFrom(params: { stationId: string; from: string }): Promise<BookingRow[]> {
    return this.db
      .selectFrom('bookings')
      .selectAll()
      .where('station_id', '=', params.stationId)
      .where('status', 'in', ['booked', 'confirmed'])
      .where('slot_start', '>=', params.from)
      .orderBy('slot_start')
      .orderBy('id')
      .execute()
  }

  async slotUsage(params: { stationId: string; from: string; to: string }): Promise<Map<string, SlotUsage>> {
    const rows = await this.db
      .selectFrom('slots')
      .select(['slot_start', 'capacity', 'booked'])
      .where('station_id', '=', params.stationId)
      .where('slot_start', '>=', params.from)
      .where('slot_start', '<=', params.to)
      .execute()
    return new Map(rows.map((row) => [row.slot_start, { capacity: row.capacity, booked: row.booked }]))
  }

  /**
   * Takes one place of a slot, or throws SlotFull; creates the slot row on first use.
   *
   * `capacity` is the slot's capacity under the station's current schedule, and it is what the
   * conditional increment compares with: staff may lower or raise it at any time, also for a slot
   * that already holds bookings. The stored capacity only follows (set to the current capacity,
   * which the condition guarantees is ≥ the new `booked`), so the CHECK `booked <= capacity` holds
   * and a lowered slot that is over its new capacity keeps its bookings but takes no more.
   * The single INSERT … ON CONFLICT DO UPDATE … WHERE booked < :capacity is atomic on both
   * databases: SQLite runs write transactions one at a time (BEGIN IMMEDIATE); PostgreSQL locks the
   * conflicting row, waits for a concurrent writer to commit and re-checks the WHERE against it.
   */
  /**
   * The station's schedule as the write transaction sees it. On PostgreSQL the row is share-locked:
   * staff saving a new schedule wait until this booking commits, so a booking never takes a place
   * under a capacity that was already replaced (SQLite's BEGIN IMMEDIATE serialises all writers).
   */
  private async scheduleInTransaction(trx: Kysely<DatabaseSchema>, stationId: string): Promise<Schedule | null> {
    const query = trx.selectFrom('schedules').select('schedule').where('station_id', '=', stationId)
    const row = await (this.storage.kind === 'postgres' ? query.forShare() : query).executeTakeFirst()
    return row ? (JSON.parse(row.schedule) as Schedule) : null
  }

  private async takePlace(trx: Kysely<DatabaseSchema>, params: { stationId: string; slotStart: string; capacity: number }): Promise<void> {
    // a closed slot (capacity 0) takes nobody; the insert below would break the CHECK
    if (params.capacity < 1) throw new SlotFull()
    // one statement, one round trip: the first booking creates the row, later ones increment it
    // under the same condition (ON CONFLICT DO UPDATE … WHERE locks the row on both databases)
    const taken = await trx
      .insertInto('slots')
      .values({ station_id: params.stationId, slot_start: params.slotStart, capacity: params.capacity, booked: 1 })
      .onConflict((conflict) =>
        conflict
          .columns(['station_id', 'slot_start'])
          .doUpdateSet({ booked: sql`slots.booked + 1`, capacity: sql`excluded.capacity` })
          .where(sql.ref('slots.booked'), '<', sql.ref('excluded.capacity')),
      )
      .returning('booked')
      .executeTakeFirst()
    if (!taken) throw new SlotFull()
  }

  /**
   * Refuses the booking (ShareFull) when its address, or its phone from that address, holds its
   * fair share of the station already (./fair-share). Counted inside the write transaction, after
   * taking a transaction lock on (station, address) on PostgreSQL — every booking from one address
   * at one station waits for the one before to commit, so parallel requests cannot overshoot;
   * SQLite's BEGIN IMMEDIATE runs one writer at a time anyway. Cancels only lower the counts.
   */
  private async guardShare(
    trx: Kysely<DatabaseSchema>,
    params: { row: BookingRow; caps: FairShareCaps; window: FairShareWindow; moving?: boolean },
  ): Promise<void> {
    const { row, window } = params
    if (!row.address_hash) return
    if (this.storage.kind === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtextextended(${`booking-share|${row.station_id}|${row.address_hash}`}, 0))`.execute(trx)
    const inDay = sql<number>`case when slot_start >= ${window.dayStart} and slot_start < ${window.dayEnd} then 1 else 0 end`
    const isPhone = sql<number>`case when phone = ${row.phone} then 1 else 0 end`
    let held = trx.selectFrom('bookings')
    // a booking being moved counts at its new time only
    if (params.moving) held = held.where('id', '<>', row.id)
    const counts = await held
      .select([
        sql<string | number>`count(*)`.as('address_horizon'),
        sql<string | number | null>`sum(${inDay})`.as('address_day'),
        sql<string | number | null>`sum(${isPhone})`.as('phone_horizon'),
        sql<string | number | null>`sum(${inDay} * ${isPhone})`.as('phone_day'),
      ])
      .where('station_id', '=', row.station_id)
      .where('address_hash', '=', row.address_hash)
      .where('status', 'in', [...ACTIVE_STATUSES])
      .where('slot_start', '>=', window.from)
      .executeTakeFirstOrThrow()
    const refused = fairShareRefusal({
      caps: params.caps,
      held: {
        addressHorizon: Number(counts.address_horizon),
        addressDay: Number(counts.address_day ?? 0),
        phoneHorizon: Number(counts.phone_horizon ?? 0),
        phoneDay: Number(counts.phone_day ?? 0),
      },
    })
    if (refused) throw new ShareFull(refused)
  }

  async create(params: {
    /** the booking; its slot's end is filled in from the schedule the transaction reads */
    row: Omit<BookingRow, 'slot_end'>
    slotOf: SlotOf
    /**
     * `keyId`: what is stored for the Idempotency-Key (its hash); `seal` turns the answer into what
     * is stored, `open` back (null: it cannot be opened) — the manageToken is never stored usable
     * (./idempotency-seal)
     */
    idempotency: {
      keyId: string
      legacyKeyId?: string
      fingerprint: string
      seal: (answer: BookingCreated) => string
      open: (stored: string) => BookingCreated | null
    } | null
    outbox: (row: BookingRow) => OutboxMessage[]
    /** what the booking device gets; stored with the idempotency key, replayed to a retry with that key */
    answer: (row: BookingRow) => BookingCreated
    /** the station's fair shares and the window they count over, for the slot's start; null: not limited */
    share?: { caps: FairShareCaps; window: (slotStart: string) => FairShareWindow } | null
  }): Promise<CreateOutcome> {
    // The key is stored last, with the answer, in the same transaction: one statement fewer than
    // claiming it first. A retry of a booking that was made runs into the stored key (or, before
    // that, the full slot or its own phone's booking); its transaction rolls back whole, and the
    // stored answer is replayed. Two concurrent tries with one key: the second waits on the first's
    // rows, then fails the same way and replays what the first committed.
    try {
      return await this.storage.writeTransaction(async (trx): Promise<CreateOutcome> => {
        const slot = params.slotOf(await this.scheduleInTransaction(trx, params.row.station_id))
        if (!slot) throw new SlotNotOffered()
        const row: BookingRow = { ...params.row, slot_start: slot.start, slot_end: slot.end }
        if (params.share) await this.guardShare(trx, { row, caps: params.share.caps, window: params.share.window(row.slot_start) })
        await this.takePlace(trx, { stationId: row.station_id, slotStart: row.slot_start, capacity: slot.capacity })
        await trx.insertInto('bookings').values(row).execute()
        await enqueueOutbox(trx, params.outbox(row), row.created_at)
        const booking = params.answer(row)
        if (params.idempotency) {
          await trx
            .insertInto('idempotency_keys')
            .values({
              key: params.idempotency.keyId,
              fingerprint: params.idempotency.fingerprint,
              status: STORED_CREATED_STATUS,
              response: params.idempotency.seal(booking),
              created_at: row.created_at,
            })
            .execute()
        }
        return { kind: 'created', booking }
      })
    } catch (error) {
      const refused = refusal(error)
      if (!refused) throw error
      if (params.idempotency) {
        const stored = await this.storedAnswer(params.idempotency)
        if (stored) {
          if (stored.fingerprint !== params.idempotency.fingerprint) return { kind: 'key-reused' }
          const booking = params.idempotency.open(stored.response)
          if (booking) return { kind: 'replayed', booking }
        }
      }
      // the key's row was committed by the request that beat this one; gone now only if purged in between
      if (refused === 'idempotency-key-taken') throw error
      if (error instanceof ShareFull) return { kind: 'share-full', refusal: error.refusal }
      return { kind: refused as Exclude<typeof refused, 'share-full'> }
    }
  }

  /** What was stored with an Idempotency-Key (found by its hash, or as a version before 0014 stored it). */
  async storedAnswer(params: { keyId: string; legacyKeyId?: string }): Promise<{ fingerprint: string; response: string } | undefined> {
    const { keyId, legacyKeyId } = params
    const rows = await this.db
      .selectFrom('idempotency_keys')
      .select(['key', 'fingerprint', 'response'])
      .where('key', 'in', legacyKeyId ? [keyId, legacyKeyId] : [keyId])
      .execute()
    return rows.find((candidate) => candidate.key === keyId) ?? rows[0]
  }

  findByCode(code: string): Promise<BookingRow | undefined> {
    return this.db.selectFrom('bookings').selectAll().where('code', '=', code).executeTakeFirst()
  }

  findById(id: string): Promise<BookingRow | undefined> {
    return this.db.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** Cancels an active booking and gives its place back, in one transaction. */
  async cancel(params: { id: string; reason: string; now: string; outbox: OutboxMessage[] }): Promise<BookingRow | null> {
    return this.storage.writeTransaction(async (trx) => {
      const row = await trx.selectFrom('bookings').selectAll().where('id', '=', params.id).where('status', 'in', ['booked', 'confirmed']).executeTakeFirst()
      if (!row) return null
      const changed = await trx
        .updateTable('bookings')
        .set({ status: 'cancelled', cancel_reason: params.reason, updated_at: params.now })
        .where('id', '=', params.id)
        .where('status', 'in', ['booked', 'confirmed'])
        .executeTakeFirst()
      if (changed.numUpdatedRows === 0n) return null
      await appendStatusChange(trx, {
        bookingId: row.id,
        stationId: row.station_id,
        from: row.status,
        to: 'cancelled',
        actor: 'resident',
        changedBy: null,
        changedAt: params.now,
      })
      await releasePlace(trx, { stationId: row.station_id, slotStart: row.slot_start })
      await enqueueOutbox(trx, params.outbox, params.now)
      return { ...row, status: 'cancelled', cancel_reason: params.reason, updated_at: params.now }
    })
  }

  /** Reschedule = release the old place + take the new one, atomically; on a full slot nothing changes. */
  async reschedule(params: {
    id: string
    slotOf: SlotOf
    now: string
    share?: { caps: FairShareCaps; window: (slotStart: string) => FairShareWindow } | null
  }): Promise<RescheduleOutcome> {
    try {
      return await this.storage.writeTransaction(async (trx) => {
        const row = await trx.selectFrom('bookings').selectAll().where('id', '=', params.id).where('status', 'in', ['booked', 'confirmed']).executeTakeFirst()
        if (!row) return { kind: 'not-active' as const }
        const slot = params.slotOf(await this.scheduleInTransaction(trx, row.station_id))
        if (!slot) throw new SlotNotOffered()
        if (params.share)
          await this.guardShare(trx, {
            row: { ...row, slot_start: slot.start },
            caps: params.share.caps,
            window: params.share.window(slot.start),
            moving: true,
          })
        await releasePlace(trx, { stationId: row.station_id, slotStart: row.slot_start })
        await this.takePlace(trx, { stationId: row.station_id, slotStart: slot.start, capacity: slot.capacity })
        await trx
          .updateTable('bookings')
          .set({ slot_start: slot.start, slot_end: slot.end, status: 'booked', updated_at: params.now })
          .where('id', '=', params.id)
          .execute()
        // a confirmed booking moved to another time is to be confirmed again
        if (row.status !== 'booked')
          await appendStatusChange(trx, {
            bookingId: row.id,
            stationId: row.station_id,
            from: row.status,
            to: 'booked',
            actor: 'resident',
            changedBy: null,
            changedAt: params.now,
          })
        return { kind: 'moved' as const, row: { ...row, slot_start: slot.start, slot_end: slot.end, status: 'booked', updated_at: params.now } }
      })
    } catch (error) {
      if (error instanceof SlotNotOffered) return { kind: 'not-offered' }
      if (error instanceof SlotFull) return { kind: 'slot-full' }
      if (error instanceof ShareFull) return { kind: 'share-full', refusal: error.refusal }
      if (violates(uniqueViolation(error), ACTIVE_PHONE_SLOT)) return { kind: 'phone-already-booked' }
      throw error
    }
  }

  /** Active bookings for codes a device holds, soonest first (首页's "my next booking"). */
  listActiveByCodes(codes: readonly string[]): Promise<BookingRow[]> {
    if (codes.length === 0) return Promise.resolve([])
    return this.db.selectFrom('bookings').selectAll().where('code', 'in', codes).where('status', 'in', ['booked', 'confirmed']).orderBy('slot_start').execute()
  }
}
