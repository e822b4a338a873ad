import { Router } from 'express'
import type { HealthResponse } from '../../contracts'
import type { StationDirectory } from '../stations/station-directory'
import type { Storage } from '../storage/database'

/** Health pings the database so a load balancer sees a broken connection, not just a live process. */
export function healthRoutes(deps: { storage: Storage; version: string; directory: StationDirectory }): Router {
  const router = Router()
  router.get('/', async (_req, res) => {
    const status: HealthResponse['status'] = (await deps.storage.ping()) ? 'ok' : 'degraded'
    const body: HealthResponse = { status, storage: deps.storage.kind, version: deps.version, directory: deps.directory.status() }
    res.status(status === 'ok' ? 200 : 503).json(body)
  })
  return router
}
