import { Router } from 'express'
import { z } from 'zod'
import { sceneSchema } from '../../contracts'
import { parseInput } from '../http/validation'
import type { SceneKind, ScenesService } from './scenes.service'

const sceneParamsSchema = z.object({ scene: sceneSchema })

/** GET /api/scenes/:scene → the page and query a scanned 小程序码 opens. */
export function scenesRoutes(service: ScenesService): Router {
  const router = Router()
  router.get('/:scene', async (req, res) => {
    const { scene } = parseInput({ schema: sceneParamsSchema, value: req.params, source: 'params' })
    // a scene never changes what it points to
    res.set('Cache-Control', 'public, max-age=86400').json(await service.resolve(scene))
  })
  return router
}

/**
 * GET /api/reports/:id/wxacode and /api/stations/:id/wxacode, mounted with the id in the path.
 * `findTarget` throws the kind's 404 for an unknown id.
 */
export function wxacodeRoutes(deps: { service: ScenesService; kind: SceneKind; idSchema: z.core.$ZodType<string>; findTarget: (id: string) => Promise<unknown> }): Router {
  const router = Router({ mergeParams: true })
  const paramsSchema = z.object({ id: deps.idSchema })
  router.get('/', async (req, res) => {
    const { id } = parseInput({ schema: paramsSchema, value: req.params, source: 'params' })
    deps.service.assertWxacodeAvailable()
    await deps.findTarget(id)
    const { image, contentType } = await deps.service.wxacode({ kind: deps.kind, targetId: id })
    // a 小程序码 is permanent; the scene it carries never moves
    res.set('Cache-Control', 'public, max-age=86400').type(contentType).send(image)
  })
  return router
}
