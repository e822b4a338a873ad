import { randomBytes, randomUUID } from 'node:crypto'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { Pool } from 'pg'
import request from 'supertest'
import { openStorage, isDatabaseUnavailable, type Storage } from '../../../server/storage/database'
import { DatabaseBusyError, QueuedPool, isDatabaseBusy } from '../../../server/storage/postgres-pool'
import { onPostgres, skipNote } from '../support/databases'
import { testDatabaseUrl } from '../support/storages'
import { buildTestApp, testDirectory } from '../support/test-app'

/**
 * Waiting for a pooled connection (long, bounded) is not opening one (short): a busy database
 * queues requests and says "busy" only past the queue's bound, and one that does not answer still
 * fails within the connect timeout. PostgreSQL only; reported as skipped, by name, without
 * TEST_DATABASE_URL.
 */

/** Never resolves by itself: the queue's deadline in these tests, far beyond jest's 5 s per test. */
const TEN_MINUTES = 10 * 60_000

const booking = (phone: string) => ({ stationId: '500241103-ws', slotStart: '2026-11-27T15:00:00+08:00', matter: 'other', name: '排队', phone, consent: true })

/** A TCP hop to PostgreSQL that can turn silent: it accepts connections but never says a word, as a hung server or a black-holed route. */
class SilenceableProxy {
  private server: net.Server | null = null
  private readonly sockets = new Set<net.Socket>()
  silent = false
  port = 0

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      this.sockets.add(client)
      client.on('close', () => this.sockets.delete(client))
      client.on('error', () => client.destroy())
      if (this.silent) return
      const upstream = net.connect(this.target)
      this.sockets.add(upstream)
      upstream.on('close', () => this.sockets.delete(upstream))
      upstream.on('error', () => upstream.destroy())
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  /** From now on connections are accepted and left hanging; the open ones are reset. */
  silence(): void {
    this.silent = true
    for (const socket of this.sockets) socket.resetAndDestroy()
  }

  speak(): void {
    this.silent = false
    for (const socket of this.sockets) socket.destroy()
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    if (this.server) await new Promise((resolve) => this.server!.close(resolve))
  }
}

onPostgres(`QueuedPool on PostgreSQL${skipNote}`, () => {
  const pools: Pool[] = []
  const queued = (limits: { size: number; queueLimit: number; queueTimeoutMs: number }) => {
    const pool = new Pool({ connectionString: testDatabaseUrl, max: limits.size, connectionTimeoutMillis: 5000 })
    pools.push(pool)
    return new QueuedPool(pool, limits)
  }
  afterAll(async () => {
    for (const pool of pools) if (!pool.ended && !pool.ending) await pool.end()
  })

  it('when every connection is taken, a request waits its turn (first come, first served) and gets the connection given back', async () => {
    const pool = queued({ size: 1, queueLimit: 10, queueTimeoutMs: TEN_MINUTES })
    const holder = await pool.connect()
    const order: number[] = []
    const waiting = [1, 2, 3].map((n) =>
      pool.connect().then(async (client) => {
        order.push(n)
        await client.query('select 1')
        client.release()
      }),
    )
    expect(pool.queued).toBe(3)
    holder.release()
    await Promise.all(waiting)
    expect(order).toEqual([1, 2, 3])
    expect(pool.inUse).toBe(0)
    await pool.end()
  })

  it('when the queue is full, refuses the next request at once with DATABASE_BUSY (not "database unavailable")', async () => {
    const pool = queued({ size: 1, queueLimit: 2, queueTimeoutMs: TEN_MINUTES })
    const holder = await pool.connect()
    // each gives its connection back as soon as it has it: the second waits for the first
    const waiting = [pool.connect(), pool.connect()].map((connecting) => connecting.then((client) => client.release()))
    const refused = await pool.connect().then(
      () => null,
      (error: unknown) => error,
    )
    expect(refused).toBeInstanceOf(DatabaseBusyError)
    expect(isDatabaseBusy(refused)).toBe(true)
    expect(isDatabaseUnavailable(refused)).toBe(false)
    expect((refused as DatabaseBusyError).reason).toBe('queue-full')
    holder.release()
    await Promise.all(waiting)
    expect(pool.inUse).toBe(0)
    await pool.end()
  })

  it('when a request waits past the deadline, it is refused with DATABASE_BUSY and leaves the queue', async () => {
    const pool = queued({ size: 1, queueLimit: 10, queueTimeoutMs: 50 })
    const holder = await pool.connect()
    const refused = await pool.connect().then(
      () => null,
      (error: unknown) => error,
    )
    expect((refused as DatabaseBusyError).reason).toBe('wait-timeout')
    expect(pool.queued).toBe(0)
    holder.release()
    // the turn it gave up is not lost: the connection is there for the next request
    const next = await pool.connect()
    next.release()
    expect(pool.inUse).toBe(0)
    await pool.end()
  })

  it('a connection released as broken hands the turn on too, and the next request gets a fresh one', async () => {
    const pool = queued({ size: 1, queueLimit: 10, queueTimeoutMs: TEN_MINUTES })
    const holder = await pool.connect()
    const waiting = pool.connect()
    holder.release(new Error('broken'))
    const next = await waiting
    expect(next).not.toBe(holder)
    expect((await next.query('select 1 as one')).rows[0].one).toBe(1)
    next.release()
    await pool.end()
  })
})

