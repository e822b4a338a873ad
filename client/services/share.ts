/** What 转发 (a chat) and 分享到朋友圈 (timeline) carry for one page: both land on the same content. */
export interface PageShare {
  appMessage: { title: string; path: string }
  timeline: { title: string; query: string }
}

/**
 * A page's share. `query` names what it shows (`id`, `section`); the chat share opens the page
 * with it, the 朋友圈 share (which has no path of its own) opens the same page with the same query.
 */
export function pageShare(params: { pagePath: string; title: string; query?: Readonly<Record<string, string | null | undefined>> }): PageShare {
  const query = Object.entries(params.query ?? {})
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&')
  return { appMessage: { title: params.title, path: query ? `${params.pagePath}?${query}` : params.pagePath }, timeline: { title: params.title, query } }
}
