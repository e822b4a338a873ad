import { createHmac, randomUUID } from 'node:crypto'
import { z } from 'zod'
import { ProviderSms, providerAnswer, providerRefusal } from './provider-sms'
import { SMS_TEMPLATE_PARAMS, type SmsMessage, type SmsTemplates } from './sms-sender'

export interface AliyunSmsConfig {
  /** `https://dysmsapi.aliyuncs.com` unless a test points it elsewhere */
  baseUrl: string
  accessKeyId: string
  accessKeySecret: string
  signName: string
  templates: SmsTemplates
  timeoutMs: number
  now: () => Date
}

const answerSchema = z.object({ Code: z.string(), Message: z.string().optional(), RequestId: z.string().optional(), BizId: z.string().optional() })

/**
 * 阿里云's percent-encoding for RPC signatures (RFC 3986): everything but A–Z a–z 0–9 `-` `_` `.` `~`
 * as %XX of its UTF-8 bytes, upper-case hex; a space is %20, never `+`.
 */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * The RPC-style signature (SignatureMethod HMAC-SHA1, SignatureVersion 1.0): the parameters but
 * Signature, sorted by name, encoded and joined as `k=v&…`; the string to sign is
 * `POST&%2F&` + that query encoded once more; the key is AccessKeySecret + `&`; Base64 of the HMAC.
 */
export function aliyunSignature(params: { method: 'GET' | 'POST'; query: Readonly<Record<string, string>>; accessKeySecret: string }): string {
  const canonical = Object.keys(params.query)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(params.query[name])}`)
    .join('&')
  const stringToSign = `${params.method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(canonical)}`
  return createHmac('sha1', `${params.accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64')
}

/** 阿里云 SendSms answers `isv.BUSINESS_LIMIT_CONTROL` (and `isv.DAY_LIMIT_CONTROL`) when it limits a number. */
const LIMIT_CODES = /LIMIT_CONTROL|AMOUNT_NOT_ENOUGH/

/** 阿里云短信 SendSms (dysmsapi, API 2017-05-25), RPC style, signed with HMAC-SHA1. */
export class AliyunSms extends ProviderSms {
  readonly provider = 'aliyun'

  constructor(private readonly config: AliyunSmsConfig) {
    super({ secret: config.accessKeySecret, baseUrl: config.baseUrl, timeoutMs: config.timeoutMs, templates: config.templates })
  }

  async send(message: SmsMessage): Promise<void> {
    const templateCode = this.templateFor(message.kind)
    const templateParam = Object.fromEntries(SMS_TEMPLATE_PARAMS[message.kind].map((name) => [name, message.params[name] ?? '']))
    const query: Record<string, string> = {
      AccessKeyId: this.config.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: message.phone,
      RegionId: 'cn-hangzhou',
      SignName: this.config.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: templateCode,
      TemplateParam: JSON.stringify(templateParam),
      Timestamp: this.config
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    }
    query.Signature = aliyunSignature({ method: 'POST', query, accessKeySecret: this.config.accessKeySecret })
    const form = Object.entries(query)
      .map(([name, value]) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(value)}`)
      .join('&')
    const known = [this.config.accessKeyId, this.config.accessKeySecret, message.phone, query.Signature, ...Object.values(message.params)]
    const answer = await providerAnswer({
      provider: '阿里云短信',
      post: () => this.http.post('/', form, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
      schema: answerSchema,
    })
    if (answer.Code !== 'OK')
      throw providerRefusal({ what: '阿里云短信没有发出', code: answer.Code, message: answer.Message, known, limited: LIMIT_CODES.test(answer.Code) })
  }
}
