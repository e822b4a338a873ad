import Taro from '@tarojs/taro'
import * as z from 'zod/mini'
import type { HomeResponse } from '../../contracts/home'
import { getHome } from '../../contracts/endpoints/public'
import { getStation, listStations, listTowns, nearestStations } from '../../contracts/endpoints/stations'
import {
  NEAREST_LIMIT_DEFAULT,
  stationSchema,
  type Datum,
  type NearestResponse,
  type Station,
  type StationListResponse,
  type StationTier,
} from '../../contracts/station'
import { amapMarkerUrl } from '../../contracts/station-text'
import { townListResponseSchema, type StationDetailResponse, type TownListResponse } from '../../contracts/stations-api'
import { call, outageOf } from './http'
import { savedCopyNotice, type SavedCopy } from './saved-copy'

// ---------------------------------------------------------------- the station API

/** `GET /api/stations?tier&town&q`; `town` may be a former township name. */
export function fetchStations(params: { tier?: StationTier; town?: string; q?: string } = {}): Promise<StationListResponse> {
  return call(listStations, { query: { tier: params.tier, town: params.town || undefined, q: params.q || undefined } })
}

/** `GET /api/stations/nearest`: the position is sent once and not kept anywhere. */
export function fetchNearest(params: { lat: number; lng: number; datum: Datum; limit?: number }): Promise<NearestResponse> {
  return call(nearestStations, { query: { lat: params.lat, lng: params.lng, limit: params.limit ?? NEAREST_LIMIT_DEFAULT, datum: params.datum } })
}

/** `GET /api/stations/towns`: what the town → village picker offers. */
export function fetchTowns(): Promise<TownListResponse> {
  return call(listTowns, {})
}

/** `GET /api/stations/:id`: one station with its county's report figures and network counts. */
export function fetchStation(id: string): Promise<StationDetailResponse> {
  return call(getStation, { params: { id } })
}

/** `GET /api/home?lat&lng&datum`: 首页 with the three nearest stations. */
export function fetchHomeNear(params: { lat: number; lng: number; datum: Datum }): Promise<HomeResponse> {
  return call(getHome, { query: { lat: params.lat, lng: params.lng, datum: params.datum } })
}

// ---------------------------------------------------------------- the copy on the phone

/**
 * The town picker's data and the whole directory, kept on the phone so 服务站 → 乡镇 → 村 works
 * without a network or while the BFF is down (WeChat storage in the mini program, localStorage on
 * H5, where the service worker also keeps the answers). Public data only: no position, nothing
 * about the user. About 300 KB for a county (WeChat allows 1 MB per key).
 */
export const TOWNS_COPY_KEY = 'fzt.towns'
export const DIRECTORY_COPY_KEY = 'fzt.stations'
/** the whole directory is fetched again in the background when its copy is older (a county's directory changes slowly) */
export const DIRECTORY_COPY_MAX_AGE_MS = 24 * 3600_000

const townsCopySchema = z.object({ savedAt: z.string(), towns: townListResponseSchema })
const directoryCopySchema = z.object({ savedAt: z.string(), stations: z.array(stationSchema) })

function readCopy<S extends z.ZodMiniType>(key: string, schema: S): z.infer<S> | null {
  try {
    const parsed = schema.safeParse(Taro.getStorageSync(key))
    // a copy an older app version wrote without today's fields is no copy
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function writeCopy(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value)
  } catch {
    // a full storage only costs the offline copy
  }
}

export function savedTowns(): { savedAt: string; towns: TownListResponse } | null {
  return readCopy(TOWNS_COPY_KEY, townsCopySchema)
}

export function savedDirectory(): { savedAt: string; stations: Station[] } | null {
  return readCopy(DIRECTORY_COPY_KEY, directoryCopySchema)
}

/** An answer, fresh from the BFF or — during an outage — from the copy on the phone, saying which and from when. */
export interface MaybeSaved<T> {
  data: T
  savedCopy: SavedCopy | null
}

/** The town picker: fresh (and saved), or the saved copy when the network or the BFF is down. A 4xx is thrown. */
export async function loadTowns(params: { now?: Date } = {}): Promise<MaybeSaved<TownListResponse>> {
  try {
    const towns = await fetchTowns()
    writeCopy(TOWNS_COPY_KEY, { savedAt: (params.now ?? new Date()).toISOString(), towns })
    return { data: towns, savedCopy: null }
  } catch (failure) {
    const outage = outageOf(failure)
    const copy = outage ? savedTowns() : null
    if (!outage || !copy) throw failure
    return { data: copy.towns, savedCopy: { savedAt: copy.savedAt, reason: outage } }
  }
}

/**
 * Fetches the whole directory and keeps it, when the copy is missing or older than a day: called
 * once the finder has shown its towns (never before: the first screen comes first), and by the
 * H5 service worker's warm-up. Failures are quiet: the copy is a convenience.
 */
