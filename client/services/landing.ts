import { appPages, type AppPage } from '../../contracts/app-pages'
import { sceneSchema, type SceneTarget } from '../../contracts/scenes'

/** A page that can be opened from a printed code or a shared link. */
export type LandingPage = 'report' | 'station'

const PAGE_PATHS: Readonly<Record<LandingPage, AppPage>> = { report: 'pages/report/index', station: 'pages/station/index' }

export interface Landing {
  /** the report or station to show, or null when the link does not name one */
  id: string | null
  /** the reader's section anchor, when the link names one */
  section: string | null
  /** what to tell the user when the link cannot be read (they are offered 首页) */
  problem: string | null
  /** a 小程序码's scene, still to be resolved through the BFF (see resolveLanding) */
  scene: string | null
}

export const BROKEN_LINK = '这个链接不完整或有误，打不开。可以回首页再找。'
export const UNKNOWN_CODE = '这个码已失效或不是本服务的码。可以回首页再找。'

function decoded(value: string): string | null {
  try {
    return decodeURIComponent(value)
  } catch {
    return null
  }
}

const broken: Landing = { id: null, section: null, problem: BROKEN_LINK, scene: null }

/**
 * The app page and query an H5 link names (`https://…/pages/station/index?id=…`), or null when
 * it is not a link to one of our pages. Used for `q`, the whole scanned URL that WeChat passes
 * when a 普通链接二维码 rule opens the mini program with an H5 link printed on a poster.
 */
export function appLinkTarget(scanned: string): SceneTarget | null {
  let url: URL
  try {
    url = new URL(scanned)
  } catch {
    return null
  }
  const page = url.pathname.replace(/^\/+|\/+$/g, '')
  if (!(appPages as readonly string[]).includes(page)) return null
  const query: Record<string, string> = {}
  url.searchParams.forEach((value, key) => {
    query[key] = value
  })
  return { page: page as AppPage, query }
}

/**
 * What a page was opened with: `id` (and `section`) from an ordinary link; `q` (a scanned H5
 * link, see appLinkTarget); or `scene` from a 小程序码, which only the BFF can resolve.
 * Malformed input never throws: it becomes a `problem` in words.
 */
export function readLanding(params: { page: LandingPage; query: Readonly<Record<string, string | undefined>> }): Landing {
  const { query } = params
  if (query.scene !== undefined) {
    // WeChat hands the scene over URL-encoded (`r%3DK7Q2`)
    const scene = decoded(query.scene)
    return scene !== null && sceneSchema.safeParse(scene).success ? { id: null, section: null, problem: null, scene } : { ...broken, problem: UNKNOWN_CODE }
  }
  if (query.q !== undefined) {
    const scanned = decoded(query.q)
    const target = scanned === null ? null : appLinkTarget(scanned)
    if (!target || target.page !== PAGE_PATHS[params.page] || !target.query.id) return broken
    return { id: target.query.id, section: target.query.section ?? null, problem: null, scene: null }
  }
  const id = query.id === undefined || query.id === '' ? null : decoded(query.id)
  const section = query.section === undefined || query.section === '' ? null : decoded(query.section)
  if ((query.id && id === null) || (query.section && section === null)) return broken
  return { id, section, problem: null, scene: null }
}

/**
 * A resolved scene for this page: the landing to show, or the page to open instead when the
 * code leads elsewhere (a station's code scanned into the reader's path cannot happen with our
 * codes, but a code made for 首页 can lead anywhere).
 */
export function landingFromTarget(params: { page: LandingPage; target: SceneTarget }): { landing: Landing } | { openInstead: SceneTarget } {
  const { target } = params
  if (target.page !== PAGE_PATHS[params.page]) return { openInstead: target }
  return target.query.id ? { landing: { id: target.query.id, section: target.query.section ?? null, problem: null, scene: null } } : { landing: broken }
}

/** `/pages/…?a=1&b=2`, for navigateTo */
export function pageUrl(target: SceneTarget): string {
  const query = Object.entries(target.query)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&')
  return `/${target.page}${query ? `?${query}` : ''}`
}
