import type { RequestHandler } from 'express'
import {
  cancelStaffBookings,
  getSchedule,
  revealBookingPhone,
  saveSchedule,
  staffDay,
  undoStaffBooking,
  updateStaffBooking,
} from '../../contracts/endpoints/staff'
import { currentUser } from '../auth/auth.middleware'
import type { UserRole } from '../../contracts/auth'
import { endpointRouter, ok } from '../http/endpoint-router'
import type { BookingsService } from './bookings.service'

/**
 * Station staff: their own station's bookings over several days, status moves and their undo, 回电,
 * and the schedule; anything else is 404. Like every route, the request log names only the route
 * pattern (`/api/staff/bookings/:id/reveal-phone`): neither the booking nor the phone it answers.
 */
export function staffRoutes(deps: { authenticate: (roles: readonly UserRole[]) => RequestHandler; service: BookingsService; checkResponses?: boolean }) {
  const { router, route } = endpointRouter({ authenticate: deps.authenticate, checkResponses: deps.checkResponses })
  const desk = deps.service.staffDesk
  route(staffDay, {
    handle: async ({ query, res }) => ok(await desk.bookings({ user: currentUser(res), date: query.date, from: query.from, days: query.days })),
  })
  route(updateStaffBooking, {
    handle: async ({ params, body, res }) => ok(await desk.move({ user: currentUser(res), bookingId: params.id, status: body.status })),
  })
  route(undoStaffBooking, { handle: async ({ params, res }) => ok(await desk.undo({ user: currentUser(res), bookingId: params.id })) })
  route(cancelStaffBookings, {
    handle: async ({ params, body, res }) => ok(await desk.cancel({ user: currentUser(res), bookingId: params.id, scope: body.scope, reason: body.reason })),
  })
  route(revealBookingPhone, {
    // the whole number: no cache on the way (proxy, browser, service worker) may keep it
    handle: async ({ params, res }) => ({
      ...ok(await desk.revealPhone({ user: currentUser(res), bookingId: params.id })),
      headers: { 'Cache-Control': 'no-store' },
    }),
  })
  route(getSchedule, { handle: async ({ params, res }) => ok(await deps.service.staffSchedule({ user: currentUser(res), stationId: params.id })) })
  route(saveSchedule, {
    handle: async ({ params, body, res }) => ok(await deps.service.saveSchedule({ user: currentUser(res), stationId: params.id, schedule: body })),
  })
  return router
}
