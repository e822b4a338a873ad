import type { Endpoint } from '../contracts/endpoint'

/** Query parameters that carry the phone's position. */
export const POSITION_PARAMETERS: readonly string[] = ['lat', 'lng', 'latitude', 'longitude']

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** `/api/stations/:id` → `^/api/stations/[^/]+$`: the addresses an endpoint answers, without the query. */
export function pathPattern(path: string): RegExp {
  return new RegExp(
    `^${path
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : escapeRegExp(segment)))
      .join('/')}$`,
  )
}

function queryNames(endpoint: Endpoint): string[] {
  const query = endpoint.query as { shape?: Record<string, unknown> } | undefined
  return Object.keys(query?.shape ?? {})
}

/**
 * Which BFF answers the H5 service worker keeps in Cache Storage ('public-data', 30 days): those of
 * the endpoints declared `serviceWorker: 'keep'` (contracts/endpoints), so a path that changes there
 * changes here. Never an answer to a URL that carries the phone's position (`/api/stations/nearest?lat=…`,
 * `/api/home?lat=…`): the 隐私说明 promises the position is used once and kept nowhere, and a cache key
 * is a copy of it. A declaration that would keep one is refused here, at build time, as is one that
 * another endpoint's address would share (`/api/stations/nearest` is not a station, though
 * `/api/stations/:id` would match it: such addresses are named in the rule).
 *
 * Workbox copies the rule's source into service-worker.js, so the rule is written out as
 * self-contained source, the declarations' patterns in it as literals.
 */
export function publicDataRule(endpoints: readonly Endpoint[]): (context: { url: URL }) => boolean {
  const kept = endpoints.filter((endpoint) => endpoint.serviceWorker === 'keep')
  for (const endpoint of kept) {
    if (endpoint.method !== 'GET') throw new Error(`${endpoint.method} ${endpoint.path}: the service worker keeps only GET answers`)
    if (queryNames(endpoint).some((name) => POSITION_PARAMETERS.includes(name)))
      throw new Error(`GET ${endpoint.path}: its query carries the phone's position, and the service worker never keeps such an answer`)
  }
  const patterns = kept.map((endpoint) => pathPattern(endpoint.path))
  const others = endpoints.filter((endpoint) => endpoint.method === 'GET' && endpoint.serviceWorker !== 'keep')
  for (const endpoint of others)
    if (patterns.some((pattern) => pattern.source === pathPattern(endpoint.path).source))
      throw new Error(`GET ${endpoint.path}: the service worker would keep it as another endpoint's answer`)
  const notKept = others.map((endpoint) => endpoint.path).filter((path) => !path.includes(':') && patterns.some((pattern) => pattern.test(path)))
  const body = [
    `if (${JSON.stringify(POSITION_PARAMETERS)}.some((name) => url.searchParams.has(name))) return false`,
    `if (${JSON.stringify(notKept)}.indexOf(url.pathname) !== -1) return false`,
    `return [${patterns.join(', ')}].some((pattern) => pattern.test(url.pathname))`,
  ].join('\n')
  // the worker gets this source as written: it never sees this module
  return new Function('{ url }', body) as (context: { url: URL }) => boolean
}

/**
 * A page of the app that the worker may keep (Cache Storage 'pages') for reading offline: 首页 and
 * the main package's public pages, with no query but a report's or station's `id` and a `section`.
 * Never the booking, staff or volunteer pages, nor a URL with anything else in it (a booking code,
 * a position): a cache key is a copy of the URL. Self-contained: Workbox copies its source into service-worker.js.
 */
export function isKeptPage({ url, request }: { url: URL; request: Request }): boolean {
  if (request.mode !== 'navigate') return false
  // forEach, not a spread: the build would turn a spread into a helper the worker does not have
  let onlyIdAndSection = true
  url.searchParams.forEach((_value, name) => {
    if (name !== 'id' && name !== 'section') onlyIdAndSection = false
  })
  if (!onlyIdAndSection) return false
  return url.pathname === '/' || /^\/pages\/[a-z-]+\/index\/?$/.test(url.pathname)
}

/** Any other page of the app (not the API, not a file): from the network only, the app shell offline. */
export function isOtherPage({ url, request }: { url: URL; request: Request }): boolean {
  return request.mode === 'navigate' && !url.pathname.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(url.pathname)
}
