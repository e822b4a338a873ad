import Taro from '@tarojs/taro'
import * as z from 'zod/mini'
import { createChangeSignal } from './change-signal'

export const DEVICE_BOOKINGS_STORAGE_KEY = 'fzt.bookings'
/** enough for a family's bookings; the oldest are dropped first */
export const DEVICE_BOOKINGS_MAX = 20

const deviceBookingSchema = z.object({
  code: z.string().check(z.regex(/^[2-9A-HJ-NP-Z]{8}$/)),
  phoneLast4: z.string().check(z.regex(/^\d{4}$/)),
  stationName: z.optional(z.string()),
  /** where it was booked: the booking step starts with that station next time */
  stationId: z.optional(z.string()),
  slotStart: z.optional(z.string()),
  /** the booking's manage token from the 201 answer: proof that this device made it (absent for bookings looked up here) */
  manageToken: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/))),
  savedAt: z.string(),
})
export type DeviceBooking = z.infer<typeof deviceBookingSchema>

/** The booking codes this device holds, newest first. A cleared or damaged store reads as empty. */
export function deviceBookings(): DeviceBooking[] {
  try {
    const stored: unknown = Taro.getStorageSync(DEVICE_BOOKINGS_STORAGE_KEY)
    if (!Array.isArray(stored)) return []
    return stored.flatMap((entry) => {
      const parsed = deviceBookingSchema.safeParse(entry)
      return parsed.success ? [parsed.data] : []
    })
  } catch {
    return []
  }
}

/** Just the codes this device holds, newest first. */
export function deviceBookingCodes(): string[] {
  return deviceBookings().map((entry) => entry.code)
}

/** The bookings this device made, with their manage tokens (首页 sends them for "my next booking"). */
export function deviceBookingTokens(): { code: string; token: string }[] {
  return deviceBookings().flatMap((entry) => (entry.manageToken ? [{ code: entry.code, token: entry.manageToken }] : []))
}

// ---------------------------------------------------------------- change signal

const bookingsSignal = createChangeSignal('device-bookings')

/**
 * Counts this app run's changes to the device's bookings: a booking made, looked up, moved,
 * cancelled or forgotten. 首页 compares it with the count its answer was made for, and asks
 * `/api/home` again only when it moved (or the answer is old), not on every tab switch.
 */
export const deviceBookingsRevision = bookingsSignal.revision

/** Called after the device's bookings changed here or on the server (a cancel keeps the code, but not the booking). */
export const noteDeviceBookingsChanged = bookingsSignal.note

/** Listens for `noteDeviceBookingsChanged`; returns the unsubscribe function. */
export const onDeviceBookingsChange = bookingsSignal.listen

/** What 首页 depends on in the stored list: the entries without the moment they were saved. */
function contentOf(entries: readonly DeviceBooking[]): string {
  return JSON.stringify(entries.map(({ savedAt: _savedAt, ...entry }) => entry))
}

function writeDeviceBookings(entries: DeviceBooking[]): void {
  const before = contentOf(deviceBookings())
  const kept = entries.slice(0, DEVICE_BOOKINGS_MAX)
  try {
    Taro.setStorageSync(DEVICE_BOOKINGS_STORAGE_KEY, kept)
  } catch {
    // storage full or unavailable: the code is still on the screen to write down
  }
  // a look-up re-saves the same booking: no reason for 首页 to ask again
  if (contentOf(kept) !== before) noteDeviceBookingsChanged()
}

/** Remembers (or refreshes) a booking code with the last 4 digits of its phone; a stored manage token is kept. */
export function rememberBooking(
  entry: { code: string; phoneLast4: string; stationName?: string; stationId?: string; slotStart?: string; manageToken?: string },
  now: Date = new Date(),
): void {
  const manageToken = entry.manageToken ?? deviceBooking(entry.code)?.manageToken
  const saved: DeviceBooking = {
    code: entry.code,
    phoneLast4: entry.phoneLast4,
    stationName: entry.stationName,
    ...(entry.stationId ? { stationId: entry.stationId } : {}),
    slotStart: entry.slotStart,
    ...(manageToken ? { manageToken } : {}),
    savedAt: now.toISOString(),
  }
  if (!deviceBookingSchema.safeParse(saved).success) return
  writeDeviceBookings([saved, ...deviceBookings().filter((stored) => stored.code !== entry.code)])
}

export function forgetBooking(code: string): void {
  writeDeviceBookings(deviceBookings().filter((stored) => stored.code !== code))
}

export function deviceBooking(code: string): DeviceBooking | null {
  return deviceBookings().find((stored) => stored.code === code) ?? null
}

/** The station this phone booked at last (newest first), for the booking step to start with; null when none is known. */
export function lastBookedStationId(): string | null {
  return deviceBookings().find((entry) => entry.stationId)?.stationId ?? null
}
