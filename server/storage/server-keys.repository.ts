import type { Kysely } from 'kysely'
import type { DatabaseSchema } from './schema'

/** The secrets migrations made in the database (table server_keys), shared by every instance on it. */
export async function readServerKey(db: Kysely<DatabaseSchema>, name: string): Promise<Buffer> {
  const row = await db.selectFrom('server_keys').select('secret').where('name', '=', name).executeTakeFirstOrThrow()
  return Buffer.from(row.secret, 'base64url')
}
