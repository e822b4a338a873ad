import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Client } from 'pg'
import type { AppConfig } from '../config'
import { openStorage, redactDatabaseError } from '../storage/database'
import { migrations } from '../storage/migrations'
import {
  backupKindOf,
  compareMigrations,
  copiedFirstColumn,
  libpqEnvironment,
  searchPathSchema,
  tableSchemaInList,
  type BackupKind,
  type MigrationComparison,
} from './backup-files'

/**
 * Backups and restores of the configured database (npm run backup / restore, and the BFF's daily
 * backup): SQLite through its online backup API, PostgreSQL through pg_dump / pg_restore. A backup
 * carries its migrations inside (Kysely's kysely_migration table), and a restore reads them from
 * the file itself, so a backup copied alone is still checked.
 */

export type StorageConfig = AppConfig['storage']

/** A refusal or failure the CLI reports as it is (Chinese first), with its exit code. */
export class BackupError extends Error {
  constructor(
    message: string,
    /** 2: refused (nothing was changed), 1: failed */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message)
  }
}

export interface BackupWritten {
  kind: BackupKind
  file: string
  bytes: number
  durationMs: number
  /** the newest migration applied in the backed-up database */
  migration: string
  sha256: string
}

/** Kysely's bookkeeping and what migrations write themselves: a database holding only these has no data of anyone. */
const BOOKKEEPING_TABLES = new Set(['kysely_migration', 'kysely_migration_lock', 'server_keys'])

const CODE_MIGRATIONS = Object.keys(migrations)

const PG_DUMP_MISSING = 'pg_dump 未安装：apt-get install postgresql-client（pg_dump is not installed: apt-get install postgresql-client）'
const PG_RESTORE_MISSING = 'pg_restore 未安装：apt-get install postgresql-client（pg_restore is not installed: apt-get install postgresql-client）'

