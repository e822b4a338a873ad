import fs from 'node:fs'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import { Pool } from 'pg'
import type { StorageKind } from '../../contracts'
import { migrateToLatest } from './migrations'
import type { DatabaseSchema } from './schema'

export type StorageOptions =
  | { kind: 'sqlite'; sqlitePath: string }
  | { kind: 'postgres'; databaseUrl: string; /** for isolated test schemas */ searchPath?: string; maxConnections?: number }

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
  close(): Promise<void>
}

function pinger(db: Kysely<DatabaseSchema>): () => Promise<boolean> {
  return async () => {
    try {
      await sql`select 1`.execute(db)
      return true
    } catch {
      return false
    }
  }
}

/** A unique or primary-key constraint refused the write (both dialects). */
export function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}


function openSqlite(sqlitePath: string): SqliteDatabase.Database {
  if (sqlitePath !== ':memory:') fs.mkdirSync(path.dirname(sqlitePath), { recursive: true })
  const database = new SqliteDatabase(sqlitePath)
  // WAL lets readers run beside the writer; FULL sync makes an acknowledged write survive a crash
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  return database
}

/** Opens the database named by the options and brings its schema up to date. */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.kind === 'sqlite') {
    const database = openSqlite(options.sqlitePath)
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database }) })
    await migrateToLatest(db as Kysely<unknown>)
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
  const pool = new Pool({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  })
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) })
  await migrateToLatest(db as Kysely<unknown>)
  return { kind: 'postgres', db, writeTransaction: (work) => db.transaction().execute(work), ping: pinger(db), close: () => db.destroy() }
}
