import type { RequestHandler } from 'express'
import { getStaffStationProfile, reportStationCorrection, saveStaffStationProfile } from '../../contracts/endpoints/station-keeping'
import type { StationProfileResponse } from '../../contracts/station-keeping'
import { currentUser } from '../auth/auth.middleware'
import type { UserRole } from '../../contracts/auth'
import { AppError } from '../errors/app-error'
import { clientKey } from '../http/client-address'
import { endpointRouter, ok } from '../http/endpoint-router'
import type { RateLimiter, RateRule } from '../http/rate-limit'
import type { CorrectionsService } from './corrections.service'
import type { KeepingResult, StationKeepingService } from './station-keeping.service'

/** The saved profile, or the error a refused change answers: 400 naming the fields, 409 on a race or nothing to reject. */
export function savedProfile(result: KeepingResult): StationProfileResponse {
  switch (result.kind) {
    case 'saved':
      return result.profile
    case 'invalid':
      throw AppError.of('VALIDATION_FAILED', {
        message: `请求内容有误：${result.fields.map((field) => `${field.path} ${field.message}`).join('；')}`,
        fields: result.fields,
      })
    case 'version_conflict':
      throw AppError.of('VERSION_CONFLICT')
    case 'nothing_pending':
      throw AppError.of('NO_PENDING_REPORT')
  }
}

const clientIp = clientKey

/** Staff keep their own station; residents report errors (no sign-in, limited per address). */
export function stationKeepingRoutes(deps: {
  authenticate: (roles: readonly UserRole[]) => RequestHandler
  keeping: StationKeepingService
  corrections: CorrectionsService
  limiter: RateLimiter
  /** corrections from one address, valid or not */
  correctionsPerIp: RateRule
  now: () => Date
  checkResponses?: boolean
}) {
  const { router, route } = endpointRouter({ authenticate: deps.authenticate, checkResponses: deps.checkResponses })
  route(getStaffStationProfile, { handle: async ({ params, res }) => ok(await deps.keeping.profile({ user: currentUser(res), stationId: params.id })) })
  route(saveStaffStationProfile, {
    handle: async ({ params, body, res }) => ok(savedProfile(await deps.keeping.saveProfile({ user: currentUser(res), stationId: params.id, profile: body }))),
  })

  // every report from one address counts, valid or not: a flood fills its own bucket only
  const limitPerIp: RequestHandler = async (req, _res, next) => {
    await deps.limiter.consume({ rule: deps.correctionsPerIp, key: clientIp(req), now: deps.now() })
    next()
  }
  route(reportStationCorrection, {
    before: [limitPerIp],
    handle: async ({ params, body }) => ({ status: 201, body: await deps.corrections.report({ stationId: params.id, request: body }) }),
  })
  return router
}
