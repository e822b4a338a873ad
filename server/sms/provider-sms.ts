import axios, { type AxiosInstance, type CreateAxiosDefaults } from 'axios'
import type { z } from 'zod'
import {
  deriveHashKey,
  SmsError,
  summariseProviderMessage,
  type SmsMessage,
  type SmsMessageKind,
  type SmsProviderName,
  type SmsSender,
  type SmsTemplates,
} from './sms-sender'

/**
 * What 腾讯云短信 and 阿里云短信 (./tencent-sms.ts, ./aliyun-sms.ts) hold alike: the hash key from
 * their secret, an HTTP client for their base URL that lets every status through (their answer
 * says what went wrong), and a template per message. Each keeps only its signing and its answer.
 */
export abstract class ProviderSms implements SmsSender {
  abstract readonly provider: SmsProviderName
  readonly hashKey: Buffer
  protected readonly http: AxiosInstance

  constructor(
    private readonly settings: { secret: string; baseUrl: string; timeoutMs: number; templates: SmsTemplates },
    http: CreateAxiosDefaults = {},
  ) {
    this.hashKey = deriveHashKey(settings.secret)
    this.http = axios.create({ baseURL: settings.baseUrl.replace(/\/+$/, ''), timeout: settings.timeoutMs, ...http, validateStatus: () => true })
  }

  canSend(kind: SmsMessageKind): boolean {
    return Boolean(this.settings.templates[kind])
  }

  abstract send(message: SmsMessage): Promise<void>

  /** The template a message goes out with; none configured is a refusal before any call. */
  protected templateFor(kind: SmsMessageKind): string {
    const template = this.settings.templates[kind]
    if (!template) throw new SmsError(`没有配置“${kind}”的短信模板`, 'NO_TEMPLATE', false)
    return template
  }
}

/**
 * One call to a provider (`provider`: 阿里云短信, 腾讯云短信) and its answer read by `schema`: a call
 * that cannot connect is `NETWORK` (阿里云短信连不上（ECONNRESET）), an answer unlike the documented one `BAD_ANSWER`.
 */
export async function providerAnswer<T>(params: { provider: string; post: () => Promise<{ data: unknown }>; schema: z.ZodType<T> }): Promise<T> {
  let data: unknown
  try {
    data = (await params.post()).data
  } catch (error) {
    const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'NETWORK'
    throw new SmsError(`${params.provider}连不上（${code}）`, 'NETWORK', false)
  }
  const parsed = params.schema.safeParse(typeof data === 'string' ? safeJson(data) : data)
  if (!parsed.success) throw new SmsError(`${params.provider}的回答看不懂`, 'BAD_ANSWER', false)
  return parsed.data
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** A provider's refusal under its own code (`what`: 阿里云短信没有发出), its message summarised as above. */
export function providerRefusal(params: {
  what: string
  code: string
  message: string | undefined
  known: (string | undefined)[]
  limited: boolean
}): SmsError {
  return new SmsError(
    `${params.what}（${params.code} ${summariseProviderMessage(params.message, params.known)}）`.replace(' ）', '）'),
    params.code,
    params.limited,
  )
}
