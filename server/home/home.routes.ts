import { Router } from 'express'
import { homeQuerySchema } from '../../contracts'
import { bearerToken } from '../auth/auth.middleware'
import { parseInput } from '../http/validation'
import type { HomeService } from './home.service'

export function homeRoutes(service: HomeService): Router {
  const router = Router()
  router.get('/', async (req, res) => {
    const query = parseInput({ schema: homeQuerySchema, value: req.query, source: 'query' })
    const position = query.lat !== undefined && query.lng !== undefined ? { lat: query.lat, lng: query.lng, datum: query.datum } : undefined
    res.json(await service.home({ position, bookingCodes: query.bookings, token: bearerToken(req.headers.authorization) }))
  })
  return router
}
