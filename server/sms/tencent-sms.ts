import { createHash, createHmac } from 'node:crypto'
import { z } from 'zod'
import { ProviderSms, providerAnswer, providerRefusal } from './provider-sms'
import { e164, SmsError, templateValues, type SmsMessage, type SmsTemplates } from './sms-sender'

export interface TencentSmsConfig {
  /** `https://sms.tencentcloudapi.com` unless a test points it elsewhere */
  baseUrl: string
  secretId: string
  secretKey: string
  /** the SMS application's SdkAppId (短信应用) */
  sdkAppId: string
  region: string
  signName: string
  templates: SmsTemplates
  timeoutMs: number
  now: () => Date
}

const SERVICE = 'sms'
const ACTION = 'SendSms'
const VERSION = '2021-01-11'
const CONTENT_TYPE = 'application/json; charset=utf-8'

const answerSchema = z.object({
  Response: z.object({
    Error: z.object({ Code: z.string(), Message: z.string().optional() }).optional(),
    SendStatusSet: z.array(z.object({ Code: z.string(), Message: z.string().optional(), PhoneNumber: z.string().optional() })).optional(),
    RequestId: z.string().optional(),
  }),
})

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest()

/**
 * TC3-HMAC-SHA256 (腾讯云 API 签名方法 v3) for one POST of a JSON body to `/`: the canonical request
 * (method, URI `/`, empty query, the signed headers lower-cased and sorted, `name:value\n` each,
 * the body's SHA-256), the string to sign with the UTC date's credential scope, and the key chain
 * `TC3`+SecretKey → date → service → `tc3_request`. `headers`: what is signed (content-type and
 * host at least; SendSms signs x-tc-action too).
 */
export function tc3Authorization(params: {
  secretId: string
  secretKey: string
  headers: Readonly<Record<string, string>>
  body: string
  timestamp: number
  service: string
}): string {
  const date = new Date(params.timestamp * 1000).toISOString().slice(0, 10)
  const signed = Object.entries(params.headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim().toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const canonicalHeaders = signed.map(([name, value]) => `${name}:${value}\n`).join('')
  const signedHeaders = signed.map(([name]) => name).join(';')
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(params.body)].join('\n')
  const scope = `${date}/${params.service}/tc3_request`
  const stringToSign = ['TC3-HMAC-SHA256', String(params.timestamp), scope, sha256Hex(canonicalRequest)].join('\n')
  const signingKey = hmac(hmac(hmac(`TC3${params.secretKey}`, date), params.service), 'tc3_request')
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex')
  return `TC3-HMAC-SHA256 Credential=${params.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
}

/** 腾讯云短信 SendSms (API 2021-01-11), signed with TC3-HMAC-SHA256. */
export class TencentSms extends ProviderSms {
  readonly provider = 'tencent'

  constructor(private readonly config: TencentSmsConfig) {
    // JSON is sent as the exact bytes that were signed
    super(
      { secret: config.secretKey, baseUrl: config.baseUrl, timeoutMs: config.timeoutMs, templates: config.templates },
      { transformRequest: [(data: unknown) => data] },
    )
  }

  async send(message: SmsMessage): Promise<void> {
    const templateId = this.templateFor(message.kind)
    const body = JSON.stringify({
      PhoneNumberSet: [e164(message.phone)],
      SmsSdkAppId: this.config.sdkAppId,
      SignName: this.config.signName,
      TemplateId: templateId,
      TemplateParamSet: templateValues(message),
    })
    const timestamp = Math.floor(this.config.now().getTime() / 1000)
    const host = new URL(this.config.baseUrl).host
    const known = [this.config.secretId, this.config.secretKey, message.phone, ...Object.values(message.params)]
    const { Response: answer } = await providerAnswer({
      provider: '腾讯云短信',
      post: () =>
        this.http.post('/', body, {
          headers: {
            Authorization: tc3Authorization({
              secretId: this.config.secretId,
              secretKey: this.config.secretKey,
              headers: { 'content-type': CONTENT_TYPE, host, 'x-tc-action': ACTION },
              body,
              timestamp,
              service: SERVICE,
            }),
            'Content-Type': CONTENT_TYPE,
            'X-TC-Action': ACTION,
            'X-TC-Version': VERSION,
            'X-TC-Timestamp': String(timestamp),
            'X-TC-Region': this.config.region,
          },
        }),
      schema: answerSchema,
    })
    if (answer.Error)
      throw providerRefusal({
        what: '腾讯云短信拒绝了请求',
        code: answer.Error.Code,
        message: answer.Error.Message,
        known,
        limited: answer.Error.Code.startsWith('LimitExceeded'),
      })
    const status = answer.SendStatusSet?.[0]
    if (!status) throw new SmsError('腾讯云短信没有回发送结果', 'BAD_ANSWER', false)
    if (status.Code !== 'Ok')
      throw providerRefusal({ what: '腾讯云短信没有发出', code: status.Code, message: status.Message, known, limited: status.Code.startsWith('LimitExceeded') })
  }
}
