import { Router } from 'express'
import { z } from 'zod'
import { scheduleSchema, staffBookingsQuerySchema, staffBookingUpdateSchema } from '../../contracts/bookings'
import { stationIdSchema } from '../../contracts/station'
import { currentUser, requireUser } from '../auth/auth.middleware'
import type { AuthService } from '../auth/auth.service'
import { parseInput } from '../http/validation'
import type { BookingsService } from './bookings.service'

/** Station staff: their own station's day list, status moves and schedule; anything else is 404. */
export function staffRoutes(deps: { auth: AuthService; service: BookingsService }): Router {
  const router = Router()
  router.use(requireUser({ auth: deps.auth, roles: ['staff'] }))

  router.get('/bookings', async (req, res) => {
    const { date } = parseInput({ schema: staffBookingsQuerySchema, value: req.query, source: 'query' })
    res.json(await deps.service.staffDay({ user: currentUser(res), date }))
  })

  router.patch('/bookings/:id', async (req, res) => {
    const { id } = parseInput({ schema: z.object({ id: z.uuid() }), value: req.params, source: 'params' })
    const { status } = parseInput({ schema: staffBookingUpdateSchema, value: req.body, source: 'body' })
    res.json(await deps.service.staffUpdate({ user: currentUser(res), bookingId: id, status }))
  })

  const stationParams = z.object({ id: stationIdSchema })
  router.get('/stations/:id/schedule', async (req, res) => {
    const { id } = parseInput({ schema: stationParams, value: req.params, source: 'params' })
    res.json(await deps.service.staffSchedule({ user: currentUser(res), stationId: id }))
  })
  router.put('/stations/:id/schedule', async (req, res) => {
    const { id } = parseInput({ schema: stationParams, value: req.params, source: 'params' })
    const schedule = parseInput({ schema: scheduleSchema, value: req.body, source: 'body' })
    res.json(await deps.service.saveSchedule({ user: currentUser(res), stationId: id, schedule }))
  })
  return router
}
