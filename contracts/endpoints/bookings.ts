import * as z from 'zod/mini'
import {
  bookingCodeSchema,
  bookingCreatedSchema,
  bookingLookupQuerySchema,
  bookingSchema,
  cancelBookingRequestSchema,
  createBookingRequestSchema,
  manageTokenSchema,
  rescheduleBookingRequestSchema,
  slotFullErrorSchema,
  slotsQuerySchema,
  slotsResponseSchema,
} from '../bookings'
import { defineEndpoint, endpointGroup } from '../endpoint'
import { stationParams } from './groups'

/** Free legal-aid consultations: slots, booking, and the booker's own look-up, change and cancel. */

/** `Idempotency-Key`: a retried POST with the same key answers the first booking again, never a second one. */
export const idempotencyKeySchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,100}$/, '应为 8–100 位字母、数字、- 或 _（建议用 UUID）'))

const bookingParams = z.object({ code: bookingCodeSchema })
/** the booking device's proof; without it, `phoneLast4` */
const bookingTokenHeaders = z.object({ 'x-booking-token': z.optional(manageTokenSchema) })

export const listSlots = defineEndpoint('GET', '/api/stations/:id/slots', {
  tag: 'bookings',
  params: stationParams,
  query: slotsQuerySchema,
  responses: { 200: slotsResponseSchema },
  errors: ['NOT_FOUND'],
})

export const createBooking = defineEndpoint('POST', '/api/bookings', {
  tag: 'bookings',
  headers: z.object({ 'idempotency-key': z.optional(idempotencyKeySchema) }),
  body: createBookingRequestSchema,
  responses: { 201: bookingCreatedSchema, 409: slotFullErrorSchema },
  errors: ['NOT_FOUND', 'SLOT_FULL', 'SLOT_NOT_OFFERED', 'ALREADY_BOOKED', 'FAIR_SHARE_FULL', 'IDEMPOTENCY_KEY_REUSED', 'RATE_LIMITED'],
})

/** The booker's own booking by its code, proven by the device's token or `phoneLast4`; an unknown code is 404. */
const ownBookingEndpoint = endpointGroup({ tag: 'bookings', params: bookingParams, headers: bookingTokenHeaders, errors: ['BOOKING_NOT_FOUND'] })

export const getBooking = ownBookingEndpoint('GET', '/api/bookings/:code', {
  query: bookingLookupQuerySchema,
  responses: { 200: bookingSchema },
  errors: ['RATE_LIMITED'],
})

export const cancelBooking = ownBookingEndpoint('POST', '/api/bookings/:code/cancel', {
  body: cancelBookingRequestSchema,
  responses: { 200: bookingSchema },
  errors: ['BOOKING_NOT_ACTIVE', 'RATE_LIMITED'],
})

export const rescheduleBooking = ownBookingEndpoint('POST', '/api/bookings/:code/reschedule', {
  body: rescheduleBookingRequestSchema,
  responses: { 200: bookingSchema, 409: slotFullErrorSchema },
  errors: ['BOOKING_NOT_ACTIVE', 'SLOT_FULL', 'SLOT_NOT_OFFERED', 'ALREADY_BOOKED', 'FAIR_SHARE_FULL', 'RATE_LIMITED'],
})
