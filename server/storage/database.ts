import fs from 'node:fs'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import { Pool } from 'pg'
import type { StorageKind } from '../../contracts'
import { migrateToLatest } from './migrations'
import { DEFAULT_POOL_LIMITS, PingConnection, QueuedPool, type PoolLimits } from './postgres-pool'
import type { DatabaseSchema } from './schema'

export type StorageOptions =
  | { kind: 'sqlite'; sqlitePath: string }
  | {
      kind: 'postgres'
      databaseUrl: string
      /** for isolated test schemas */ searchPath?: string
      /** DEFAULT_POOL_LIMITS where not given */ pool?: Partial<PoolLimits>
      /** opening a connection; tests shorten it */ connectTimeoutMs?: number
    }

export interface Storage {
  kind: StorageKind
  db: Kysely<DatabaseSchema>
  /**
   * A transaction that writes. SQLite: BEGIN IMMEDIATE takes the write lock up front, so two
   * processes cannot both read-then-write; PostgreSQL: READ COMMITTED, where guards are
   * conditional updates and constraints that re-check the row they wait for.
   */
  writeTransaction<T>(work: (trx: Kysely<DatabaseSchema>) => Promise<T>): Promise<T>
  /** true when the database answers a trivial query (health checks) */
  ping(): Promise<boolean>
  /** this instance's connections, for /metrics (PostgreSQL's pool: server/storage/postgres-pool.ts); absent on SQLite, which has none */
  poolStats?: () => { inUse: number; waiting: number; size: number }
  close(): Promise<void>
}

/** How long a health ping may take before the database counts as unreachable. */
const PING_TIMEOUT_MS = 2000

/** SQLite's ping (PostgreSQL pings on a connection of its own: PingConnection). */
function pinger(db: Kysely<DatabaseSchema>): () => Promise<boolean> {
  return async () => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS)
      // Node's timers can be unref'd; a browser-like test environment (jsdom) gives a number
      if (typeof timer === 'object') timer.unref()
    })
    try {
      return await Promise.race([sql`select 1`.execute(db).then(() => true), timedOut])
    } catch {
      return false
    } finally {
      clearTimeout(timer)
    }
  }
}

/** SQLSTATE classes and node socket codes that mean "the database is not there", not "the query is wrong". */
const UNAVAILABLE_PG_CODES = new Set(['57P01', '57P02', '57P03', '53300'])
// SQLite: another process held the write lock past busy_timeout (5 s); nothing was written, a retry will do
const UNAVAILABLE_SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED'])
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
/** pg's own wording when a socket ended or could not be opened in time (these errors carry no code) */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout|terminating connection/i

/**
 * The error says the database went away (restart, failover, killed connection, refused or timed
 * out connect): the request did not happen, or its transaction was rolled back, and trying again
 * shortly is right. Query errors (syntax, constraints) are not this.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }
  if (typeof code === 'string') {
    if (UNAVAILABLE_PG_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || UNAVAILABLE_SOCKET_CODES.has(code) || UNAVAILABLE_SQLITE_CODES.has(code)) return true
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true
  // connect() to `localhost` tries ::1 and 127.0.0.1 and fails with an AggregateError of both
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true
  return cause !== undefined && isDatabaseUnavailable(cause, depth + 1)
}

/** What may be logged of a database connection error: its code and a message without any URL. */
export function redactDatabaseError(error: unknown): { code: string | null; message: string } {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown }
  const text = typeof message === 'string' ? message : String(error)
  return { code: typeof code === 'string' ? code : null, message: text.replace(/postgres(?:ql)?:\/\/\S+/gi, 'postgres://…').slice(0, 200) }
}

/** Receives connection errors that happen outside any request (an idle connection killed). */
export interface StorageHooks {
  onConnectionError?: (summary: { code: string | null; message: string }) => void
  /** the database holds migrations of a newer release (expand-only: this code serves it as it is) */
  onMigrationsAhead?: (names: string[]) => void
}

