/**
 * Bookings per second on distinct slots, through the real HTTP stack, on SQLite and (with
 * TEST_DATABASE_URL or BENCH_DATABASE_URL) PostgreSQL. Baseline in the same run: GET /api/health
 * on the same app, so the ratio shows what the booking transaction costs over a round trip.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import pino from 'pino'
import { Pool } from 'pg'
import { BookingRepository } from '../server/bookings/booking.repository'
import { DEFAULT_SCHEDULE, generateSlots } from '../server/bookings/slot-generation'
import { createApp } from '../server/app'
import { createStationDirectory } from '../server/stations/station-directory'
import { KyselyStationRepository } from '../server/stations/station.repository'
import { openStorage, type Storage, type StorageOptions } from '../server/storage/database'

export interface BookingBenchResult {
  storage: 'sqlite' | 'postgres'
  bookings: number
  bookingsPerSecond: number
  healthPerSecond: number
  ratio: number
}

async function benchOne(options: StorageOptions, durationSeconds: number): Promise<BookingBenchResult> {
  const storage: Storage = await openStorage(options)
  const logger = pino({ level: 'silent' })
  const directory = await createStationDirectory({
    stationsDir: path.resolve(__dirname, '../data/stations'),
    repository: new KyselyStationRepository(storage.db),
    logger,
    now: () => new Date(),
  })
  // every weekday hour open with a large capacity across all 28 stations: slots never run out
  const schedule = {
    ...DEFAULT_SCHEDULE,
    weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:50', slotMinutes: 10, capacity: 50 })),
    minNoticeMinutes: 0,
    horizonDays: 14,
  }
  const stations = directory.snapshot().stations.map((station) => station.id)
  for (const stationId of stations)
    await new BookingRepository(storage).saveSchedule({ stationId, schedule, updatedAt: new Date().toISOString(), updatedBy: 'bench' })
  const slots = generateSlots({ schedule, now: new Date() }).map((slot) => slot.start)
  const app = createApp({ storage, directory, logger, version: 'bench', jsonBodyLimit: '64kb', rateLimits: 'off' })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let counter = 0
  try {
    const health = await autocannon({ url: `${url}/api/health`, connections: 10, duration: durationSeconds })
    const bookings = await autocannon({
      url: `${url}/api/bookings`,
      connections: 10,
      duration: durationSeconds,
      requests: [
        {
          method: 'POST',
          setupRequest: (request: autocannon.Request) => {
            counter += 1
            // distinct slots: walk stations × slots; distinct phones
            const body = {
              stationId: stations[counter % stations.length],
              slotStart: slots[Math.floor(counter / stations.length) % slots.length],
              matter: 'other',
              name: '压测',
              phone: `13${String(100000000 + counter).slice(-9)}`,
              consent: true,
            }
            return { ...request, headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify(body) }
          },
        },
      ],
    })
    if (bookings.non2xx > bookings.requests.total * 0.01) throw new Error(`too many failed bookings: ${bookings.non2xx}`)
    return {
      storage: storage.kind,
      bookings: bookings.requests.total - bookings.non2xx,
      bookingsPerSecond: bookings.requests.average,
      healthPerSecond: health.requests.average,
      ratio: bookings.requests.average / health.requests.average,
    }
  } finally {
    server.closeAllConnections()
    server.close()
    await storage.close()
  }
}

export async function runBookingBench(params: { durationSeconds?: number } = {}): Promise<BookingBenchResult[]> {
  const durationSeconds = params.durationSeconds ?? 5
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-bench-book-'))
  const results = [await benchOne({ kind: 'sqlite', sqlitePath: path.join(dir, 'bench.db') }, durationSeconds)]
  fs.rmSync(dir, { recursive: true, force: true })
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  if (databaseUrl) {
    const schema = `bench_${randomBytes(4).toString('hex')}`
    const admin = new Pool({ connectionString: databaseUrl, max: 1 })
    await admin.query(`create schema ${schema}`)
    try {
      results.push(await benchOne({ kind: 'postgres', databaseUrl, searchPath: schema }, durationSeconds))
    } finally {
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    }
  }
  return results
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  void runBookingBench().then((result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`))
}
