import type { RequestHandler } from 'express'
import {
  adminQueue,
  getAdminStationProfile,
  rejectStationReport,
  resolveCorrection,
  revealCorrectionPhone,
  saveAdminStationProfile,
  verifyStation,
} from '../../contracts/endpoints/station-keeping'
import { currentUser } from '../auth/auth.middleware'
import type { UserRole } from '../../contracts/auth'
import { AppError } from '../errors/app-error'
import { endpointRouter, ok } from '../http/endpoint-router'
import type { CorrectionsService } from './corrections.service'
import { savedProfile } from './station-keeping.routes'
import type { StationKeepingService } from './station-keeping.service'

/**
 * County administrators keep their county's directory: the 待核实 queue, verify, reject, edit, and
 * residents' corrections. A station or correction of another county is 404.
 */
export function adminRoutes(deps: {
  authenticate: (roles: readonly UserRole[]) => RequestHandler
  keeping: StationKeepingService
  corrections: CorrectionsService
  checkResponses?: boolean
}) {
  const { keeping } = deps
  const { router, route } = endpointRouter({ authenticate: deps.authenticate, checkResponses: deps.checkResponses })
  route(adminQueue, { handle: async ({ res }) => ok(await keeping.queue({ user: currentUser(res) })) })
  route(getAdminStationProfile, { handle: async ({ params, res }) => ok(await keeping.profile({ user: currentUser(res), stationId: params.id })) })
  route(saveAdminStationProfile, {
    handle: async ({ params, body, res }) => ok(savedProfile(await keeping.saveProfile({ user: currentUser(res), stationId: params.id, profile: body }))),
  })
  route(verifyStation, {
    handle: async ({ params, body, res }) => ok(savedProfile(await keeping.verify({ user: currentUser(res), stationId: params.id, version: body.version }))),
  })
  route(rejectStationReport, {
    handle: async ({ params, body, res }) =>
      ok(savedProfile(await keeping.reject({ user: currentUser(res), stationId: params.id, reason: body.reason, version: body.version }))),
  })
  route(resolveCorrection, {
    handle: async ({ params, body, res }) => {
      const result = await deps.corrections.resolve({ user: currentUser(res), id: params.id, note: body.note })
      if (result.kind === 'already_resolved') throw AppError.of('CORRECTION_RESOLVED')
      return ok(result.correction)
    },
  })
  route(revealCorrectionPhone, {
    handle: async ({ params, res }) => {
      const result = await deps.corrections.revealPhone({ user: currentUser(res), id: params.id })
      if (result.kind === 'none') throw AppError.of('PHONE_ERASED', { message: '这条纠错没有留回电号码，或号码已按隐私规则删除（留下 180 天后）' })
      res.set('Cache-Control', 'no-store')
      return ok({ phone: result.phone })
    },
  })
  return router
}
