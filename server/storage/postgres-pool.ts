import { Client, type ClientConfig, type Pool, type PoolClient } from 'pg'

/**
 * How many PostgreSQL connections one BFF instance keeps, and how requests wait for one.
 * `connectTimeoutMs` (opening a TCP connection, short: a database that does not answer fails fast)
 * is pg's `connectionTimeoutMillis` and not set here.
 */
export interface PoolLimits {
  /** connections of this instance (the health ping has one more of its own) */
  size: number
  /** requests waiting for a connection; one more is answered 503 DATABASE_BUSY at once */
  queueLimit: number
  /** the longest a request waits for a connection before it is answered 503 DATABASE_BUSY */
  queueTimeoutMs: number
}

/**
 * 10 connections: two instances with their health pings hold 22 of PostgreSQL's default 100, and
 * more would not book faster on a 2-core database server. 1,000 waiting: a burst of 1,000 bookings
 * over two instances queues ~500 on each (measured: the burst drains in 3–6 s), and still fits if
 * a load balancer sends it all to one. 30 s: far above what such a burst needs; the app gives up
 * after 10 s, but its retry carries the same Idempotency-Key, so a booking that waited longer is
 * answered as a replay, neither lost nor made twice.
 */
export const DEFAULT_POOL_LIMITS: Readonly<PoolLimits> = Object.freeze({ size: 10, queueLimit: 1000, queueTimeoutMs: 30_000 })

/** Seconds a client is asked to wait when the queue for a connection is full or too slow. */
export const DATABASE_BUSY_RETRY_AFTER_SECONDS = 5

/**
 * The database is up but every connection is taken and the queue is full (or a request waited past
 * the deadline): nothing was done; trying again shortly is right. Not "the database is down".
 */
export class DatabaseBusyError extends Error {
  readonly code = 'DATABASE_BUSY'
  constructor(readonly reason: 'queue-full' | 'wait-timeout') {
    super(reason === 'queue-full' ? 'database connection queue is full' : 'waited too long for a database connection')
    this.name = 'DatabaseBusyError'
  }
}

export function isDatabaseBusy(error: unknown, depth = 0): boolean {
  if (error instanceof DatabaseBusyError) return true
  if (typeof error !== 'object' || error === null || depth > 3) return false
  const { cause } = error as { cause?: unknown }
  return cause !== undefined && isDatabaseBusy(cause, depth + 1)
}

interface Waiter {
  resolve: () => void
  reject: (error: unknown) => void
  timer: ReturnType<typeof setTimeout>
}

/**
 * pg's Pool with a waiting room of its own. pg-pool's `connectionTimeoutMillis` bounds both the
 * wait for a free client and the opening of a connection, so one value either fails a healthy but
 * busy database's queue after a few seconds ("database down") or lets a dead one hold requests for
 * long. Here a request first waits its turn (FIFO, at most `queueLimit` waiting, each at most
 * `queueTimeoutMs`), and only then asks the pg pool, which has a client or room for one: its
 * timeout is left to mean opening a connection. When opening one fails, everybody waiting is told
 * at once, so a database that does not answer fails requests within the connect timeout, not one
 * connect timeout per pool-full of queued requests.
 *
 * Kysely's PostgresDialect needs only connect() and end(); the clients are pg's own (Kysely keeps a
 * connection per client object), with release() wrapped to hand the turn on.
 */
export class QueuedPool {
  private active = 0
  private readonly waiting: Waiter[] = []
  private ending = false

  constructor(
    private readonly pool: Pool,
    private readonly limits: PoolLimits,
  ) {}

  /** connections checked out or being opened */
  get inUse(): number {
    return this.active
  }

  /** requests waiting for a connection */
  get queued(): number {
    return this.waiting.length
  }

  async connect(): Promise<PoolClient> {
    if (this.ending) throw new Error('Cannot use a pool after calling end on the pool')
    await this.turn()
    let client: PoolClient
    try {
      client = await this.pool.connect()
    } catch (error) {
      // no connection could be opened: those waiting would each try and fail the same way, one by one
      this.failWaiting(error)
      this.handOn()
      throw error
    }
    const release = client.release.bind(client)
    let released = false
    client.release = (destroy?: Error | boolean) => {
      // a second release throws in pg's own release, as it would without this wrapper
      if (!released) {
        released = true
        this.handOn()
      }
      release(destroy)
    }
    return client
  }

