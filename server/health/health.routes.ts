import type { HealthResponse } from '../../contracts'
import { getHealth, getOpenApi } from '../../contracts/endpoints/public'
import { openApiDocument } from '../../contracts/openapi'
import { endpointRouter, SENT } from '../http/endpoint-router'
import type { StationDirectory } from '../stations/station-directory'
import type { Storage } from '../storage/database'

/** Health pings the database so a load balancer sees a broken connection, not just a live process; the OpenAPI document sits beside it. */
export function healthRoutes(deps: { storage: Storage; version: string; directory: StationDirectory; checkResponses?: boolean; draining?: () => boolean }) {
  const { router, route } = endpointRouter({ checkResponses: deps.checkResponses })
  route(getHealth, {
    handle: async () => {
      // a stopping instance says so at once (503), before it stops accepting: a balancer's check takes it out
      if (deps.draining?.()) return { status: 503, body: { status: 'draining' as const, storage: deps.storage.kind, version: deps.version } }
      const status: HealthResponse['status'] = (await deps.storage.ping()) ? 'ok' : 'degraded'
      const body: HealthResponse = { status, storage: deps.storage.kind, version: deps.version, directory: deps.directory.status() }
      return status === 'ok' ? { status: 200, body } : { status: 503, body }
    },
  })
  let openApi: string | null = null
  route(getOpenApi, {
    handle: ({ res }) => {
      openApi ??= JSON.stringify(openApiDocument({ version: deps.version }))
      res.set('Cache-Control', 'public, max-age=3600').type('json').send(openApi)
      return SENT
    },
  })
  return router
}
