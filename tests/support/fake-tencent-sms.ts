import { createHash, createHmac, randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { startBff, type BffProcess } from './bff-process'
import type { FakeSmsProvider } from './fake-sms'
import { readRequestBody, startFakeUpstream } from './fake-upstream'
import { lateBound, suiteFixture } from './suite-fixture'

export interface TencentSmsSent {
  /** as sent, `+8613800138000` */
  phoneNumber: string
  sdkAppId: string
  signName: string
  templateId: string
  params: string[]
}

/** `failNext`: a SendStatusSet Code such as `LimitExceeded.PhoneNumberDailyLimit` */
export type FakeTencentSms = FakeSmsProvider<TencentSmsSent>

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest()

/**
 * The signature 腾讯云 expects for a request as it arrived: the signed headers' values taken from
 * the request (trimmed, lower-cased), in the order SignedHeaders names them.
 */
export function tc3ExpectedSignature(params: {
  secretKey: string
  date: string
  service: string
  timestamp: number
  signedHeaders: string
  header: (name: string) => string
  body: string
}): string {
  const names = params.signedHeaders.split(';')
  const canonicalHeaders = names.map((name) => `${name}:${params.header(name).trim().toLowerCase()}\n`).join('')
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, params.signedHeaders, sha256(params.body)].join('\n')
  const stringToSign = ['TC3-HMAC-SHA256', String(params.timestamp), `${params.date}/${params.service}/tc3_request`, sha256(canonicalRequest)].join('\n')
  const key = hmac(hmac(hmac(`TC3${params.secretKey}`, params.date), params.service), 'tc3_request')
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex')
}

function answer(res: ServerResponse, body: unknown): void {
  // 腾讯云 API 3.0 answers 200 with `Response` for success and for errors alike
  res.writeHead(200, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify({ Response: { ...(body as object), RequestId: randomUUID() } }))
}

/**
 * 腾讯云短信 SendSms (2021-01-11) on 127.0.0.1, checking TC3-HMAC-SHA256 as 腾讯云 does: the
 * Authorization header's credential scope, the signed headers taken from the request as it
 * arrived, the body's hash, the key chain from the SecretKey it knows for the SecretId; answers
 * `Response.SendStatusSet[]` or `Response.Error` as the real API.
 */
