import { OUTBOX_MAX_ATTEMPTS } from '../storage/schema'
import type { StationDirectory } from '../stations/station-directory'
import type { Storage } from '../storage/database'
import type { MetricsSources, ReminderQueueDepth } from './metrics'

/**
 * A scrape must answer while the BFF is in trouble, when it is wanted most: a count that waits
 * behind a full PostgreSQL pool (up to DATABASE_QUEUE_TIMEOUT_MS) or a database that does not
 * answer is given up after this long, and its gauge has no sample in that scrape.
 */
export const SCRAPE_QUERY_TIMEOUT_MS = 2000

/**
 * The outbox's unsent messages by state: one count over the rows with `sent_at` null (the
 * `outbox_pending_idx` index), at scrape time, so several instances on one database agree.
 */
export async function reminderQueueDepth(params: { storage: Storage; now: Date }): Promise<ReminderQueueDepth> {
  const now = params.now.toISOString()
  const row = await params.storage.db
    .selectFrom('outbox')
    .select((eb) => [
      eb.fn.countAll().filterWhere('attempts', '>=', OUTBOX_MAX_ATTEMPTS).as('failed'),
      eb.fn
        .countAll()
        .filterWhere((where) => where.and([where('attempts', '<', OUTBOX_MAX_ATTEMPTS), where('due_at', '<=', now)]))
        .as('due'),
      eb.fn
        .countAll()
        .filterWhere((where) => where.and([where('attempts', '<', OUTBOX_MAX_ATTEMPTS), where('due_at', '>', now)]))
        .as('scheduled'),
    ])
    .where('sent_at', 'is', null)
    .executeTakeFirst()
  // PostgreSQL's count is a bigint, which pg hands over as a string
  return { due: Number(row?.due ?? 0), scheduled: Number(row?.scheduled ?? 0), failed: Number(row?.failed ?? 0) }
}

/** `work`'s value, or null when it fails or takes longer than `ms` (the timer never holds the process). */
async function withinTime<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms)
    timer.unref()
  })
  try {
    return await Promise.race([work.catch(() => null), late])
  } finally {
    clearTimeout(timer)
  }
}

/** What /metrics reads from this app's storage and directory when it is scraped. */
export function metricsSources(params: { storage: Storage; directory: StationDirectory; now: () => Date }): MetricsSources {
  const { storage, directory, now } = params
  return {
    poolStats: storage.poolStats,
    directoryFetchedAt: directory.upstreamFetchedAt() === undefined ? undefined : () => directory.upstreamFetchedAt() ?? null,
    reminderQueue: () => withinTime(reminderQueueDepth({ storage, now: now() }), SCRAPE_QUERY_TIMEOUT_MS),
    now,
  }
}
