/** A page that can be opened from a printed code or a shared link. */
export type LandingPage = 'report' | 'station'

const PAGE_PATHS: Readonly<Record<LandingPage, string>> = { report: '/pages/report/index', station: '/pages/station/index' }

export interface Landing {
  /** the report or station to show, or null when the link does not name one */
  id: string | null
  /** the reader's section anchor, when the link names one */
  section: string | null
  /** what to tell the user when the link cannot be read (they are offered 首页) */
  problem: string | null
}

const BROKEN_LINK = '这个链接不完整或有误，打不开。可以回首页再找。'

function decoded(value: string): string | null {
  try {
    return decodeURIComponent(value)
  } catch {
    return null
  }
}

/**
 * What a page was opened with: `id` (and `section`) from an ordinary link, or `q`, the whole
 * scanned URL that WeChat passes when a 普通链接二维码 rule opens the mini program with an H5
 * link printed on a poster. Malformed input never throws: it becomes a `problem` in words.
 */
export function readLanding(params: { page: LandingPage; query: Readonly<Record<string, string | undefined>> }): Landing {
  const { query } = params
  if (query.q !== undefined) {
    const scanned = decoded(query.q)
    let url: URL | null = null
    try {
      url = scanned ? new URL(scanned) : null
    } catch {
      url = null
    }
    if (!url || url.pathname.replace(/\/+$/, '') !== PAGE_PATHS[params.page]) return { id: null, section: null, problem: BROKEN_LINK }
    const id = url.searchParams.get('id')
    return id ? { id, section: url.searchParams.get('section'), problem: null } : { id: null, section: null, problem: BROKEN_LINK }
  }
  const id = query.id === undefined || query.id === '' ? null : decoded(query.id)
  const section = query.section === undefined || query.section === '' ? null : decoded(query.section)
  if ((query.id && id === null) || (query.section && section === null)) return { id: null, section: null, problem: BROKEN_LINK }
  return { id, section, problem: null }
}
