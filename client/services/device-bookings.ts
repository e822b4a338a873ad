import Taro from '@tarojs/taro'
import * as z from 'zod/mini'

export const DEVICE_BOOKINGS_STORAGE_KEY = 'fzt.bookings'
/** enough for a family's bookings; the oldest are dropped first */
export const DEVICE_BOOKINGS_MAX = 20

const deviceBookingSchema = z.object({
  code: z.string().check(z.regex(/^[2-9A-HJ-NP-Z]{8}$/)),
  phoneLast4: z.string().check(z.regex(/^\d{4}$/)),
  stationName: z.optional(z.string()),
  slotStart: z.optional(z.string()),
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

/** Just the codes (首页 sends them to `GET /api/home?bookings=` for "my next booking"). */
export function deviceBookingCodes(): string[] {
  return deviceBookings().map((entry) => entry.code)
}

function writeDeviceBookings(entries: DeviceBooking[]): void {
  try {
    Taro.setStorageSync(DEVICE_BOOKINGS_STORAGE_KEY, entries.slice(0, DEVICE_BOOKINGS_MAX))
  } catch {
    // storage full or unavailable: the code is still on the screen to write down
  }
}

/** Remembers (or refreshes) a booking code with the last 4 digits of its phone. */
export function rememberBooking(entry: { code: string; phoneLast4: string; stationName?: string; slotStart?: string }, now: Date = new Date()): void {
  const saved: DeviceBooking = { code: entry.code, phoneLast4: entry.phoneLast4, stationName: entry.stationName, slotStart: entry.slotStart, savedAt: now.toISOString() }
  if (!deviceBookingSchema.safeParse(saved).success) return
  writeDeviceBookings([saved, ...deviceBookings().filter((stored) => stored.code !== entry.code)])
}

export function forgetBooking(code: string): void {
  writeDeviceBookings(deviceBookings().filter((stored) => stored.code !== code))
}

export function deviceBooking(code: string): DeviceBooking | null {
  return deviceBookings().find((stored) => stored.code === code) ?? null
}
