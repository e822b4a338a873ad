import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import type { AppPage, SceneTarget } from '../../contracts'
import { AppError } from '../errors/app-error'
import { WechatError, type WechatClient, type WxacodeEnv } from '../wechat/wechat-client'
import type { SceneRepository } from './scene.repository'

export type SceneKind = 'report' | 'station'

/** What each kind of code opens, and the letter its scenes start with (`r=K7Q2`, `s=9XPA`). */
export const SCENE_KINDS: Record<SceneKind, { page: AppPage; prefix: string }> = {
  report: { page: 'pages/report/index', prefix: 'r' },
  station: { page: 'pages/station/index', prefix: 's' },
}

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not misread
const SCENE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** `r=` + `length` random characters; 32 letters divide 256, so every character is equally likely. */
export function newSceneCode(params: { prefix: string; length: number; randomBytes: (size: number) => Buffer }): string {
  const bytes = params.randomBytes(params.length)
  let code = ''
  for (const byte of bytes) code += SCENE_ALPHABET[byte % 32]
  return `${params.prefix}=${code}`
}

export interface WxacodeImage {
  image: Buffer
  contentType: string
}

/** 1.3 cm per 100 px at 200 dpi: 640 px prints sharp at the poster's 80 mm */
const WXACODE_WIDTH = 640
const SHORTEST_CODE = 4
const ATTEMPTS_PER_LENGTH = 4
/**
 * How long a failed 小程序码 is answered from memory instead of asking WeChat again: a refusal
 * (41030, page not in the published version) lasts until the next release, so 10 minutes; an
 * unreachable or busy WeChat may be back soon, so 1 minute. Anonymous requests can then never turn into a
 * stream of WeChat calls (which count against the appid's daily quota).
 */
export const WXACODE_REFUSAL_MEMORY_MS = 10 * 60_000
export const WXACODE_UNREACHABLE_MEMORY_MS = 60_000

function wxacodeFailed(retryAfterSeconds: number): AppError {
  return AppError.of('WXACODE_FAILED', { message: '微信暂时没有生成小程序码，请稍后再试；也可以扫网页二维码', retryAfterSeconds })
}

/**
 * Scenes and 小程序码: a report or station gets one short scene the first time a code is asked
 * for; the image is fetched from WeChat once per mini program version and then served from the
 * database. Without WeChat configured, codes are unavailable; scenes still resolve.
 */
export class ScenesService {
  private readonly inFlight = new Map<string, Promise<WxacodeImage>>()
  /** scene|envVersion → until when a failed code is answered from memory (epoch ms) */
  private readonly failures = new Map<string, number>()

  constructor(
    private readonly deps: {
      repository: SceneRepository
      wechat: { client: WechatClient; envVersion: WxacodeEnv } | null
      now: () => Date
      logger: Logger
      randomBytes?: (size: number) => Buffer
    },
  ) {}

  get wxacodeAvailable(): boolean {
    return this.deps.wechat !== null
  }

  /** 404 WXACODE_UNAVAILABLE when WeChat is not configured: clients then show the H5 QR alone. */
  assertWxacodeAvailable(): { client: WechatClient; envVersion: WxacodeEnv } {
    if (!this.deps.wechat) throw AppError.of('WXACODE_UNAVAILABLE')
    return this.deps.wechat
  }

  async resolve(scene: string): Promise<SceneTarget> {
    const row = await this.deps.repository.findByScene(scene)
    if (!row) throw AppError.of('SCENE_NOT_FOUND')
    return { page: row.page as AppPage, query: { id: row.target_id } }
  }

  /** The target's scene, created on first use; concurrent first uses agree on one. */
  async sceneFor(params: { kind: SceneKind; targetId: string }): Promise<string> {
    const { page, prefix } = SCENE_KINDS[params.kind]
    const { repository } = this.deps
    const existing = await repository.findByTarget({ page, targetId: params.targetId })
    if (existing) return existing.scene
    for (let length = SHORTEST_CODE; length <= 30 - prefix.length; length += 1) {
      for (let attempt = 0; attempt < ATTEMPTS_PER_LENGTH; attempt += 1) {
        const scene = newSceneCode({ prefix, length, randomBytes: this.deps.randomBytes ?? randomBytes })
        if (await repository.insertScene({ scene, page, target_id: params.targetId, created_at: this.deps.now().toISOString() })) return scene
        // either another request gave this target its scene, or the code is taken: look which
        const winner = await repository.findByTarget({ page, targetId: params.targetId })
        if (winner) return winner.scene
      }
    }
    throw new Error('no free scene code')
  }

  /** The 小程序码 image of a report or station (the caller has checked that it exists). */
  async wxacode(params: { kind: SceneKind; targetId: string }): Promise<WxacodeImage> {
    const wechat = this.assertWxacodeAvailable()
    const scene = await this.sceneFor(params)
    const key = `${scene}|${wechat.envVersion}`
    const now = this.deps.now().getTime()
    const failedUntil = this.failures.get(key)
    if (failedUntil !== undefined && failedUntil > now) throw wxacodeFailed(Math.ceil((failedUntil - now) / 1000))
    let pending = this.inFlight.get(key)
    if (!pending) {
      pending = this.storedOrFetched({ scene, page: SCENE_KINDS[params.kind].page, wechat, key }).finally(() => this.inFlight.delete(key))
      this.inFlight.set(key, pending)
    }
    return pending
  }

  private async storedOrFetched(params: {
    scene: string
    page: string
    wechat: { client: WechatClient; envVersion: WxacodeEnv }
    key: string
  }): Promise<WxacodeImage> {
    const { repository, logger } = this.deps
    const envVersion = params.wechat.envVersion
    const stored = await repository.findCode({ scene: params.scene, envVersion })
    if (stored) return { image: Buffer.from(stored.image_base64, 'base64'), contentType: stored.content_type }
    let fetched: { image: Buffer; contentType: string }
    try {
      fetched = await params.wechat.client.unlimitedWxacode({ scene: params.scene, page: params.page, envVersion, width: WXACODE_WIDTH })
    } catch (error) {
      // the logger's err serializer keeps a summary: never the request, whose URL holds the access token
      logger.warn({ err: error, page: params.page }, 'wxacode fetch failed')
      // -1 is WeChat's 系统繁忙: passing, like an unreachable WeChat
      const refused = error instanceof WechatError && error.errcode !== null && error.errcode !== -1
      const memoryMs = refused ? WXACODE_REFUSAL_MEMORY_MS : WXACODE_UNREACHABLE_MEMORY_MS
      const now = this.deps.now().getTime()
      // only targets that exist get here (the route checks), so the map is bounded by reports + stations
      for (const [key, until] of this.failures) if (until <= now) this.failures.delete(key)
      this.failures.set(params.key, now + memoryMs)
      throw wxacodeFailed(memoryMs / 1000)
    }
    this.failures.delete(params.key)
    await repository.saveCode({
      scene: params.scene,
      env_version: envVersion,
      content_type: fetched.contentType,
      image_base64: fetched.image.toString('base64'),
      fetched_at: this.deps.now().toISOString(),
    })
    return fetched
  }
}
