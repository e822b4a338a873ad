import type { ServerResponse } from 'node:http'
import { startFakeUpstream, type FakeUpstream } from './fake-upstream'

export interface FakeWechat {
  baseUrl: string
  upstream: FakeUpstream
  /** subscription messages received, in order */
  messages: { accessToken: string; body: { touser: string; template_id: string; page: string; data: Record<string, { value: string }> } }[]
  tokensIssued: number
  /** the next send answers this errcode once (e.g. 40001: token invalid) */
  failNextSend: number | null
  /**
   * one-time subscription credits per openid (one per 允许 tap), as WeChat keeps them: a send
   * spends one, and a send without one answers 43101. Unset: every send is accepted.
   */
  credits: Record<string, number> | null
  close(): Promise<void>
}

/**
 * A small server that speaks the WeChat server API the BFF uses: /sns/jscode2session,
 * /cgi-bin/token and /cgi-bin/message/subscribe/send, with WeChat's JSON and errcode shapes.
 */
export async function startFakeWechat(params: { appId: string; secret: string; codes: Record<string, string> }): Promise<FakeWechat> {
  const upstream = await startFakeUpstream()
  const fake: FakeWechat = { baseUrl: upstream.baseUrl, upstream, messages: [], tokensIssued: 0, failNextSend: null, credits: null, close: () => upstream.close() }
  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  upstream.respond((req, res) => {
    const url = new URL(req.url ?? '/', fake.baseUrl)
    if (url.pathname === '/sns/jscode2session') {
      if (url.searchParams.get('appid') !== params.appId || url.searchParams.get('secret') !== params.secret) return json(res, { errcode: 40125, errmsg: 'invalid appsecret' })
      const openid = params.codes[url.searchParams.get('js_code') ?? '']
      // a code is valid once, as on WeChat
      if (!openid) return json(res, { errcode: 40029, errmsg: 'invalid code' })
      delete params.codes[url.searchParams.get('js_code') ?? '']
      return json(res, { openid, session_key: 'SESSION-KEY-MUST-NOT-LEAK' })
    }
    if (url.pathname === '/cgi-bin/token') {
      if (url.searchParams.get('appid') !== params.appId || url.searchParams.get('secret') !== params.secret) return json(res, { errcode: 40001, errmsg: 'invalid credential' })
      fake.tokensIssued += 1
      return json(res, { access_token: `TOKEN-${fake.tokensIssued}`, expires_in: 7200 })
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      let raw = ''
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
      req.on('end', () => {
        if (fake.failNextSend !== null) {
          const errcode = fake.failNextSend
          fake.failNextSend = null
          return json(res, { errcode, errmsg: 'failed' })
        }
        if (!url.searchParams.get('access_token')?.startsWith('TOKEN-')) return json(res, { errcode: 40001, errmsg: 'invalid credential' })
        const touser = (JSON.parse(raw) as { touser: string }).touser
        if (fake.credits) {
          if ((fake.credits[touser] ?? 0) <= 0) return json(res, { errcode: 43101, errmsg: 'user refuse to accept the msg' })
          fake.credits[touser] -= 1
        }
        fake.messages.push({ accessToken: url.searchParams.get('access_token') ?? '', body: JSON.parse(raw) as FakeWechat['messages'][number]['body'] })
        json(res, { errcode: 0, errmsg: 'ok' })
      })
      return
    }
    res.writeHead(404)
    res.end()
  })
  return fake
}
