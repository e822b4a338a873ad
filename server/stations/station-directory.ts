import { redactUrl } from '../logging'
import { redactDatabaseError } from '../storage/database'
import { repeatInBackground } from '../repeat'
import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from 'pino'
import type { Station } from '../../contracts/station'
import { CachedSource, type RefreshOutcome } from '../upstream/cached-source'
import type { UpstreamClient } from '../upstream/upstream-client'
import { parseDirectoryRowsSliced, type DirectoryRejection } from './directory/directory-rows'
import { stationDirectoryFileSchema } from './directory/directory-file'
import type { Steps } from './directory/directory-text'
import { startStationIndexBuild, type StationIndex } from './station-index'
import { applyOverlay, labelled, overlayOutcome, type OverlayOutcome, type StationOverlay } from './station-overlay'
import type { StationRepository } from './station.repository'
import { townRegistrySchema, type TownRegistry } from './towns'

/** What data/stations holds: bundled snapshots and the township registries of their counties. */
export function loadBundledDirectory(params: { dir: string }): { stations: Station[]; registries: TownRegistry[] } {
  const files = fs.existsSync(params.dir)
    ? fs
        .readdirSync(params.dir)
        .filter((name) => name.endsWith('.json'))
        .sort()
    : []
  const stations: Station[] = []
  const registries: TownRegistry[] = []
  for (const name of files) {
    const json: unknown = JSON.parse(fs.readFileSync(path.join(params.dir, name), 'utf8'))
    // a broken bundled file is a bug in the release, not something to serve around: fail loudly
    if (name.endsWith('-towns.json')) registries.push(townRegistrySchema.parse(json))
    else stations.push(...stationDirectoryFileSchema.parse(json).stations)
  }
  return { stations, registries }
}

interface UpstreamValue {
  stations: Station[]
  rejected: DirectoryRejection[]
}

export interface DirectorySnapshot {
  /** as served: what stations keep applied, each labelled (`verification`) */
  stations: Station[]
  /** served stations by id */
  byId: ReadonlyMap<string, Station>
  /** the directory's own entries by id (bundled < imported < DIRECTORY_URL), before what stations keep */
  directory: ReadonlyMap<string, Station>
  /** for each station that keeps facts: whether they are served, replaced by a newer directory row, or in conflict with it */
  outcomes: ReadonlyMap<string, OverlayOutcome>
  index: StationIndex
  /** true when DIRECTORY_URL is configured but its last good copy could not be refreshed */
  stale: boolean
  generatedAt: Date
}

/** Bounds on the county's directory document (DIRECTORY_MAX_BYTES, DIRECTORY_MAX_ROWS). */
export interface DirectoryLimits {
  maxBytes: number
  maxRows: number
}

export const DEFAULT_DIRECTORY_LIMITS: DirectoryLimits = { maxBytes: 4_000_000, maxRows: 20_000 }

export interface DirectoryStatus {
  stations: number
  withoutLocation: number
  upstream: { url: string; stale: boolean; fetchedAt: string | null; lastError: string | null; rejectedRows: { row: number; reasons: string[] }[] } | null
}

/** Stations merged or labelled between two looks at the clock while a snapshot is composed. */
const COMPOSE_STEP_STATIONS = 500

/** Index work (points converted or partitioned) between two looks at the clock. */
const COMPOSE_STEP_INDEX_WORK = 5_000

/** Longest stretch of composing before the event loop gets a turn (as parseDirectoryRowsSliced). */
const COMPOSE_SLICE_MS = 10

/**
 * The served snapshot from its parts: the directory's entries by id (later sources win), what
 * stations keep applied, and the nearest-station index. A generator that yields every few hundred
 * stations, so a server composes a county of 28,000 stations in slices (recompose) while a
 * start-up composes in one go; both give the same snapshot.
 */
