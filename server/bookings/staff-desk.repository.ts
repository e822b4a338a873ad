import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { BookingStatus, StaffCancelScope } from '../../contracts/bookings'
import { uniqueViolation, violates, type Storage, type UniqueKey } from '../storage/database'
import type { BookingsTable, DatabaseSchema } from '../storage/schema'
import { enqueueOutbox, type OutboxMessage } from './outbox.repository'
import { releasePlace } from './place-ledger.repository'
import { appendStatusChange, lastStatusChange, lastStatusChanges, type StatusChangeRow } from './status-log.repository'

type BookingRow = BookingsTable

/** The one-active-booking-per-phone-and-slot index (migration 0003_bookings): an undo back to an active status may run into it. */
const ACTIVE_PHONE_SLOT: UniqueKey = { constraint: 'bookings_active_phone_slot_uq', table: 'bookings', columns: ['station_id', 'slot_start', 'phone'] }

/** What the rules (StaffDesk) decide about a booking as the transaction sees it, with its last change. */
export type StatusDecision<R> = { kind: 'move'; to: BookingStatus; undoes: StatusChangeRow | null } | { kind: 'refuse'; refusal: R }

export type StatusMoveOutcome<R> =
  | { kind: 'moved'; row: BookingRow; change: StatusChangeRow }
  | { kind: 'refused'; refusal: R }
  /** no such booking at this station */
  | { kind: 'not-found' }
  /** an undo back to an active status, while the same phone holds another active booking of that slot */
  | { kind: 'phone-already-booked' }

export type StaffCancelOutcome =
  | { kind: 'cancelled'; cancelled: { row: BookingRow; change: StatusChangeRow }[] }
  /** no such booking at this station */
  | { kind: 'not-found' }
  /** nothing in the scope is active (and upcoming) any more */
  | { kind: 'none-active'; status: string }
  /** the booking was made before addresses were hashed, or its personal data is erased */
  | { kind: 'no-address' }

const ACTIVE_STATUSES: string[] = ['booked', 'confirmed']

export type RevealOutcome = { kind: 'revealed'; phone: string } | { kind: 'not-found' } | { kind: 'expired' } | { kind: 'limited' }

/**
 * The staff page's reads and writes: a station's bookings over several days with their last status
 * change, status moves (and their undo) written with their log entry in one transaction, and 回电
 * reveals recorded before the number is answered. Every query is scoped to the staff member's station.
 */
export class StaffDeskRepository {
  constructor(private readonly storage: Storage) {}

  private get db(): Kysely<DatabaseSchema> {
    return this.storage.db
  }

  /** The booking locked for this transaction (PostgreSQL `for update`; SQLite has one writer at a time). */
  private async lockedBooking(trx: Kysely<DatabaseSchema>, params: { id: string; stationId: string }): Promise<BookingRow | undefined> {
    const query = trx.selectFrom('bookings').selectAll().where('id', '=', params.id).where('station_id', '=', params.stationId)
    return (this.storage.kind === 'postgres' ? query.forUpdate() : query).executeTakeFirst()
  }

  /** The names staff go by (`add-staff --name`), of these user ids; an id of a deleted account is left out. */
  async staffNames(userIds: readonly string[]): Promise<Map<string, string>> {
    const ids = [...new Set(userIds)]
    if (ids.length === 0) return new Map()
    const rows = await this.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()
    return new Map(rows.map((row) => [row.id, row.display_name]))
  }

  /** Bookings whose slot starts in [from, to) (Shanghai text), soonest first, with each one's last status change. */
  async listForStation(params: { stationId: string; from: string; to: string }): Promise<{ rows: BookingRow[]; lastChanges: Map<string, StatusChangeRow> }> {
    const rows = await this.db
      .selectFrom('bookings')
      .selectAll()
      .where('station_id', '=', params.stationId)
      .where('slot_start', '>=', params.from)
      .where('slot_start', '<', params.to)
      .orderBy('slot_start')
      .orderBy('created_at')
      .execute()
    return {
      rows,
      lastChanges: await lastStatusChanges(
        this.db,
        rows.map((row) => row.id),
      ),
    }
  }

  lastChange(bookingId: string): Promise<StatusChangeRow | null> {
    return lastStatusChange(this.db, bookingId)
  }

  /**
   * Moves a booking's status as `decide` says, reading the booking and its last change inside the
   * write transaction, and logs the change in it: a concurrent move, cancel or reschedule waits, then
   * is decided against what this one wrote.
   */
  async moveStatus<R>(params: {
    id: string
    stationId: string
    userId: string
    now: string
    decide: (row: BookingRow, last: StatusChangeRow | null) => StatusDecision<R>
  }): Promise<StatusMoveOutcome<R>> {
    try {
      return await this.storage.writeTransaction(async (trx): Promise<StatusMoveOutcome<R>> => {
        const row = await this.lockedBooking(trx, params)
        if (!row) return { kind: 'not-found' }
        const decision = params.decide(row, await lastStatusChange(trx, row.id))
        if (decision.kind === 'refuse') return { kind: 'refused', refusal: decision.refusal }
        await trx
          .updateTable('bookings')
          .set({ status: decision.to, updated_at: params.now })
          .where('id', '=', row.id)
          .where('status', '=', row.status)
          .execute()
        const change = await appendStatusChange(trx, {
          bookingId: row.id,
          stationId: row.station_id,
          from: row.status,
          to: decision.to,
          actor: 'staff',
          changedBy: params.userId,
          changedAt: params.now,
          undoes: decision.undoes?.id ?? null,
        })
        return { kind: 'moved', row: { ...row, status: decision.to, updated_at: params.now }, change }
      })
    } catch (error) {
      if (violates(uniqueViolation(error), ACTIVE_PHONE_SLOT)) return { kind: 'phone-already-booked' }
      throw error
    }
  }

