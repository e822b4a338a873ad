import { Router } from 'express'
import type { HomeService } from './home.service'

export function homeRoutes(service: HomeService): Router {
  const router = Router()
  router.get('/', async (_req, res) => {
    res.json(await service.home())
  })
  return router
}
