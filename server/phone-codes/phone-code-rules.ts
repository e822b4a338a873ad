import { PHONE_CODE_RESEND_SECONDS } from '../../contracts/phone-code-proof'
import type { SendCounts } from './phone-code.repository'

/**
 * The caps on sending codes, chosen so that a stranger cannot turn them against the phone's owner:
 * - one send per 60 s and 5 a day per (phone, address): what a stranger spends from their own
 *   address for someone's phone never counts for the owner's address;
 * - 20 a day per address, whatever the phones: one address (a bot) cannot spray the county;
 * - 30 a day per phone from all addresses together: a ceiling against SMS bombing; to fill it a
 *   stranger needs 6 addresses each spending a quarter of its day. Then the owner still books
 *   in the mini program (WeChat identity) or by phone with the station.
 * "A day" is the China date (Asia/Shanghai). A code works only for the page that asked for it (its
 * request id), so nobody else's wrong guesses use up its 5 tries.
 */
export interface PhoneCodeLimits {
  perPhoneAddressPerDay: number
  perAddressPerDay: number
  perPhonePerDay: number
}

export const DEFAULT_PHONE_CODE_LIMITS: Readonly<PhoneCodeLimits> = { perPhoneAddressPerDay: 5, perAddressPerDay: 20, perPhonePerDay: 30 }

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

/** The instant the China date of `now` began (00:00 +08:00). */
export function chinaMidnight(now: Date): Date {
  return new Date(Math.floor((now.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS)
}

export interface SendRefusal {
  /** which cap: for logs and tests */
  rule: 'resend' | 'phone-address-day' | 'address-day' | 'phone-day'
  message: string
  retryAfterSeconds: number
}

/** Whether one more send may go, and when not, why in words a resident acts on. */
export function sendRefusal(params: { counts: SendCounts; now: Date; limits: Readonly<PhoneCodeLimits> }): SendRefusal | null {
  const { counts, now, limits } = params
  const untilMidnight = Math.max(1, Math.ceil((chinaMidnight(now).getTime() + DAY_MS - now.getTime()) / 1000))
  if (counts.phoneAddressLastSentAt) {
    const wait = Math.ceil((Date.parse(counts.phoneAddressLastSentAt) + PHONE_CODE_RESEND_SECONDS * 1000 - now.getTime()) / 1000)
    if (wait > 0) return { rule: 'resend', message: `验证码刚发过，请查看短信；${wait} 秒后可以再发`, retryAfterSeconds: wait }
  }
  if (counts.phoneAddressToday >= limits.perPhoneAddressPerDay)
    return {
      rule: 'phone-address-day',
      message: `今天给这个手机号发的验证码已经 ${limits.perPhoneAddressPerDay} 条了，请明天再试，或拨打服务站电话预约`,
      retryAfterSeconds: untilMidnight,
    }
  if (counts.addressToday >= limits.perAddressPerDay)
    return { rule: 'address-day', message: '这个网络今天发的验证码太多了，请明天再试，或换用手机流量', retryAfterSeconds: untilMidnight }
  if (counts.phoneToday >= limits.perPhonePerDay)
    return { rule: 'phone-day', message: '这个手机号今天收到的验证码太多了，请明天再试，或在微信小程序里预约', retryAfterSeconds: untilMidnight }
  return null
}
