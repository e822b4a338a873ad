import type { Schedule, StationScheduleResponse } from '../../contracts/bookings'
import { getSchedule, saveSchedule, staffDay, updateStaffBooking as updateStaffBookingEndpoint, type StaffBooking } from '../../contracts/endpoints/staff'
import { currentSession, login, sessionCall, signOut, type Session } from './session'

/**
 * A station's staff: their sign-in, day list, status moves and opening schedule. Only the staff
 * page (packageBooking) imports this, so none of it is in the main package.
 */

export type { StaffBooking }
export type StaffBookingsResponse = { date: string; bookings: StaffBooking[] }

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

export function fetchStaffBookings(params: { date?: string } = {}): Promise<StaffBookingsResponse> {
  return sessionCall(staffDay, { role: 'staff', query: { date: params.date } })
}

export function updateStaffBooking(params: { id: string; status: 'confirmed' | 'done' | 'no_show' }): Promise<StaffBooking> {
  return sessionCall(updateStaffBookingEndpoint, { role: 'staff', params: { id: params.id }, body: { status: params.status } })
}

export function fetchStaffSchedule(stationId: string): Promise<StationScheduleResponse> {
  return sessionCall(getSchedule, { role: 'staff', params: { id: stationId } })
}

export function saveStaffSchedule(params: { stationId: string; schedule: Schedule }): Promise<StationScheduleResponse> {
  return sessionCall(saveSchedule, { role: 'staff', params: { id: params.stationId }, body: params.schedule })
}