/** Which unique or primary-key constraint refused a write, as far as the driver says. */
export interface UniqueViolation {
  /** PostgreSQL: the constraint or unique index (`bookings_code_key`); SQLite names only an index on expressions */
  constraint?: string
  /** the table (PostgreSQL's `table` field; the `table.` of SQLite's column list) */
  table?: string
  /** the key's columns in index order (PostgreSQL's detail `Key (a, b)=(…)`; SQLite's `t.a, t.b`); [] when not said */
  columns: string[]
}

/** A unique constraint, as each database reports it: its name (PostgreSQL) and its table and columns (SQLite). */
export interface UniqueKey {
  constraint: string
  table: string
  columns: readonly string[]
}

const SQLITE_UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'])

/**
 * The unique or primary-key violation this error reports, or null for any other error.
 * PostgreSQL (SQLSTATE 23505) carries `constraint`, `table` and `detail`: `Key (code)=(…) already
 * exists.` (the values after `=` are data, a phone number even: only the column list is read).
 * SQLite says `UNIQUE constraint failed: bookings.station_id, bookings.slot_start, bookings.phone`,
 * or `… failed: index 'name'` for an index on expressions.
 */
export function uniqueViolation(error: unknown): UniqueViolation | null {
  if (typeof error !== 'object' || error === null) return null
  const { code, message, constraint, table, detail } = error as { code?: unknown; message?: unknown; constraint?: unknown; table?: unknown; detail?: unknown }
  if (code === '23505') {
    const key = typeof detail === 'string' ? /^Key \((.*?)\)=/.exec(detail) : null
    return {
      ...(typeof constraint === 'string' ? { constraint } : {}),
      ...(typeof table === 'string' ? { table } : {}),
      columns: key ? key[1].split(',').map((column) => column.trim().replace(/^"(.*)"$/, '$1')) : [],
    }
  }
  if (typeof code !== 'string' || !SQLITE_UNIQUE_CODES.has(code) || typeof message !== 'string') return null
  const failed = /UNIQUE constraint failed: (.+)$/.exec(message)?.[1] ?? ''
  const index = /^index '(.+)'$/.exec(failed)
  if (index) return { constraint: index[1], columns: [] }
  const qualified = failed
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.includes('.'))
  if (qualified.length === 0) return { columns: [] }
  const tableOf = (part: string) => part.slice(0, part.lastIndexOf('.'))
  return { table: tableOf(qualified[0]), columns: qualified.map((part) => part.slice(part.lastIndexOf('.') + 1)) }
}

/** The violation is of `key`: by name where the driver gives one (PostgreSQL), else by table and column list (SQLite). */
export function violates(violation: UniqueViolation | null, key: UniqueKey): boolean {
  if (!violation) return false
  if (violation.constraint !== undefined) return violation.constraint === key.constraint
  return violation.table === key.table && violation.columns.length === key.columns.length && violation.columns.every((column, i) => column === key.columns[i])
}

function openSqlite(sqlitePath: string): SqliteDatabase.Database {
  if (sqlitePath !== ':memory:') fs.mkdirSync(path.dirname(sqlitePath), { recursive: true })
  const database = new SqliteDatabase(sqlitePath)
  // WAL lets readers run beside the writer. synchronous = FULL is decided (issue 25) and stays: a
  // 201 is a promise to a villager and must survive a power cut, which NORMAL in WAL mode does not
  // guarantee (the last commits can roll back). Throughput comes from PostgreSQL and more instances.
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  return database
}

const STATEMENT_CACHE_SIZE = 200

/**
 * better-sqlite3 behind Kysely prepares every statement anew; a booking runs the same few
 * statements each time, so prepared ones are kept (least recently used dropped past 200). Safe
 * because every statement runs to completion synchronously (all/run): the app never streams
 * (`iterate`), where two uses of one statement would collide.
 */
