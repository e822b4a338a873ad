import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import request from 'supertest'
import { openStorage, type Storage } from '../../../server/storage/database'
import { buildTestApp } from '../support/test-app'

jest.setTimeout(30_000)

describe('SQLite held by another process past its busy timeout', () => {
  let dir: string
  let storage: Storage
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-busy-'))
    storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'busy.db') })
  })
  afterAll(async () => {
    await storage.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('a booking answers 503 DATABASE_UNAVAILABLE with Retry-After, writes nothing, and succeeds once the lock is gone', async () => {
    const app = await buildTestApp(storage)
    const body = { stationId: '500241103-ws', slotStart: '2026-11-27T09:00:00+08:00', matter: 'labor_wages', name: '张三', phone: '13800138000', consent: true }
    // another process (an admin CLI, a second BFF) holds the write lock
    const other = new SqliteDatabase(path.join(dir, 'busy.db'))
    other.exec('begin immediate')
    try {
      const refused = await request(app).post('/api/bookings').send(body)
      expect(refused.status).toBe(503)
      expect(refused.body.error.code).toBe('DATABASE_UNAVAILABLE')
      expect(refused.headers['retry-after']).toBeDefined()
    } finally {
      other.exec('rollback')
      other.close()
    }
    expect(await storage.db.selectFrom('bookings').selectAll().execute()).toEqual([])
    expect((await request(app).post('/api/bookings').send(body)).status).toBe(201)
  })
})
