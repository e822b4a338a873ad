import { Router } from 'express'
import { staffLoginRequestSchema } from '../../contracts/bookings'
import type { RateLimiter, RateRule } from '../http/rate-limit'
import { parseInput } from '../http/validation'
import { bearerToken } from './auth.middleware'
import type { AuthService } from './auth.service'

export function authRoutes(deps: { auth: AuthService; limiter: RateLimiter; loginRule: RateRule; now: () => Date }): Router {
  const router = Router()
  router.post('/login', async (req, res) => {
    await deps.limiter.consume({ rule: deps.loginRule, key: req.ip ?? 'unknown', now: deps.now() })
    const body = parseInput({ schema: staffLoginRequestSchema, value: req.body, source: 'body' })
    res.json(await deps.auth.loginStaff(body))
  })
  router.post('/logout', async (req, res) => {
    const token = bearerToken(req.headers.authorization)
    if (token) await deps.auth.logout(token)
    res.status(204).end()
  })
  return router
}
