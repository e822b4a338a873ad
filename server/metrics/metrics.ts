import { Counter, Gauge, Registry } from 'prom-client'
import { RequestDurations } from './request-durations'

/**
 * What the BFF counts for Prometheus (GET /metrics, ./metrics.routes.ts). One registry per app,
 * never prom-client's global one: tests build many apps in one process, and each must count its
 * own. Label values come from the code (route patterns, limit names, fixed words), never from a
 * request: no URL, code, phone, position or secret can become a label, and the number of series
 * stays bounded whatever clients send.
 */

/** Seconds; API answers take about a millisecond, a report or a booking under load up to seconds. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

export type CancelledBy = 'resident' | 'staff'
export type SyncResult = 'created' | 'existing'

/** Database connections of this instance (PostgreSQL's pool; SQLite has none). */
export interface PoolStats {
  inUse: number
  waiting: number
  size: number
}

/** Unsent messages of the outbox (confirmations, reminders, cancellations), by state. */
export interface ReminderQueueDepth {
  /** due and not yet sent: should drain within a send round (30 s) */
  due: number
  /** waiting for their time (a reminder the day before) */
  scheduled: number
  /** given up after the last attempt */
  failed: number
}

/** What the gauges read when /metrics is scraped; each absent source leaves its gauge without a sample. */
export interface MetricsSources {
  poolStats?: () => PoolStats
  /** when the directory last refreshed from its upstream (null: never); absent: no upstream configured */
  directoryFetchedAt?: () => Date | null
  reminderQueue?: () => Promise<ReminderQueueDepth | null>
  now: () => Date
}

export class AppMetrics {
  private readonly registry = new Registry()
  /** what /metrics answers: Prometheus's text format, version 0.0.4 */
  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE

  /** kept by hand: prom-client's observe() allocates on every answer (./request-durations.ts) */
  private readonly requestDurations = new RequestDurations({
    name: 'fazhitong_http_request_duration_seconds',
    help: 'Time from a request reaching the BFF to its answer being handed to the network, by method, route pattern (/api/bookings/:code; unmatched for API paths no route took; h5-page or h5-file for the H5 app) and status.',
    buckets: DURATION_BUCKETS,
  })

  private readonly bookingsCreated = new Counter({
    name: 'fazhitong_bookings_created_total',
    help: 'Bookings made (a replayed answer is not a new booking).',
    registers: [this.registry],
  })

  private readonly bookingsCancelled = new Counter({
    name: 'fazhitong_bookings_cancelled_total',
    help: 'Bookings cancelled, by who: the resident (their device or code and phone) or the station staff.',
    labelNames: ['by'] as const,
    registers: [this.registry],
  })

  private readonly idempotentReplays = new Counter({
    name: 'fazhitong_idempotent_replays_total',
    help: 'Booking requests answered with the stored answer of an earlier request with the same Idempotency-Key (a retry after a lost answer).',
    registers: [this.registry],
  })

