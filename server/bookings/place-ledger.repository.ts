import { sql, type Kysely } from 'kysely'
import type { DatabaseSchema } from '../storage/schema'

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
