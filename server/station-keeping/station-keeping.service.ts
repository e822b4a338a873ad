import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import { chinaDate, formatChinaTime } from '../../contracts/china-time'
import type { Station } from '../../contracts/station'
import type {
  AdminQueueItem,
  AdminQueueResponse,
  ProfileAction,
  StationFacts,
  StationKeepingState,
  StationProfileResponse,
  StationProfileUpdate,
  StationRejection,
} from '../../contracts/station-keeping'
import type { ApiErrorField } from '../../contracts'
import type { User, UserRepository } from '../auth/user.repository'
import { AppError } from '../errors/app-error'
import { maskPhone } from '../bookings/booking-view'
import type { CorrectionsService } from './corrections.service'
import type { StationDirectory } from '../stations/station-directory'
import { applyOverlay, factsOf, labelled, overlayOutcome, sameFacts, stateOf, type OverlayOutcome, type StationOverlay } from '../stations/station-overlay'
import { phonesOf, profileFacts, withUnmovedPointQuality } from './station-keeping'
import type { ProfileActor, ProfileHistoryRecord, StationKeepingRepository } from './station-keeping.repository'

/** What a change of a station's facts came to. */
export type KeepingResult =
  { kind: 'saved'; profile: StationProfileResponse } | { kind: 'invalid'; fields: ApiErrorField[] } | { kind: 'version_conflict' } | { kind: 'nothing_pending' }

/** A station as the database has it now: its directory entry, what it keeps, and what that serves. */
interface Current {
  directory: Station
  /** what the station keeps now; null: nothing */
  overlay: StationOverlay | null
  /** the version to change it from (0: never kept) */
  version: number
  outcome: OverlayOutcome | null
  /** what the station keeps and serves (an overlay a newer directory row replaced is not); null: nothing */
  kept: StationOverlay | null
  served: Station
}

/** The next state of a station's overlay and the history entry that says so; or why not. */
type Decision =
  { next: StationOverlay | null; action: ProfileAction; after: StationFacts; note: string | null } | { refuse: 'nothing_pending' } | { unchanged: true }

/** What a directory entry and what the station keeps come to. */
function currentOf(params: { directory: Station; overlay: StationOverlay | null; version: number }): Current {
  const { directory, overlay, version } = params
  const outcome = overlay ? overlayOutcome({ overlay, directory }) : null
  const kept = overlay && outcome !== 'directory_newer' ? overlay : null
  const served = kept ? applyOverlay({ station: directory, overlay: kept }) : labelled(directory)
  return { directory, overlay, version, outcome, kept, served }
}

const actorOf = (actor: ProfileActor | null): StationRejection['by'] => (actor ? { name: actor.name, role: actor.role } : null)

/**
 * The county's 退回 while it is the station's latest news: the newest history entry is a
 * rejection (a new report, a verification, an edit or the county's directory since then ends it).
 * The report it rejected is the newest self-report before it, unless a verification or edit came
 * between (then the county rejected kept facts its directory contradicts).
 */
export function standingRejection(params: { history: readonly ProfileHistoryRecord[]; userId: string }): StationRejection | null {
  // newest first
  const [latest, ...earlier] = params.history
  if (latest?.action !== 'reject') return null
  const settled = earlier.find((entry) => entry.action !== 'reject')
  const report = settled?.action === 'self_report' ? settled : null
  return {
    at: latest.at,
    by: actorOf(latest.actor),
    reason: latest.note ?? '',
    reportedAt: report?.at ?? null,
    reportedBy: actorOf(report?.actor ?? null),
    reportedByYou: report?.actor?.id === params.userId,
  }
}

/** Staff's facts, served at once as 服务站自报; the same facts again change nothing (and a verified station stays verified). */
function selfReport(params: { current: Current; facts: StationFacts; user: User; now: Date }): Decision {
  const { current, facts, user, now } = params
  if (sameFacts({ a: facts, b: factsOf(current.served) })) return { unchanged: true }
  const { kept } = current
  // a run of self-reports restores, on rejection, what was kept before the first of them
  const previous = kept === null ? null : kept.status === 'self_reported' ? kept.previous : stateOf(kept)
  const next: StationOverlay = {
    stationId: current.directory.id,
    county: current.directory.county,
    facts,
    status: 'self_reported',
    origin: 'staff',
    version: current.version + 1,
    reportedAt: now.toISOString(),
    reportedBy: user.id,
    verifiedAt: null,
    verifiedBy: null,
    base: factsOf(current.directory),
    previous,
  }
  return { next, action: 'self_report', after: facts, note: null }
}