export function* composeSnapshot(params: {
  sources: readonly (readonly Station[])[]
  overlays: readonly StationOverlay[]
  stale: boolean
  now: Date
}): Steps<DirectorySnapshot> {
  const directory = new Map<string, Station>()
  let done = 0
  for (const source of params.sources) {
    for (const station of source) {
      directory.set(station.id, station)
      if (++done % COMPOSE_STEP_STATIONS === 0) yield
    }
  }
  const overlays = new Map(params.overlays.map((overlay) => [overlay.stationId, overlay]))
  const outcomes = new Map<string, OverlayOutcome>()
  const stations: Station[] = []
  const byId = new Map<string, Station>()
  for (const station of directory.values()) {
    const overlay = overlays.get(station.id)
    let served: Station
    if (!overlay) served = labelled(station)
    else {
      const outcome = overlayOutcome({ overlay, directory: station })
      outcomes.set(station.id, outcome)
      served = outcome === 'directory_newer' ? labelled(station) : applyOverlay({ station, overlay })
    }
    stations.push(served)
    byId.set(served.id, served)
    if (++done % COMPOSE_STEP_STATIONS === 0) yield
  }
  const build = startStationIndexBuild({ stations })
  while (!build.step({ work: COMPOSE_STEP_INDEX_WORK })) yield
  return { stations, byId, directory, outcomes, index: build.index(), stale: params.stale, generatedAt: params.now }
}

/** How often an instance looks whether another one changed what a station keeps (one count query). */
const OVERLAY_POLL_MS = 30_000

/**
 * The station directory the BFF serves: the bundled snapshot, overlaid by stations an
 * administrator imported (stored), overlaid by the county's published directory (DIRECTORY_URL),
 * each by station id; then what the stations' staff and the county keep (server/stations/
 * station-keeping.ts, which says when the directory is newer). The nearest-station index is
 * rebuilt only when the merged list changes: an import, a new directory, a kept fact.
 */
export class StationDirectory {
  private stored: Station[] = []
  private overlays: StationOverlay[] = []
  private overlayStampSeen = -1
  private overlayReads: Promise<void> = Promise.resolve()
  /** retires overlays a newer directory row replaced (set by the station-keeping service) */
  private onSuperseded: ((overlays: StationOverlay[]) => Promise<void>) | null = null
  private current: DirectorySnapshot
  private readonly upstream: CachedSource<UpstreamValue> | null

  constructor(
    private readonly deps: {
      bundled: Station[]
      registries: TownRegistry[]
      repository: StationRepository
      logger: Logger
      now: () => Date
      upstream?: { url: string; client: UpstreamClient }
      /** a larger document or more rows is refused whole; the last good copy stays served */
      limits?: DirectoryLimits
    },
  ) {
    const limits = deps.limits ?? DEFAULT_DIRECTORY_LIMITS
    this.upstream = deps.upstream
      ? new CachedSource<UpstreamValue>({
          url: deps.upstream.url,
          client: deps.upstream.client,
          fallback: { stations: [], rejected: [] },
          now: deps.now,
          maxBytes: limits.maxBytes,
          parse: (body) => this.parseUpstream(body, limits.maxRows),
        })
      : null
    this.current = this.compose()
  }

  get registries(): TownRegistry[] {
    return this.deps.registries
  }

  /** Read in slices with turns of the event loop between them: a large directory must not stall requests. */
  private async parseUpstream(body: string, maxRows: number): Promise<UpstreamValue> {
    const result = await parseDirectoryRowsSliced({
      input: body,
      registries: this.deps.registries,
      source: `名录 ${redactUrl(this.deps.upstream?.url) ?? ''}`,
      now: this.deps.now(),
      maxRows,
    })
    if (result.fileErrors.length > 0) throw new Error(`名录无法读取：${result.fileErrors.join('；')}`)
    // the first rows are enough to see the problem; a document of thousands of bad rows must not flood the log
    for (const rejection of result.rejected.slice(0, 50)) this.deps.logger.warn({ row: rejection.row, reasons: rejection.reasons }, 'directory row rejected')
    if (result.rejected.length > 50) this.deps.logger.warn({ rejectedRows: result.rejected.length }, 'directory rows rejected (first 50 logged)')
    // a page of garbage that happens to be valid JSON must not wipe the directory
    if (result.accepted.length === 0) throw new Error(`名录里没有可用的站点（${result.rejected.length} 行被拒绝）`)
    return { stations: result.accepted, rejected: result.rejected }
  }

