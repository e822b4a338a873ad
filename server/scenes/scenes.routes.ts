import type { Endpoint } from '../../contracts/endpoint'
import { resolveScene } from '../../contracts/endpoints/public'
import { endpointRouter, ok, SENT } from '../http/endpoint-router'
import type { SceneKind, ScenesService } from './scenes.service'

/** GET /api/scenes/:scene → the page and query a scanned 小程序码 opens. */
export function scenesRoutes(service: ScenesService) {
  const { router, route } = endpointRouter()
  route(resolveScene, {
    handle: async ({ params, res }) => {
      const target = await service.resolve(params.scene)
      // a scene never changes what it points to (errors are never cached: see errorMiddleware)
      res.set('Cache-Control', 'public, max-age=86400')
      return ok(target)
    },
  })
  return router
}

/**
 * GET /api/reports/:id/wxacode and /api/stations/:id/wxacode (`endpoint` says which).
 * `findTarget` throws the kind's 404 for an unknown id.
 */
export function wxacodeRoutes(deps: {
  service: ScenesService
  kind: SceneKind
  endpoint: Endpoint & { params: NonNullable<Endpoint['params']> }
  findTarget: (id: string) => Promise<unknown>
}) {
  const { router, route } = endpointRouter()
  route(deps.endpoint, {
    handle: async ({ params, res }) => {
      const { id } = params as { id: string }
      deps.service.assertWxacodeAvailable()
      await deps.findTarget(id)
      const { image, contentType } = await deps.service.wxacode({ kind: deps.kind, targetId: id })
      // a 小程序码 is permanent; the scene it carries never moves
      res.set('Cache-Control', 'public, max-age=86400').type(contentType).send(image)
      return SENT
    },
  })
  return router
}
