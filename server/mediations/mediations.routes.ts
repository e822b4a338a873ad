import type { RequestHandler } from 'express'
import { createMediation, exportMediations, getMediation, listMediations, mediationStats, updateMediation } from '../../contracts/endpoints/mediations'
import { currentUser } from '../auth/auth.middleware'
import type { UserRole } from '../auth/user.repository'
import { endpointRouter, ok, SENT, type Reply } from '../http/endpoint-router'
import type { HttpAnswer } from '../http/http-answer'
import type { MediationsService } from './mediations.service'

export function mediationsRoutes(deps: { authenticate: (roles: readonly UserRole[]) => RequestHandler; service: MediationsService; checkResponses?: boolean }) {
  const { router, route } = endpointRouter({ authenticate: deps.authenticate, checkResponses: deps.checkResponses })
  route(listMediations, { handle: async ({ res }) => ok(await deps.service.list({ user: currentUser(res) })) })
  route(createMediation, {
    handle: async ({ body, res }) => (await deps.service.create({ user: currentUser(res), input: body })) as HttpAnswer as Reply<typeof createMediation>,
  })
  route(mediationStats, { handle: async ({ query, res }) => ok(await deps.service.stats({ user: currentUser(res), ...query })) })
  route(exportMediations, {
    handle: async ({ res }) => {
      const csv = await deps.service.exportCsv({ user: currentUser(res) })
      res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="mediations.csv"`).send(csv)
      return SENT
    },
  })
  route(getMediation, { handle: async ({ params, res }) => ok(await deps.service.get({ user: currentUser(res), id: params.id })) })
  route(updateMediation, {
    handle: async ({ params, body, res }) =>
      (await deps.service.update({ user: currentUser(res), id: params.id, version: body.version, input: body.record })) as HttpAnswer as Reply<typeof updateMediation>,
  })
  return router
}
