import * as z from 'zod/mini'
import {
  bookingSchema,
  scheduleSchema,
  staffBookingsQuerySchema,
  staffBookingsResponseSchema,
  staffBookingUpdateSchema,
  stationScheduleResponseSchema,
} from '../bookings'
import { defineEndpoint } from '../endpoint'
import { stationIdSchema } from '../station'

/** A station's staff: their day list, status moves and opening schedule (the staff page, a subpackage). */

const stationParams = z.object({ id: stationIdSchema })

export const staffBookingSchema = z.extend(bookingSchema, { id: z.string() })
export type StaffBooking = z.infer<typeof staffBookingSchema>

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
  params: z.object({ id: z.uuid() }),
  body: staffBookingUpdateSchema,
  responses: { 200: staffBookingSchema },
  errors: ['UNAUTHORIZED', 'NOT_FOUND', 'STATUS_NOT_ALLOWED'],
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
