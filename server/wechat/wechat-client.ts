import axios, { type AxiosInstance } from 'axios'
import { z } from 'zod'

export interface WechatConfig {
  apiBase: string
  appId: string
  secret: string
  timeoutMs: number
}

const errorFields = { errcode: z.number().optional(), errmsg: z.string().optional() }
const sessionSchema = z.object({ openid: z.string().optional(), session_key: z.string().optional(), unionid: z.string().optional(), ...errorFields })
const tokenSchema = z.object({ access_token: z.string().optional(), expires_in: z.number().optional(), ...errorFields })
const sendSchema = z.object(errorFields)

export class WechatError extends Error {
  constructor(
    message: string,
    readonly errcode: number | null,
  ) {
    super(message)
    this.name = 'WechatError'
  }
}

/**
 * The few WeChat server APIs the BFF needs: code2Session (sign-in; the session_key never leaves
 * this class), an access token (cached until shortly before it expires), and subscription messages.
 */
export class WechatClient {
  private readonly http: AxiosInstance
  private token: { value: string; expiresAt: number } | null = null

  constructor(private readonly config: WechatConfig & { now: () => Date }) {
    this.http = axios.create({ baseURL: config.apiBase.replace(/\/+$/, ''), timeout: config.timeoutMs })
  }

  /** The user's openid for a one-time `wx.login` code. */
  async code2Session(code: string): Promise<{ openid: string; unionid: string | null }> {
    const response = await this.http.get('/sns/jscode2session', { params: { appid: this.config.appId, secret: this.config.secret, js_code: code, grant_type: 'authorization_code' } })
    const body = sessionSchema.parse(response.data)
    if (body.errcode || !body.openid) throw new WechatError(`微信登录失败（${body.errcode ?? '无 openid'} ${body.errmsg ?? ''}）`.trim(), body.errcode ?? null)
    return { openid: body.openid, unionid: body.unionid ?? null }
  }

  private async accessToken(): Promise<string> {
    const now = this.config.now().getTime()
    if (this.token && this.token.expiresAt > now) return this.token.value
    const response = await this.http.get('/cgi-bin/token', { params: { grant_type: 'client_credential', appid: this.config.appId, secret: this.config.secret } })
    const body = tokenSchema.parse(response.data)
    if (body.errcode || !body.access_token) throw new WechatError(`取微信 access_token 失败（${body.errcode ?? ''} ${body.errmsg ?? ''}）`.trim(), body.errcode ?? null)
    // refresh five minutes early: WeChat rejects a token the moment it expires
    this.token = { value: body.access_token, expiresAt: now + Math.max(60, (body.expires_in ?? 7200) - 300) * 1000 }
    return this.token.value
  }

  async sendSubscribeMessage(params: { openid: string; templateId: string; page: string; data: Record<string, string> }): Promise<void> {
    const send = async () => {
      const response = await this.http.post(
        '/cgi-bin/message/subscribe/send',
        { touser: params.openid, template_id: params.templateId, page: params.page, data: Object.fromEntries(Object.entries(params.data).map(([key, value]) => [key, { value }])) },
        { params: { access_token: await this.accessToken() } },
      )
      return sendSchema.parse(response.data)
    }
    let body = await send()
    // 40001/42001: the cached token was invalidated or expired early; fetch a new one once
    if (body.errcode === 40001 || body.errcode === 42001) {
      this.token = null
      body = await send()
    }
    if (body.errcode) throw new WechatError(`订阅消息发送失败（${body.errcode} ${body.errmsg ?? ''}）`.trim(), body.errcode)
  }
}
