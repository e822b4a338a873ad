import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Server } from 'node:http'
import { Pool } from 'pg'
import { BookingRepository } from '../../../server/bookings/booking.repository'
import { DEFAULT_SCHEDULE } from '../../../server/bookings/slot-generation'
import { openStorage, type Storage } from '../../../server/storage/database'
import { describeEachStorage, testDatabaseUrl } from '../support/storages'
import { buildTestApp } from '../support/test-app'

const STATION = '500241103-ws'
const SLOT = '2026-11-27T09:00:00+08:00'
const REQUESTS = 200
const CAPACITY = 3

async function listen(storage: Storage): Promise<{ url: string; server: Server }> {
  const app = await buildTestApp(storage, { rateLimits: 'off' })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

/** 200 different people press 预约 at the same moment, spread over the given BFF instances. */
async function stampede(urls: string[]): Promise<number[]> {
  const responses = await Promise.all(
    Array.from({ length: REQUESTS }, (_, index) =>
      fetch(`${urls[index % urls.length]}/api/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `stampede-${index}-${randomBytes(4).toString('hex')}` },
        body: JSON.stringify({
          stationId: STATION,
          slotStart: SLOT,
          matter: 'neighbor',
          name: `村民${index}`,
          phone: `139${String(index).padStart(8, '0')}`,
          consent: true,
        }),
      }),
    ),
  )
  return responses.map((response) => response.status)
}

async function storedCount(storage: Storage): Promise<{ bookings: number; booked: number }> {
  const bookings = await storage.db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('slot_start', '=', SLOT)
    .where('station_id', '=', STATION)
    .executeTakeFirstOrThrow()
  const slot = await storage.db.selectFrom('slots').select('booked').where('slot_start', '=', SLOT).where('station_id', '=', STATION).executeTakeFirstOrThrow()
  return { bookings: Number(bookings.n), booked: slot.booked }
}

async function capacityThree(storage: Storage): Promise<void> {
  await new BookingRepository(storage).saveSchedule({
    stationId: STATION,
    schedule: { ...DEFAULT_SCHEDULE, weekly: DEFAULT_SCHEDULE.weekly.map((opening) => ({ ...opening, capacity: CAPACITY })) },
    updatedAt: new Date().toISOString(),
    updatedBy: 'test',
  })
}

function tally(statuses: number[]): Record<number, number> {
  return statuses.reduce<Record<number, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {})
}

describe('200 simultaneous POST /api/bookings for one slot of capacity 3', () => {
  it('on SQLite: exactly three 201, 197 × 409, and three stored', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-race-'))
    const storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'race.db') })
    const { url, server } = await listen(storage)
    try {
      await capacityThree(storage)
      expect(tally(await stampede([url]))).toEqual({ 201: CAPACITY, 409: REQUESTS - CAPACITY })
      expect(await storedCount(storage)).toEqual({ bookings: CAPACITY, booked: CAPACITY })
    } finally {
      server.closeAllConnections()
      server.close()
      await storage.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  const onPostgres = testDatabaseUrl ? it : it.skip
  onPostgres(
    `on PostgreSQL with two BFF instances on separate ports${testDatabaseUrl ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}: exactly three 201 and three stored`,
    async () => {
      const schema = `race_${randomBytes(5).toString('hex')}`
      const admin = new Pool({ connectionString: testDatabaseUrl, max: 1 })
      await admin.query(`create schema ${schema}`)
      const first = await openStorage({ kind: 'postgres', databaseUrl: testDatabaseUrl!, searchPath: schema, pool: { size: 10 } })
      const second = await openStorage({ kind: 'postgres', databaseUrl: testDatabaseUrl!, searchPath: schema, pool: { size: 10 } })
      const instances = [await listen(first), await listen(second)]
      try {
        await capacityThree(first)
        expect(tally(await stampede(instances.map((instance) => instance.url)))).toEqual({ 201: CAPACITY, 409: REQUESTS - CAPACITY })
        expect(await storedCount(second)).toEqual({ bookings: CAPACITY, booked: CAPACITY })
      } finally {
        for (const { server } of instances) {
          server.closeAllConnections()
          server.close()
        }
        await first.close()
        await second.close()
        await admin.query(`drop schema ${schema} cascade`)
        await admin.end()
      }
    },
  )
})

/** One phone whose answer keeps getting lost: the same submission (one Idempotency-Key) sent 20 times at once. */
async function sameSubmission(urls: string[], key: string): Promise<{ status: number; code: string | undefined }[]> {
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, index) =>
      fetch(`${urls[index % urls.length]}/api/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify({ stationId: STATION, slotStart: SLOT, matter: 'neighbor', name: '重试的村民', phone: '13700000001', consent: true }),
      }),
    ),
  )
  return Promise.all(responses.map(async (response) => ({ status: response.status, code: ((await response.json()) as { code?: string }).code })))
}

describeEachStorage('20 simultaneous retries of one submission (one Idempotency-Key)', (storage: () => Storage) => {
  it('all answer 201 with the same booking, one place is taken, and a later retry on a full slot still replays it', async () => {
    const instances = [await listen(storage())]
    try {
      await capacityThree(storage())
      const key = `retry-${randomBytes(6).toString('hex')}`
      const answers = await sameSubmission(
        instances.map((instance) => instance.url),
        key,
      )
      expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201]))
      expect(new Set(answers.map((answer) => answer.code)).size).toBe(1)
      expect(await storedCount(storage())).toEqual({ bookings: 1, booked: 1 })
      // the slot fills up; the lost answer's retry is still the booking, not 409
      await stampede(instances.map((instance) => instance.url))
      const [late] = await sameSubmission(
        instances.map((instance) => instance.url),
        key,
      ).then((all) => all.slice(0, 1))
      expect(late).toEqual({ status: 201, code: answers[0].code })
    } finally {
      for (const { server } of instances) {
        server.closeAllConnections()
        server.close()
      }
    }
  })
})
