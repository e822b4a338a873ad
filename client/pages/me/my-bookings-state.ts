import type { Booking } from '../../../contracts/bookings'
import { isActiveBooking, type DeviceBooking } from '../../services/bookings'

/** 我的预约 as looked up: each code this phone holds, with its booking or why there is none. Pure. */

export interface MyBookingEntry {
  stored: DeviceBooking
  booking: Booking | null
  error: string | null
  /** the BFF has no such booking (404): nothing to retry, only to forget */
  gone: boolean
}

/** Upcoming ones first, soonest first; then the ones not found; then the finished or cancelled ones. */
export function sortMyBookings(entries: readonly MyBookingEntry[]): MyBookingEntry[] {
  const rank = (entry: MyBookingEntry) => (entry.booking && isActiveBooking(entry.booking) ? 0 : entry.booking ? 2 : 1)
  return [...entries].sort((a, b) => rank(a) - rank(b) || (a.booking?.slotStart ?? '').localeCompare(b.booking?.slotStart ?? ''))
}