/** A lost race is read again and decided again; a version the administrator named is not. */
const WRITE_ATTEMPTS = 3

const QUEUE_CORRECTIONS_MAX = 500
/** the county sees its stations' 回电 of the last week, up to this many (a loop over the daily cap shows) */
const REVEAL_LOG_DAYS = 7
const REVEAL_LOG_MAX = 100

/**
 * Staff keep their own station true (服务站自报); county administrators verify, reject and edit
 * any station of their county. Every change is stored with who, when, before and after, and the
 * directory is rebuilt at once so every station answer shows it. Staff of another station and
 * administrators of another county get 404, as for a station that does not exist.
 */
export class StationKeepingService {
  constructor(
    private readonly deps: {
      repository: StationKeepingRepository
      directory: StationDirectory
      users: UserRepository
      corrections: CorrectionsService
      now: () => Date
      logger: Logger
    },
  ) {
    deps.directory.whenSuperseded((overlays) => this.retireSuperseded(overlays))
  }

  /** The station if this user may keep it: staff their own, administrators their county's; else 404. */
  private stationFor(params: { user: User; stationId: string }): Station {
    const { user, stationId } = params
    const station = this.deps.directory.snapshot().directory.get(stationId)
    if (!station) throw AppError.notFound('没有这个服务站')
    if (user.role === 'staff' && user.stationId === stationId) return station
    if (user.role === 'admin' && user.county !== null && user.county === station.county) return station
    throw AppError.notFound('没有这个服务站')
  }

  private async current(directory: Station): Promise<Current> {
    return currentOf({ directory, ...(await this.deps.repository.findOverlay(directory.id)) })
  }

  private async actorName(id: string | null): Promise<StationKeepingState['reportedBy']> {
    if (id === null) return null
    const row = await this.deps.users.findRowById(id)
    return row ? { name: row.display_name, role: row.role === 'admin' ? 'admin' : 'staff' } : null
  }

  private async keepingState(current: Current): Promise<StationKeepingState> {
    const { outcome, directory, served } = current
    const { kept } = current
    return {
      verification: served.verification ?? 'unverified',
      version: current.version,
      reportedAt: kept?.reportedAt ?? null,
      reportedBy: await this.actorName(kept?.reportedBy ?? null),
      verifiedAt: served.verifiedAt,
      verifiedBy: await this.actorName(kept?.verifiedBy ?? null),
      conflict: outcome === 'conflict' ? { directory: factsOf(directory), directoryVerifiedAt: directory.verifiedAt } : null,
    }
  }

  private async profileOf(directory: Station, user: User): Promise<StationProfileResponse> {
    const current = await this.current(directory)
    const history = await this.deps.repository.history(directory.id)
    return {
      station: current.served,
      phones: phonesOf(current.served.phone),
      keeping: await this.keepingState(current),
      history: history.map((entry) => ({
        id: entry.id,
        action: entry.action,
        at: entry.at,
        by: actorOf(entry.actor),
        before: entry.before,
        after: entry.after,
        note: entry.note,
      })),
      rejection: standingRejection({ history, userId: user.id }),
    }
  }

  async profile(params: { user: User; stationId: string }): Promise<StationProfileResponse> {
    return this.profileOf(this.stationFor(params), params.user)
  }