/** Writes a backup of the configured database to `out` (a temp name beside it first, renamed when complete). */
export async function takeBackup(params: { storage: StorageConfig; out: string; now?: () => number }): Promise<BackupWritten> {
  const now = params.now ?? Date.now
  const started = now()
  const out = path.resolve(params.out)
  if (!fs.existsSync(path.dirname(out))) throw new BackupError(`备份目录不存在：${path.dirname(out)}`, 2)
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.tmp-${process.pid}-${started}`)
  try {
    const migration =
      params.storage.kind === 'sqlite'
        ? await backupSqlite({ sqlitePath: params.storage.sqlitePath, temp })
        : await backupPostgres({ databaseUrl: params.storage.databaseUrl, temp })
    syncFile(temp)
    fs.renameSync(temp, out)
    syncFile(path.dirname(out))
    return { kind: params.storage.kind, file: out, bytes: fs.statSync(out).size, durationMs: now() - started, migration, sha256: await sha256Of(out) }
  } finally {
    fs.rmSync(temp, { force: true })
  }
}

async function backupSqlite(params: { sqlitePath: string; temp: string }): Promise<string> {
  if (!fs.existsSync(params.sqlitePath)) throw new BackupError(`找不到 SQLite 数据库文件：${params.sqlitePath}（SQLITE_PATH）`, 2)
  const source = new SqliteDatabase(params.sqlitePath, { fileMustExist: true })
  try {
    source.pragma('busy_timeout = 5000')
    const names = migrationNamesSqlite(source)
    if (!names) throw new BackupError(`${params.sqlitePath} 不是法治通的数据库（没有 kysely_migration 表）`, 2)
    // every page in one step: one read transaction, so the copy is one consistent moment even while
    // the BFF writes (WAL lets it go on meanwhile); page by page, each write would restart the copy
    await source.backup(params.temp, { progress: () => 0x7fffffff })
  } finally {
    source.close()
  }
  // the copy's own migrations: what the file holds is what a restore will read
  const copy = new SqliteDatabase(params.temp, { fileMustExist: true })
  try {
    const check = copy.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new BackupError(`备份文件校验失败：${String(check)}`)
    return latestOf(migrationNamesSqlite(copy) ?? [])
  } finally {
    copy.close()
  }
}

async function backupPostgres(params: { databaseUrl: string; temp: string }): Promise<string> {
  const schema = await withClient(params.databaseUrl, async (client) => {
    const found = await targetSchema(client, params.databaseUrl)
    if (!(await tableExists(client, found, 'kysely_migration')))
      throw new BackupError(`数据库（模式 ${found}）里没有法治通的数据（没有 kysely_migration 表）`, 2)
    return found
  })
  await run({
    command: 'pg_dump',
    missing: PG_DUMP_MISSING,
    args: ['--format=custom', `--schema=${quotedPattern(schema)}`, '--no-owner', `--file=${params.temp}`],
    env: libpqEnvironment(params.databaseUrl),
  })
  return latestOf((await readPostgresBackup(params.temp)).migrations)
}

export interface RestoreDone {
  kind: BackupKind
  /** the newest migration in the backup */
  backupMigration: string
  comparison: MigrationComparison
  /** migrations applied after the restore (an older backup brought up to this code) */
  migratedUp: string[]
  durationMs: number
}

/**
 * Restores `file` into the configured database. Refuses (exitCode 2, nothing changed): a file that
 * is not a backup of the configured kind, a backup from newer code, and — without `force` — a
 * database that already holds data. An older backup is restored and then migrated up.
 */
export async function restoreBackup(params: { storage: StorageConfig; file: string; force: boolean; now?: () => number }): Promise<RestoreDone> {
  const now = params.now ?? Date.now
  const started = now()
  const file = path.resolve(params.file)
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new BackupError(`找不到备份文件：${file}`, 2)
  const kind = backupKindOf(readHeader(file))
  const configured = params.storage.kind
  if (kind === null) throw new BackupError(`${file} 不是法治通的备份文件（既不是 SQLite 数据库，也不是 pg_dump 的 custom 格式）`, 2)
  if (kind !== configured) {
    throw new BackupError(
      kind === 'sqlite'
        ? `${file} 是 SQLite 数据库的备份，而当前配置的是 PostgreSQL（DATABASE_URL）：请在不设 DATABASE_URL、设好 SQLITE_PATH 时恢复它`
        : `${file} 是 PostgreSQL（pg_dump）的备份，而当前配置的是 SQLite（没有设 DATABASE_URL）：请设好 DATABASE_URL 再恢复它`,
      2,
    )
  }
  const { backupMigration, comparison } =
    params.storage.kind === 'sqlite'
      ? await restoreSqlite({ file, sqlitePath: params.storage.sqlitePath, force: params.force })
      : await restorePostgres({ file, databaseUrl: params.storage.databaseUrl, force: params.force })
  // an older backup gets this code's migrations now (the BFF would apply them on start anyway)
  const storage = await openStorage(
    params.storage.kind === 'sqlite' ? params.storage : { kind: 'postgres', databaseUrl: params.storage.databaseUrl, pool: { size: 1 } },
  )
  await storage.close()
  return { kind: configured, backupMigration, comparison, migratedUp: comparison.kind === 'older' ? comparison.pending : [], durationMs: now() - started }
}

/** Refuses a backup whose migrations this code does not know. */
function checkMigrations(names: string[]): MigrationComparison {
  if (names.length === 0) throw new BackupError('这个备份里没有迁移记录（kysely_migration 是空的），不是完整的法治通备份', 2)
  const comparison = compareMigrations({ backup: names, code: CODE_MIGRATIONS })
  if (comparison.kind === 'newer') {
    throw new BackupError(`这个备份来自更新版本的法治通（含本版本不认识的迁移：${comparison.unknown.join('、')}）：请先把程序升级到那个版本再恢复`, 2)
  }
  return comparison
}

function refuseNonEmpty(tables: string[]): never {
  throw new BackupError(`目标数据库里已经有数据（${tables.join('、')}），为免覆盖，没有恢复。确认要用备份覆盖它，请加 --force`, 2)
}

async function restoreSqlite(params: {
  file: string
  sqlitePath: string
  force: boolean
}): Promise<{ backupMigration: string; comparison: MigrationComparison }> {
  const target = params.sqlitePath
  fs.mkdirSync(path.dirname(target), { recursive: true })
  // a copy beside the target, checked there: the backup itself is never opened for writing, and the rename below is atomic
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.restore-${process.pid}-${Date.now()}`)
  try {
    fs.copyFileSync(params.file, temp)
    let names: string[] | null
    const copy = new SqliteDatabase(temp, { fileMustExist: true })
    try {
      const check = copy.pragma('quick_check', { simple: true })
      if (check !== 'ok') throw new BackupError(`备份文件已损坏（quick_check：${String(check)}），没有恢复`, 2)
      names = migrationNamesSqlite(copy)
    } catch (error) {
      if (error instanceof BackupError) throw error
      throw new BackupError(`备份文件无法读取（${error instanceof Error ? error.message : String(error)}），没有恢复`, 2)
    } finally {
      copy.close()
    }
    if (!names) throw new BackupError(`${params.file} 是 SQLite 数据库，但不是法治通的备份（没有 kysely_migration 表）`, 2)
    const comparison = checkMigrations(names)
    if (fs.existsSync(target)) {
      const existing = new SqliteDatabase(target, { fileMustExist: true })
      let tables: string[]
      try {
        existing.pragma('busy_timeout = 5000')
        const all = (existing.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]).map(
          (row) => row.name,
        )
        tables = all.filter(
          (name) => !BOOKKEEPING_TABLES.has(name) && existing.prepare(`select 1 from "${name.replace(/"/g, '""')}" limit 1`).get() !== undefined,
        )
      } finally {
        // the last connection's close checkpoints the WAL into the file and removes it
        existing.close()
      }
      if (tables.length > 0 && !params.force) refuseNonEmpty(tables)
    }
    syncFile(temp)
    // a -wal left beside the target belongs to the old file: applied to the restored one it would corrupt it
    fs.rmSync(`${target}-wal`, { force: true })
    fs.rmSync(`${target}-shm`, { force: true })
    fs.renameSync(temp, target)
    syncFile(path.dirname(target))
    return { backupMigration: latestOf(names), comparison }
  } finally {
    fs.rmSync(temp, { force: true })
    fs.rmSync(`${temp}-wal`, { force: true })
    fs.rmSync(`${temp}-shm`, { force: true })
  }
}

