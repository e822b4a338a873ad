import { lookupBookingsByPhone, sendPhoneCode } from '../../contracts/endpoints/phone-codes'
import { AppError } from '../errors/app-error'
import { clientKey } from '../http/client-address'
import { endpointRouter, ok } from '../http/endpoint-router'
import type { RateLimiter, RateRule } from '../http/rate-limit'
import type { PhoneCodeService } from './phone-codes.service'

const notConfigured = () => AppError.of('SMS_NOT_CONFIGURED', { message: '本服务没有接入短信，不用验证码；查预约请用预约码和手机号后 4 位' })

/** `POST /api/phone-codes` and 查预约 by phone + code; without an SMS provider both answer 404 SMS_NOT_CONFIGURED. */
export function phoneCodesRoutes(deps: {
  service: PhoneCodeService | null
  limiter: RateLimiter
  lookupPerIp: RateRule
  now: () => Date
  checkResponses?: boolean
}) {
  const { router, route } = endpointRouter({ checkResponses: deps.checkResponses })
  route(sendPhoneCode, {
    handle: async ({ body, req }) => {
      if (!deps.service) throw notConfigured()
      return {
        status: 201,
        body: await deps.service.send({ phone: body.phone, purpose: body.purpose, address: clientKey(req) }),
        headers: { 'Cache-Control': 'no-store' },
      }
    },
  })
  route(lookupBookingsByPhone, {
    handle: async ({ body, req }) => {
      if (!deps.service) throw notConfigured()
      await deps.limiter.consume({ rule: deps.lookupPerIp, key: clientKey(req), now: deps.now() })
      return ok({ bookings: await deps.service.lookup({ phone: body.phone, proof: body.phoneCode }) })
    },
  })
  return router
}
