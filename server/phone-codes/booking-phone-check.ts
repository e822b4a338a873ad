import type { Logger } from 'pino'
import type { BookingPhoneCheck } from '../bookings/booking-phone-proof'
import { AppError } from '../errors/app-error'
import type { RateLimiter, RateRule } from '../http/rate-limit'
import type { WechatClient } from '../wechat/wechat-client'
import type { PhoneCodeService } from './phone-codes.service'

/**
 * With SMS on, a booking proves its phone: from H5 with the SMS code (`phoneCode`), from the mini
 * program with the WeChat identity (`wechatCode` → openid by code2Session). The openid limits
 * bookings per WeChat user as a keyed hash only; the raw openid is kept only for the reminder the
 * user accepted (as before). Neither: 422 PHONE_CODE_REQUIRED naming `phoneCode`.
 */
export function bookingPhoneCheck(deps: {
  codes: PhoneCodeService
  wechat: WechatClient | null
  limiter: RateLimiter
  perWechatUser: RateRule
  now: () => Date
  logger: Logger
}): BookingPhoneCheck {
  return async (request) => {
    if (request.phoneCode) {
      await deps.codes.verify({ phone: request.phone, proof: request.phoneCode, field: 'phoneCode' })
      return { smsVerified: true }
    }
    if (request.wechatCode && deps.wechat) {
      let openid: string
      try {
        openid = (await deps.wechat.code2Session(request.wechatCode)).openid
      } catch (error) {
        deps.logger.warn({ err: error }, 'code2Session failed; the booking needs an SMS code instead')
        const message = '微信身份暂时核对不了，请稍后再试'
        throw AppError.of('PHONE_CODE_REQUIRED', { message, fields: [{ path: 'wechatCode', message }] })
      }
      await deps.limiter.consume({ rule: deps.perWechatUser, key: deps.codes.hash('openid', openid), now: deps.now() })
      return { openid: request.remindersAccepted === true ? openid : null, smsVerified: false }
    }
    const message = '请填写短信验证码（先点“获取验证码”）'
    throw AppError.of('PHONE_CODE_REQUIRED', { message, fields: [{ path: 'phoneCode', message }] })
  }
}
