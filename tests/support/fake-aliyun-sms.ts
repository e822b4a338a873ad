import { createHmac, randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { FakeSmsProvider } from './fake-sms'
import { readRequestBody, startFakeUpstream } from './fake-upstream'

export interface AliyunSmsSent {
  phoneNumbers: string
  signName: string
  templateCode: string
  templateParam: Record<string, string>
}

/** `failNext`: a Code such as `isv.BUSINESS_LIMIT_CONTROL` */
export type FakeAliyunSms = FakeSmsProvider<AliyunSmsSent>

/** RFC 3986 percent-encoding byte by byte, as 阿里云's POP gateway canonicalises (written apart from the BFF's). */
function percentEncode(text: string): string {
  let out = ''
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte)
    out += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** 阿里云's string to sign and signature for these parameters (Signature itself left out). */
export function aliyunExpectedSignature(params: { method: string; query: Readonly<Record<string, string>>; accessKeySecret: string }): {
  stringToSign: string
  signature: string
} {
  const canonical = Object.keys(params.query)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params.query[name])}`)
    .join('&')
  const stringToSign = `${params.method}&${percentEncode('/')}&${percentEncode(canonical)}`
  return { stringToSign, signature: createHmac('sha1', `${params.accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64') }
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8' })
  res.end(JSON.stringify({ RequestId: randomUUID().toUpperCase(), ...body }))
}

/**
 * 阿里云短信 SendSms (dysmsapi 2017-05-25, RPC) on 127.0.0.1: takes the parameters from the query
 * and the form body, recomputes the HMAC-SHA1 signature over `POST&%2F&` + the sorted, encoded
 * parameters with the AccessKeySecret it knows, refuses a used SignatureNonce, and answers as the
 * real API: `Code: "OK"` with a BizId, `isv.*` codes, or HTTP 400 `SignatureDoesNotMatch` whose
 * Message echoes the server's string to sign (the BFF must not keep it whole).
 */
export async function startFakeAliyunSms(params: { accessKeyId: string; accessKeySecret: string }): Promise<FakeAliyunSms> {
  const upstream = await startFakeUpstream()
  const nonces = new Set<string>()
  const fake: FakeAliyunSms = {
    baseUrl: upstream.baseUrl,
    upstream,
    sent: [],
    refused: [],
    failNext: null,
    lastCode(phone) {
      const last = [...fake.sent]
        .reverse()
        .find((message) => message.phoneNumbers === phone && 'code' in message.templateParam && Object.keys(message.templateParam).length === 1)
      return last ? last.templateParam.code : null
    },
    close: () => upstream.close(),
  }
  upstream.respond((req, res) => {
    void (async () => {
      const body = await readRequestBody(req)
      const url = new URL(req.url ?? '/', 'http://fake')
      const values = new Map<string, string>([...url.searchParams, ...new URLSearchParams(body)])
      const query = Object.fromEntries(values)
      const refuse = (status: number, code: string, message: string) => {
        fake.refused.push({ code })
        answer(res, status, { HostId: 'dysmsapi.aliyuncs.com', Code: code, Message: message, Recommend: 'https://api.aliyun.com/troubleshoot' })
      }
      if (query.Action !== 'SendSms' || query.Version !== '2017-05-25')
        return refuse(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.')
      if (query.SignatureMethod !== 'HMAC-SHA1' || query.SignatureVersion !== '1.0')
        return refuse(400, 'InvalidSignatureMethod', 'Specified signature method is not valid.')
      if (query.AccessKeyId !== params.accessKeyId) return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.')
      if (!query.Timestamp || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(query.Timestamp))
        return refuse(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.')
      const { stringToSign, signature: expected } = aliyunExpectedSignature({ method: req.method ?? 'POST', query, accessKeySecret: params.accessKeySecret })
      if (expected !== query.Signature)
        return refuse(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`)
      if (!query.SignatureNonce || nonces.has(query.SignatureNonce)) return refuse(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.')
      nonces.add(query.SignatureNonce)
      if (fake.failNext) {
        const code = fake.failNext
        fake.failNext = null
        return answer(res, 200, { Code: code, Message: code === 'isv.BUSINESS_LIMIT_CONTROL' ? '触发小时级流控Permits:5' : `${code}: ${query.PhoneNumbers}` })
      }
      fake.sent.push({
        phoneNumbers: query.PhoneNumbers ?? '',
        signName: query.SignName ?? '',
        templateCode: query.TemplateCode ?? '',
        templateParam: JSON.parse(query.TemplateParam ?? '{}') as Record<string, string>,
      })
      answer(res, 200, { Code: 'OK', Message: 'OK', BizId: `${Date.now()}^0` })
    })()
  })
  return fake
}
