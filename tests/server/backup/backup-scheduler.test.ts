import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { runScheduledBackup, startScheduledBackups } from '../../../server/backup/backup-scheduler'
import { createLogger } from '../../../server/logging'
import { openStorage } from '../../../server/storage/database'
import { startBff } from '../../support/bff-process'

describe('scheduled backups (BACKUP_DIR)', () => {
  let dir: string
  let sqlitePath: string
  let lines: string[]
  const logger = () => createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } })

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-scheduled-'))
    sqlitePath = path.join(dir, 'data', 'fazhitong.db')
    lines = []
    const storage = await openStorage({ kind: 'sqlite', sqlitePath })
    await storage.close()
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('at 07:30+08:00, writes fazhitong-<China date>.db, keeps the newest N of its own files and leaves other files alone', async () => {
    const backups = path.join(dir, 'backups')
    fs.mkdirSync(backups)
    for (const day of ['01', '02', '03', '04', '05', '06', '07']) fs.writeFileSync(path.join(backups, `fazhitong-2026-12-${day}.db`), 'old')
    fs.writeFileSync(path.join(backups, 'by-hand.db'), 'kept')
    // a temp file of a backup whose process ended mid-way a day ago
    const stale = path.join(backups, '.fazhitong-2026-12-07.db.tmp-4242-1796666400000')
    fs.writeFileSync(stale, 'half')
    const dayAgo = new Date(Date.now() - 24 * 60 * 60 * 1000)
    fs.utimesSync(stale, dayAgo, dayAgo)

    await runScheduledBackup({
      storage: { kind: 'sqlite', sqlitePath },
      settings: { dir: backups, keep: 3, hour: 3 },
      logger: logger(),
      now: () => new Date('2026-12-08T07:30:00+08:00'),
    })

    expect(fs.readdirSync(backups).sort()).toEqual(['by-hand.db', 'fazhitong-2026-12-06.db', 'fazhitong-2026-12-07.db', 'fazhitong-2026-12-08.db'])
    // the new one is a real SQLite copy of the database
    const copy = new SqliteDatabase(path.join(backups, 'fazhitong-2026-12-08.db'), { readonly: true })
    try {
      expect((copy.prepare('select count(*) as n from kysely_migration').get() as { n: number }).n).toBeGreaterThan(0)
    } finally {
      copy.close()
    }
  })

  it('logs the file name, size and duration, and not where the database is', async () => {
    const backups = path.join(dir, 'backups')
    await runScheduledBackup({
      storage: { kind: 'sqlite', sqlitePath },
      settings: { dir: backups, keep: 7, hour: 3 },
      logger: logger(),
      now: () => new Date('2026-12-07T23:30:00+08:00'),
    })
    const written = lines
      .map((line) => JSON.parse(line) as { msg: string; backup?: { file: string; bytes: number; durationMs: number } })
      .find((line) => line.msg === 'scheduled backup written')
    expect(written?.backup).toMatchObject({ file: 'fazhitong-2026-12-07.db', bytes: fs.statSync(path.join(backups, 'fazhitong-2026-12-07.db')).size })
    expect(typeof written?.backup?.durationMs).toBe('number')
    expect(lines.join('\n')).not.toContain(sqlitePath)
  })

  it('start… schedules the next backup at the China-time hour and returns the function that stops it', () => {
    const stop = startScheduledBackups({
      storage: { kind: 'sqlite', sqlitePath },
      settings: { dir: path.join(dir, 'backups'), keep: 7, hour: 3 },
      logger: logger(),
      now: () => new Date('2026-12-07T23:30:00+08:00'),
    })
    stop()
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['scheduled backups on: daily at 03:00 China time'])
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false)
  })

  it('the BFF with BACKUP_DIR set says its daily backups are on, and stops them with everything else on SIGTERM', async () => {
    const bff = await startBff({ env: { SQLITE_PATH: sqlitePath, BACKUP_DIR: path.join(dir, 'backups'), BACKUP_HOUR: '4', LOG_LEVEL: 'info' } })
    try {
      expect(bff.output()).toContain('scheduled backups on: daily at 04:00 China time')
    } finally {
      expect(await bff.stop()).toBe(0)
      bff.cleanup()
    }
  })
})