onPostgres(`A PostgreSQL storage whose pool is busy or whose database does not answer${skipNote}`, () => {
  const schema = `pool_${randomBytes(4).toString('hex')}`
  let admin: Pool
  let proxy: SilenceableProxy
  const storages: Storage[] = []

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl, max: 1 })
    await admin.query(`create schema ${schema}`)
    const target = new URL(testDatabaseUrl!)
    proxy = new SilenceableProxy({ host: target.hostname, port: Number(target.port || 5432) })
    await proxy.open()
  })

  afterAll(async () => {
    for (const storage of storages) await storage.close()
    await proxy.close()
    await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.end()
  })

  async function open(options: { viaProxy?: boolean; size: number; queueLimit: number; queueTimeoutMs: number; connectTimeoutMs?: number }): Promise<Storage> {
    const url = new URL(testDatabaseUrl!)
    if (options.viaProxy) {
      url.hostname = '127.0.0.1'
      url.port = String(proxy.port)
    }
    const storage = await openStorage(
      {
        kind: 'postgres',
        databaseUrl: url.toString(),
        searchPath: schema,
        pool: { size: options.size, queueLimit: options.queueLimit, queueTimeoutMs: options.queueTimeoutMs },
        connectTimeoutMs: options.connectTimeoutMs,
      },
      { onConnectionError: () => undefined },
    )
    storages.push(storage)
    return storage
  }

  it('while every pooled connection is held, /api/health answers 200 ok and a booking past the queue bound answers 503 DATABASE_BUSY with Retry-After, in Chinese', async () => {
    // one connection and no waiting room; the directory is read through a storage of its own
    const storage = await open({ size: 1, queueLimit: 0, queueTimeoutMs: TEN_MINUTES })
    const app = await buildTestApp(storage, { directory: await testDirectory(await open({ size: 2, queueLimit: 10, queueTimeoutMs: TEN_MINUTES })) })
    let letGo!: () => void
    const gate = new Promise<void>((resolve) => (letGo = resolve))
    let held!: () => void
    const holding = new Promise<void>((resolve) => (held = resolve))
    // a long transaction (a staff export, a slow statement) holds the only connection; the app's
    // start-up read of the reports may hold it a moment first (and the queue has no room): retry until held
    let holder: Promise<void> | null = null
    while (!holder) {
      const attempt = storage.db.connection().execute(async () => {
        held()
        await gate
      })
      const outcome = await Promise.race([
        holding.then(() => 'held' as const),
        attempt.then(
          () => 'done' as const,
          () => 'busy' as const,
        ),
      ])
      if (outcome === 'held') holder = attempt
      else await new Promise((resolve) => setTimeout(resolve, 50))
    }
    try {
      const health = await request(app).get('/api/health')
      expect(health.status).toBe(200)
      expect(health.body.status).toBe('ok')

      const refused = await request(app).post('/api/bookings').set('Idempotency-Key', randomUUID()).send(booking('13900000001'))
      expect(refused.status).toBe(503)
      expect(refused.body.error.code).toBe('DATABASE_BUSY')
      expect(refused.body.error.message).toMatch(/正忙/)
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    } finally {
      letGo()
      await holder
    }
    expect((await request(app).post('/api/bookings').set('Idempotency-Key', randomUUID()).send(booking('13900000001'))).status).toBe(201)
  })

  it('when the database accepts connections but never answers, queued requests still fail with 503 DATABASE_UNAVAILABLE within the connect timeout, not the queue deadline, and service resumes', async () => {
    // a queue deadline of ten minutes and a connect timeout of 300 ms: finishing within jest's 5 s proves which one ended the wait
    const storage = await open({ viaProxy: true, size: 2, queueLimit: 100, queueTimeoutMs: TEN_MINUTES, connectTimeoutMs: 300 })
    const app = await buildTestApp(storage)
    proxy.silence()
    try {
      // more requests than connections: most of them wait in the queue for a connection that never opens
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          request(app)
            .post('/api/bookings')
            .set('Idempotency-Key', randomUUID())
            .send(booking(`1390000${String(i).padStart(4, '0')}`)),
        ),
      )
      for (const answer of answers) {
        expect(answer.status).toBe(503)
        expect(answer.body.error.code).toBe('DATABASE_UNAVAILABLE')
        expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0)
      }
      const health = await request(app).get('/api/health')
      expect(health.status).toBe(503)
      expect(health.body.status).toBe('degraded')
    } finally {
      proxy.speak()
    }
    expect((await request(app).get('/api/health')).body.status).toBe('ok')
    expect((await request(app).post('/api/bookings').set('Idempotency-Key', randomUUID()).send(booking('13900009999'))).status).toBe(201)
  })
})
