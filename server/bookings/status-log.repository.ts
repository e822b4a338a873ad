import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { BookingStatusChangesTable, DatabaseSchema } from '../storage/schema'

/**
 * A booking's status log (table booking_status_changes, migration 0009_staff_day): every change —
 * staff's moves and their undo, the resident's cancel and a reschedule that puts a confirmed booking
 * back to booked — with who, when, from and to. Ids, statuses and times only: no personal data.
 */
export type StatusChangeRow = BookingStatusChangesTable

export type StatusActor = 'staff' | 'resident'

/**
 * Appends one change. Call it inside the transaction that changed the booking's status, after the
 * UPDATE: the row lock that UPDATE holds (PostgreSQL; SQLite runs one writer at a time) orders the
 * changes of one booking, so `version` = last + 1 never races (the unique key would refuse it).
 */
export async function appendStatusChange(
  trx: Kysely<DatabaseSchema>,
  change: {
    bookingId: string
    stationId: string
    from: string
    to: string
    actor: StatusActor
    changedBy: string | null
    changedAt: string
    undoes?: string | null
  },
): Promise<StatusChangeRow> {
  const last = await lastStatusChange(trx, change.bookingId)
  const row: StatusChangeRow = {
    id: randomUUID(),
    booking_id: change.bookingId,
    station_id: change.stationId,
    version: (last?.version ?? 0) + 1,
    from_status: change.from,
    to_status: change.to,
    actor: change.actor,
    changed_by: change.changedBy,
    changed_at: change.changedAt,
    undoes: change.undoes ?? null,
  }
  await trx.insertInto('booking_status_changes').values(row).execute()
  return row
}

export async function lastStatusChange(db: Kysely<DatabaseSchema>, bookingId: string): Promise<StatusChangeRow | null> {
  const row = await db
    .selectFrom('booking_status_changes')
    .selectAll()
    .where('booking_id', '=', bookingId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? { ...row, version: Number(row.version) } : null
}

/** How many ids one `in (…)` list carries; a month of a busy station stays in one or two queries. */
const IDS_PER_QUERY = 500

/** The last change of each booking that has one. */
export async function lastStatusChanges(db: Kysely<DatabaseSchema>, bookingIds: readonly string[]): Promise<Map<string, StatusChangeRow>> {
  const last = new Map<string, StatusChangeRow>()
  for (let index = 0; index < bookingIds.length; index += IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('booking_status_changes')
      .selectAll()
      .where('booking_id', 'in', bookingIds.slice(index, index + IDS_PER_QUERY))
      .execute()
    for (const row of rows) {
      const version = Number(row.version)
      if ((last.get(row.booking_id)?.version ?? 0) < version) last.set(row.booking_id, { ...row, version })
    }
  }
  return last
}
