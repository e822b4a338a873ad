import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Client } from 'pg'
import { openStorage } from '../../../server/storage/database'
import { migrations } from '../../../server/storage/migrations'
import { runCli } from '../../support/run-cli'
import { databaseUrlFor, onPostgres, skipNote } from '../support/databases'
import { testDatabaseUrl } from '../support/storages'

/** npm run backup / restore refuse what they must, with the real CLIs as child processes. */
jest.setTimeout(120_000)

const LATEST = Object.keys(migrations).sort().at(-1)!

describe('npm run backup / restore on SQLite', () => {
  let dir: string
  let sourcePath: string
  let backupFile: string

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-refusals-'))
    sourcePath = path.join(dir, 'source.db')
    const storage = await openStorage({ kind: 'sqlite', sqlitePath: sourcePath })
    await storage.close()
    backupFile = path.join(dir, 'backup.db')
    const backup = await runCli({ script: 'backup', args: ['--out', backupFile], env: { SQLITE_PATH: sourcePath } })
    expect(backup.status).toBe(0)
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  /** A copy of the backup, changed by `change`. */
  function alteredBackup(name: string, change: (database: SqliteDatabase.Database) => void): string {
    const file = path.join(dir, name)
    fs.copyFileSync(backupFile, file)
    const database = new SqliteDatabase(file)
    try {
      change(database)
    } finally {
      database.close()
    }
    return file
  }

  it('refuses a backup from newer code (a migration this code does not know), and leaves the target as it was', async () => {
    const newer = alteredBackup('newer.db', (database) =>
      database.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('9999_from_the_future', new Date().toISOString()),
    )
    const target = path.join(dir, 'newer-target', 'fazhitong.db')
    const result = await runCli({ script: 'restore', args: [newer], env: { SQLITE_PATH: target } })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('更新版本')
    expect(result.stderr).toContain('9999_from_the_future')
    expect(fs.existsSync(target)).toBe(false)
  })

  it('restores a backup from older code and migrates it up, saying the BFF would do so too', async () => {
    const older = alteredBackup('older.db', (database) => {
      database.prepare('delete from kysely_migration where name = ?').run(LATEST)
      database.exec('drop table login_devices')
    })
    const target = path.join(dir, 'older-target', 'fazhitong.db')
    const result = await runCli({ script: 'restore', args: [older], env: { SQLITE_PATH: target } })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain(`已升级数据库结构：${LATEST}`)
    expect(result.stdout).toContain('服务启动时也会自动升级')
    const restored = new SqliteDatabase(target, { readonly: true })
    try {
      expect(restored.prepare('select name from kysely_migration where name = ?').get(LATEST)).toBeDefined()
    } finally {
      restored.close()
    }
  })

  it('refuses a file that is not a backup, and a SQLite file that is not 法治通’s', async () => {
    const garbage = path.join(dir, 'garbage.db')
    fs.writeFileSync(garbage, 'not a database at all, just text')
    const target = path.join(dir, 'garbage-target', 'fazhitong.db')
    const refused = await runCli({ script: 'restore', args: [garbage], env: { SQLITE_PATH: target } })
    expect(refused.status).toBe(2)
    expect(refused.stderr).toContain('不是法治通的备份文件')

    const other = path.join(dir, 'other.db')
    const database = new SqliteDatabase(other)
    database.exec('create table notes (text text)')
    database.close()
    const foreign = await runCli({ script: 'restore', args: [other], env: { SQLITE_PATH: target } })
    expect(foreign.status).toBe(2)
    expect(foreign.stderr).toContain('没有 kysely_migration 表')
    expect(fs.existsSync(target)).toBe(false)
  })

  it('backup: a database file that does not exist is refused, and no backup file appears', async () => {
    const out = path.join(dir, 'nothing.db')
    const result = await runCli({ script: 'backup', args: ['--out', out], env: { SQLITE_PATH: path.join(dir, 'missing', 'fazhitong.db') } })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('找不到 SQLite 数据库文件')
    expect(fs.existsSync(out)).toBe(false)
    expect(fs.existsSync(path.join(dir, 'missing'))).toBe(false)
  })
})

