import { Pool } from 'pg'
import { BookingRepository } from '../../../server/bookings/booking.repository'
import { DEFAULT_SCHEDULE } from '../../../server/bookings/slot-generation'
import { openStorage } from '../../../server/storage/database'
import { startBff, type BffProcess } from '../../support/bff-process'
import { databaseUrlFor } from './databases'
import { testDatabaseUrl } from './storages'

/** Every day 00:00–23:50 in 10-minute slots of 50 places, bookable at once, 14 days ahead. */
const ROOMY_SCHEDULE = {
  ...DEFAULT_SCHEDULE,
  weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:50', slotMinutes: 10, capacity: 50 })),
  minNoticeMinutes: 0,
  horizonDays: 14,
}

/**
 * A PostgreSQL database of its own (`database`, created here) with large slots on `stationIds`, so
 * load never runs out of places (409 is not the point of a load test), and `instances` BFF
 * processes on it with limits off (and `env`, when given). `close` stops them and drops the database.
 */
export async function roomyPostgresBffs(params: {
  database: string
  stationIds: readonly string[]
  instances: number
  env?: Record<string, string>
}): Promise<{ bffs: BffProcess[]; close(): Promise<void> }> {
  const admin = new Pool({ connectionString: testDatabaseUrl, max: 1 })
  const bffs: BffProcess[] = []
  const close = async () => {
    for (const bff of bffs) {
      await bff.stop()
      bff.cleanup()
    }
    await admin.query(`drop database if exists ${params.database} with (force)`)
    await admin.end()
  }
  try {
    await admin.query(`create database ${params.database}`)
    const storage = await openStorage({ kind: 'postgres', databaseUrl: databaseUrlFor(params.database) })
    try {
      for (const stationId of params.stationIds)
        await new BookingRepository(storage).saveSchedule({ stationId, schedule: ROOMY_SCHEDULE, updatedAt: new Date().toISOString(), updatedBy: 'test' })
    } finally {
      await storage.close()
    }
    // one after the other: the second finds the schema migrated
    for (let instance = 0; instance < params.instances; instance += 1)
      bffs.push(await startBff({ env: { DATABASE_URL: databaseUrlFor(params.database), RATE_LIMIT: 'off', LOG_LEVEL: 'warn', ...params.env } }))
  } catch (error) {
    await close()
    throw error
  }
  return { bffs, close }
}
