import { sql, type Kysely } from 'kysely'
import type { DatabaseSchema } from '../storage/schema'

/** Fixed-window counters (table rate_limits), one row per bucket and window; the same statements on SQLite and PostgreSQL. */
export interface RateLimitRepository {
  /** Counts one hit and answers the window's hits so far. */
  hit(params: { bucket: string; windowStart: string }): Promise<number>
  /** The window's hits so far (0: none). */
  hits(params: { bucket: string; windowStart: string }): Promise<number>
  /** Deletes windows that began before `before` (UTC ISO); answers how many. */
  prune(params: { before: string }): Promise<number>
}

export class KyselyRateLimitRepository implements RateLimitRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async hit(params: { bucket: string; windowStart: string }): Promise<number> {
    const row = await this.db
      .insertInto('rate_limits')
      .values({ bucket: params.bucket, window_start: params.windowStart, hits: 1 })
      .onConflict((conflict) => conflict.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
      .returning('hits')
      .executeTakeFirstOrThrow()
    return row.hits
  }

  async hits(params: { bucket: string; windowStart: string }): Promise<number> {
    const row = await this.db
      .selectFrom('rate_limits')
      .select('hits')
      .where('bucket', '=', params.bucket)
      .where('window_start', '=', params.windowStart)
      .executeTakeFirst()
    return row?.hits ?? 0
  }

  async prune(params: { before: string }): Promise<number> {
    const result = await this.db.deleteFrom('rate_limits').where('window_start', '<', params.before).executeTakeFirst()
    return Number(result.numDeletedRows ?? 0n)
  }
}
