import Taro from '@tarojs/taro'
import type { Datum } from '../../contracts/station'
import {
  adminQueue,
  getAdminStationProfile,
  getStaffStationProfile,
  rejectStationReport as rejectStationReportEndpoint,
  resolveCorrection as resolveCorrectionEndpoint,
  revealCorrectionPhone as revealCorrectionPhoneEndpoint,
  saveAdminStationProfile,
  saveStaffStationProfile,
  verifyStation as verifyStationEndpoint,
} from '../../contracts/endpoints/station-keeping'
import type { AdminQueueItem, AdminQueueResponse, Correction, PhoneReveal, StationProfileResponse, StationProfileUpdate } from '../../contracts/station-keeping'
import { RequestError } from './http'
import { currentSession, login, sessionCall, signOut, type Session } from './session'
import { describeWeappLocationFailure, getPosition, type PositionResult } from './stations'

/**
 * Keeping the directory true (issue 14): station staff set their own station's facts (我的服务站),
 * the county's administrators work through 待核实 and may edit any station of their county. Only
 * pages of packageBooking import this, so none of it is in the main package.
 */

export type { AdminQueueItem, AdminQueueResponse, Correction, PhoneReveal, StationProfileResponse, StationProfileUpdate }

/** Who keeps a station on this page: its own staff, or the county (their answers are the same). */
export type Keeper = 'staff' | 'admin'

// ---------------------------------------------------------------- a station's profile

/** `GET /api/staff|admin/stations/:id/profile`: the station as served, its phones one each, where it stands, its history. */
export function fetchStationProfile(params: { keeper: Keeper; stationId: string }): Promise<StationProfileResponse> {
  const endpoint = params.keeper === 'staff' ? getStaffStationProfile : getAdminStationProfile
  return sessionCall(endpoint, { role: params.keeper, params: { id: params.stationId } })
}

/**
 * `PUT /api/staff|admin/stations/:id/profile`: the whole profile (what is not sent is cleared).
 * Staff's facts are served at once as 服务站自报; an administrator's count as verified. 400 names
 * each bad field (`phones.1`, `address`, `location` …) in `RequestError.fields`.
 */
export function saveStationProfile(params: { keeper: Keeper; stationId: string; profile: StationProfileUpdate }): Promise<StationProfileResponse> {
  const endpoint = params.keeper === 'staff' ? saveStaffStationProfile : saveAdminStationProfile
  return sessionCall(endpoint, { role: params.keeper, params: { id: params.stationId }, body: params.profile })
}

// ---------------------------------------------------------------- the county administrator

/** A county administrator's sign-in (services/session). */
export type AdminSession = Session & { role: 'admin' }

export function adminSession(now: Date = new Date()): AdminSession | null {
  return currentSession({ role: 'admin', now }) as AdminSession | null
}

/** Username + password; a printed one-time password answers 403 `PASSWORD_CHANGE_REQUIRED` until `newPassword` comes with it. */
export async function adminLogin(params: { username: string; password: string; newPassword?: string }): Promise<AdminSession> {
  return (await login({ credentials: params, role: 'admin' })) as AdminSession
}

export function adminLogout(): Promise<void> {
  return signOut({ role: 'admin' })
}

/** `GET /api/admin/queue`: self-reports, conflicts with the county's directory and residents' corrections, newest first; the county's 回电 of the last 7 days. */
export function fetchAdminQueue(): Promise<AdminQueueResponse> {
  return sessionCall(adminQueue, { role: 'admin' })
}

/** 核实: the facts served now become verified. `version` is what the administrator looked at (409 VERSION_CONFLICT if it changed). */
export function verifyStation(params: { stationId: string; version?: number }): Promise<StationProfileResponse> {
  return sessionCall(verifyStationEndpoint, {
    role: 'admin',
    params: { id: params.stationId },
    body: params.version === undefined ? {} : { version: params.version },
  })
}

/** 退回 with a reason: the facts kept before the self-report return (or the directory's, for a conflict). */
export function rejectStationReport(params: { stationId: string; reason: string; version?: number }): Promise<StationProfileResponse> {
  return sessionCall(rejectStationReportEndpoint, {
    role: 'admin',
    params: { id: params.stationId },
    body: { reason: params.reason, ...(params.version === undefined ? {} : { version: params.version }) },
  })
}

/** 已处理: a resident's correction leaves the queue with the administrator's note. */
export function resolveCorrection(params: { id: string; note: string }): Promise<Correction> {
  return sessionCall(resolveCorrectionEndpoint, { role: 'admin', params: { id: params.id }, body: { note: params.note } })
}

/** 回电: the correction's whole call-back number, for this administrator only; the server records the look. Kept in memory, never stored. */
export async function revealCorrectionPhone(id: string): Promise<string> {
  return (await sessionCall(revealCorrectionPhoneEndpoint, { role: 'admin', params: { id } })).phone
}

/** A 401: the sign-in ended (expired, signed out elsewhere); the page asks to sign in again. */
export function isSignedOut(failure: unknown): boolean {
  return failure instanceof RequestError && failure.status === 401
}

// ---------------------------------------------------------------- the station's place

/** Where the station is, as the page sends it: GCJ-02 from the mini program, WGS-84 from a browser (the BFF converts). */
export interface PickedPlace {
  lat: number
  lng: number
  datum: Datum
  /** how it was found, for the words on the page */
  how: 'here' | 'map'
  /** the map's name and address of a picked point (mini program) */
  name?: string
  address?: string
}

export type PlaceResult = { status: 'ok'; place: PickedPlace } | { status: 'cancelled' } | Exclude<PositionResult, { status: 'ok' }>

/** 我现在就在服务站: the phone's position now (the mini program's GCJ-02, a browser's WGS-84); a refusal is an answer, not an exception. */
export async function placeHere(): Promise<PlaceResult> {
  const position = await getPosition()
  if (position.status !== 'ok') return position
  return { status: 'ok', place: { lat: position.lat, lng: position.lng, datum: position.datum, how: 'here' } }
}

/** The mini program has a map to pick a point on (`wx.chooseLocation`); a browser does not. */
export const canPickOnMap = process.env.TARO_ENV === 'weapp'

/** 在地图上选 (mini program only): WeChat's map picker, starting at `near` when known; GCJ-02. */
export async function placeOnMap(near?: { lat: number; lng: number } | null): Promise<PlaceResult> {
  try {
    const picked = await Taro.chooseLocation(near ? { latitude: near.lat, longitude: near.lng } : {})
    if (!Number.isFinite(picked.latitude) || !Number.isFinite(picked.longitude)) return { status: 'cancelled' }
    return {
      status: 'ok',
      place: { lat: picked.latitude, lng: picked.longitude, datum: 'gcj02', how: 'map', name: picked.name || undefined, address: picked.address || undefined },
    }
  } catch (error) {
    const errMsg = typeof error === 'object' && error !== null && 'errMsg' in error ? String((error as { errMsg: unknown }).errMsg) : String(error)
    if (/cancel/i.test(errMsg)) return { status: 'cancelled' }
    return describeWeappLocationFailure(errMsg) as Exclude<PositionResult, { status: 'ok' }>
  }
}
