import type { RequestHandler } from 'express'
import {
  createFollowUp,
  createMediation,
  exportMediations,
  getMediation,
  listMediations,
  mediationStats,
  updateMediation,
} from '../../contracts/endpoints/mediations'
import { currentUser } from '../auth/auth.middleware'
import type { UserRole } from '../../contracts/auth'
import { endpointRouter, ok, SENT, type Reply } from '../http/endpoint-router'
import type { MediationsService } from './mediations.service'

export function mediationsRoutes(deps: { authenticate: (roles: readonly UserRole[]) => RequestHandler; service: MediationsService; checkResponses?: boolean }) {
  const { router, route } = endpointRouter({ authenticate: deps.authenticate, checkResponses: deps.checkResponses })
  route(listMediations, { handle: async ({ res }) => ok(await deps.service.list({ user: currentUser(res) })) })
  route(createMediation, {
    handle: async ({ body, res }) => {
      const { kind, record } = await deps.service.create({ user: currentUser(res), input: body })
      // a retried sync of a stored record: 200 with it, not a second one
      return { status: kind === 'created' ? 201 : 200, body: record }
    },
  })
  route(createFollowUp, {
    handle: async ({ params, body, res }) => {
      const { kind, record } = await deps.service.createFollowUp({ user: currentUser(res), recordId: params.id, input: body })
      // a retried sync of a stored follow-up: 200 with the record, not a second follow-up
      return { status: kind === 'created' ? 201 : 200, body: record }
    },
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
    handle: async ({ params, body, res }): Promise<Reply<typeof updateMediation>> => {
      const result = await deps.service.update({ user: currentUser(res), id: params.id, version: body.version, input: body.record })
      if (result.kind === 'updated') return ok(result.record)
      return { status: 409, body: { error: { code: 'VERSION_CONFLICT', message: '这条记录已在别处改过，请看最新内容后再改' }, current: result.current } }
    },
  })
  return router
}
