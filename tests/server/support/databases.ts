import { Client } from 'pg'
import { testDatabaseUrl } from './storages'

/** Suites that need their own PostgreSQL database: reported as skipped, by name, without TEST_DATABASE_URL. */
export const skipNote = testDatabaseUrl ? '' : ' (skipped: TEST_DATABASE_URL is not set)'
export const onPostgres = testDatabaseUrl ? describe : describe.skip

/**
 * One connection to the database, closed before returning. A Client, not a Pool: pool.end()
 * resolves before its connections are gone, and dropping or terminating them afterwards kills
 * them under an error listener that has no handler.
 */
export async function onDatabase<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrlFor(database) })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** The same server, another database on it. */
export function databaseUrlFor(database: string): string {
  const url = new URL(testDatabaseUrl!)
  url.pathname = `/${database}`
  return url.toString()
}
