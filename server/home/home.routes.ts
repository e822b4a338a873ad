import { getHome } from '../../contracts/endpoints/public'
import { bearerToken } from '../auth/auth.middleware'
import { clientKey } from '../http/client-address'
import { endpointRouter, ok } from '../http/endpoint-router'
import type { RateLimiter, RateRule } from '../http/rate-limit'
import type { HomeService } from './home.service'

export function homeRoutes(deps: { service: HomeService; limiter: RateLimiter; lookupRule: RateRule; now: () => Date; checkResponses?: boolean }) {
  const { router, route } = endpointRouter({ checkResponses: deps.checkResponses })
  route(getHome, {
    handle: async ({ query, headers, req }) => {
      // bare codes (app versions before manage tokens) reveal nothing; they still count as a look-up
      // from this address, and 首页 answers all the same: a busy address must not lose its 首页
      if (query.bookings) await deps.limiter.consume({ rule: deps.lookupRule, key: clientKey(req), now: deps.now() }).catch(() => undefined)
      const position = query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng, datum: query.datum } : undefined
      return ok(await deps.service.home({ position, heldBookings: headers['x-booking-tokens'] ?? [], token: bearerToken(req.headers.authorization) }))
    },
  })
  return router
}