  /**
   * Staff cancel, in one write transaction: the booking, or every active booking of the station
   * with its phone or its address hash whose slot starts at or after `upcomingFrom` (the booking
   * itself too, when active). Each gets the reason, a status-log entry naming the staff member,
   * its place back and a cancel notice in the outbox. The rows are locked in slot order on
   * PostgreSQL, so a concurrent resident cancel or staff move waits and then finds them cancelled.
   */
  async cancel(params: {
    id: string
    stationId: string
    scope: StaffCancelScope
    upcomingFrom: string
    reason: string
    userId: string
    now: string
    outbox: (row: BookingRow) => OutboxMessage[]
  }): Promise<StaffCancelOutcome> {
    return this.storage.writeTransaction(async (trx): Promise<StaffCancelOutcome> => {
      const row = await this.lockedBooking(trx, params)
      if (!row) return { kind: 'not-found' }
      if (params.scope === 'address' && !row.address_hash) return { kind: 'no-address' }
      let query = trx.selectFrom('bookings').selectAll().where('station_id', '=', params.stationId).where('status', 'in', ACTIVE_STATUSES)
      if (params.scope === 'booking') query = query.where('id', '=', row.id)
      else {
        query = params.scope === 'phone' ? query.where('phone', '=', row.phone) : query.where('address_hash', '=', row.address_hash)
        query = query.where((eb) => eb.or([eb('slot_start', '>=', params.upcomingFrom), eb('id', '=', row.id)]))
      }
      query = query.orderBy('slot_start').orderBy('id')
      const targets = await (this.storage.kind === 'postgres' ? query.forUpdate() : query).execute()
      if (targets.length === 0) return { kind: 'none-active', status: row.status }
      const cancelled: { row: BookingRow; change: StatusChangeRow }[] = []
      for (const target of targets) {
        await trx
          .updateTable('bookings')
          .set({ status: 'cancelled', cancel_reason: params.reason, updated_at: params.now })
          .where('id', '=', target.id)
          .execute()
        const change = await appendStatusChange(trx, {
          bookingId: target.id,
          stationId: target.station_id,
          from: target.status,
          to: 'cancelled',
          actor: 'staff',
          changedBy: params.userId,
          changedAt: params.now,
        })
        await releasePlace(trx, { stationId: target.station_id, slotStart: target.slot_start })
        await enqueueOutbox(trx, params.outbox(target), params.now)
        cancelled.push({ row: { ...target, status: 'cancelled', cancel_reason: params.reason, updated_at: params.now }, change })
      }
      return { kind: 'cancelled', cancelled }
    })
  }

  /**
   * The booking's whole phone number for 回电, after recording who saw it and when (the record is
   * committed before the number leaves). `expired`: the retention rules have erased the number, or
   * are about to; nothing is recorded then, as nothing was shown. `cap`: at most `bookings`
   * different bookings' numbers per staff member since `since` (their China day); a booking they
   * saw already since then is shown again without counting twice; over the cap nothing is shown.
   */
  async revealPhone(params: {
    id: string
    stationId: string
    userId: string
    now: string
    expired: (row: BookingRow) => boolean
    cap: { since: string; bookings: number }
  }): Promise<RevealOutcome> {
    return this.storage.writeTransaction(async (trx): Promise<RevealOutcome> => {
      const row = await trx.selectFrom('bookings').selectAll().where('id', '=', params.id).where('station_id', '=', params.stationId).executeTakeFirst()
      if (!row) return { kind: 'not-found' }
      if (params.expired(row)) return { kind: 'expired' }
      const seenToday = trx.selectFrom('booking_phone_reveals').where('revealed_by', '=', params.userId).where('revealed_at', '>=', params.cap.since)
      const again = await seenToday.select('id').where('booking_id', '=', row.id).limit(1).executeTakeFirst()
      if (!again) {
        const { count } = await seenToday.select((eb) => eb.fn.count<string | number>('booking_id').distinct().as('count')).executeTakeFirstOrThrow()
        if (Number(count) >= params.cap.bookings) return { kind: 'limited' }
      }
      await trx
        .insertInto('booking_phone_reveals')
        .values({ id: randomUUID(), booking_id: row.id, station_id: row.station_id, revealed_by: params.userId, revealed_at: params.now })
        .execute()
      return { kind: 'revealed', phone: row.phone }
    })
  }
}