onPostgres(`npm run backup / restore on PostgreSQL${skipNote}`, () => {
  const schema = `refusals_${randomBytes(4).toString('hex')}`
  const targetDatabase = `fzt_refusals_${randomBytes(4).toString('hex')}`
  let dir: string
  let sourceUrl: string
  let targetUrl: string
  const query = async (url: string, text: string) => {
    const client = new Client({ connectionString: url })
    await client.connect()
    try {
      return await client.query(text)
    } finally {
      await client.end()
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-refusals-pg-'))
    await query(testDatabaseUrl!, `create schema ${schema}`)
    await query(testDatabaseUrl!, `create database ${targetDatabase}`)
    const url = new URL(testDatabaseUrl!)
    url.searchParams.set('options', `-c search_path=${schema}`)
    sourceUrl = url.toString()
    targetUrl = databaseUrlFor(targetDatabase)
    const storage = await openStorage({ kind: 'postgres', databaseUrl: testDatabaseUrl!, searchPath: schema })
    await storage.close()
  })
  afterAll(async () => {
    await query(testDatabaseUrl!, `drop schema if exists ${schema} cascade`)
    await query(testDatabaseUrl!, `drop database if exists ${targetDatabase} with (force)`)
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('without pg_dump installed, says what is missing in Chinese and English, exits non-zero, and never prints the URL', async () => {
    const emptyPath = fs.mkdtempSync(path.join(dir, 'bin-'))
    const out = path.join(dir, 'no-pg-dump.dump')
    const result = await runCli({ script: 'backup', args: ['--out', out], env: { DATABASE_URL: sourceUrl, PATH: emptyPath } })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('pg_dump 未安装：apt-get install postgresql-client')
    expect(result.stderr).toContain('pg_dump is not installed')
    expect(`${result.stdout}${result.stderr}`).not.toContain('postgres://')
    expect(fs.readdirSync(dir).filter((name) => name.includes('no-pg-dump'))).toEqual([])
  })

  it('refuses a pg_dump backup from newer code and leaves the target database untouched', async () => {
    await query(sourceUrl, `insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '${new Date().toISOString()}')`)
    const out = path.join(dir, 'newer.dump')
    try {
      const backup = await runCli({ script: 'backup', args: ['--out', out], env: { DATABASE_URL: sourceUrl } })
      expect(backup.status).toBe(0)
    } finally {
      await query(sourceUrl, "delete from kysely_migration where name = '9999_from_the_future'")
    }
    const result = await runCli({ script: 'restore', args: [out], env: { DATABASE_URL: targetUrl } })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('更新版本')
    expect((await query(targetUrl, "select 1 from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')")).rowCount).toBe(0)
  })

  it('refuses a SQLite backup when PostgreSQL is configured, and a pg_dump backup when SQLite is', async () => {
    const sqlitePath = path.join(dir, 'source.db')
    await (await openStorage({ kind: 'sqlite', sqlitePath })).close()
    const sqliteBackup = path.join(dir, 'sqlite.db')
    expect((await runCli({ script: 'backup', args: ['--out', sqliteBackup], env: { SQLITE_PATH: sqlitePath } })).status).toBe(0)
    const intoPostgres = await runCli({ script: 'restore', args: [sqliteBackup], env: { DATABASE_URL: targetUrl } })
    expect(intoPostgres.status).toBe(2)
    expect(intoPostgres.stderr).toContain('是 SQLite 数据库的备份，而当前配置的是 PostgreSQL')

    const dump = path.join(dir, 'same.dump')
    expect((await runCli({ script: 'backup', args: ['--out', dump], env: { DATABASE_URL: sourceUrl } })).status).toBe(0)
    const intoSqlite = await runCli({ script: 'restore', args: [dump], env: { SQLITE_PATH: path.join(dir, 'x', 'fazhitong.db') } })
    expect(intoSqlite.status).toBe(2)
    expect(intoSqlite.stderr).toContain('是 PostgreSQL（pg_dump）的备份，而当前配置的是 SQLite')
  })
})
