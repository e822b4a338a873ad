import { chinaDate } from '../../contracts/china-time'
import type { Station, StationVerification } from '../../contracts/station'
import type { StationFacts, StationProfileUpdate } from '../../contracts/station-keeping'
import type { ApiErrorField } from '../../contracts'
import { isInChina, wgs84ToGcj02 } from './geo'
import { parseWeeklyHours } from './opening-hours-text'
import { joinPhones, readPhones } from './phone-numbers'
import { NO_OPENINGS_TEXT } from './station-defaults'

/**
 * The rules of keeping a station's facts, pure: what a profile sets, which facts a station serves
 * when its staff (or the county) kept some and the directory says otherwise, and the label.
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

/** The facts a profile sets; `hours` null: the profile left them out, the station's stay. */
export type ProfileFacts = { ok: true; facts: Omit<StationFacts, 'hours'> & { hours: StationFacts['hours'] | null } } | { ok: false; fields: ApiErrorField[] }

/** The largest `phone` the station contract holds. */
const PHONE_MAX_LENGTH = 60

/**
 * The facts a profile sets: each phone read as one number (full-width digits, `转` extensions) and
 * joined by `、`; hours as written (a lunch break is part of the sentence) and no longer the tier's
 * default, or left as they are when the profile has none (staff set them as weekly openings); a WGS-84 point converted to GCJ-02 and required to be in China; a place someone stood
 * at or picked on a map counts as surveyed.
 */
export function profileFacts(params: { profile: StationProfileUpdate }): ProfileFacts {
  const { profile } = params
  const fields: ApiErrorField[] = []
  const numbers: string[] = []
  profile.phones.forEach((written, index) => {
    const reading = readPhones({ value: written })
    if (reading.numbers.length !== 1 || reading.dropped.length > 0) {
      fields.push({ path: `phones.${index}`, message: `「${written}」不是一个电话号码：每格填一个号码，如 023-76661234、13800138000 或 023-76661234转801` })
    } else if (numbers.includes(reading.numbers[0])) {
      fields.push({ path: `phones.${index}`, message: '同一个电话号码只填一次' })
    } else numbers.push(reading.numbers[0])
  })
  const joined = joinPhones({ numbers, maxLength: PHONE_MAX_LENGTH })
  if (fields.length === 0 && joined.left.length > 0) fields.push({ path: 'phones', message: `电话号码合起来超过 ${PHONE_MAX_LENGTH} 个字符，请少填几个` })

  // the hours residents read are the hours they can book: a sentence the slots cannot follow is refused
  if (profile.hours !== undefined && profile.hours.text !== NO_OPENINGS_TEXT && parseWeeklyHours(profile.hours.text) === null) {
    fields.push({
      path: 'hours',
      message: `看不懂这个开放时间，居民没法按它预约。请写成这样：周一至周五 9:00-12:00，14:00-17:30（不开放写“${NO_OPENINGS_TEXT}”）`,
    })
  }

  let location: StationFacts['location'] = null
  if (profile.location !== null) {
    const point = { lat: profile.location.lat, lng: profile.location.lng }
    if (!isInChina(point)) fields.push({ path: 'location', message: '位置不在中国境内，请检查经纬度（纬度在前、经度在后）' })
    else location = profile.location.datum === 'wgs84' ? wgs84ToGcj02(point) : point
  }
  if (fields.length > 0) return { ok: false, fields }
  return {
    ok: true,
    facts: {
      phone: joined.phone,
      address: profile.address,
      hours: profile.hours === undefined ? null : { text: profile.hours.text, isDefault: false },
      services: profile.services,
      location,
      locationQuality: location === null ? 'unknown' : 'surveyed',
    },
  }
}

/**
 * The form sends the whole profile, so a save that changes only a phone sends the point it was
 * shown again: an unmoved point keeps the quality it had (an approximate county-seat point must
 * not become 实测 because someone fixed a phone number). Within ~1 cm counts as unmoved.
 */
export function withUnmovedPointQuality(params: { facts: StationFacts; served: StationFacts }): StationFacts {
  const { facts, served } = params
  if (facts.location === null || served.location === null) return facts
  const unmoved = Math.abs(facts.location.lat - served.location.lat) < 1e-7 && Math.abs(facts.location.lng - served.location.lng) < 1e-7
  return unmoved ? { ...facts, location: served.location, locationQuality: served.locationQuality } : facts
}

/** `023-76661234、13800138000` → the numbers one each, for the form. */
export function phonesOf(phone: string | null): string[] {
  return phone === null ? [] : readPhones({ value: phone }).numbers
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
