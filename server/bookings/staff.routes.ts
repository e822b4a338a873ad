import type { RequestHandler } from 'express'
import { getSchedule, saveSchedule, staffDay, updateStaffBooking } from '../../contracts/endpoints/staff'
import { currentUser } from '../auth/auth.middleware'
import type { UserRole } from '../auth/user.repository'
import { endpointRouter, ok } from '../http/endpoint-router'
import type { BookingsService } from './bookings.service'

/** Station staff: their own station's day list, status moves and schedule; anything else is 404. */
export function staffRoutes(deps: { authenticate: (roles: readonly UserRole[]) => RequestHandler; service: BookingsService; checkResponses?: boolean }) {
  const { router, route } = endpointRouter({ authenticate: deps.authenticate, checkResponses: deps.checkResponses })
  route(staffDay, { handle: async ({ query, res }) => ok(await deps.service.staffDay({ user: currentUser(res), date: query.date })) })
  route(updateStaffBooking, {
    handle: async ({ params, body, res }) => ok(await deps.service.staffUpdate({ user: currentUser(res), bookingId: params.id, status: body.status })),
  })
  route(getSchedule, { handle: async ({ params, res }) => ok(await deps.service.staffSchedule({ user: currentUser(res), stationId: params.id })) })
  route(saveSchedule, {
    handle: async ({ params, body, res }) => ok(await deps.service.saveSchedule({ user: currentUser(res), stationId: params.id, schedule: body })),
  })
  return router
}
