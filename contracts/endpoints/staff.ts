import * as z from 'zod/mini'
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
import { defineEndpoint } from '../endpoint'
import { stationIdSchema } from '../station'

/** A station's staff: their week list, status moves and their undo, 回电, and the opening schedule (the staff page, a subpackage). */

const stationParams = z.object({ id: stationIdSchema })
const bookingParams = z.object({ id: z.uuid() })

export { staffBookingSchema }
export type { StaffBooking } from '../bookings'

export const staffDay = defineEndpoint({
  method: 'GET',
  path: '/api/staff/bookings',
  tag: 'staff',
  auth: ['staff'],
  query: staffBookingsQuerySchema,
  responses: { 200: staffBookingsResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
})

export const updateStaffBooking = defineEndpoint({
  method: 'PATCH',
  path: '/api/staff/bookings/:id',
  tag: 'staff',
  auth: ['staff'],
  params: bookingParams,
  body: staffBookingUpdateSchema,
  responses: { 200: staffBookingSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'STATUS_NOT_ALLOWED', 'SLOT_NOT_STARTED'],
})

/** Puts back the status the last change replaced, when that change was made today (China date) by the station's staff. */
export const undoStaffBooking = defineEndpoint({
  method: 'POST',
  path: '/api/staff/bookings/:id/undo',
  tag: 'staff',
  auth: ['staff'],
  params: bookingParams,
  responses: { 200: staffBookingSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'NOTHING_TO_UNDO', 'STATUS_NOT_ALLOWED'],
})

/**
 * Cancels one booking of the station, or every upcoming active one of its phone or of its network
 * (`scope`), with a reason the resident sees (`服务站取消：…`); the places are bookable again and the
 * status log names the staff member. Another station's booking is 404.
 */
export const cancelStaffBookings = defineEndpoint({
  method: 'POST',
  path: '/api/staff/bookings/:id/cancel',
  tag: 'staff',
  auth: ['staff'],
  params: bookingParams,
  body: staffCancelRequestSchema,
  responses: { 200: staffCancelResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'BOOKING_NOT_ACTIVE', 'NO_ADDRESS_RECORD'],
})

/** 回电: one booking's whole phone number, for its station's staff only; every reveal is recorded. */
export const revealBookingPhone = defineEndpoint({
  method: 'POST',
  path: '/api/staff/bookings/:id/reveal-phone',
  tag: 'staff',
  auth: ['staff'],
  params: bookingParams,
  responses: { 200: revealedPhoneSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'PHONE_ERASED', 'RATE_LIMITED'],
})

export const getSchedule = defineEndpoint({
  method: 'GET',
  path: '/api/staff/stations/:id/schedule',
  tag: 'staff',
  auth: ['staff'],
  params: stationParams,
  responses: { 200: stationScheduleResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
})

export const saveSchedule = defineEndpoint({
  method: 'PUT',
  path: '/api/staff/stations/:id/schedule',
  tag: 'staff',
  auth: ['staff'],
  params: stationParams,
  body: scheduleSchema,
  responses: { 200: stationScheduleResponseSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND'],
})
