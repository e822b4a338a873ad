/**
 * Which BFF answers the H5 service worker keeps in Cache Storage ('public-data', 30 days): the
 * report list, each report, the towns, the directory and each station. Never an answer to a URL
 * that carries the phone's position (`/api/stations/nearest?lat=…`, `/api/home?lat=…`): the
 * 隐私说明 promises the position is used once and kept nowhere, and a cache key is a copy of it.
 *
 * Workbox copies this function's source into service-worker.js, so it must not refer to anything
 * outside itself.
 */
export function isCachedPublicData({ url }: { url: URL }): boolean {
  if (['lat', 'lng', 'latitude', 'longitude'].some((name) => url.searchParams.has(name))) return false
  const path = url.pathname
  if (path === '/api/reports' || path === '/api/stations' || path === '/api/stations/towns') return true
  if (/^\/api\/reports\/[^/]+$/.test(path)) return true
  // a station by its id; `nearest` is the search by position, not a station
  return /^\/api\/stations\/[^/]+$/.test(path) && path !== '/api/stations/nearest'
}

/**
 * A page of the app that the worker may keep (Cache Storage 'pages') for reading offline: 首页 and
 * the main package's public pages, with no query but a report's or station's `id` and a `section`.
 * Never the booking, staff or volunteer pages, nor a URL with anything else in it (a booking code,
 * a position): a cache key is a copy of the URL. Self-contained, as isCachedPublicData.
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