function withStatementCache(database: SqliteDatabase.Database): { close(): void; prepare(sql: string): SqliteDatabase.Statement } {
  const cache = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => {
      cache.clear()
      database.close()
    },
    prepare: (text: string) => {
      const cached = cache.get(text)
      if (cached) {
        // refresh its place: a Map iterates in insertion order, so the first key is the least recent
        cache.delete(text)
        cache.set(text, cached)
        return cached
      }
      const statement = database.prepare(text)
      cache.set(text, statement)
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
      return statement
    },
  }
}

/** Opens the database named by the options and brings its schema up to date. */
export async function openStorage(options: StorageOptions, hooks: StorageHooks = {}): Promise<Storage> {
  if (options.kind === 'sqlite') {
    const database = openSqlite(options.sqlitePath)
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) })
    const { ahead } = await migrateToLatest(db as Kysely<unknown>)
    if (ahead.length > 0) hooks.onMigrationsAhead?.(ahead)
    return {
      kind: 'sqlite',
      db,
      writeTransaction: (work) =>
        db.connection().execute(async (connection) => {
          await sql`begin immediate`.execute(connection)
          try {
            const result = await work(connection)
            await sql`commit`.execute(connection)
            return result
          } catch (error) {
            await sql`rollback`.execute(connection)
            throw error
          }
        }),
      ping: pinger(db),
      close: () => db.destroy(),
    }
  }
  const limits: PoolLimits = { ...DEFAULT_POOL_LIMITS, ...options.pool }
  const connection = {
    connectionString: options.databaseUrl,
    // a database that does not answer must fail a request (503), not hold it forever; this bounds
    // opening a connection only: waiting for a free one is QueuedPool's (long, bounded) queue
    connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    keepAlive: true,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  }
  const pool = new Pool({ ...connection, max: limits.size })
  const report = (error: unknown) => {
    const summary = redactDatabaseError(error)
    if (hooks.onConnectionError) hooks.onConnectionError(summary)
    else process.stderr.write(`数据库连接出错：${summary.code ?? ''} ${summary.message}\n`)
  }
  // A restart, failover or pg_terminate_backend ends idle connections: pg emits 'error' on the
  // pool, which without a listener is an uncaught exception that ends the process. The pool drops
  // the dead client itself and opens new ones on demand, so logging is all there is to do.
  pool.on('error', report)
  // A client checked out by a transaction between two statements has no pool listener: its error
  // would be uncaught too. The statement that uses it next fails (503); on release the pool drops it.
  pool.on('connect', (client) => {
    client.on('error', () => undefined)
  })
  const queuedPool = new QueuedPool(pool, limits)
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool: queuedPool }) })
  try {
    const { ahead } = await migrateToLatest(db as Kysely<unknown>, { schema: await migrationSchema({ db, searchPath: options.searchPath }) })
    if (ahead.length > 0) hooks.onMigrationsAhead?.(ahead)
  } catch (error) {
    await db.destroy()
    throw error
  }
  // the health ping has a connection of its own: it must not wait behind queued bookings
  const pings = new PingConnection(connection, PING_TIMEOUT_MS)
  return {
    kind: 'postgres',
    db,
    writeTransaction: (work) => db.transaction().execute(work),
    ping: () => pings.ping(),
    poolStats: () => ({ inUse: queuedPool.inUse, waiting: queuedPool.queued, size: limits.size }),
    close: async () => {
      await pings.close()
      await db.destroy()
    },
  }
}

/** How long opening a PostgreSQL connection may take (not waiting for a pooled one: see QueuedPool). */
const CONNECT_TIMEOUT_MS = 5000

/**
 * The schema Kysely's migration tables belong in: the first of the search_path given, else the
 * connection's current schema (a search_path set in DATABASE_URL's `options` or on the role).
 * Named explicitly so tables of another schema (an earlier migrated `public`) are never mistaken
 * for ours.
 */
async function migrationSchema(params: { db: Kysely<DatabaseSchema>; searchPath?: string }): Promise<string | undefined> {
  const first = params.searchPath
    ?.split(',')[0]
    ?.trim()
    .replace(/^"(.*)"$/, '$1')
  if (first && !first.startsWith('$')) return first
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(params.db)
  return rows[0]?.schema ?? undefined
}
