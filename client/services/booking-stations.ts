import Taro from '@tarojs/taro'
import type { NearestResponse, Station } from '../../contracts/station'

/**
 * 选服务站 in the booking flow: the directory searched by name or place and, when the phone's
 * position is allowed, ordered by distance (the BFF's nearest search, client/services/stations).
 */

/** Whether the phone already allows its position, asked without a prompt (the step then orders by distance at once). */
export async function locationAlreadyAllowed(): Promise<boolean> {
  try {
    if (process.env.TARO_ENV === 'weapp') return (await Taro.getSetting()).authSetting['scope.userLocation'] === true
    if (typeof navigator === 'undefined' || !navigator.permissions?.query) return false
    return (await navigator.permissions.query({ name: 'geolocation' })).state === 'granted'
  } catch {
    return false
  }
}

export interface ChoosableStation {
  station: Station
  distanceMeters?: number
}

/** `隘口` finds 隘口镇's stations; spaces and case do not matter. */
function matches(station: Station, words: string): boolean {
  if (!words) return true
  return [station.name, station.town, station.village, station.county].some((field) => field?.replace(/\s+/gu, '').toLowerCase().includes(words))
}

/**
 * The stations to show: those matching the search, the nearest first with their distance when
 * the nearest search answered (the rest after them in the directory's order), and the station the
 * user came from (or booked at last) on top.
 */
export function choosableStations(params: {
  stations: readonly Station[]
  search: string
  nearest: NearestResponse | null
  firstId: string | null
}): ChoosableStation[] {
  const words = params.search.replace(/\s+/gu, '').toLowerCase()
  const distances = new Map((params.nearest?.stations ?? []).map((entry) => [entry.station.id, entry.distanceMeters]))
  const listed = params.stations.filter((station) => matches(station, words)).map((station) => ({ station, distanceMeters: distances.get(station.id) }))
  const ordered = params.nearest ? [...listed].sort((a, b) => (a.distanceMeters ?? Infinity) - (b.distanceMeters ?? Infinity)) : listed
  const first = ordered.findIndex((entry) => entry.station.id === params.firstId)
  return first > 0 ? [ordered[first], ...ordered.slice(0, first), ...ordered.slice(first + 1)] : ordered
}
