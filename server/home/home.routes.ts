import { Router } from 'express'
import { z } from 'zod'
import { homeQuerySchema } from '../../contracts'
import { bookingTokensHeaderSchema } from '../../contracts/bookings'
import { bearerToken } from '../auth/auth.middleware'
import type { RateLimiter, RateRule } from '../http/rate-limit'
import { parseInput } from '../http/validation'
import type { HomeService } from './home.service'

const heldBookingsHeaderSchema = z.object({ 'x-booking-tokens': z.optional(bookingTokensHeaderSchema) })

export function homeRoutes(deps: { service: HomeService; limiter: RateLimiter; lookupRule: RateRule; now: () => Date }): Router {
  const router = Router()
  router.get('/', async (req, res) => {
    const query = parseInput({ schema: homeQuerySchema, value: req.query, source: 'query' })
    const headers = parseInput({ schema: heldBookingsHeaderSchema, value: { 'x-booking-tokens': req.get('X-Booking-Tokens') }, source: 'headers' })
    // bare codes (app versions before manage tokens) reveal nothing; they still count as a look-up
    // from this address, and 首页 answers all the same: a busy address must not lose its 首页
    if (query.bookings) await deps.limiter.consume({ rule: deps.lookupRule, key: req.ip ?? 'unknown', now: deps.now() }).catch(() => undefined)
    const position = query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng, datum: query.datum } : undefined
    res.json(await deps.service.home({ position, heldBookings: headers['x-booking-tokens'] ?? [], token: bearerToken(req.headers.authorization) }))
  })
  return router
}
