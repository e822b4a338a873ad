import { hkdfSync } from 'node:crypto'
import { redactSecrets } from '../logging'

/**
 * The messages the BFF sends by SMS, each with its own 短信模板 at the provider. Parameters are named
 * (阿里云's TemplateParam is a JSON object) and ordered (腾讯云's TemplateParamSet is a list: {1}, {2}, …):
 * - `code`: 验证码 {code} (5 分钟内有效)
 * - `booking_created`: {station} {time} {code} — 预约成功
 * - `booking_reminder`: {station} {time} {code} — 明天的法律援助咨询
 * - `booking_cancelled`: {station} {time} — 预约已取消
 */
export type SmsMessageKind = 'code' | 'booking_created' | 'booking_reminder' | 'booking_cancelled'

export const SMS_TEMPLATE_PARAMS: Readonly<Record<SmsMessageKind, readonly string[]>> = {
  code: ['code'],
  booking_created: ['station', 'time', 'code'],
  booking_reminder: ['station', 'time', 'code'],
  booking_cancelled: ['station', 'time'],
}

export type SmsProviderName = 'tencent' | 'aliyun'

/** 短信模板 ids per message; a message without one is not sent by SMS (logged instead). */
export type SmsTemplates = { code: string } & Partial<Record<Exclude<SmsMessageKind, 'code'>, string>>

export interface SmsMessage {
  /** a mainland mobile number, 11 digits (`13800138000`) */
  phone: string
  kind: SmsMessageKind
  /** the template's parameters by name, see SMS_TEMPLATE_PARAMS */
  params: Readonly<Record<string, string>>
}

/** One interface over 腾讯云短信 and 阿里云短信 (./tencent-sms.ts, ./aliyun-sms.ts). */
export interface SmsSender {
  readonly provider: SmsProviderName
  /** true when a template is configured for this message */
  canSend(kind: SmsMessageKind): boolean
  /** Sends one templated message; throws SmsError when the provider refuses or cannot be reached. */
  send(message: SmsMessage): Promise<void>
  /**
   * A key for keyed hashes of phones, addresses and openids (HKDF of the provider secret): stable
   * across BFF instances with the same credentials, and a database copy alone cannot reverse them.
   */
  readonly hashKey: Buffer
}

/**
 * A refused or failed send. `code` is the provider's (腾讯云 `LimitExceeded.PhoneNumberDailyLimit`,
 * 阿里云 `isv.BUSINESS_LIMIT_CONTROL`) or `NETWORK`; the message never holds the phone, the
 * credentials or the request (providers' messages can echo the string they signed: summarised).
 */
export class SmsError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** the provider limits this phone (per minute/hour/day): a retry now cannot succeed */
    readonly limited: boolean,
  ) {
    super(message)
    this.name = 'SmsError'
  }
}

/** Provider codes that say the number itself cannot get SMS (wrong, or blacklisted): retrying cannot help. */
const UNDELIVERABLE = /IncorrectPhoneNumber|PhoneNumberInBlacklist|MOBILE_NUMBER_ILLEGAL|BLACK_KEY_CONTROL_LIMIT/

export function isUndeliverable(error: unknown): boolean {
  return error instanceof SmsError && UNDELIVERABLE.test(error.code)
}

/** The values of a message as the provider takes them: every named parameter, in template order. */
export function templateValues(message: SmsMessage): string[] {
  return SMS_TEMPLATE_PARAMS[message.kind].map((name) => message.params[name] ?? '')
}

/**
 * A provider's error message as the BFF keeps it: only the first line, at most 120 characters, and
 * nothing after a `:` that starts an echo (阿里云's SignatureDoesNotMatch says "server string to sign
 * is:POST&%2F&AccessKeyId%3D…"), redacted of the call's known values, phones and long tokens.
 */
export function summariseProviderMessage(message: string | undefined, known: (string | undefined)[]): string {
  if (!message) return ''
  const firstLine = message.split(/\r?\n/)[0]
  const cut = firstLine.search(/string to sign|StringToSign|CanonicalRequest|canonical request/i)
  const kept = cut >= 0 ? `${firstLine.slice(0, cut).trim()} …` : firstLine
  return redactSecrets(kept, { known }).slice(0, 120)
}

export function deriveHashKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'fazhitong-sms', 'phone-code-hashes', 32))
}

/** `+86` and the 11 digits, as both providers take a mainland number. */
export function e164(phone: string): string {
  return `+86${phone}`
}
