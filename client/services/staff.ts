import Taro from '@tarojs/taro'
import type { Schedule, StaffBookingsResponse, StaffCancelScope, StaffStatusMove, StationScheduleResponse } from '../../contracts/bookings'
import {
  cancelStaffBookings as cancelStaffBookingsEndpoint,
  getSchedule,
  revealBookingPhone as revealBookingPhoneEndpoint,
  saveSchedule,
  staffDay,
  undoStaffBooking as undoStaffBookingEndpoint,
  updateStaffBooking as updateStaffBookingEndpoint,
  type StaffBooking,
} from '../../contracts/endpoints/staff'
import { apiBaseUrl } from './api-base'
import { currentSession, login, sessionCall, signOut, type Session } from './session'

/**
 * A station's staff: their sign-in, the week's bookings, status moves and their undo, 回电 and the
 * opening schedule. Only the staff page (packageBooking) imports this, so none of it is in the main package.
 */

export type { StaffBooking, StaffBookingsResponse, StaffCancelScope, StaffStatusMove }

/** A staff member's sign-in (services/session): always with the station they serve. */
export type StaffSession = Session & { role: 'staff'; stationId: string }

/** The signed-in staff member on this device, or `null` (none, expired, or damaged). */
export function staffSession(now: Date = new Date()): StaffSession | null {
  const session = currentSession({ role: 'staff', now })
  return session?.stationId ? (session as StaffSession) : null
}

/**
 * `POST /api/auth/login`; only station staff can use the staff page. A printed one-time password
 * answers 403 `PASSWORD_CHANGE_REQUIRED` until the sign-in brings `newPassword`.
 */
export async function staffLogin(params: { username: string; password: string; newPassword?: string }): Promise<StaffSession> {
  return (await login({ credentials: params, role: 'staff' })) as StaffSession
}

/** `POST /api/auth/logout`; the device forgets the token even when the network fails. */
export function staffLogout(): Promise<void> {
  return signOut({ role: 'staff' })
}

/**
 * `GET /api/staff/bookings`: `days` days from `from` (default: today in China by the BFF's clock);
 * the answer says which days those were and what today is. `date` is the one-day form.
 */
export function fetchStaffBookings(params: { date?: string; from?: string; days?: number } = {}): Promise<StaffBookingsResponse> {
  return sessionCall(staffDay, { role: 'staff', query: { date: params.date, from: params.from, days: params.days } })
}

/** 已办结 and 未到场 are refused (409 `SLOT_NOT_STARTED`) until the slot has started. */
export function updateStaffBooking(params: { id: string; status: StaffStatusMove }): Promise<StaffBooking> {
  return sessionCall(updateStaffBookingEndpoint, { role: 'staff', params: { id: params.id }, body: { status: params.status } })
}

/** Puts back the status the last change replaced, when that change was made today (China date); else 409 `NOTHING_TO_UNDO`. */
export function undoStaffBooking(id: string): Promise<StaffBooking> {
  return sessionCall(undoStaffBookingEndpoint, { role: 'staff', params: { id } })
}

/**
 * 服务站取消: the booking, or every upcoming active booking of the station from its phone or from its
 * network, with a reason the resident sees (`服务站取消：…`). Answers the cancelled bookings; their
 * places are bookable again. 409 `BOOKING_NOT_ACTIVE` when nothing in the scope is active any more.
 */
export async function cancelStaffBookings(params: { id: string; scope: StaffCancelScope; reason: string }): Promise<StaffBooking[]> {
  return (await sessionCall(cancelStaffBookingsEndpoint, { role: 'staff', params: { id: params.id }, body: { scope: params.scope, reason: params.reason } }))
    .cancelled
}

/**
 * 回电: the booking's whole phone number. The server records each reveal; the page keeps the
 * number in memory only (never in storage) and offers 拨打. 410 `PHONE_ERASED` once the retention
 * rules have erased it.
 */
export async function revealBookingPhone(id: string): Promise<string> {
  return (await sessionCall(revealBookingPhoneEndpoint, { role: 'staff', params: { id } })).phone
}

export function fetchStaffSchedule(stationId: string): Promise<StationScheduleResponse> {
  return sessionCall(getSchedule, { role: 'staff', params: { id: stationId } })
}

export function saveStaffSchedule(params: { stationId: string; schedule: Schedule }): Promise<StationScheduleResponse> {
  return sessionCall(saveSchedule, { role: 'staff', params: { id: params.stationId }, body: params.schedule })
}

/** The station's A4 door poster (`GET /api/stations/:id/poster`), as a whole address someone can open on a computer. */
export function stationPosterUrl(stationId: string): string {
  const base = apiBaseUrl() || (typeof window === 'undefined' ? '' : window.location.origin)
  return `${base}/api/stations/${encodeURIComponent(stationId)}/poster`
}

/**
 * 打印门口海报. A browser opens the poster (a new tab, or this one where new windows are refused),
 * and prints it from there. The mini program cannot open a web page it has not registered, and a
 * phone rarely prints: it copies the address and shows it, to open on a computer.
 */
export async function openStationPoster(stationId: string): Promise<'opened' | 'copied'> {
  const url = stationPosterUrl(stationId)
  if (process.env.TARO_ENV !== 'weapp') {
    const opened = typeof window.open === 'function' ? window.open(url, '_blank') : null
    if (!opened) window.location.href = url
    else opened.opener = null
    return 'opened'
  }
  const copied = await Taro.setClipboardData({ data: url }).then(
    () => true,
    () => false,
  )
  await Taro.showModal({
    title: copied ? '海报链接已复制' : '门口海报的地址',
    content: `请在电脑上用浏览器打开这个地址，打印成 A4 纸（纵向），贴在服务站门口：${url}`,
    confirmText: '知道了',
    showCancel: false,
  }).catch(() => undefined)
  return 'copied'
}
