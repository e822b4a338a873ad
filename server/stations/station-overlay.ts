import { chinaDate } from '../../contracts/china-time'
import type { Station, StationVerification } from '../../contracts/station'
import type { StationFacts } from '../../contracts/station-keeping'

/**
 * Which facts a station serves when its staff (or the county) kept some (server/station-keeping)
 * and the directory says otherwise, and the label; pure.
 *
 * Precedence, by station id: bundled snapshot < stations an administrator imported < the county's
 * published directory (DIRECTORY_URL) — together "the directory" — < what the station keeps (an
 * overlay), unless the directory changed since the overlay was set and is clearly newer. The
 * directory stays the source of record: a row verified after the overlay's day replaces it; one
 * verified before does not; one that differs with no date, or the same day, is a conflict for the
 * county to settle, and meanwhile the kept facts stay served (labelled self-reported or verified).
 */

/** What a station keeps over the directory's facts. */
export interface StationOverlay {
  stationId: string
  county: string
  facts: StationFacts
  status: 'self_reported' | 'verified'
  origin: 'staff' | 'admin'
  version: number
  /** UTC ISO */
  reportedAt: string
  reportedBy: string
  /** YYYY-MM-DD, China time */
  verifiedAt: string | null
  verifiedBy: string | null
  /** the directory's facts when these were set or verified; a later change there is news */
  base: StationFacts | null
  /** what a rejection restores while self-reported; null: the directory's facts */
  previous: OverlayState | null
}

/** An overlay without its identity and version: what a rejection puts back. */
export type OverlayState = Pick<StationOverlay, 'facts' | 'status' | 'origin' | 'reportedAt' | 'reportedBy' | 'verifiedAt' | 'verifiedBy' | 'base'>

export type OverlayOutcome = 'overlay' | 'directory_newer' | 'conflict'

/** The facts of a station that staff and the county keep. */
export function factsOf(station: Station): StationFacts {
  return {
    phone: station.phone,
    address: station.address,
    hours: station.hours,
    services: station.services,
    location: station.location,
    locationQuality: station.locationQuality,
  }
}

/** Canonical text of facts: services as a set, points to 1e-6° (about 0.1 m), so a re-published row reads the same. */
function canonical(facts: StationFacts): string {
  return JSON.stringify([
    facts.phone,
    facts.address,
    facts.hours.text,
    [...facts.services].sort(),
    facts.location ? [Math.round(facts.location.lat * 1e6), Math.round(facts.location.lng * 1e6)] : null,
  ])
}

export function sameFacts(params: { a: StationFacts; b: StationFacts }): boolean {
  return canonical(params.a) === canonical(params.b)
}

/** The day an overlay's facts date from, China time: its verification, else its report. */
export function overlayDay(overlay: Pick<StationOverlay, 'verifiedAt' | 'reportedAt'>): string {
  return overlay.verifiedAt ?? chinaDate({ now: new Date(overlay.reportedAt) })
}

/**
 * Which facts a station serves: the overlay's, unless the directory changed since the overlay's
 * `base` and is clearly newer (`directory_newer`), or changed and is not clearly older (`conflict`,
 * the overlay stays served).
 */
export function overlayOutcome(params: { overlay: StationOverlay; directory: Station }): OverlayOutcome {
  const { overlay, directory } = params
  const current = factsOf(directory)
  if (overlay.base !== null && sameFacts({ a: current, b: overlay.base })) return 'overlay'
  const day = overlayDay(overlay)
  if (sameFacts({ a: current, b: overlay.facts })) {
    // the directory now says the same: it takes over when it was verified on or after the overlay's day
    return directory.verifiedAt !== null && directory.verifiedAt >= day ? 'directory_newer' : 'overlay'
  }
  if (directory.verifiedAt === null || directory.verifiedAt === day) return 'conflict'
  return directory.verifiedAt > day ? 'directory_newer' : 'overlay'
}

function withSource(params: { source: string; prefix: string }): string {
  return `${params.prefix}；${params.source}`.slice(0, 1000)
}

/** A directory station with its label, as served when nothing kept overrides it. */
export function labelled(station: Station): Station {
  const verification: StationVerification = station.verifiedAt === null ? 'unverified' : 'verified'
  return station.verification === verification ? station : { ...station, verification }
}

/** The station as served with an overlay that wins: its facts, its label, its verification day. */
export function applyOverlay(params: { station: Station; overlay: StationOverlay }): Station {
  const { station, overlay } = params
  const verified = overlay.status === 'verified'
  const day = overlayDay(overlay)
  return {
    ...station,
    ...overlay.facts,
    verifiedAt: verified ? overlay.verifiedAt : null,
    verification: verified ? 'verified' : 'self_reported',
    source: withSource({ source: station.source, prefix: verified ? `县司法局 ${day} 核实` : `服务站工作人员 ${day} 自报，县司法局尚未核实` }),
  }
}

/** The state a rejection restores: the one kept before a run of self-reports, or none. */
export function stateOf(overlay: StationOverlay): OverlayState {
  return {
    facts: overlay.facts,
    status: overlay.status,
    origin: overlay.origin,
    reportedAt: overlay.reportedAt,
    reportedBy: overlay.reportedBy,
    verifiedAt: overlay.verifiedAt,
    verifiedBy: overlay.verifiedBy,
    base: overlay.base,
  }
}