  /**
   * Decides on the current state and writes it if nobody changed the station meanwhile (a lost
   * race is decided again on the new state), then rebuilds the directory.
   */
  private async change(params: { user: User; stationId: string; expectedVersion?: number; decide: (current: Current) => Decision }): Promise<KeepingResult> {
    const directory = this.stationFor(params)
    const actor: ProfileActor = { id: params.user.id, name: params.user.displayName, role: params.user.role === 'admin' ? 'admin' : 'staff' }
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const current = await this.current(directory)
      const { version } = current
      if (params.expectedVersion !== undefined && params.expectedVersion !== version) return { kind: 'version_conflict' }
      const decision = params.decide(current)
      if ('refuse' in decision) return { kind: decision.refuse }
      if ('unchanged' in decision) return { kind: 'saved', profile: await this.profileOf(directory, params.user) }
      const change: Omit<ProfileHistoryRecord, 'version'> = {
        id: randomUUID(),
        stationId: directory.id,
        county: directory.county,
        action: decision.action,
        actor,
        at: this.deps.now().toISOString(),
        before: factsOf(current.served),
        after: decision.after,
        note: decision.note,
      }
      if (await this.deps.repository.writeOverlay({ stationId: directory.id, expectedVersion: version, next: decision.next, change })) {
        await this.deps.directory.reloadOverlays()
        return { kind: 'saved', profile: await this.profileOf(directory, params.user) }
      }
      if (params.expectedVersion !== undefined) return { kind: 'version_conflict' }
    }
    return { kind: 'version_conflict' }
  }

  /** Staff: their facts are served at once, labelled 服务站自报, until the county verifies or rejects them. Administrators: their edit counts as verified. */
  async saveProfile(params: { user: User; stationId: string; profile: StationProfileUpdate }): Promise<KeepingResult> {
    const read = profileFacts({ profile: params.profile })
    if (!read.ok) return { kind: 'invalid', fields: read.fields }
    const { user } = params
    const now = this.deps.now()
    return this.change({
      user,
      stationId: params.stationId,
      decide: (current) => {
        // a profile without hours keeps the station's (staff set them as weekly openings, ../bookings)
        const facts = withUnmovedPointQuality({ facts: { ...read.facts, hours: read.facts.hours ?? current.served.hours }, served: factsOf(current.served) })
        const version = current.version + 1
        const base = factsOf(current.directory)
        if (user.role === 'admin') {
          const today = chinaDate({ now })
          const next: StationOverlay = {
            stationId: current.directory.id,
            county: current.directory.county,
            facts,
            status: 'verified',
            origin: 'admin',
            version,
            reportedAt: now.toISOString(),
            reportedBy: user.id,
            verifiedAt: today,
            verifiedBy: user.id,
            base,
            previous: null,
          }
          return { next, action: 'admin_edit', after: facts, note: null }
        }
        return selfReport({ current, facts, user, now })
      },
    })
  }

  /**
   * Staff published their weekly openings (PUT …/schedule): the text written from them becomes the
   * station's hours everywhere — page, first screen, poster, booking step — as a self-report like
   * any other change of its facts (history, the county's 待核实). The same text again changes nothing.
   */
  async publishHours(params: { user: User; stationId: string; text: string }): Promise<void> {
    const now = this.deps.now()
    await this.change({
      user: params.user,
      stationId: params.stationId,
      decide: (current) =>
        selfReport({ current, facts: { ...factsOf(current.served), hours: { text: params.text, isDefault: false } }, user: params.user, now }),
    })
  }

  /** The county confirms the facts served now (self-reported, the directory's, or kept against a conflicting directory row). */
  async verify(params: { user: User; stationId: string; version?: number }): Promise<KeepingResult> {
    const now = this.deps.now()
    return this.change({
      user: params.user,
      stationId: params.stationId,
      expectedVersion: params.version,
      decide: (current) => {
        const { kept, served } = current
        const facts = factsOf(served)
        const next: StationOverlay = {
          stationId: current.directory.id,
          county: current.directory.county,
          facts,
          status: 'verified',
          origin: kept?.origin ?? 'admin',
          version: current.version + 1,
          reportedAt: kept?.reportedAt ?? now.toISOString(),
          reportedBy: kept?.reportedBy ?? params.user.id,
          verifiedAt: chinaDate({ now }),
          verifiedBy: params.user.id,
          // the administrator saw the directory as it is now: only a later change there is news
          base: factsOf(current.directory),
          previous: null,
        }
        return { next, action: 'verify', after: facts, note: null }
      },
    })
  }

  /** Rejects a self-report (the facts kept before it return) or kept facts a directory row contradicts (the directory's return). */
  async reject(params: { user: User; stationId: string; reason: string; version?: number }): Promise<KeepingResult> {
    return this.change({
      user: params.user,
      stationId: params.stationId,
      expectedVersion: params.version,
      decide: ({ kept, outcome, version, directory }) => {
        if (kept === null || (kept.status !== 'self_reported' && outcome !== 'conflict')) return { refuse: 'nothing_pending' }
        const restored = kept.status === 'self_reported' ? kept.previous : null
        const next: StationOverlay | null =
          restored === null ? null : { ...restored, stationId: kept.stationId, county: kept.county, version: version + 1, previous: null }
        const after = next === null ? factsOf(directory) : next.facts
        return { next, action: 'reject', after, note: params.reason }
      },
    })
  }

  /** 待核实 of the administrator's county: self-reports, kept facts in conflict with the directory, residents' corrections; oldest first. */
  async queue(params: { user: User }): Promise<AdminQueueResponse> {
    const county = params.user.county
    if (params.user.role !== 'admin' || county === null) throw AppError.notFound()
    const snapshot = this.deps.directory.snapshot()
    const dated: { at: string; item: AdminQueueItem }[] = []
    for (const overlay of await this.deps.repository.listOverlays({ county })) {
      const directory = snapshot.directory.get(overlay.stationId)
      if (!directory) continue
      const current = currentOf({ directory, overlay, version: overlay.version })
      if (current.overlay === null || current.outcome === 'directory_newer') continue
      const pending = current.overlay.status === 'self_reported'
      if (!pending && current.outcome !== 'conflict') continue
      dated.push({
        at: current.overlay.reportedAt,
        item: {
          kind: 'station',
          reason: current.outcome === 'conflict' ? 'conflict' : 'self_report',
          station: current.served,
          keeping: await this.keepingState(current),
          before: current.overlay.previous?.facts ?? current.overlay.base,
          after: current.overlay.facts,
        },
      })
    }
    for (const correction of await this.deps.corrections.open({ county, limit: QUEUE_CORRECTIONS_MAX })) {
      const station = snapshot.byId.get(correction.stationId)
      if (station) dated.push({ at: correction.createdAt, item: { kind: 'correction', station, correction } })
    }
    // newest first: whatever piled up before (a flood of corrections, say) cannot push a new item out of sight
    dated.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    const countyStations = snapshot.stations.filter((station) => station.county === county)
    const names = new Map(countyStations.map((station) => [station.id, station.name]))
    const reveals = await this.deps.repository.recentPhoneReveals({
      stationIds: countyStations.map((station) => station.id),
      since: new Date(this.deps.now().getTime() - REVEAL_LOG_DAYS * 86_400_000).toISOString(),
      limit: REVEAL_LOG_MAX,
      mask: maskPhone,
    })
    return {
      county,
      items: dated.map((entry) => entry.item),
      phoneReveals: reveals.map((reveal) => ({
        ...reveal,
        stationName: names.get(reveal.stationId) ?? reveal.stationId,
        slotStart: formatChinaTime(new Date(reveal.slotStart)),
      })),
    }
  }

  /** A newer directory row replaced these: each is removed, with a history entry saying so. */
  private async retireSuperseded(overlays: StationOverlay[]): Promise<void> {
    const snapshot = this.deps.directory.snapshot()
    for (const overlay of overlays) {
      const directory = snapshot.directory.get(overlay.stationId)
      if (!directory) continue
      const change: Omit<ProfileHistoryRecord, 'version'> = {
        id: randomUUID(),
        stationId: overlay.stationId,
        county: overlay.county,
        action: 'upstream_replaced',
        actor: null,
        at: this.deps.now().toISOString(),
        before: overlay.facts,
        after: factsOf(directory),
        note: directory.verifiedAt === null ? null : `名录核实日期 ${directory.verifiedAt}`,
      }
      const retired = await this.deps.repository.writeOverlay({ stationId: overlay.stationId, expectedVersion: overlay.version, next: null, change })
      if (retired) this.deps.logger.info({ stationId: overlay.stationId }, 'station report replaced by a newer directory row')
    }
    await this.deps.directory.reloadOverlays()
  }
}
