import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Client } from 'pg'
import { BookingRepository } from '../../../server/bookings/booking.repository'
import { DEFAULT_SCHEDULE } from '../../../server/bookings/slot-generation'
import { openStorage, type StorageOptions } from '../../../server/storage/database'
import { startBff, type BffProcess } from '../../support/bff-process'
import { runCli } from '../../support/run-cli'
import { databaseUrlFor, onPostgres, skipNote } from '../support/databases'
import { testDatabaseUrl } from '../support/storages'

/**
 * The restore drill (issue 25): under booking load on the real BFF, `npm run backup` takes a
 * backup; `npm run restore` puts it into a fresh database; a BFF started there serves every booking
 * acknowledged before the backup began, and the idempotency table replays only what it holds.
 */
jest.setTimeout(180_000)

const STATION_IDS = ['500241103-ws', '500241001-ws', '500241002-ws', '500241004-ws']
/** Every day 00:00–23:50 in 10-minute slots of 50 places, bookable at once: load never runs out of places. */
const ROOMY_SCHEDULE = {
  ...DEFAULT_SCHEDULE,
  weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:50', slotMinutes: 10, capacity: 50 })),
  minNoticeMinutes: 0,
  horizonDays: 14,
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface BookingBody {
  stationId: string
  slotStart: string
  matter: string
  name: string
  phone: string
  consent: true
}

interface Attempt {
  key: string
  body: BookingBody
  startedAt: number
  answeredAt: number
  status: number | 'network-error'
  code?: string
  manageToken?: string
}

/** Where a drill's data lives: the environment the BFF and the CLIs get, and the database's own options. */
interface DrillDatabase {
  env: Record<string, string>
  storage: StorageOptions
}

async function prepare(database: DrillDatabase): Promise<void> {
  const storage = await openStorage(database.storage)
  try {
    for (const stationId of STATION_IDS)
      await new BookingRepository(storage).saveSchedule({ stationId, schedule: ROOMY_SCHEDULE, updatedAt: new Date().toISOString(), updatedBy: 'test' })
  } finally {
    await storage.close()
  }
}

function post(bff: BffProcess, key: string, body: BookingBody): Promise<Response> {
  return fetch(`${bff.baseUrl}/api/bookings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
  })
}

/** Books on `bff` from 6 concurrent clients until `stopped()`, each booking with its own phone and Idempotency-Key. */
async function bookingLoad(bff: BffProcess, attempts: Attempt[], stopped: () => boolean): Promise<void> {
  const targets: { stationId: string; slotStart: string }[] = []
  for (const stationId of STATION_IDS) {
    const slots = (await (await fetch(`${bff.baseUrl}/api/stations/${stationId}/slots`)).json()) as { slots: { start: string }[] }
    // not the slots starting in the next minutes: one that starts during the drill could no longer be booked
    for (const slot of slots.slots) if (Date.parse(slot.start) > Date.now() + 30 * 60_000) targets.push({ stationId, slotStart: slot.start })
  }
  expect(targets.length).toBeGreaterThan(20)
  let counter = 0
  const worker = async () => {
    while (!stopped()) {
      counter += 1
      const n = counter
      const attempt: Attempt = {
        key: randomUUID(),
        body: { ...targets[n % targets.length], matter: 'neighbor', name: `村民${n}`, phone: `135${String(n).padStart(8, '0')}`, consent: true },
        startedAt: Date.now(),
        answeredAt: 0,
        status: 'network-error',
      }
      try {
        const response = await post(bff, attempt.key, attempt.body)
        const body = (await response.json()) as { code?: string; manageToken?: string }
        attempt.status = response.status
        attempt.code = body.code
        attempt.manageToken = body.manageToken
      } catch {
        // counted as not acknowledged
      }
      attempt.answeredAt = Date.now()
      attempts.push(attempt)
    }
  }
  await Promise.all([0, 1, 2, 3, 4, 5].map(worker))
}

async function lookup(bff: BffProcess, code: string, token: string): Promise<number> {
  return (await fetch(`${bff.baseUrl}/api/bookings/${code}`, { headers: { 'X-Booking-Token': token } })).status
}

/**
 * The drill itself: `source` under load, a backup with the real CLI, a restore into `target` (a
 * fresh database) with the real CLI, and a BFF on `target`.
 */
async function drill(params: { source: DrillDatabase; target: DrillDatabase; backupFile: string }): Promise<void> {
  await prepare(params.source)
  const source = await startBff({ env: { ...params.source.env, RATE_LIMIT: 'off' } })
  const attempts: Attempt[] = []
  let stopped = false
  let backupStartedAt = 0
  let backupEndedAt = 0
  try {
    const load = bookingLoad(source, attempts, () => stopped)
    await sleep(1500)
    backupStartedAt = Date.now()
    const backup = await runCli({ script: 'backup', args: ['--out', params.backupFile], env: params.source.env })
    backupEndedAt = Date.now()
    // the load goes on after the backup: these bookings are not in it
    await sleep(800)
    stopped = true
    await load
    expect(backup.stderr).toBe('')
    expect(backup.status).toBe(0)
    expect(backup.stdout).toMatch(/^备份完成：.*迁移版本 \d{4}_/)
  } finally {
    stopped = true
    await source.stop()
    source.cleanup()
  }

  const acknowledged = attempts.filter((attempt) => attempt.status === 201 && attempt.code && attempt.manageToken)
  const beforeBackup = acknowledged.filter((attempt) => attempt.answeredAt < backupStartedAt)
  const afterBackup = acknowledged.filter((attempt) => attempt.startedAt > backupEndedAt)
  // the load really ran on both sides of the backup
  expect(beforeBackup.length).toBeGreaterThan(20)
  expect(afterBackup.length).toBeGreaterThan(2)
  expect(attempts.filter((attempt) => attempt.status !== 201)).toEqual([])

  const restore = await runCli({ script: 'restore', args: [params.backupFile], env: params.target.env })
  expect(restore.stderr).toBe('')
  expect(restore.status).toBe(0)
  expect(restore.stdout).toMatch(/^恢复完成/)

  const restored = await startBff({ env: { ...params.target.env, RATE_LIMIT: 'off' } })
  try {
    // every booking acknowledged before the backup began is served, by its device's token
    const missing: string[] = []
    for (let i = 0; i < beforeBackup.length; i += 8) {
      const statuses = await Promise.all(beforeBackup.slice(i, i + 8).map((attempt) => lookup(restored, attempt.code!, attempt.manageToken!)))
      statuses.forEach((status, j) => status !== 200 && missing.push(`${beforeBackup[i + j].code}: ${status}`))
    }
    expect(missing).toEqual([])
    // and by code + the phone's last 4 digits, as a resident without the device asks
    const first = beforeBackup[0]
    const byPhone = await fetch(`${restored.baseUrl}/api/bookings/${first.code}?phoneLast4=${first.body.phone.slice(-4)}`)
    expect(byPhone.status).toBe(200)
    expect(((await byPhone.json()) as { code: string }).code).toBe(first.code)

    // a retry of a booking from before the backup is answered with that booking, its token included: no duplicate
    const retried = await post(restored, first.key, first.body)
    expect(retried.status).toBe(201)
    expect(retried.headers.get('idempotent-replayed')).toBe('true')
    expect(await retried.json()).toMatchObject({ code: first.code, manageToken: first.manageToken })

    // a booking made after the backup is not in the restored database
    const lost = afterBackup[afterBackup.length - 1]
    expect(await lookup(restored, lost.code!, lost.manageToken!)).toBe(404)
    // its Idempotency-Key sent again makes a new booking there, not a stale answer
    const again = await post(restored, lost.key, lost.body)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBeNull()
    const made = (await again.json()) as { code: string; manageToken: string }
    expect(made.code).not.toBe(lost.code)
    expect(made.manageToken).not.toBe(lost.manageToken)
    expect(await lookup(restored, made.code, made.manageToken)).toBe(200)
    // and another key used only after the backup, now with a different booking: created, not "key reused"
    const other = afterBackup[0]
    const fresh = await post(restored, other.key, { ...other.body, phone: '13799990001', name: '新村民' })
    expect(fresh.status).toBe(201)
    expect(fresh.headers.get('idempotent-replayed')).toBeNull()
    expect(((await fresh.json()) as { code: string }).code).not.toBe(other.code)
  } finally {
    await restored.stop()
    restored.cleanup()
  }

  // the restored database now holds data: a second restore is refused without --force
  const refused = await runCli({ script: 'restore', args: [params.backupFile], env: params.target.env })
  expect(refused.status).toBe(2)
  expect(refused.stderr).toMatch(/已经有数据.*bookings.*--force/)
  const forced = await runCli({ script: 'restore', args: [params.backupFile, '--force'], env: params.target.env })
  expect(forced.stderr).toBe('')
  expect(forced.status).toBe(0)
}

describe('restore drill on SQLite', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-drill-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('under booking load: the backup holds every booking acknowledged before it began; restored into a new file, the BFF serves them and replays only keys the backup holds', async () => {
    const sourcePath = path.join(dir, 'source', 'fazhitong.db')
    const targetPath = path.join(dir, 'restored', 'fazhitong.db')
    await drill({
      source: { env: { SQLITE_PATH: sourcePath }, storage: { kind: 'sqlite', sqlitePath: sourcePath } },
      target: { env: { SQLITE_PATH: targetPath }, storage: { kind: 'sqlite', sqlitePath: targetPath } },
      backupFile: path.join(dir, 'drill.db'),
    })
    // no WAL of the old file is left beside the restored one to be replayed into it
    expect(fs.readdirSync(path.dirname(targetPath)).filter((name) => name.includes('.restore-'))).toEqual([])
  })
})

onPostgres(`restore drill on PostgreSQL${skipNote}`, () => {
  const schema = `drill_${randomBytes(4).toString('hex')}`
  const targetDatabase = `fzt_drill_${randomBytes(4).toString('hex')}`
  const targetSchema = `restored_${randomBytes(4).toString('hex')}`
  let dir: string
  const withSearchPath = (url: string, searchPath: string) => {
    const parsed = new URL(url)
    parsed.searchParams.set('options', `-c search_path=${searchPath}`)
    return parsed.toString()
  }
  const admin = async (work: (client: Client) => Promise<unknown>) => {
    const client = new Client({ connectionString: testDatabaseUrl })
    await client.connect()
    try {
      await work(client)
    } finally {
      await client.end()
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-drill-pg-'))
    await admin(async (client) => {
      await client.query(`create schema ${schema}`)
      await client.query(`create database ${targetDatabase}`)
    })
  })

  afterAll(async () => {
    await admin(async (client) => {
      await client.query(`drop schema if exists ${schema} cascade`)
      await client.query(`drop database if exists ${targetDatabase} with (force)`)
    })
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('under booking load, from an isolated schema: pg_dump holds every booking acknowledged before it began; restored into a fresh database and schema, the BFF serves them and replays only keys the backup holds', async () => {
    const sourceUrl = withSearchPath(testDatabaseUrl!, schema)
    const targetUrl = withSearchPath(databaseUrlFor(targetDatabase), targetSchema)
    await drill({
      source: { env: { DATABASE_URL: sourceUrl }, storage: { kind: 'postgres', databaseUrl: testDatabaseUrl!, searchPath: schema } },
      target: { env: { DATABASE_URL: targetUrl }, storage: { kind: 'postgres', databaseUrl: databaseUrlFor(targetDatabase), searchPath: targetSchema } },
      backupFile: path.join(dir, 'drill.dump'),
    })
    // the restored tables are in the schema the target's DATABASE_URL names, and only there
    const client = new Client({ connectionString: databaseUrlFor(targetDatabase) })
    await client.connect()
    try {
      const { rows } = await client.query<{ schema: string }>(
        "select distinct table_schema as schema from information_schema.tables where table_name = 'bookings'",
      )
      expect(rows.map((row) => row.schema)).toEqual([targetSchema])
    } finally {
      await client.end()
    }
  })
})
