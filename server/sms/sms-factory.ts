import { AliyunSms } from './aliyun-sms'
import type { SmsSender, SmsTemplates } from './sms-sender'
import { TencentSms } from './tencent-sms'

/** server/config.ts `sms`: the provider chosen by SMS_PROVIDER with its credentials, 签名 and 模板. */
export type SmsSettings =
  | { provider: 'tencent'; baseUrl: string; secretId: string; secretKey: string; sdkAppId: string; region: string; signName: string; templates: SmsTemplates }
  | { provider: 'aliyun'; baseUrl: string; accessKeyId: string; accessKeySecret: string; signName: string; templates: SmsTemplates }

export const SMS_DEFAULT_BASE_URLS = { tencent: 'https://sms.tencentcloudapi.com', aliyun: 'https://dysmsapi.aliyuncs.com' } as const

export function createSmsSender(settings: SmsSettings, options: { timeoutMs: number; now: () => Date }): SmsSender {
  return settings.provider === 'tencent' ? new TencentSms({ ...settings, ...options }) : new AliyunSms({ ...settings, ...options })
}

/** The start-up line: which provider and which messages, never a credential, 签名 or template id. */
export function describeSms(settings: SmsSettings | null): { sms: string; messages?: string[] } {
  if (!settings) return { sms: 'off' }
  return {
    sms: settings.provider,
    messages: Object.entries(settings.templates)
      .filter(([, id]) => id)
      .map(([kind]) => kind),
  }
}