  private readonly mediationsSynced = new Counter({
    name: 'fazhitong_mediations_synced_total',
    help: 'Mediation records received from volunteers, by result: created, or existing (a retried sync of a stored record).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  })

  private readonly followUpsSynced = new Counter({
    name: 'fazhitong_follow_ups_synced_total',
    help: 'Follow-ups (回访) received from volunteers, by result: created, or existing (a retried sync).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  })

  private readonly rateLimited = new Counter({
    name: 'fazhitong_rate_limited_total',
    help: 'Requests answered 429, by the limit that refused them (booking-create-ip, booking-lookup-code-ip, login-ip, phone-code-resend, ...).',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  })

  private readonly fairShareRefusals = new Counter({
    name: 'fazhitong_fair_share_refusals_total',
    help: "Bookings refused 409 FAIR_SHARE_FULL, by the station's share that was full: phone-day, phone-horizon, address-day, address-horizon.",
    labelNames: ['share'] as const,
    registers: [this.registry],
  })

  private readonly databaseUnavailable = new Counter({
    name: 'fazhitong_database_unavailable_total',
    help: 'Requests answered 503 DATABASE_UNAVAILABLE: the database could not be reached.',
    registers: [this.registry],
  })

  private readonly databaseBusy = new Counter({
    name: 'fazhitong_database_busy_total',
    help: 'Requests answered 503 DATABASE_BUSY: every connection was taken and the queue for one was full or too slow.',
    registers: [this.registry],
  })

  private sources: MetricsSources | null = null

  constructor(params: { version?: string } = {}) {
    // the label values known in advance start at 0, so a rate over the first one is not lost
    for (const by of ['resident', 'staff'] as const) this.bookingsCancelled.inc({ by }, 0)
    for (const result of ['created', 'existing'] as const) {
      this.mediationsSynced.inc({ result }, 0)
      this.followUpsSynced.inc({ result }, 0)
    }
    for (const share of ['phone-day', 'phone-horizon', 'address-day', 'address-horizon']) this.fairShareRefusals.inc({ share }, 0)
    const currentSources = () => this.sources
    new Gauge({
      name: 'fazhitong_build_info',
      help: 'Always 1; the version label says which build answers.',
      labelNames: ['version'] as const,
      registers: [this.registry],
    }).set({ version: params.version ?? 'unknown' }, 1)
    const poolGauge = (name: string, help: string, read: (stats: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect: scrapeTime(currentSources, (gauge, sources) => {
          const stats = sources.poolStats?.()
          if (stats) gauge.set(read(stats))
        }),
      })
    poolGauge(
      'fazhitong_database_pool_in_use',
      'PostgreSQL connections of this instance checked out or being opened (no sample on SQLite).',
      (stats) => stats.inUse,
    )
    poolGauge(
      'fazhitong_database_pool_waiting',
      'Requests of this instance waiting for a PostgreSQL connection (no sample on SQLite).',
      (stats) => stats.waiting,
    )
    poolGauge('fazhitong_database_pool_size', 'PostgreSQL connections this instance may hold, DATABASE_POOL_SIZE (no sample on SQLite).', (stats) => stats.size)
    new Gauge({
      name: 'fazhitong_directory_upstream_age_seconds',
      help: 'Seconds since the station directory last refreshed from DIRECTORY_URL; +Inf when it never has; no sample without DIRECTORY_URL.',
      registers: [this.registry],
      collect: scrapeTime(currentSources, (gauge, sources) => {
        if (!sources.directoryFetchedAt) return
        const fetchedAt = sources.directoryFetchedAt()
        gauge.set(fetchedAt ? Math.max(0, (sources.now().getTime() - fetchedAt.getTime()) / 1000) : Number.POSITIVE_INFINITY)
      }),
    })
    new Gauge({
      name: 'fazhitong_reminder_queue_depth',
      help: 'Unsent outbox messages (confirmations, reminders, cancellations) by state: due (should drain within 30 s), scheduled (for later), failed (attempts used up). No sample when the database did not answer in time.',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect: scrapeTime(currentSources, async (gauge, sources) => {
        const depth = await sources.reminderQueue?.()
        if (!depth) return
        gauge.set({ state: 'due' }, depth.due)
        gauge.set({ state: 'scheduled' }, depth.scheduled)
        gauge.set({ state: 'failed' }, depth.failed)
      }),
    })
  }

  /** What the scrape-time gauges read (createApp: the storage, the directory, the clock). */
  watch(sources: MetricsSources): void {
    this.sources = sources
  }

  /** One answer: its duration under its route pattern (./request-metrics.ts); positional, as it runs for every answer. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.requestDurations.observe(route, method, status, seconds)
  }

  /** Everything this app counts, in Prometheus's text format (the process's own metrics are ./process-metrics.ts). */
  async exposition(): Promise<string> {
    return `${await this.registry.metrics()}\n${this.requestDurations.render()}`
  }

  bookingCreated(): void {
    this.bookingsCreated.inc()
  }

  bookingsCancelledBy(by: CancelledBy, count = 1): void {
    if (count > 0) this.bookingsCancelled.inc({ by }, count)
  }

  idempotentReplay(): void {
    this.idempotentReplays.inc()
  }

  mediationSynced(result: SyncResult): void {
    this.mediationsSynced.inc({ result })
  }

  followUpSynced(result: SyncResult): void {
    this.followUpsSynced.inc({ result })
  }

  /** A 429, under the limit's name (AppError.limit; `other` when a refusal did not say). */
  limitRefused(limit: string): void {
    this.rateLimited.inc({ limit })
  }

  fairShareRefused(share: string): void {
    this.fairShareRefusals.inc({ share })
  }

  databaseUnavailableAnswered(): void {
    this.databaseUnavailable.inc()
  }

  databaseBusyAnswered(): void {
    this.databaseBusy.inc()
  }
}

/**
 * A gauge's `collect`: its samples are dropped first (a source that is absent, or did not answer,
 * leaves no sample rather than a stale value or a made-up 0), then the app's sources are read.
 */
function scrapeTime<L extends string>(
  current: () => MetricsSources | null,
  read: (gauge: Gauge<L>, sources: MetricsSources) => void | Promise<void>,
): (this: Gauge<L>) => void | Promise<void> {
  return function (this: Gauge<L>) {
    // reset() leaves an unlabelled gauge at 0; remove() with no labels drops its one sample
    this.reset()
    this.remove({})
    const sources = current()
    return sources ? read(this, sources) : undefined
  }
}
