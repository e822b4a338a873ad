import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import type { Logger } from 'pino'
import type { Booking } from '../../contracts/bookings'
import {
  PHONE_CODE_RESEND_SECONDS,
  PHONE_CODE_TRIES,
  PHONE_CODE_TTL_SECONDS,
  type PhoneCodeProof,
  type PhoneCodePurpose,
  type PhoneCodeSent,
} from '../../contracts/phone-codes'
import { maskPhone, toBooking } from '../bookings/booking-view'
import { AppError } from '../errors/app-error'
import { SmsError, type SmsSender } from '../sms/sms-sender'
import { chinaMidnight, DEFAULT_PHONE_CODE_LIMITS, sendRefusal, type PhoneCodeLimits } from './phone-code-rules'
import type { PhoneCodeRepository } from './phone-code.repository'

const LOOKUP_LIMIT = 20

/**
 * SMS codes that prove a phone is the booker's: sent (caps in ./phone-code-rules), stored as keyed
 * hashes only, tried at most 5 times by the page that asked (its request id), working 5 minutes.
 */
export class PhoneCodeService {
  private readonly limits: Readonly<PhoneCodeLimits>

  constructor(
    private readonly deps: {
      repository: PhoneCodeRepository
      sms: SmsSender
      now: () => Date
      logger: Logger
      limits?: Readonly<PhoneCodeLimits>
      /** the 6 digits (tests of a real send read them from the fake provider instead) */
      newCode?: () => string
    },
  ) {
    this.limits = deps.limits ?? DEFAULT_PHONE_CODE_LIMITS
  }

  /** Keyed hash (HMAC-SHA256 with a key derived from the provider secret): phones, addresses, openids. */
  hash(kind: 'phone' | 'address' | 'openid', value: string): string {
    return createHmac('sha256', this.deps.sms.hashKey).update(`${kind}:${value}`).digest('hex')
  }

  private codeHash(id: string, code: string): Buffer {
    return createHmac('sha256', this.deps.sms.hashKey).update(`code:${id}:${code}`).digest()
  }

  async send(params: { phone: string; purpose: PhoneCodePurpose; address: string }): Promise<PhoneCodeSent> {
    const now = this.deps.now()
    const phoneHash = this.hash('phone', params.phone)
    const addressHash = this.hash('address', params.address)
    const since = chinaMidnight(now).toISOString()
    const refuseIfCapped = async (except?: string) => {
      const refusal = sendRefusal({ counts: await this.deps.repository.counts({ phoneHash, addressHash, since, except }), now, limits: this.limits })
      if (!refusal) return
      if (except) await this.deps.repository.remove(except)
      this.deps.logger.info({ rule: refusal.rule, purpose: params.purpose }, 'phone code refused by a cap')
      throw AppError.of('RATE_LIMITED', {
        message: refusal.message,
        fields: [{ path: 'phone', message: refusal.message }],
        retryAfterSeconds: refusal.retryAfterSeconds,
        limit: `phone-code-${refusal.rule}`,
      })
    }
    await refuseIfCapped()
    const requestId = randomBytes(24).toString('base64url')
    const id = createHash('sha256').update(requestId).digest('hex')
    const code = this.deps.newCode?.() ?? String(randomInt(0, 1_000_000)).padStart(6, '0')
    await this.deps.repository.insert({
      id,
      phone_hash: phoneHash,
      address_hash: addressHash,
      purpose: params.purpose,
      code_hash: this.codeHash(id, code).toString('hex'),
      sent_at: now.toISOString(),
      expires_at: new Date(now.getTime() + PHONE_CODE_TTL_SECONDS * 1000).toISOString(),
    })
    // sends at the same moment all passed the check above: counted again with the others' rows in,
    // so the caps hold under concurrency (at worst both of a racing pair are refused, never both sent)
    await refuseIfCapped(id)
    try {
      await this.deps.sms.send({ phone: params.phone, kind: 'code', params: { code } })
    } catch (error) {
      // a send that did not go counts against nobody
      await this.deps.repository.remove(id)
      if (!(error instanceof SmsError)) throw error
      this.deps.logger.warn({ provider: this.deps.sms.provider, smsCode: error.code, reason: error.message }, 'phone code not sent')
      if (error.limited) {
        const message = '短信平台限制了这个手机号的条数，请稍后再试，或拨打服务站电话预约'
        throw AppError.of('RATE_LIMITED', {
          message,
          fields: [{ path: 'phone', message }],
          retryAfterSeconds: PHONE_CODE_RESEND_SECONDS,
          limit: 'sms-provider',
        })
      }
      throw AppError.of('SMS_FAILED')
    }
    this.deps.logger.info({ provider: this.deps.sms.provider, purpose: params.purpose }, 'phone code sent')
    return {
      requestId,
      expiresInSeconds: PHONE_CODE_TTL_SECONDS,
      resendInSeconds: PHONE_CODE_RESEND_SECONDS,
      phone: maskPhone(params.phone),
      sentBy: this.deps.sms.provider,
    }
  }

  /**
   * Whether `proof` is a right code sent to `phone` and still working; throws 422 PHONE_CODE_INVALID
   * naming `${field}.code` otherwise. A right code keeps proving the phone until it expires (a
   * retried booking, then 查预约, need no second SMS).
   */
  async verify(params: { phone: string; proof: PhoneCodeProof; field: string }): Promise<void> {
    const now = this.deps.now()
    const refuse = (message: string): never => {
      throw AppError.of('PHONE_CODE_INVALID', { message, fields: [{ path: `${params.field}.code`, message }] })
    }
    const id = createHash('sha256').update(params.proof.requestId).digest('hex')
    const row = await this.deps.repository.find(id)
    if (!row || row.phone_hash !== this.hash('phone', params.phone)) return refuse('验证码不对：请核对手机号，或重新获取验证码')
    if (Date.parse(row.expires_at) <= now.getTime()) return refuse(`验证码已过期（${PHONE_CODE_TTL_SECONDS / 60} 分钟内有效），请重新获取`)
    const right = timingSafeEqual(this.codeHash(id, params.proof.code), Buffer.from(row.code_hash, 'hex'))
    if (right && row.verified_at) return
    if (row.tries >= PHONE_CODE_TRIES) return refuse(`这个验证码已经输错 ${PHONE_CODE_TRIES} 次，请重新获取`)
    if (right) {
      await this.deps.repository.markVerified({ id, at: now.toISOString() })
      return
    }
    const tries = await this.deps.repository.countWrongTry(row)
    const left = PHONE_CODE_TRIES - tries
    return refuse(left > 0 ? `验证码不对，还可以再试 ${left} 次` : `验证码不对，已经输错 ${PHONE_CODE_TRIES} 次，请重新获取`)
  }

  /** 查预约 by phone number and SMS code: that phone's bookings, newest slot first. */
  async lookup(params: { phone: string; proof: PhoneCodeProof }): Promise<Booking[]> {
    await this.verify({ phone: params.phone, proof: params.proof, field: 'phoneCode' })
    const rows = await this.deps.repository.bookingsOfPhone({ phone: params.phone, limit: LOOKUP_LIMIT })
    return rows.map(toBooking)
  }
}
