import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { OUTBOX_MAX_ATTEMPTS, type DatabaseSchema, type OutboxTable } from '../storage/schema'

export type OutboxRow = Omit<OutboxTable, 'attempts'> & { attempts: number }

export interface OutboxMessage {
  kind: string
  payload: unknown
  dueAt: string
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

/**
 * The messages the booking transactions queue (table outbox) as the reminder sender reads and marks
 * them, and the little of the booking it needs; the same statements on SQLite and PostgreSQL.
 */
export interface OutboxRepository {
  /** Unsent rows due by `now` with attempts left, oldest first. */
  listDue(params: { now: string; limit: number }): Promise<OutboxRow[]>
  /** Counts an attempt if the row is still as read: false when another BFF instance claimed it first. */
  claim(row: Pick<OutboxRow, 'id' | 'attempts'>): Promise<boolean>
  /** Done: sent, logged or skipped (`lastError` says why it was skipped). */
  markSent(params: { id: string; at: string; lastError?: string | null }): Promise<void>
  /** No attempt can succeed: the row is given up (OUTBOX_MAX_ATTEMPTS). */
  markUndeliverable(params: { id: string; lastError: string }): Promise<void>
  recordFailure(params: { id: string; lastError: string }): Promise<void>
  bookingStatus(bookingId: string): Promise<string | undefined>
  bookingPhone(bookingId: string): Promise<{ phone: string; phone_last4: string } | undefined>
  /** Whether the booking's confirmation or reminder was marked to go by SMS. */
  smsMarked(bookingId: string): Promise<boolean>
}

export class KyselyOutboxRepository implements OutboxRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  listDue(params: { now: string; limit: number }): Promise<OutboxRow[]> {
    return this.db
      .selectFrom('outbox')
      .selectAll()
      .where('sent_at', 'is', null)
      .where('due_at', '<=', params.now)
      .where('attempts', '<', OUTBOX_MAX_ATTEMPTS)
      .orderBy('due_at')
      .limit(params.limit)
      .execute()
  }

  async claim(row: Pick<OutboxRow, 'id' | 'attempts'>): Promise<boolean> {
    const claimed = await this.db
      .updateTable('outbox')
      .set({ attempts: row.attempts + 1 })
      .where('id', '=', row.id)
      .where('attempts', '=', row.attempts)
      .where('sent_at', 'is', null)
      .executeTakeFirst()
    return claimed.numUpdatedRows !== 0n
  }

  async markSent(params: { id: string; at: string; lastError?: string | null }): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ sent_at: params.at, last_error: params.lastError ?? null })
      .where('id', '=', params.id)
      .execute()
  }

  async markUndeliverable(params: { id: string; lastError: string }): Promise<void> {
    await this.db.updateTable('outbox').set({ last_error: params.lastError, attempts: OUTBOX_MAX_ATTEMPTS }).where('id', '=', params.id).execute()
  }

  async recordFailure(params: { id: string; lastError: string }): Promise<void> {
    await this.db.updateTable('outbox').set({ last_error: params.lastError }).where('id', '=', params.id).execute()
  }

  async bookingStatus(bookingId: string): Promise<string | undefined> {
    const booking = await this.db.selectFrom('bookings').select('status').where('id', '=', bookingId).executeTakeFirst()
    return booking?.status
  }

  bookingPhone(bookingId: string): Promise<{ phone: string; phone_last4: string } | undefined> {
    return this.db.selectFrom('bookings').select(['phone', 'phone_last4']).where('id', '=', bookingId).executeTakeFirst()
  }

  async smsMarked(bookingId: string): Promise<boolean> {
    const marked = await this.db
      .selectFrom('outbox')
      .select('id')
      .where('kind', 'in', ['booking_created', 'booking_reminder'])
      .where('payload', 'like', `%"bookingId":"${bookingId}"%"sms":true%`)
      .executeTakeFirst()
    return marked !== undefined
  }
}
