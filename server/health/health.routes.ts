import { Router } from 'express'
import { sql, type Kysely } from 'kysely'
import type { StationDirectory } from '../stations/station-directory'
import type { DatabaseSchema } from '../storage/schema'
import type { HealthResponse, StorageKind } from '../../contracts'

/** Health pings the database so a load balancer sees a broken connection, not just a live process. */
export function healthRoutes(deps: { db: Kysely<DatabaseSchema>; storageKind: StorageKind; version: string; directory: StationDirectory }): Router {
  const router = Router()
  router.get('/', async (_req, res) => {
    let status: HealthResponse['status'] = 'ok'
    try {
      await sql`select 1`.execute(deps.db)
    } catch {
      status = 'degraded'
    }
    const body: HealthResponse = { status, storage: deps.storageKind, version: deps.version, directory: deps.directory.status() }
    res.status(status === 'ok' ? 200 : 503).json(body)
  })
  return router
}
