import { randomBytes } from 'node:crypto'
import { Pool } from 'pg'
import { openStorage } from '../../../server/storage/database'
import { databaseUrlFor, onDatabase, onPostgres, skipNote } from '../support/databases'
import { testDatabaseUrl } from '../support/storages'

onPostgres(`migrations under a schema on a database whose public schema was migrated before${skipNote}`, () => {
  // a database of its own: migrating `public` of the shared test database would change it for every suite
  const database = `fzt_migr_${randomBytes(4).toString('hex')}`
  let admin: Pool

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl, max: 1 })
    await admin.query(`create database ${database}`)
  })

  afterAll(async () => {
    await admin.query(`drop database if exists ${database} with (force)`)
    await admin.end()
  })

  async function tablesOf(schema: string): Promise<string[]> {
    return onDatabase(database, async (client) => {
      const { rows } = await client.query<{ table_name: string }>(
        'select table_name from information_schema.tables where table_schema = $1 order by table_name',
        [schema],
      )
      return rows.map((row) => row.table_name)
    })
  }

  it('migrates its own schema (searchPath), keeping Kysely’s tables there, and opens again', async () => {
    const publicStorage = await openStorage({ kind: 'postgres', databaseUrl: databaseUrlFor(database) })
    await publicStorage.close()
    const publicTables = await tablesOf('public')
    expect(publicTables).toEqual(expect.arrayContaining(['bookings', 'kysely_migration', 'kysely_migration_lock']))

    for (let opening = 0; opening < 2; opening += 1) {
      const storage = await openStorage({ kind: 'postgres', databaseUrl: databaseUrlFor(database), searchPath: 'tenant_a' })
      try {
        await storage.db
          .insertInto('schedules')
          .values({ station_id: `s${opening}`, schedule: '{}', updated_at: '2026-11-26T00:00:00Z', updated_by: 'test' })
          .execute()
        expect(await storage.ping()).toBe(true)
      } finally {
        await storage.close()
      }
    }
    // the schema was created by the migrator and holds everything, its bookkeeping included
    expect(await tablesOf('tenant_a')).toEqual(publicTables)
    await onDatabase(database, async (client) => {
      expect((await client.query('select * from public.schedules')).rowCount).toBe(0)
      expect((await client.query('select * from tenant_a.schedules')).rowCount).toBe(2)
    })
  })

  it('takes the schema from DATABASE_URL’s own search_path (options=-c search_path=…)', async () => {
    const url = new URL(databaseUrlFor(database))
    url.searchParams.set('options', '-c search_path=tenant_b')
    await onDatabase(database, (client) => client.query('create schema if not exists tenant_b'))
    const storage = await openStorage({ kind: 'postgres', databaseUrl: url.toString() })
    await storage.close()
    expect(await tablesOf('tenant_b')).toEqual(await tablesOf('public'))
  })
})
