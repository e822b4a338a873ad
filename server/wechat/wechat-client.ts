import axios, { type AxiosInstance } from 'axios'
import { z } from 'zod'
import { redactSecrets } from '../logging'

export interface WechatConfig {
  apiBase: string
  appId: string
  secret: string
  timeoutMs: number
}

const errorFields = { errcode: z.number().optional(), errmsg: z.string().optional() }
const sessionSchema = z.object({ openid: z.string().optional(), session_key: z.string().optional(), unionid: z.string().optional(), ...errorFields })
const tokenSchema = z.object({ access_token: z.string().optional(), expires_in: z.number().optional(), ...errorFields })
const errorSchema = z.object(errorFields)

export type WxacodeEnv = 'release' | 'trial' | 'develop'

function imageTypeOf(bytes: Buffer): 'image/png' | 'image/jpeg' | null {
  if (bytes.length > 8 && bytes.readUInt32BE(0) === 0x89504e47) return 'image/png'
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  return null
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/**
 * WeChat's errmsg may echo what it was sent (appid, secret, js_code, access_token, openid): a
 * WechatError keeps the errcode and the errmsg through `redactSecrets`, with the values of this call
 * named, so whoever logs or stores its message (the error log, `outbox.last_error`) holds no secret.
 */
function wechatFailure(params: {
  what: string
  errcode: number | null | undefined
  errmsg: string | null | undefined
  known: (string | null | undefined)[]
}): WechatError {
  const errmsg = params.errmsg ? redactSecrets(params.errmsg, { known: params.known }) : ''
  return new WechatError(`${params.what}（${params.errcode ?? ''} ${errmsg}`.trim() + '）', params.errcode ?? null)
}

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
 * this class), an access token (cached until shortly before it expires), subscription messages and
 * 小程序码.
 */
export class WechatClient {
  private readonly http: AxiosInstance
  private token: { value: string; expiresAt: number } | null = null

  constructor(private readonly config: WechatConfig & { now: () => Date }) {
    this.http = axios.create({ baseURL: config.apiBase.replace(/\/+$/, ''), timeout: config.timeoutMs })
  }

  /** The user's openid for a one-time `wx.login` code. */
  async code2Session(code: string): Promise<{ openid: string; unionid: string | null }> {
    const response = await this.http.get('/sns/jscode2session', {
      params: { appid: this.config.appId, secret: this.config.secret, js_code: code, grant_type: 'authorization_code' },
    })
    const body = sessionSchema.parse(response.data)
    if (body.errcode || !body.openid) {
      if (!body.errcode) throw new WechatError('微信登录失败（无 openid）', null)
      throw wechatFailure({ what: '微信登录失败', errcode: body.errcode, errmsg: body.errmsg, known: [this.config.appId, this.config.secret, code] })
    }
    return { openid: body.openid, unionid: body.unionid ?? null }
  }

  private tokenRequest: Promise<string> | null = null

  /**
   * The access token from /cgi-bin/stable_token: several BFF processes may share one appid, and
   * unlike /cgi-bin/token a stable token fetched by one does not invalidate the others'. Cached
   * until shortly before it expires; concurrent callers share one fetch.
   */
  private accessToken(params: { rejected?: string } = {}): Promise<string> {
    const now = this.config.now().getTime()
    if (this.token && this.token.expiresAt > now && this.token.value !== params.rejected) return Promise.resolve(this.token.value)
    this.tokenRequest ??= this.fetchToken(params).finally(() => {
      this.tokenRequest = null
    })
    return this.tokenRequest
  }

  private async fetchToken(params: { rejected?: string }): Promise<string> {
    const request = async (forceRefresh: boolean) => {
      const response = await this.http.post('/cgi-bin/stable_token', {
        grant_type: 'client_credential',
        appid: this.config.appId,
        secret: this.config.secret,
        force_refresh: forceRefresh,
      })
      const body = tokenSchema.parse(response.data)
      if (body.errcode || !body.access_token)
        throw wechatFailure({
          what: '取微信 access_token 失败',
          errcode: body.errcode,
          errmsg: body.errmsg,
          known: [this.config.appId, this.config.secret, params.rejected],
        })
      return { value: body.access_token, expiresIn: body.expires_in ?? 7200 }
    }
    let token = await request(false)
    // normal mode hands back the token WeChat just refused: only a forced refresh replaces it
    if (params.rejected && token.value === params.rejected) token = await request(true)
    // refresh five minutes early: WeChat rejects a token the moment it expires
    this.token = { value: token.value, expiresAt: this.config.now().getTime() + Math.max(60, token.expiresIn - 300) * 1000 }
    return token.value
  }

  /** Calls an API with the token; on 40001/42001 (invalidated or expired early) fetches a new one and calls once more. */
  private async withToken<T extends { errcode?: number }>(call: (token: string) => Promise<T>): Promise<{ answer: T; tokens: string[] }> {
    const token = await this.accessToken()
    const first = await call(token)
    if (first.errcode !== 40001 && first.errcode !== 42001) return { answer: first, tokens: [token] }
    const second = await this.accessToken({ rejected: token })
    return { answer: await call(second), tokens: [token, second] }
  }

  /**
   * A 小程序码 from getwxacodeunlimit. WeChat answers the image on success and JSON on failure,
   * whatever its Content-Type says, so the bytes decide. Only the released version checks that
   * the page exists; trial and develop codes open unpublished pages.
   */
  async unlimitedWxacode(params: {
    scene: string
    page: string
    envVersion: WxacodeEnv
    width: number
  }): Promise<{ image: Buffer; contentType: 'image/png' | 'image/jpeg' }> {
    const { answer, tokens } = await this.withToken(
      async (token): Promise<{ errcode?: number; errmsg?: string; image?: Buffer; contentType?: 'image/png' | 'image/jpeg' }> => {
        const response = await this.http.post<ArrayBuffer>(
          '/wxa/getwxacodeunlimit',
          { scene: params.scene, page: params.page, check_path: params.envVersion === 'release', env_version: params.envVersion, width: params.width },
          { params: { access_token: token }, responseType: 'arraybuffer' },
        )
        const bytes = Buffer.from(response.data)
        const contentType = imageTypeOf(bytes)
        if (contentType) return { image: bytes, contentType }
        const parsed = errorSchema.safeParse(parseJsonOrNull(bytes.toString('utf8')))
        return parsed.success && parsed.data.errcode ? parsed.data : { errcode: -1, errmsg: '微信返回的不是图片' }
      },
    )
    if (answer.image && answer.contentType) return { image: answer.image, contentType: answer.contentType }
    throw wechatFailure({ what: '生成小程序码失败', errcode: answer.errcode, errmsg: answer.errmsg, known: [this.config.appId, this.config.secret, ...tokens] })
  }

  async sendSubscribeMessage(params: { openid: string; templateId: string; page: string; data: Record<string, string> }): Promise<void> {
    const { answer: body, tokens } = await this.withToken(async (token) => {
      const response = await this.http.post(
        '/cgi-bin/message/subscribe/send',
        {
          touser: params.openid,
          template_id: params.templateId,
          page: params.page,
          data: Object.fromEntries(Object.entries(params.data).map(([key, value]) => [key, { value }])),
        },
        { params: { access_token: token } },
      )
      return errorSchema.parse(response.data)
    })
    if (body.errcode)
      throw wechatFailure({
        what: '订阅消息发送失败',
        errcode: body.errcode,
        errmsg: body.errmsg,
        known: [this.config.appId, this.config.secret, params.openid, ...tokens],
      })
  }
}
