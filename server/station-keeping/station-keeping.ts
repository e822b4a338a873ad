import type { StationFacts, StationProfileUpdate } from '../../contracts/station-keeping'
import type { ApiErrorField } from '../../contracts'
import { isInChina, wgs84ToGcj02 } from '../stations/geo'
import { parseWeeklyHours } from '../stations/opening-hours-text'
import { joinPhones, readPhones } from '../stations/directory/phone-numbers'
import { NO_OPENINGS_TEXT } from '../stations/station-defaults'

/** The rules of keeping a station's facts, pure: what a profile sets (which facts then win is server/stations/station-overlay.ts). */

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
