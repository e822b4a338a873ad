import { Router } from 'express'
import { z } from 'zod'
import { createMediationRequestSchema, mediationStatsQuerySchema, updateMediationRequestSchema } from '../../contracts/mediations'
import { currentUser, requireUser } from '../auth/auth.middleware'
import type { AuthService } from '../auth/auth.service'
import { sendAnswer } from '../http/http-answer'
import { parseInput } from '../http/validation'
import type { MediationsService } from './mediations.service'

export function mediationsRoutes(deps: { auth: AuthService; service: MediationsService }): Router {
  const router = Router()
  router.use(requireUser({ auth: deps.auth, roles: ['volunteer', 'staff', 'admin'] }))
  const idParams = z.object({ id: z.uuid() })

  router.get('/', async (_req, res) => {
    res.json(await deps.service.list({ user: currentUser(res) }))
  })
  router.post('/', async (req, res) => {
    const input = parseInput({ schema: createMediationRequestSchema, value: req.body, source: 'body' })
    sendAnswer(res, await deps.service.create({ user: currentUser(res), input }))
  })
  router.get('/stats', async (req, res) => {
    const query = parseInput({ schema: mediationStatsQuerySchema, value: req.query, source: 'query' })
    res.json(await deps.service.stats({ user: currentUser(res), ...query }))
  })
  router.get('/export.csv', async (_req, res) => {
    const csv = await deps.service.exportCsv({ user: currentUser(res) })
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="mediations.csv"`).send(csv)
  })
  router.get('/:id', async (req, res) => {
    const { id } = parseInput({ schema: idParams, value: req.params, source: 'params' })
    res.json(await deps.service.get({ user: currentUser(res), id }))
  })
  router.patch('/:id', async (req, res) => {
    const { id } = parseInput({ schema: idParams, value: req.params, source: 'params' })
    const body = parseInput({ schema: updateMediationRequestSchema, value: req.body, source: 'body' })
    sendAnswer(res, await deps.service.update({ user: currentUser(res), id, version: body.version, input: body.record }))
  })
  return router
}
