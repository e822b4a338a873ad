import { Router } from 'express'
import { sql, type Kysely } from 'kysely'
import type { DatabaseSchema } from '../storage/schema'
import type { HealthResponse, StorageKind } from '../../contracts'

/** Health pings the database so a load balancer sees a broken connection, not just a live process. */
export function healthRoutes(deps: { db: Kysely<DatabaseSchema>; storageKind: StorageKind; version: string }): Router {
  const router = Router()
  router.get('/', async (_req, res) => {
    let status: HealthResponse['status'] = 'ok'
    try {
      await sql`select 1`.execute(deps.db)
    } catch {
      status = 'degraded'
    }
    const body: HealthResponse = { status, storage: deps.storageKind, version: deps.version }
    res.status(status === 'ok' ? 200 : 503).json(body)
  })
  return router
}
