import Taro from '@tarojs/taro'

const BUILD_ID_KEY = 'fzt.buildId'

/**
 * H5 only: registers the service worker that config/h5-delivery.ts builds with Workbox (it
 * precaches the app and keeps public data fresh), once the first screen is usable, so it never
 * competes with it on a weak link. The mini program has its own package cache.
 */
export function startOfflineSupport(): void {
  if (process.env.TARO_ENV !== 'h5' || process.env.NODE_ENV !== 'production') return
  announceUpdate()
  if (!('serviceWorker' in navigator)) return
  const register = () => {
    navigator.serviceWorker
      .register('/service-worker.js')
      .then(() => navigator.serviceWorker.ready)
      .then(() => (navigator.serviceWorker.controller ? undefined : waitForController()))
      .then(() => warmPublicData())
      .catch((error: unknown) => console.warn('[offline] offline support not ready', error))
  }
  if (document.readyState === 'complete') register()
  else window.addEventListener('load', register, { once: true })
}

function waitForController(): Promise<void> {
  return new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }))
}

/**
 * The first visit's answers were fetched before the worker controlled the page; asking again
 * through it stores them (the worker's runtime caching does the storing): the report list, the
 * latest report, the towns and the directory (also kept in the phone's storage, where the finder
 * reads it during an outage: services/stations). Through the services' own requests, loaded
 * lazily so the app's entry stays small.
 */
async function warmPublicData(): Promise<void> {
  const [{ fetchReport, fetchReports }, { loadTowns, refreshDirectoryCopy }] = await Promise.all([import('./api'), import('./stations')])
  const [list] = await Promise.all([fetchReports(), loadTowns(), refreshDirectoryCopy({ force: true })])
  const latest = list.reports[0]?.id
  if (latest) await fetchReport(latest)
}

/**
 * A line at the top that a screen reader announces and that goes by itself; plain DOM, because
 * Taro's toast would pull its whole dialog library into the app's entry.
 */
function showQuietNotice(text: string): void {
  const notice = document.createElement('div')
  notice.setAttribute('role', 'status')
  notice.className = 'quiet-notice'
  notice.textContent = text
  document.body.appendChild(notice)
  setTimeout(() => notice.remove(), 4000)
}

/** A new build runs for the first time on this phone: say so quietly, once. */
function announceUpdate(): void {
  const current = process.env.TARO_APP_BUILD_ID
  if (!current) return
  try {
    const previous: unknown = Taro.getStorageSync(BUILD_ID_KEY)
    Taro.setStorageSync(BUILD_ID_KEY, current)
    if (typeof previous === 'string' && previous !== '' && previous !== current) showQuietNotice('已更新到新版本')
  } catch {
    // storage full or blocked: the notice is not worth an error
  }
}
