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
