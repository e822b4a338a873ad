import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { DatabaseSchema } from '../storage/schema'

export interface OutboxMessage {
  kind: string
  payload: unknown
  dueAt: string
}

/**
 * Gives one place of a slot back (a cancel, the old slot of a reschedule). Call it inside the
 * transaction that moved the booking out of an active status; never below 0.
 */
export async function releasePlace(trx: Kysely<DatabaseSchema>, params: { stationId: string; slotStart: string }): Promise<void> {
  await trx
    .updateTable('slots')
    .set({ booked: sql`booked - 1` })
    .where('station_id', '=', params.stationId)
    .where('slot_start', '=', params.slotStart)
    .where('booked', '>', 0)
    .execute()
}

/** Queues messages (confirmation, reminder, cancel notice) in the transaction that made them true: one multi-row insert. */
export async function enqueueOutbox(trx: Kysely<DatabaseSchema>, messages: readonly OutboxMessage[], now: string): Promise<void> {
  if (messages.length === 0) return
  await trx
    .insertInto('outbox')
    .values(
      messages.map((message) => ({
        id: randomUUID(),
        kind: message.kind,
        payload: JSON.stringify(message.payload),
        created_at: now,
        due_at: message.dueAt,
        sent_at: null,
        last_error: null,
      })),
    )
    .execute()
}