export async function refreshDirectoryCopy(params: { now?: Date; force?: boolean } = {}): Promise<void> {
  const now = params.now ?? new Date()
  const copy = savedDirectory()
  if (!params.force && copy && now.getTime() - Date.parse(copy.savedAt) < DIRECTORY_COPY_MAX_AGE_MS) return
  try {
    const { stations } = await fetchStations()
    writeCopy(DIRECTORY_COPY_KEY, { savedAt: now.toISOString(), stations })
  } catch {
    // offline or the BFF down: keep what there is
  }
}

export interface TownStations {
  /** the township's stations (workstation, workrooms), in listing order */
  stations: Station[]
  /** the county's centre(s) */
  centres: Station[]
  stale: boolean
}

/** What the finder shows for a township, read from a directory the way the BFF's listing filters it. */
export function townStationsFrom(params: { stations: readonly Station[]; county: string; town: string }): { stations: Station[]; centres: Station[] } {
  return {
    stations: params.stations.filter((station) => station.county === params.county && station.town === params.town),
    centres: params.stations.filter((station) => station.tier === 'centre' && station.county === params.county),
  }
}

/**
 * 乡镇 → 村: the township's stations and the county's centres, from the BFF; during an outage from
 * the directory saved on the phone (the town names come from the same directory, so they match).
 */
export async function loadTownStations(params: { county: string; town: string }): Promise<MaybeSaved<TownStations>> {
  try {
    const [inTown, centres] = await Promise.all([fetchStations({ town: params.town }), fetchStations({ tier: 'centre' })])
    return {
      data: {
        stations: inTown.stations,
        centres: centres.stations.filter((station) => station.county === params.county),
        stale: inTown.stale || centres.stale,
      },
      savedCopy: null,
    }
  } catch (failure) {
    const outage = outageOf(failure)
    const copy = outage ? savedDirectory() : null
    if (!outage || !copy) throw failure
    return {
      data: { ...townStationsFrom({ stations: copy.stations, county: params.county, town: params.town }), stale: false },
      savedCopy: { savedAt: copy.savedAt, reason: outage },
    }
  }
}

/** The finder's notice over a saved copy: `离线：显示的是 今天 … 保存的服务站名录，电话和开放时间可能已有变化。` */
export function directoryCopyNotice(params: { copy: SavedCopy; now: Date }): string {
  return savedCopyNotice({ copy: params.copy, now: params.now, what: '服务站名录', caveat: '电话和开放时间可能已有变化。' })
}

// ---------------------------------------------------------------- the user's position

export type PositionFailure = 'denied' | 'unavailable' | 'timeout'

/**
 * Where the phone is, or why not. A refusal is an ordinary answer, never an exception: the
 * station finder works without a position (the town picker).
 */
export type PositionResult =
  | { status: 'ok'; lat: number; lng: number; datum: Datum }
  /** `canOpenSetting`: WeChat remembers an earlier 拒绝; only 设置 (openSetting, on a tap) can undo it */
  | { status: PositionFailure; message: string; canOpenSetting?: boolean }

export const POSITION_MESSAGES: Readonly<Record<PositionFailure, string>> = {
  denied: '没有得到使用位置的允许。',
  unavailable: '这台手机现在取不到位置（可能没有打开定位）。',
  timeout: '取位置的时间太长，没有取到。',
}

function failed(status: PositionFailure, message: string = POSITION_MESSAGES[status]): Extract<PositionResult, { status: PositionFailure }> {
  return { status, message }
}

/** Browsers answer within `timeout` once allowed; this also covers a permission prompt left open. */
const H5_TIMEOUT_MS = 10_000
const H5_MAXIMUM_AGE_MS = 5 * 60_000
const H5_GUARD_MS = 30_000

/** H5: the browser's geolocation, which is WGS-84 (the BFF converts it). */
export function getBrowserPosition(): Promise<PositionResult> {
  const geolocation = typeof navigator !== 'undefined' ? navigator.geolocation : undefined
  if (!geolocation || typeof geolocation.getCurrentPosition !== 'function') {
    if (typeof window !== 'undefined' && window.isSecureContext === false) {
      return Promise.resolve(failed('unavailable', '这个网页不是用 https 打开的，浏览器不提供位置。'))
    }
    return Promise.resolve(failed('unavailable', '这个浏览器不能提供位置。'))
  }
  return new Promise((resolve) => {
    let settled = false
    const settle = (result: PositionResult) => {
      if (settled) return
      settled = true
      clearTimeout(guard)
      resolve(result)
    }
    const guard = setTimeout(() => settle(failed('timeout')), H5_GUARD_MS)
    try {
      geolocation.getCurrentPosition(
        (position) => settle({ status: 'ok', lat: position.coords.latitude, lng: position.coords.longitude, datum: 'wgs84' }),
        (error) => {
          // GeolocationPositionError: 1 PERMISSION_DENIED, 2 POSITION_UNAVAILABLE, 3 TIMEOUT
          if (error.code === 1) settle(failed('denied'))
          else if (error.code === 3) settle(failed('timeout'))
          else settle(failed('unavailable'))
        },
        { enableHighAccuracy: false, timeout: H5_TIMEOUT_MS, maximumAge: H5_MAXIMUM_AGE_MS },
      )
    } catch {
      settle(failed('unavailable'))
    }
  })
}

function errMsgOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'errMsg' in error) return String((error as { errMsg: unknown }).errMsg)
  return String(error)
}

/** Reads a WeChat `…:fail …` message as one of our outcomes. */
export function describeWeappLocationFailure(errMsg: string): PositionResult {
  if (/privacy/i.test(errMsg)) return failed('denied', '没有同意隐私保护指引，所以不能使用位置。')
  if (/system permission denied|system permission/i.test(errMsg)) return failed('denied', '手机没有允许微信使用位置（可以在手机“设置”里打开）。')
  if (/auth den|auth deny|authorize|permission/i.test(errMsg)) return { ...failed('denied', '之前没有允许使用位置。'), canOpenSetting: true }
  if (/timeout|超时/i.test(errMsg)) return failed('timeout')
  if (/频繁|frequent/i.test(errMsg)) return failed('unavailable', '刚刚已经取过位置，请过半分钟再试。')
  if (/LOCATIONSWITCHOFF|location.?switch|定位/i.test(errMsg)) return failed('unavailable', '手机的定位没有打开。')
  return failed('unavailable')
}

/** WeChat ≥ 2.32.3: the 用户隐私保护指引 must be agreed before any location API. */
function requirePrivacyAuthorization(): Promise<{ ok: true } | { ok: false; errMsg: string }> {
  const taro = Taro as unknown as { requirePrivacyAuthorize?: (option: { success?: () => void; fail?: (res: { errMsg?: string }) => void }) => void }
  if (typeof taro.requirePrivacyAuthorize !== 'function') return Promise.resolve({ ok: true })
  return new Promise((resolve) => {
    try {
      taro.requirePrivacyAuthorize?.({ success: () => resolve({ ok: true }), fail: (res) => resolve({ ok: false, errMsg: `privacy ${res?.errMsg ?? ''}` }) })
    } catch {
      // an old base library that lists the API but cannot run it: getLocation will say what is wrong
      resolve({ ok: true })
    }
  })
}

/** Mini program: privacy authorisation first, then `getLocation` in GCJ-02 (the stations' datum). */
export async function getWeappPosition(): Promise<PositionResult> {
  const privacy = await requirePrivacyAuthorization()
  if (!privacy.ok) return describeWeappLocationFailure(privacy.errMsg)
  try {
    const position = await Taro.getLocation({ type: 'gcj02' })
    return { status: 'ok', lat: position.latitude, lng: position.longitude, datum: 'gcj02' }
  } catch (error) {
    return describeWeappLocationFailure(errMsgOf(error))
  }
}

/**
 * Mini program, on a tap: opens 设置 so the user can allow 位置信息 after an earlier refusal.
 * True when it is allowed now (the caller then asks for the position again).
 */
export async function openLocationSetting(): Promise<boolean> {
  try {
    const { authSetting } = await Taro.openSetting()
    return authSetting['scope.userLocation'] === true
  } catch {
    return false
  }
}

/** The phone's position for one search. Nothing is stored: callers use it once and drop it. */
export function getPosition(): Promise<PositionResult> {
  return process.env.TARO_ENV === 'weapp' ? getWeappPosition() : getBrowserPosition()
}

// ---------------------------------------------------------------- words and links

/** `850 米`, `1.2 公里`, `12 公里` (whole kilometres from 10 km on). */
export function formatDistance(meters: number): string {
  const rounded = Math.max(0, Math.round(meters))
  if (rounded < 1000) return `${rounded} 米`
  const km = rounded / 1000
  if (km < 10) {
    const tenths = Math.round(km * 10) / 10
    if (tenths < 10) return `${tenths.toFixed(1).replace(/\.0$/, '')} 公里`
  }
  return `${Math.round(km)} 公里`
}

/** The place a station serves, for a list row: `隘口镇`, `隘口镇 · 坝芒村`, or the county for a centre. */
export function stationPlace(station: Pick<Station, 'county' | 'town' | 'village'>): string {
  if (station.town === null) return station.county
  return station.village ? `${station.town} · ${station.village}` : station.town
}

// the map link is the station page's and its first screen's alike (contracts/station-text.ts)
export { amapMarkerUrl }

/** Opens the map on the station: WeChat's own map in the mini program, AMap in a browser. */
export function openStationMap(station: Pick<Station, 'name' | 'address' | 'location'>): void {
  const location = station.location
  if (!location) return
  if (process.env.TARO_ENV === 'weapp') {
    Taro.openLocation({ latitude: location.lat, longitude: location.lng, name: station.name, address: station.address ?? '', scale: 16 }).catch(() => {
      // the user closed the map
    })
    return
  }
  const url = amapMarkerUrl({ lat: location.lat, lng: location.lng, name: station.name })
  const opened = typeof window.open === 'function' ? window.open(url, '_blank') : null
  // in-app browsers (WeChat's among them) often refuse new windows: go there in this tab instead
  if (!opened) window.location.href = url
  else opened.opener = null
}