  /** What compose reads, as it is now: a composition that started earlier may finish later, and then it must not win. */
  private composeInput(): Parameters<typeof composeSnapshot>[0] {
    return {
      sources: [this.deps.bundled, this.stored, this.upstream?.current().value.stations ?? []],
      overlays: this.overlays,
      stale: this.upstream?.current().stale ?? false,
      now: this.deps.now(),
    }
  }

  /** In one go: at start-up, before anything is served. */
  private compose(): DirectorySnapshot {
    const steps = composeSnapshot(this.composeInput())
    for (;;) {
      const step = steps.next()
      if (step.done) return step.value
    }
  }

  private composeStarted = 0
  private composeServed = 0

  /**
   * Composes in slices of about COMPOSE_SLICE_MS with a turn of the event loop between them (a
   * county of 28,000 stations takes ~100 ms in one go), then serves the result unless a
   * composition started later is already served.
   */
  private async recompose(): Promise<void> {
    const ticket = ++this.composeStarted
    const steps = composeSnapshot(this.composeInput())
    let sliceStart = performance.now()
    for (;;) {
      const step = steps.next()
      if (step.done) {
        if (ticket > this.composeServed) {
          this.composeServed = ticket
          this.current = step.value
        }
        return
      }
      if (performance.now() - sliceStart >= COMPOSE_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve))
        sliceStart = performance.now()
      }
    }
  }

  /** The station-keeping service retires overlays a newer directory row replaced, with their history. */
  whenSuperseded(handler: (overlays: StationOverlay[]) => Promise<void>): void {
    this.onSuperseded = handler
  }

  /** Overlays whose directory row is now newer, for the handler to retire. */
  private async retireSuperseded(): Promise<void> {
    const superseded = this.overlays.filter((overlay) => this.current.outcomes.get(overlay.stationId) === 'directory_newer')
    if (superseded.length === 0 || !this.onSuperseded) return
    await this.onSuperseded(superseded)
  }

  /**
   * Re-reads what stations keep (after a change, or when another instance changed it); rebuilds only
   * on a difference. One read at a time, in order: a read asked for after a write sees that write.
   */
  reloadOverlays(): Promise<void> {
    const next = this.overlayReads.then(() => this.readOverlays())
    this.overlayReads = next.catch(() => undefined)
    return next
  }

  private async readOverlays(): Promise<void> {
    // the stamp first: a change landing in between makes the next poll read again rather than be missed
    const stamp = await this.deps.repository.overlayStamp()
    const overlays = await this.deps.repository.listOverlays()
    this.overlayStampSeen = stamp
    if (JSON.stringify(overlays) === JSON.stringify(this.overlays)) return
    this.overlays = overlays
    await this.recompose()
  }

  private async pollOverlays(): Promise<void> {
    try {
      if ((await this.deps.repository.overlayStamp()) !== this.overlayStampSeen) await this.reloadOverlays()
    } catch (error) {
      // the database may be down for a moment: what is in memory stays served, the next poll tries again
      this.deps.logger.warn({ db: redactDatabaseError(error) }, 'station overlays not reloaded; serving the ones in memory')
    }
  }

  snapshot(): DirectorySnapshot {
    const stale = this.upstream?.current().stale ?? false
    return stale === this.current.stale ? this.current : { ...this.current, stale }
  }

  /** Re-reads the stored imports (another process may have run import:stations) and what stations keep. */
  async reloadStored(): Promise<void> {
    const stamp = await this.deps.repository.overlayStamp()
    const [stored, overlays] = await Promise.all([this.deps.repository.list(), this.deps.repository.listOverlays()])
    this.overlayStampSeen = stamp
    if (JSON.stringify(stored) === JSON.stringify(this.stored) && JSON.stringify(overlays) === JSON.stringify(this.overlays)) return
    this.stored = stored
    this.overlays = overlays
    await this.recompose()
  }

  async refresh(): Promise<RefreshOutcome | null> {
    try {
      await this.reloadStored()
    } catch (error) {
      // the database may be down for a moment: the stations in memory stay served, the upstream is still refreshed
      this.deps.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'stored stations not reloaded; serving the ones in memory')
    }
    const outcome = this.upstream ? await this.upstream.refresh() : null
    if (outcome?.status === 'updated') await this.recompose()
    if (outcome?.status === 'failed')
      this.deps.logger.warn({ url: redactUrl(this.deps.upstream?.url), error: outcome.error }, 'station directory not refreshed; serving the last good copy')
    try {
      await this.retireSuperseded()
    } catch (error) {
      // served answers are already right (a newer row wins in compose); retiring is tried again next time
      this.deps.logger.warn({ db: redactDatabaseError(error) }, 'superseded station reports not retired')
    }
    return outcome
  }

  /** Refreshes every `intervalMs` (and at once with `runNow`) in the background, and polls the overlays; returns a stop function. */
  startRefreshing(intervalMs: number, options: { runNow?: boolean } = {}): () => Promise<void> {
    // one refresh at a time: an 18 MB directory on a slow link must not have a second one start over it
    const stopRefresh = repeatInBackground({
      work: () => this.refresh(),
      intervalMs,
      runNow: options.runNow,
      logger: this.deps.logger,
      failure: 'station directory refresh failed',
    })
    // what another instance's staff or administrators changed shows here within OVERLAY_POLL_MS
    const stopPoll = repeatInBackground({
      work: () => this.pollOverlays(),
      intervalMs: Math.min(intervalMs, OVERLAY_POLL_MS),
      logger: this.deps.logger,
      failure: 'station overlays not reloaded',
    })
    return async () => {
      await Promise.all([stopRefresh(), stopPoll()])
    }
  }

  /** When the upstream (DIRECTORY_URL) last answered with a usable directory: null if never; undefined without an upstream (/metrics). */
  upstreamFetchedAt(): Date | null | undefined {
    return this.upstream ? this.upstream.current().fetchedAt : undefined
  }

  status(): DirectoryStatus {
    const snapshot = this.snapshot()
    const upstream = this.upstream?.current()
    return {
      stations: snapshot.stations.length,
      withoutLocation: snapshot.index.withoutLocation,
      upstream:
        upstream && this.deps.upstream
          ? {
              // /api/health is public: scheme, host and path say which document is read; a password or access key never shows
              url: redactUrl(this.deps.upstream.url) ?? '',
              stale: upstream.stale,
              fetchedAt: upstream.fetchedAt?.toISOString() ?? null,
              lastError: upstream.lastError,
              rejectedRows: upstream.value.rejected.slice(0, 50).map((rejection) => ({ row: rejection.row, reasons: rejection.reasons })),
            }
          : null,
    }
  }
}

/** Builds the directory from `data/stations` and the stored imports; the upstream is optional. */
export async function createStationDirectory(params: {
  stationsDir: string
  repository: StationRepository
  logger: Logger
  now: () => Date
  upstream?: { url: string; client: UpstreamClient }
  limits?: DirectoryLimits
}): Promise<StationDirectory> {
  const bundled = loadBundledDirectory({ dir: params.stationsDir })
  const directory = new StationDirectory({
    bundled: bundled.stations,
    registries: bundled.registries,
    repository: params.repository,
    logger: params.logger,
    now: params.now,
    upstream: params.upstream,
    limits: params.limits,
  })
  await directory.reloadStored()
  return directory
}
