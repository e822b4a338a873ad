import type { IncomingMessage, ServerResponse } from 'node:http'
import { deflateSync } from 'node:zlib'
import { readRequestBody, startFakeUpstream, type FakeUpstream } from './fake-upstream'

export interface WxacodeRequest {
  accessToken: string
  body: { scene?: string; page?: string; check_path?: boolean; env_version?: string; width?: number }
}

export interface FakeWechat {
  baseUrl: string
  upstream: FakeUpstream
  /** subscription messages received, in order */
  messages: { accessToken: string; body: { touser: string; template_id: string; page: string; data: Record<string, { value: string }> } }[]
  /** getwxacodeunlimit calls, in order, also the refused ones */
  wxacodeRequests: WxacodeRequest[]
  tokensIssued: number
  /** stable_token calls with force_refresh: true */
  forcedRefreshes: number
  /** the next send answers this errcode once (e.g. 40001: token invalid) */
  failNextSend: number | null
  /** the next getwxacodeunlimit answers this errcode once (e.g. 41030: page not published) */
  failNextWxacode: number | null
  /**
   * one-time subscription credits per openid (one per 允许 tap), as WeChat keeps them: a send
   * spends one, and a send without one answers 43101. Unset: every send is accepted.
   */
  credits: Record<string, number> | null
  /**
   * errmsg echoes what the request carried (appid, secret, js_code, access_token, touser), as WeChat's
   * answers have been seen to: the BFF must not log or store it
   */
  echoInput: boolean
  /** pages of the published version (check_path: true is refused with 41030 for others); null: all */
  publishedPages: string[] | null
  /** every token issued so far stops working: 40001 (invalidated) or 42001 (expired) */
  invalidateTokens(errcode: 40001 | 42001): void
  close(): Promise<void>
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readRequestBody(req)
  return raw ? (JSON.parse(raw) as unknown) : {}
}

/**
 * A small server that speaks the WeChat server API the BFF uses, with WeChat's JSON and errcode
 * shapes: /sns/jscode2session, /cgi-bin/token, /cgi-bin/stable_token (normal mode hands out the
 * token still valid; force_refresh issues a new one), /cgi-bin/message/subscribe/send and
 * /wxa/getwxacodeunlimit (a PNG on success, JSON on failure, as WeChat answers).
 */
