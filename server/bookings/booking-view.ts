import type { Booking, Matter } from '../../contracts/bookings'
import { ERASED_TEXT, isErasedBooking } from '../retention/retention-rules'
import type { BookingRow } from './booking.repository'

/** `13800138000` → `138****8000`: a phone number never leaves the BFF whole (staff's 回电 is the one exception, one booking at a time). */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`
}

/** A stored booking as the API shows it: the phone masked, the 代办人's phone left out. */
export function toBooking(row: BookingRow): Booking {
  const proxy = row.proxy ? (JSON.parse(row.proxy) as { agentName: string; agentRole: string }) : null
  return {
    code: row.code,
    status: row.status as Booking['status'],
    stationId: row.station_id,
    stationName: row.station_name,
    slotStart: row.slot_start,
    slotEnd: row.slot_end,
    matter: row.matter as Matter,
    description: row.description,
    name: row.name,
    // erased by the retention rules (server/retention): no digits are left to mask
    phone: isErasedBooking(row) ? ERASED_TEXT : maskPhone(row.phone),
    proxy: proxy ? { agentName: proxy.agentName, agentRole: proxy.agentRole } : null,
    cancelReason: row.cancel_reason,
    createdAt: row.created_at,
  }
}