  async end(): Promise<void> {
    this.ending = true
    this.failWaiting(new Error('Cannot use a pool after calling end on the pool'))
    await this.pool.end()
  }

  /** Resolves when this request may take a connection; rejects when the queue is full or the wait too long. */
  private turn(): Promise<void> {
    if (this.active < this.limits.size && this.waiting.length === 0) {
      this.active += 1
      return Promise.resolve()
    }
    if (this.waiting.length >= this.limits.queueLimit) return Promise.reject(new DatabaseBusyError('queue-full'))
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(waiter)
          if (index !== -1) this.waiting.splice(index, 1)
          reject(new DatabaseBusyError('wait-timeout'))
        }, this.limits.queueTimeoutMs),
      }
      // Node's timers can be unref'd; a browser-like test environment (jsdom) gives a number
      if (typeof waiter.timer === 'object') waiter.timer.unref()
      this.waiting.push(waiter)
    })
  }

  /** A connection was given back (or could not be opened): the next waiting request takes its place. */
  private handOn(): void {
    const next = this.waiting.shift()
    if (next) {
      clearTimeout(next.timer)
      next.resolve()
    } else {
      this.active -= 1
    }
  }

  private failWaiting(error: unknown): void {
    for (const waiter of this.waiting.splice(0)) {
      clearTimeout(waiter.timer)
      waiter.reject(error)
    }
  }
}

/**
 * The health check's own connection: its `select 1` never waits behind requests queued for the
 * pool, so a busy database is reported up and only one that does not answer is reported down.
 * Opened on first use, dropped on any error or timeout, opened again on the next ping.
 */
export class PingConnection {
  private client: Client | null = null
  private connecting: Promise<Client> | null = null
  private closed = false
  /** the ping under way: health checks at the same moment share its answer, rather than queueing queries on one client (which pg deprecates) */
  private pinging: Promise<boolean> | null = null

  constructor(
    private readonly config: ClientConfig,
    private readonly timeoutMs: number,
  ) {}

  ping(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false)
    this.pinging ??= this.pingOnce().finally(() => {
      this.pinging = null
    })
    return this.pinging
  }

  private async pingOnce(): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.timeoutMs)
      if (typeof timer === 'object') timer.unref()
    })
    let used: Client | null = null
    const answered = this.connected()
      .then(async (client) => {
        used = client
        await client.query('select 1')
        return true
      })
      .catch(() => false)
    try {
      const alive = await Promise.race([answered, timedOut])
      // a connection that failed or did not answer in time is not used again
      if (!alive) this.drop(used ?? this.client)
      return alive
    } finally {
      clearTimeout(timer)
    }
  }

  async close(): Promise<void> {
    this.closed = true
    const client = this.client ?? (await this.connecting?.catch(() => null)) ?? null
    this.client = null
    if (client) await client.end().catch(() => undefined)
  }

  private connected(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client)
    this.connecting ??= (async () => {
      const client = new Client(this.config)
      // a killed or broken connection emits 'error'; without a listener it would end the process
      client.on('error', () => this.drop(client))
      try {
        await client.connect()
      } catch (error) {
        await client.end().catch(() => undefined)
        throw error
      } finally {
        this.connecting = null
      }
      if (this.closed) {
        await client.end().catch(() => undefined)
        throw new Error('ping connection closed')
      }
      this.client = client
      return client
    })()
    return this.connecting
  }

  private drop(client: Client | null): void {
    if (!client) return
    if (this.client === client) this.client = null
    // a server that stopped answering would never finish a polite goodbye (end() half-closes and
    // waits): the socket is destroyed, as pg-pool does with a connection that timed out
    const { connection } = client as unknown as { connection?: { stream?: { destroy(): void } } }
    connection?.stream?.destroy()
    client.end().catch(() => undefined)
  }
}
