import { sql } from 'kysely'
import type { Storage } from '../storage/database'
import { AppError } from '../errors/app-error'

export interface RateRule {
  /** what is counted, e.g. `booking-create:ip` */
  name: string
  limit: number
  windowSeconds: number
}

export interface RateLimiter {
  /** Counts one hit for `key` under the rule; throws 429 with Retry-After when over the limit. */
  consume(params: { rule: RateRule; key: string; now: Date }): Promise<void>
  /** Throws the same 429 when `key` has already reached the limit, without counting a hit. */
  check(params: { rule: RateRule; key: string; now: Date }): Promise<void>
}

export const noRateLimit: RateLimiter = { consume: async () => undefined, check: async () => undefined }

function window(params: { rule: RateRule; now: Date }): { start: number; end: number } {
  const windowMs = params.rule.windowSeconds * 1000
  const start = Math.floor(params.now.getTime() / windowMs) * windowMs
  return { start, end: start + windowMs }
}

function rateLimited(params: { rule: RateRule; windowEnd: number; now: Date }): AppError {
  const retryAfter = Math.max(1, Math.ceil((params.windowEnd - params.now.getTime()) / 1000))
  return AppError.of('RATE_LIMITED', {
    message: `操作太频繁了，请 ${retryAfter >= 60 ? `${Math.ceil(retryAfter / 60)} 分钟` : `${retryAfter} 秒`}后再试`,
    retryAfterSeconds: retryAfter,
    limit: params.rule.name,
  })
}

/**
 * Fixed-window counters in the database, so several BFF instances on one PostgreSQL share them
 * (and a restart does not reset them). One upsert per hit.
 */
export class StorageRateLimiter implements RateLimiter {
  constructor(private readonly storage: Storage) {}

  async consume(params: { rule: RateRule; key: string; now: Date }): Promise<void> {
    const { start, end } = window(params)
    const bucket = `${params.rule.name}:${params.key}`
    const row = await this.storage.db
      .insertInto('rate_limits')
      .values({ bucket, window_start: new Date(start).toISOString(), hits: 1 })
      .onConflict((conflict) => conflict.columns(['bucket', 'window_start']).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
      .returning('hits')
      .executeTakeFirstOrThrow()
    if (row.hits > params.rule.limit) throw rateLimited({ rule: params.rule, windowEnd: end, now: params.now })
  }

  async check(params: { rule: RateRule; key: string; now: Date }): Promise<void> {
    const { start, end } = window(params)
    const row = await this.storage.db
      .selectFrom('rate_limits')
      .select('hits')
      .where('bucket', '=', `${params.rule.name}:${params.key}`)
      .where('window_start', '=', new Date(start).toISOString())
      .executeTakeFirst()
    if (row && row.hits >= params.rule.limit) throw rateLimited({ rule: params.rule, windowEnd: end, now: params.now })
  }

  /** Old windows are of no use; called now and then by the BFF. */
  async prune(params: { before: Date }): Promise<void> {
    await this.storage.db.deleteFrom('rate_limits').where('window_start', '<', params.before.toISOString()).execute()
  }
}