async function restorePostgres(params: {
  file: string
  databaseUrl: string
  force: boolean
}): Promise<{ backupMigration: string; comparison: MigrationComparison }> {
  const backup = await readPostgresBackup(params.file)
  const comparison = checkMigrations(backup.migrations)
  const env = libpqEnvironment(params.databaseUrl)
  return withClient(params.databaseUrl, async (client) => {
    const target = await targetSchema(client, params.databaseUrl)
    if (backup.schema !== target && (await schemaExists(client, backup.schema))) {
      throw new BackupError(
        `备份里的数据在模式 ${backup.schema}，目标是模式 ${target}，而目标数据库里已经有 ${backup.schema}：请恢复到另一个数据库，或让 DATABASE_URL 的 search_path 指向 ${backup.schema}`,
        2,
      )
    }
    const tables = await tablesWithData(client, target)
    if (tables.length > 0 && !params.force) refuseNonEmpty(tables)
    // the old schema is moved aside, not dropped, until the restore has succeeded
    const aside = (await schemaExists(client, target)) ? `${target}_before_restore_${Date.now().toString(36)}` : null
    if (aside) await client.query(`alter schema ${ident(target)} rename to ${ident(aside)}`)
    try {
      await run({
        command: 'pg_restore',
        missing: PG_RESTORE_MISSING,
        args: [
          '--no-owner',
          '--no-privileges',
          '--exit-on-error',
          '--single-transaction',
          `--dbname=${env.PGDATABASE ?? env.PGUSER ?? 'postgres'}`,
          params.file,
        ],
        env,
      })
      if (backup.schema !== target) await client.query(`alter schema ${ident(backup.schema)} rename to ${ident(target)}`)
    } catch (error) {
      await client.query(`drop schema if exists ${ident(backup.schema)} cascade`)
      if (backup.schema !== target) await client.query(`drop schema if exists ${ident(target)} cascade`)
      if (aside) await client.query(`alter schema ${ident(aside)} rename to ${ident(target)}`)
      throw error
    }
    if (aside) await client.query(`drop schema ${ident(aside)} cascade`)
    return { backupMigration: latestOf(backup.migrations), comparison }
  })
}

