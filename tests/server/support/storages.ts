import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Pool } from 'pg'
import { openStorage, type Storage } from '../../../server/storage/database'

export interface StorageUnderTest {
  name: 'sqlite' | 'postgres'
  open(): Promise<Storage>
  /** drops what open() created */
  dispose(): Promise<void>
}

function sqliteUnderTest(): StorageUnderTest {
  let dir: string | null = null
  let storage: Storage | null = null
  return {
    name: 'sqlite',
    async open() {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-test-'))
      storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'test.db') })
      return storage
    },
    async dispose() {
      await storage?.close()
      if (dir) fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Each open() gets its own schema, so suites can run side by side in the shared `test` database. */
function postgresUnderTest(databaseUrl: string): StorageUnderTest {
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  let storage: Storage | null = null
  return {
    name: 'postgres',
    async open() {
      const admin = new Pool({ connectionString: databaseUrl, max: 1 })
      await admin.query(`create schema if not exists ${schema}`)
      await admin.end()
      storage = await openStorage({ kind: 'postgres', databaseUrl, searchPath: schema })
      return storage
    },
    async dispose() {
      await storage?.close()
      const admin = new Pool({ connectionString: databaseUrl, max: 1 })
      await admin.query(`drop schema if exists ${schema} cascade`)
      await admin.end()
    },
  }
}

export const testDatabaseUrl = process.env.TEST_DATABASE_URL

/**
 * Runs a suite against SQLite always and against PostgreSQL when TEST_DATABASE_URL is set;
 * without it the PostgreSQL suite is reported as skipped, by name, never silently passed.
 */
export function describeEachStorage(title: string, suite: (storage: () => Storage) => void): void {
  const variants: [StorageUnderTest['name'], () => StorageUnderTest][] = [['sqlite', sqliteUnderTest]]
  if (testDatabaseUrl) variants.push(['postgres', () => postgresUnderTest(testDatabaseUrl)])
  for (const [name, make] of variants) {
    describe(`${title} on ${name}`, () => {
      const underTest = make()
      let storage: Storage
      beforeAll(async () => {
        storage = await underTest.open()
      })
      afterAll(async () => {
        await underTest.dispose()
      })
      suite(() => storage)
    })
  }
  if (!testDatabaseUrl) {
    describe.skip(`${title} on postgres (skipped: TEST_DATABASE_URL is not set)`, () => {
      it('needs a PostgreSQL database', () => undefined)
    })
  }
}
