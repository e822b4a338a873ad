import type { Storage } from '../storage/database'
import { AppError } from '../errors/app-error'
import { KyselyRateLimitRepository, type RateLimitRepository } from './rate-limit.repository'

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
 * (and a restart does not reset them). One upsert per hit. Old windows are deleted by the retention
 * run (server/retention), with the other counters kept no longer than the 隐私说明 page says.
 */
export class StorageRateLimiter implements RateLimiter {
  private readonly counters: RateLimitRepository

  constructor(storage: Storage) {
    this.counters = new KyselyRateLimitRepository(storage.db)
  }

  async consume(params: { rule: RateRule; key: string; now: Date }): Promise<void> {
    const { start, end } = window(params)
    const hits = await this.counters.hit({ bucket: `${params.rule.name}:${params.key}`, windowStart: new Date(start).toISOString() })
    if (hits > params.rule.limit) throw rateLimited({ rule: params.rule, windowEnd: end, now: params.now })
  }

  async check(params: { rule: RateRule; key: string; now: Date }): Promise<void> {
    const { start, end } = window(params)
    const hits = await this.counters.hits({ bucket: `${params.rule.name}:${params.key}`, windowStart: new Date(start).toISOString() })
    if (hits >= params.rule.limit) throw rateLimited({ rule: params.rule, windowEnd: end, now: params.now })
  }
}
