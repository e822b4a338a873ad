import { Router, type Request } from 'express'
import { z } from 'zod'
import {
  bookingCodeSchema,
  bookingLookupQuerySchema,
  cancelBookingRequestSchema,
  createBookingRequestSchema,
  rescheduleBookingRequestSchema,
  slotsQuerySchema,
} from '../../contracts/bookings'
import { stationIdSchema } from '../../contracts/station'
import { sendAnswer } from '../http/http-answer'
import type { RateLimiter, RateRule } from '../http/rate-limit'
import { parseInput } from '../http/validation'
import { toBooking, type BookingsService } from './bookings.service'

export interface BookingRateRules {
  createPerIp: RateRule
  createPerPhone: RateRule
  lookupPerIp: RateRule
  lookupPerCode: RateRule
}

const idempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, '应为 8–100 位字母、数字、- 或 _（建议用 UUID）')
    .optional(),
})


const clientIp = (req: Request) => req.ip ?? 'unknown'

export function slotsRoutes(service: BookingsService): Router {
  const router = Router({ mergeParams: true })
  router.get('/', async (req, res) => {
    const { id } = parseInput({ schema: z.object({ id: stationIdSchema }), value: req.params, source: 'params' })
    const { date } = parseInput({ schema: slotsQuerySchema, value: req.query, source: 'query' })
    res.json(await service.slots({ stationId: id, date }))
  })
  return router
}

export function bookingsRoutes(deps: { service: BookingsService; limiter: RateLimiter; rules: BookingRateRules; now: () => Date }): Router {
  const { service, limiter, rules } = deps
  const router = Router()

  router.post('/', async (req, res) => {
    const headers = parseInput({ schema: idempotencyHeaderSchema, value: { 'idempotency-key': req.get('Idempotency-Key') }, source: 'headers' })
    await limiter.consume({ rule: rules.createPerIp, key: clientIp(req), now: deps.now() })
    const request = parseInput({ schema: createBookingRequestSchema, value: req.body, source: 'body' })
    await limiter.consume({ rule: rules.createPerPhone, key: request.phone, now: deps.now() })
    sendAnswer(res, await service.create({ request, idempotencyKey: headers['idempotency-key'] ?? null }))
  })

  const codeParams = z.object({ code: bookingCodeSchema })

  router.get('/:code', async (req, res) => {
    await limiter.consume({ rule: rules.lookupPerIp, key: clientIp(req), now: deps.now() })
    const { code } = parseInput({ schema: codeParams, value: req.params, source: 'params' })
    await limiter.consume({ rule: rules.lookupPerCode, key: code, now: deps.now() })
    const { phoneLast4 } = parseInput({ schema: bookingLookupQuerySchema, value: req.query, source: 'query' })
    res.json(toBooking(await service.lookup({ code, phoneLast4 })))
  })

  router.post('/:code/cancel', async (req, res) => {
    await limiter.consume({ rule: rules.lookupPerIp, key: clientIp(req), now: deps.now() })
    const { code } = parseInput({ schema: codeParams, value: req.params, source: 'params' })
    await limiter.consume({ rule: rules.lookupPerCode, key: code, now: deps.now() })
    const body = parseInput({ schema: cancelBookingRequestSchema, value: req.body, source: 'body' })
    res.json(await service.cancel({ code, ...body }))
  })

  router.post('/:code/reschedule', async (req, res) => {
    await limiter.consume({ rule: rules.lookupPerIp, key: clientIp(req), now: deps.now() })
    const { code } = parseInput({ schema: codeParams, value: req.params, source: 'params' })
    await limiter.consume({ rule: rules.lookupPerCode, key: code, now: deps.now() })
    const body = parseInput({ schema: rescheduleBookingRequestSchema, value: req.body, source: 'body' })
    sendAnswer(res, await service.reschedule({ code, ...body }))
  })

  return router
}
