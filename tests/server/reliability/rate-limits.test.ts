import { randomBytes, randomInt } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { Pool } from 'pg'
import request from 'supertest'
import { StorageRateLimiter } from '../../../server/http/rate-limit'
import { KyselyRateLimitRepository } from '../../../server/http/rate-limit.repository'
import { openStorage, type Storage } from '../../../server/storage/database'
import { describeEachStorage, testDatabaseUrl } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'

/** Each test counts in its own window, so earlier tests' hits do not spill over. */
const hoursLater = (hours: number) => () => new Date(fixedNow().getTime() + hours * 3_600_000)

const limits = { bookingsPerIp: 4, bookingsPerPhone: 2, lookupsPerIp: 3, lookupsPerCode: 100 }

function booking(phone: string, minute: string) {
  return { stationId: '500241103-ws', slotStart: `2026-11-27T${minute}:00+08:00`, matter: 'other', name: '限流', phone, consent: true }
}

describeEachStorage('rate limits', (storage: () => Storage) => {
  it('limit booking creation per phone: the third booking of one phone in an hour is 429 with Retry-After', async () => {
    const app = await buildTestApp(storage(), { rateLimits: { ...limits, bookingsPerIp: 100 }, now: hoursLater(1) })
    const phone = `1390${String(randomInt(10_000_000)).padStart(7, '0')}`
    const statuses = []
    for (const minute of ['14:00', '14:30', '15:00']) statuses.push((await request(app).post('/api/bookings').send(booking(phone, minute))).status)
    expect(statuses).toEqual([201, 201, 429])
  })

  it('limit booking creation per IP, also for bad requests, and answer in Chinese', async () => {
    const app = await buildTestApp(storage(), { rateLimits: { ...limits, bookingsPerIp: 3, bookingsPerPhone: 100 }, now: hoursLater(2) })
    const statuses = []
    for (let i = 0; i < 4; i += 1) statuses.push((await request(app).post('/api/bookings').send({ consent: false })).status)
    expect(statuses).toEqual([400, 400, 400, 429])
    const limited = await request(app).post('/api/bookings').send({})
    expect(limited.body.error.message).toMatch(/操作太频繁/)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('prunes windows older than the cut-off and keeps current ones', async () => {
    const limiter = new StorageRateLimiter(storage())
    const rule = { name: `prune-${randomInt(1e9)}`, limit: 10, windowSeconds: 600 }
    await limiter.consume({ rule, key: 'k', now: new Date('2026-11-20T08:00:00Z') })
    await limiter.consume({ rule, key: 'k', now: new Date('2026-11-26T08:00:00Z') })
    await new KyselyRateLimitRepository(storage().db).prune({ before: new Date('2026-11-25T08:00:00Z').toISOString() })
    const left = await storage().db.selectFrom('rate_limits').select('window_start').where('bucket', '=', `${rule.name}:k`).execute()
    expect(left).toEqual([{ window_start: '2026-11-26T08:00:00.000Z' }])
  })

  it('RATE_LIMIT=off turns them off', async () => {
    const app = await buildTestApp(storage(), { rateLimits: 'off' })
    for (let i = 0; i < 10; i += 1) expect((await request(app).get('/api/bookings/ZZZZZZZZ').query({ phoneLast4: '0000' })).status).toBe(404)
  })
})

const onPostgres = testDatabaseUrl ? it : it.skip
describe('rate limit counters on PostgreSQL', () => {
  onPostgres(`are shared by two BFF instances${testDatabaseUrl ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, async () => {
    const schema = `rl_${randomBytes(5).toString('hex')}`
    const admin = new Pool({ connectionString: testDatabaseUrl, max: 1 })
    await admin.query(`create schema ${schema}`)
    const storages = [
      await openStorage({ kind: 'postgres', databaseUrl: testDatabaseUrl!, searchPath: schema }),
      await openStorage({ kind: 'postgres', databaseUrl: testDatabaseUrl!, searchPath: schema }),
    ]
    const servers: Server[] = []
    try {
      const urls: string[] = []
      for (const storage of storages) {
        const server = (await buildTestApp(storage, { rateLimits: limits })).listen(0, '127.0.0.1')
        await new Promise((resolve) => server.once('listening', resolve))
        servers.push(server)
        urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
      }
      const statuses: number[] = []
      // three look-ups allowed per IP in the window, alternating between the instances
      for (let i = 0; i < 4; i += 1) statuses.push((await fetch(`${urls[i % 2]}/api/bookings/ZZZZZZZZ?phoneLast4=0000`)).status)
      expect(statuses).toEqual([404, 404, 404, 429])
    } finally {
      for (const server of servers) {
        server.closeAllConnections()
        server.close()
      }
      for (const storage of storages) await storage.close()
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    }
  })
})