/** The schema a pg_dump backup holds and the migrations applied in it, read from the archive itself. */
export async function readPostgresBackup(file: string): Promise<{ schema: string; migrations: string[] }> {
  const list = await run({ command: 'pg_restore', missing: PG_RESTORE_MISSING, args: ['--list', file], env: {} })
  const schema = tableSchemaInList({ list, table: 'kysely_migration' })
  if (!schema) throw new BackupError(`${file} 是 pg_dump 的备份，但不是法治通的（里面没有 kysely_migration 表）`, 2)
  const data = await run({ command: 'pg_restore', missing: PG_RESTORE_MISSING, args: ['--data-only', '--table=kysely_migration', '--file=-', file], env: {} })
  return { schema, migrations: copiedFirstColumn({ sql: data, table: 'kysely_migration' }) }
}

/** What is in a backup file, without restoring it. */
export async function describeBackup(file: string): Promise<{ kind: BackupKind; migrations: string[] }> {
  const kind = backupKindOf(readHeader(file))
  if (kind === null) throw new BackupError(`${file} 不是法治通的备份文件`, 2)
  if (kind === 'postgres') return { kind, migrations: (await readPostgresBackup(file)).migrations }
  const database = new SqliteDatabase(file, { readonly: true, fileMustExist: true })
  try {
    return { kind, migrations: migrationNamesSqlite(database) ?? [] }
  } finally {
    database.close()
  }
}

function migrationNamesSqlite(database: SqliteDatabase.Database): string[] | null {
  const table = database.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get()
  if (!table) return null
  return (database.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((row) => row.name)
}

function latestOf(names: readonly string[]): string {
  return [...names].sort().at(-1) ?? '（无）'
}

function readHeader(file: string): Buffer {
  const descriptor = fs.openSync(file, 'r')
  try {
    const header = Buffer.alloc(16)
    const read = fs.readSync(descriptor, header, 0, 16, 0)
    return header.subarray(0, read)
  } finally {
    fs.closeSync(descriptor)
  }
}

/** The file's (or directory's) contents on disk before it is renamed into place or reported done. */
function syncFile(file: string): void {
  const descriptor = fs.openSync(file, 'r')
  try {
    fs.fsyncSync(descriptor)
  } finally {
    fs.closeSync(descriptor)
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 })
  // a connection killed while we hold it must fail the step in hand, not end the process
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (error) {
    const summary = redactDatabaseError(error)
    throw new BackupError(`连不上 PostgreSQL（DATABASE_URL）：${summary.code ?? ''} ${summary.message}`)
  }
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Where the BFF's tables are: the first schema of the URL's search_path, else the connection's current schema. */
async function targetSchema(client: Client, databaseUrl: string): Promise<string> {
  const given = searchPathSchema(databaseUrl)
  if (given) return given
  const { rows } = await client.query<{ schema: string | null }>('select current_schema() as schema')
  return rows[0]?.schema ?? 'public'
}

async function schemaExists(client: Client, schema: string): Promise<boolean> {
  return ((await client.query('select 1 from pg_namespace where nspname = $1', [schema])).rowCount ?? 0) > 0
}

async function tableExists(client: Client, schema: string, table: string): Promise<boolean> {
  return (
    ((await client.query("select 1 from information_schema.tables where table_schema = $1 and table_name = $2 and table_type = 'BASE TABLE'", [schema, table]))
      .rowCount ?? 0) > 0
  )
}

async function tablesWithData(client: Client, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by table_name",
    [schema],
  )
  const withData: string[] = []
  for (const { name } of rows) {
    if (BOOKKEEPING_TABLES.has(name)) continue
    if (((await client.query(`select 1 from ${ident(schema)}.${ident(name)} limit 1`)).rowCount ?? 0) > 0) withData.push(name)
  }
  return withData
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** pg_dump's --schema takes a pattern: double quotes make it the exact name. */
function quotedPattern(schema: string): string {
  return `"${schema.replace(/"/g, '""')}"`
}

/**
 * Runs a PostgreSQL client program with the connection in its environment; its stdout, or a
 * BackupError naming what is missing (not installed) or what it said (without any URL).
 */
function run(params: { command: string; missing: string; args: string[]; env: Record<string, string> }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(params.command, params.args, { env: { ...process.env, ...params.env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new BackupError(params.missing) : error))
    child.once('close', (code) => {
      if (code === 0) resolve(stdout)
      else reject(new BackupError(`${params.command} 失败（退出码 ${code}）：${redactDatabaseError(new Error(stderr.trim())).message}`))
    })
  })
}
