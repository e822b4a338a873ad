import {
  revealedPhoneSchema,
  scheduleSchema,
  staffBookingSchema,
  staffBookingsQuerySchema,
  staffBookingsResponseSchema,
  staffBookingUpdateSchema,
  staffCancelRequestSchema,
  staffCancelResponseSchema,
  stationScheduleResponseSchema,
} from '../bookings'
import { staffBookingEndpoint, staffEndpoint, staffStationEndpoint } from './groups'

/** A station's staff: their week list, status moves and their undo, 回电, and the opening schedule (the staff page, a subpackage). */

export { staffBookingSchema }
export type { StaffBooking } from '../bookings'

export const staffDay = staffEndpoint('GET', '/api/staff/bookings', { query: staffBookingsQuerySchema, responses: { 200: staffBookingsResponseSchema } })

export const updateStaffBooking = staffBookingEndpoint('PATCH', '/api/staff/bookings/:id', {
  body: staffBookingUpdateSchema,
  responses: { 200: staffBookingSchema },
  errors: ['STATUS_NOT_ALLOWED', 'SLOT_NOT_STARTED'],
})

/** Puts back the status the last change replaced, when that change was made today (China date) by the station's staff. */
export const undoStaffBooking = staffBookingEndpoint('POST', '/api/staff/bookings/:id/undo', {
  responses: { 200: staffBookingSchema },
  errors: ['NOTHING_TO_UNDO', 'STATUS_NOT_ALLOWED'],
})

/**
 * Cancels one booking of the station, or every upcoming active one of its phone or of its network
 * (`scope`), with a reason the resident sees (`服务站取消：…`); the places are bookable again and the
 * status log names the staff member. Another station's booking is 404.
 */
export const cancelStaffBookings = staffBookingEndpoint('POST', '/api/staff/bookings/:id/cancel', {
  body: staffCancelRequestSchema,
  responses: { 200: staffCancelResponseSchema },
  errors: ['BOOKING_NOT_ACTIVE', 'NO_ADDRESS_RECORD'],
})

/** 回电: one booking's whole phone number, for its station's staff only; every reveal is recorded. */
export const revealBookingPhone = staffBookingEndpoint('POST', '/api/staff/bookings/:id/reveal-phone', {
  responses: { 200: revealedPhoneSchema },
  errors: ['PHONE_ERASED', 'RATE_LIMITED'],
})

export const getSchedule = staffStationEndpoint('GET', '/api/staff/stations/:id/schedule', { responses: { 200: stationScheduleResponseSchema } })

export const saveSchedule = staffStationEndpoint('PUT', '/api/staff/stations/:id/schedule', {
  body: scheduleSchema,
  responses: { 200: stationScheduleResponseSchema },
})
