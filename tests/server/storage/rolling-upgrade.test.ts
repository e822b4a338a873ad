import { execFileSync, execSync, spawnSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { sql, type Kysely } from 'kysely'
import { Pool } from 'pg'
import { breakingOperations, migrationsAhead } from '../../../server/storage/migration-rules'
import { CONTRACT_STEPS, migrateToLatest, migrations } from '../../../server/storage/migrations'
import { repoRoot, startBff, type BffProcess } from '../../support/bff-process'
import { databaseUrlFor } from '../support/databases'
import { describeEachStorage, testDatabaseUrl } from '../support/storages'

jest.setTimeout(120_000)

describe('breakingOperations (what a migration may not do within a release)', () => {
  it('lets a migration add tables, nullable columns, columns with a default and indexes', () => {
    const code = `await db.schema.createTable('x').addColumn('id', 'text', (col) => col.primaryKey()).addColumn('n', 'integer', (col) => col.notNull()).execute()
      await db.schema.alterTable('bookings').addColumn('note', 'text').execute()
      await db.schema.alterTable('users').addColumn('flag', 'integer', (col) => col.notNull().defaultTo(0)).execute()
      await db.schema.createIndex('x_idx').on('x').column('n').execute()`
    expect(breakingOperations({ code })).toEqual([])
  })

  it.each([
    ["await db.schema.dropTable('slots').execute()", 'drops a table'],
    ["await db.schema.alterTable('bookings').dropColumn('phone').execute()", 'drops a column'],
    ["await db.schema.alterTable('bookings').renameColumn('phone', 'mobile').execute()", 'renames a column'],
    ["await db.schema.alterTable('bookings').renameTo('appointments').execute()", 'renames a table'],
    ["await db.schema.dropIndex('bookings_code_key').execute()", 'drops a constraint or index'],
    ["await db.schema.alterTable('bookings').alterColumn('matter', (col) => col.setNotNull()).execute()", 'tightens or retypes'],
    ["await db.updateTable('bookings').set({ status: 'x' }).execute()", 'rewrites or deletes rows'],
    ['await sql`alter table bookings drop column phone`.execute(db)', 'drops a column'],
    ["await db.schema.alterTable('bookings').addColumn('county', 'text', (col) => col.notNull()).execute()", 'NOT NULL column without a default'],
  ])('flags %s', (code, operation) => {
    expect(
      breakingOperations({ code })
        .map((found) => found.operation)
        .join(' | '),
    ).toContain(operation)
  })
})

describe('server/storage/migrations.ts', () => {
  it('every migration only adds (new tables, nullable or defaulted columns, indexes), unless CONTRACT_STEPS marks it a contract step with its reason', () => {
    const breaking = Object.entries(migrations)
      .filter(([name]) => !(name in CONTRACT_STEPS))
      .flatMap(([name, migration]) => breakingOperations({ code: migration.up.toString() }).map((found) => `${name}: ${found.operation} — ${found.excerpt}`))
    expect(breaking).toEqual([])
  })

  it('CONTRACT_STEPS names only migrations that exist, each with its reason, and each really is one (else it needs no mark)', () => {
    for (const [name, reason] of Object.entries(CONTRACT_STEPS)) {
      expect(migrations[name]).toBeDefined()
      expect(reason.length).toBeGreaterThan(40)
      expect(breakingOperations({ code: migrations[name].up.toString() }).length).toBeGreaterThan(0)
    }
  })
})

describe('migrationsAhead', () => {
  it('names the migrations of a newer release, and only those', () => {
    expect(migrationsAhead({ known: ['0001_a', '0002_b'], executed: ['0001_a', '0002_b', '0003_c'] })).toEqual({ ahead: ['0003_c'] })
    expect(migrationsAhead({ known: ['0001_a', '0002_b'], executed: ['0001_a'] })).toEqual({ ahead: [] })
  })

  it('calls an unknown migration among its own unrelated (another branch), not newer', () => {
    expect(migrationsAhead({ known: ['0001_a', '0003_c'], executed: ['0001_a', '0002_x', '0003_c'] })).toEqual({ unrelated: ['0002_x'] })
  })
})

/** the database's own schema (PostgreSQL: where the test's search_path put Kysely's tables) */
async function migrationSchemaOf(db: Kysely<unknown>): Promise<string | undefined> {
  try {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
    return rows[0]?.schema
  } catch {
    return undefined // SQLite has no schemas
  }
}

describeEachStorage('migrateToLatest on a database migrated by a newer release', (storage) => {
  const names = Object.keys(migrations).sort()
  const previousSet = Object.fromEntries(names.slice(0, -1).map((name) => [name, migrations[name]]))

  it('with the previous migration set, starts on it without touching it and names the newer migration', async () => {
    const db = storage().db as unknown as Kysely<unknown>
    const schema = storage().kind === 'postgres' ? await migrationSchemaOf(db) : undefined
    const result = await migrateToLatest(db, { migrations: previousSet, schema })
    expect(result).toEqual({ applied: [], ahead: [names.at(-1)] })
    // and the current code still finds everything applied
    expect(await migrateToLatest(db, { schema })).toEqual({ applied: [], ahead: [] })
  })

  it('refuses a database holding a migration it does not know that sorts among its own (another branch’s), naming it', async () => {
    const db = storage().db as unknown as Kysely<{ kysely_migration: { name: string; timestamp: string } }>
    const schema = storage().kind === 'postgres' ? await migrationSchemaOf(db as unknown as Kysely<unknown>) : undefined
    await db.insertInto('kysely_migration').values({ name: '0015_another_branch', timestamp: new Date().toISOString() }).execute()
    try {
      await expect(migrateToLatest(db as unknown as Kysely<unknown>, { schema })).rejects.toThrow(/0015_another_branch/)
    } finally {
      await db.deleteFrom('kysely_migration').where('name', '=', '0015_another_branch').execute()
    }
  })
})

// ——— two releases on one database, as processes ———

const MIGRATIONS_FILE = 'server/storage/migrations.ts'

/**
 * The release before this one's newest migration: HEAD when the working tree adds it (this change
 * is the new release), else the parent of the commit that added it. (Not simply the last commit
 * that touched the file: one that only changed the runner would give a "previous" release with
 * the same migrations, and the test would prove nothing.)
 */
function previousRelease(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
  const marker = `'${newestMigration}':`
  const committed = spawnSync('git', ['show', `HEAD:${MIGRATIONS_FILE}`], { cwd: repoRoot, encoding: 'utf8' }).stdout ?? ''
  const adding = committed.includes(marker) ? git('log', '--reverse', '--format=%H', `-S${marker}`, '--', MIGRATIONS_FILE).split('\n')[0] : ''
  const release = committed.includes(marker) ? `${adding}^` : 'HEAD'
  try {
    return git('rev-parse', '--verify', `${release}^{commit}`)
  } catch {
    throw new Error(
      `this test runs the previous release from git history, and ${release} is not in this clone (a shallow clone? fetch the history: git fetch --unshallow)`,
    )
  }
}

/** The previous release's server, contracts and seed in a folder of their own, on this checkout's node_modules. */
function checkOut(release: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-previous-'))
  execSync(`git archive --format=tar ${release} server contracts data package.json tsconfig.json | tar -x -C ${JSON.stringify(dir)}`, {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'))
  return dir
}

const STATION = '500241103-ws'

async function book(bff: BffProcess, phone: string, slotIndex: number): Promise<{ code: string }> {
  const { slots } = (await (await fetch(`${bff.baseUrl}/api/stations/${STATION}/slots`)).json()) as { slots: { start: string }[] }
  const response = await fetch(`${bff.baseUrl}/api/bookings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify({ stationId: STATION, slotStart: slots[slotIndex % slots.length].start, matter: 'neighbor', name: '升级测试', phone, consent: true }),
  })
  expect(response.status).toBe(201)
  return (await response.json()) as { code: string }
}

async function lookUp(bff: BffProcess, code: string, phone: string): Promise<number> {
  const response = await fetch(`${bff.baseUrl}/api/bookings/${code}?phoneLast4=${phone.slice(-4)}`)
  await response.arrayBuffer()
  return response.status
}

const newestMigration = Object.keys(migrations).sort().at(-1)!

describe.each([
  ['SQLite', 'sqlite'],
  ['PostgreSQL', 'postgres'],
] as const)('a BFF of the previous release beside one of this release, on %s', (_label, kind) => {
  it('keeps serving — bookings, look-ups across both, health — after the new one migrated the shared database; both stop cleanly', async () => {
    if (kind === 'postgres' && !testDatabaseUrl) throw new Error('TEST_DATABASE_URL is not set: this test needs PostgreSQL')
    const release = previousRelease()
    const previous = checkOut(release)
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-upgrade-'))
    const database = `fzt_upgrade_${randomBytes(4).toString('hex')}`
    const admin = kind === 'postgres' ? new Pool({ connectionString: testDatabaseUrl, max: 1 }) : null
    const sqlitePath = path.join(dataDir, 'shared.db')
    const env: Record<string, string> =
      kind === 'postgres' ? { DATABASE_URL: databaseUrlFor(database), RATE_LIMIT: 'off' } : { SQLITE_PATH: sqlitePath, RATE_LIMIT: 'off' }
    const running: BffProcess[] = []
    try {
      if (admin) await admin.query(`create database ${database}`)
      const old = await startBff({ checkout: previous, env })
      running.push(old)
      const before = await book(old, '13911110001', 0)
      // the previous release really is one: it migrated the database without this release's newest migration
      const appliedByOld = kind === 'sqlite' ? appliedOnSqlite(sqlitePath) : await appliedOnPostgres(database)
      expect(appliedByOld).not.toContain(newestMigration)

      // the new release starts on the same database and migrates it
      const current = await startBff({ env })
      running.push(current)
      const applied = kind === 'sqlite' ? appliedOnSqlite(sqlitePath) : await appliedOnPostgres(database)
      expect(applied).toEqual(expect.arrayContaining([...appliedByOld, newestMigration]))

      // the previous release, started before, serves on the migrated schema
      expect((await fetch(`${old.baseUrl}/api/health`)).status).toBe(200)
      const byOld = await book(old, '13911110002', 1)
      const byNew = await book(current, '13911110003', 2)
      for (const bff of [old, current]) {
        expect(await lookUp(bff, before.code, '13911110001')).toBe(200)
        expect(await lookUp(bff, byOld.code, '13911110002')).toBe(200)
        expect(await lookUp(bff, byNew.code, '13911110003')).toBe(200)
      }
      expect(await old.stop('SIGTERM')).toBe(0)
      expect(await current.stop('SIGTERM')).toBe(0)
      expect(old.output()).not.toMatch(/"level":50|Error:/)
    } finally {
      for (const bff of running) {
        await bff.stop('SIGKILL')
        bff.cleanup()
      }
      if (admin) {
        await admin.query(`drop database if exists ${database} with (force)`)
        await admin.end()
      }
      fs.rmSync(previous, { recursive: true, force: true })
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

function appliedOnSqlite(file: string): string[] {
  const db = new SqliteDatabase(file, { readonly: true })
  try {
    return (db.prepare('select name from kysely_migration').all() as { name: string }[]).map((row) => row.name)
  } finally {
    db.close()
  }
}

async function appliedOnPostgres(database: string): Promise<string[]> {
  const pool = new Pool({ connectionString: databaseUrlFor(database), max: 1 })
  try {
    return (await pool.query<{ name: string }>('select name from kysely_migration')).rows.map((row) => row.name)
  } finally {
    await pool.end()
  }
}

describe('this release on a database a newer release migrated (a rollback, or a restart mid-upgrade)', () => {
  it('starts, says which migrations are newer than it in the log, and serves', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-ahead-'))
    const sqlitePath = path.join(dataDir, 'ahead.db')
    const first = await startBff({ env: { SQLITE_PATH: sqlitePath } })
    expect(await first.stop('SIGTERM')).toBe(0)
    first.cleanup()
    const db = new SqliteDatabase(sqlitePath)
    db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('9999_a_future_release', new Date().toISOString())
    db.prepare('create table future_things (id text primary key)').run()
    db.close()
    const again = await startBff({ env: { SQLITE_PATH: sqlitePath, LOG_LEVEL: 'warn' } })
    try {
      expect((await fetch(`${again.baseUrl}/api/home`)).status).toBe(200)
      expect(again.output()).toContain('9999_a_future_release')
      expect(again.output()).toContain('migrated by a newer release')
    } finally {
      await again.stop('SIGKILL')
      again.cleanup()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