export async function startFakeTencentSms(params: { secretId: string; secretKey: string; sdkAppId: string; now?: () => Date }): Promise<FakeTencentSms> {
  const upstream = await startFakeUpstream()
  const fake: FakeTencentSms = {
    baseUrl: upstream.baseUrl,
    upstream,
    sent: [],
    refused: [],
    failNext: null,
    lastCode(phone) {
      const last = [...fake.sent].reverse().find((message) => message.phoneNumber === `+86${phone}` && message.params.length === 1)
      return last ? last.params[0] : null
    },
    close: () => upstream.close(),
  }
  const refuse = (res: ServerResponse, code: string, message: string) => {
    fake.refused.push({ code })
    answer(res, { Error: { Code: code, Message: message } })
  }
  upstream.respond((req, res) => {
    void (async () => {
      const body = await readRequestBody(req)
      const header = (name: string) => {
        const value = req.headers[name]
        return Array.isArray(value) ? value.join(',') : (value ?? '')
      }
      if (req.method !== 'POST' || header('x-tc-action') !== 'SendSms' || header('x-tc-version') !== '2021-01-11')
        return refuse(res, 'InvalidAction', '接口不存在。')
      const authorization =
        /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
          header('authorization'),
        )
      if (!authorization) return refuse(res, 'AuthFailure.InvalidAuthorization', 'Authorization 不符合腾讯云标准。')
      const [, secretId, date, service, signedHeaders, signature] = authorization
      if (secretId !== params.secretId) return refuse(res, 'AuthFailure.SecretIdNotFound', '密钥不存在。')
      const timestamp = Number(header('x-tc-timestamp'))
      if (!Number.isInteger(timestamp) || new Date(timestamp * 1000).toISOString().slice(0, 10) !== date || service !== 'sms')
        return refuse(res, 'AuthFailure.SignatureFailure', '请求签名验证失败，请检查您的签名计算是否正确。')
      // 腾讯云 refuses a timestamp more than 5 minutes from its clock (given: the test's clock)
      if (params.now && Math.abs(params.now().getTime() / 1000 - timestamp) > 300)
        return refuse(res, 'AuthFailure.SignatureExpire', '签名过期。Timestamp 和服务器时间相差不得超过五分钟，请检查本地时间是否和标准时间同步。')
      const names = signedHeaders.split(';')
      if (!names.includes('content-type') || !names.includes('host'))
        return refuse(res, 'AuthFailure.SignatureFailure', '请求签名验证失败，请检查您的签名计算是否正确。')
      const expected = tc3ExpectedSignature({ secretKey: params.secretKey, date, service, timestamp, signedHeaders, header, body })
      if (expected !== signature) return refuse(res, 'AuthFailure.SignatureFailure', '请求签名验证失败，请检查您的签名计算是否正确。')
      const request = JSON.parse(body) as {
        PhoneNumberSet?: string[]
        SmsSdkAppId?: string
        SignName?: string
        TemplateId?: string
        TemplateParamSet?: string[]
      }
      if (request.SmsSdkAppId !== params.sdkAppId)
        return answer(res, { Error: { Code: 'FailedOperation.SmsSdkAppIdVerifyFail', Message: 'SdkAppId 校验失败。' } })
      const phoneNumber = request.PhoneNumberSet?.[0] ?? ''
      if (fake.failNext !== null) {
        const code = fake.failNext as string
        fake.failNext = null
        return answer(res, {
          SendStatusSet: [{ SerialNo: '', PhoneNumber: phoneNumber, Fee: 0, SessionContext: '', Code: code, Message: `${code} ${phoneNumber}`, IsoCode: 'CN' }],
        })
      }
      fake.sent.push({
        phoneNumber,
        sdkAppId: request.SmsSdkAppId,
        signName: request.SignName ?? '',
        templateId: request.TemplateId ?? '',
        params: request.TemplateParamSet ?? [],
      })
      answer(res, {
        SendStatusSet: [{ SerialNo: randomUUID(), PhoneNumber: phoneNumber, Fee: 1, SessionContext: '', Code: 'Ok', Message: 'send success', IsoCode: 'CN' }],
      })
    })()
  })
  return fake
}

/**
 * A BFF process that sends its SMS (SMS_PROVIDER=tencent) to a fake 腾讯云短信 on 127.0.0.1, for a
 * whole `describe`: the fake starts first (the BFF is given its address), and stops after the BFF.
 */
export function bffWithFakeTencentSmsForSuite(
  keys: { secretId: string; secretKey: string; sdkAppId: string },
  env: Record<string, string> = {},
): { bff: BffProcess; fake: FakeTencentSms } {
  const started = suiteFixture(
    async () => {
      const fake = await startFakeTencentSms(keys)
      try {
        const bff = await startBff({
          env: {
            ...env,
            SMS_PROVIDER: 'tencent',
            SMS_API_BASE: fake.baseUrl,
            SMS_SIGN_NAME: '秀山司法',
            SMS_TEMPLATE_CODE: '1900001',
            TENCENT_SMS_SECRET_ID: keys.secretId,
            TENCENT_SMS_SECRET_KEY: keys.secretKey,
            TENCENT_SMS_SDK_APP_ID: keys.sdkAppId,
          },
        })
        return { bff, fake }
      } catch (error) {
        await fake.close()
        throw error
      }
    },
    async ({ bff, fake }) => {
      await bff.stop()
      bff.cleanup()
      await fake.close()
    },
  )
  return { bff: lateBound(() => started.bff), fake: lateBound(() => started.fake) }
}