export async function startFakeWechat(params: { appId: string; secret: string; codes: Record<string, string> }): Promise<FakeWechat> {
  const upstream = await startFakeUpstream()
  // token → null while it works, else the errcode WeChat answers for it
  const tokens = new Map<string, 40001 | 42001 | null>()
  let current: string | null = null
  const fake: FakeWechat = {
    baseUrl: upstream.baseUrl,
    upstream,
    messages: [],
    wxacodeRequests: [],
    tokensIssued: 0,
    forcedRefreshes: 0,
    failNextSend: null,
    failNextWxacode: null,
    credits: null,
    publishedPages: null,
    echoInput: false,
    invalidateTokens(errcode) {
      for (const token of tokens.keys()) tokens.set(token, errcode)
      current = null
    },
    close: () => upstream.close(),
  }
  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  const issueToken = () => {
    fake.tokensIssued += 1
    current = `TOKEN-${fake.tokensIssued}`
    tokens.set(current, null)
    return { access_token: current, expires_in: 7200 }
  }
  /** null when the request's token works, else WeChat's error answer */
  const tokenProblem = (url: URL): { errcode: number; errmsg: string } | null => {
    const state = tokens.get(url.searchParams.get('access_token') ?? '')
    if (state === undefined || state === 40001) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' }
    if (state === 42001) return { errcode: 42001, errmsg: 'access_token expired' }
    return null
  }
  const RID = ' rid: 6561a2b3-0a1b2c3d-4e5f6a7b'
  const echo = (errmsg: string, input: Record<string, unknown>) =>
    fake.echoInput
      ? `${errmsg}, hints: [ ${Object.entries(input)
          .map(([key, value]) => `${key}: ${String(value)}`)
          .join(' ')} ]${RID}`
      : errmsg
  upstream.respond((req, res) => {
    const url = new URL(req.url ?? '/', fake.baseUrl)
    if (url.pathname === '/sns/jscode2session') {
      const input = Object.fromEntries(url.searchParams)
      if (url.searchParams.get('appid') !== params.appId || url.searchParams.get('secret') !== params.secret)
        return json(res, { errcode: 40125, errmsg: echo('invalid appsecret', input) })
      const openid = params.codes[url.searchParams.get('js_code') ?? '']
      // a code is valid once, as on WeChat
      if (!openid) return json(res, { errcode: 40029, errmsg: echo('invalid code', input) })
      delete params.codes[url.searchParams.get('js_code') ?? '']
      return json(res, { openid, session_key: 'SESSION-KEY-MUST-NOT-LEAK' })
    }
    if (url.pathname === '/cgi-bin/token') {
      if (url.searchParams.get('appid') !== params.appId || url.searchParams.get('secret') !== params.secret)
        return json(res, { errcode: 40001, errmsg: 'invalid credential' })
      return json(res, issueToken())
    }
    if (url.pathname === '/cgi-bin/stable_token' && req.method === 'POST') {
      void readJson(req).then((body) => {
        const { appid, secret, grant_type: grantType, force_refresh: forceRefresh } = body as Record<string, unknown>
        if (grantType !== 'client_credential') return json(res, { errcode: 40002, errmsg: 'invalid grant_type' })
        if (appid !== params.appId || secret !== params.secret) return json(res, { errcode: 40125, errmsg: echo('invalid appsecret', { appid, secret }) })
        if (forceRefresh === true) {
          fake.forcedRefreshes += 1
          if (current) tokens.set(current, 40001)
          return json(res, issueToken())
        }
        if (current && tokens.get(current) === null) return json(res, { access_token: current, expires_in: 7200 })
        return json(res, issueToken())
      })
      return
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      void readJson(req).then((body) => {
        if (fake.failNextSend !== null) {
          const errcode = fake.failNextSend
          fake.failNextSend = null
          return json(res, {
            errcode,
            errmsg: echo('failed', { access_token: url.searchParams.get('access_token'), touser: (body as { touser?: string }).touser }),
          })
        }
        const problem = tokenProblem(url)
        if (problem) return json(res, problem)
        const message = body as FakeWechat['messages'][number]['body']
        if (fake.credits) {
          if ((fake.credits[message.touser] ?? 0) <= 0) return json(res, { errcode: 43101, errmsg: 'user refuse to accept the msg' })
          fake.credits[message.touser] -= 1
        }
        fake.messages.push({ accessToken: url.searchParams.get('access_token') ?? '', body: message })
        json(res, { errcode: 0, errmsg: 'ok' })
      })
      return
    }
    if (url.pathname === '/wxa/getwxacodeunlimit' && req.method === 'POST') {
      void readJson(req).then((raw) => {
        const body = raw as WxacodeRequest['body']
        fake.wxacodeRequests.push({ accessToken: url.searchParams.get('access_token') ?? '', body })
        const problem = tokenProblem(url)
        if (problem) return json(res, problem)
        if (fake.failNextWxacode !== null) {
          const errcode = fake.failNextWxacode
          fake.failNextWxacode = null
          return json(res, { errcode, errmsg: errcode === 41030 ? 'invalid page rid: fake' : 'system error' })
        }
        const scene = body.scene ?? ''
        if (!scene || scene.length > 32 || !/^[0-9A-Za-z!#$&'()*+,/:;=?@._~-]+$/.test(scene))
          return json(res, { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' })
        if (body.check_path !== false && fake.publishedPages && !fake.publishedPages.includes(body.page ?? ''))
          return json(res, { errcode: 41030, errmsg: 'invalid page rid: fake' })
        // a real image, so the BFF's sniffing and the browser's decoding are exercised
        const image = pngOf({ size: 32, text: `${body.page ?? ''}?scene=${scene}&width=${String(body.width ?? 430)}` })
        res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': image.length })
        res.end(image)
      })
      return
    }
    res.writeHead(404)
    res.end()
  })
  return fake
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/**
 * A small valid PNG (a grey square) whose tEXt chunk names what it encodes, so two codes differ
 * byte for byte. Built by hand: the qrcode package's PNG encoder takes seconds under jest.
 */
function pngOf(params: { size: number; text: string }): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(params.size, 0)
  header.writeUInt32BE(params.size, 4)
  header.writeUInt8(8, 8) // bit depth
  header.writeUInt8(0, 9) // greyscale
  const rows = Buffer.alloc((params.size + 1) * params.size, 0x80)
  for (let row = 0; row < params.size; row += 1) rows[row * (params.size + 1)] = 0 // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('tEXt', Buffer.from(`Comment\0${params.text}`, 'latin1')),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}
