/**
 * 首页's own script, H5 only (issue 24). The BFF writes 首页 as a document
 * (server/h5/home-document.ts): the services, 12348, the latest report and the tab bar are links.
 * This script applies 大字模式, says 离线 when the phone shows a copy it kept, and loads the app
 * only when it is needed:
 * - at once, on a phone that holds what only the app shows on 首页 — a booking still to come
 *   (我的下一次预约) or a 法律明白人's sign-in (待回访);
 * - on a tap on 用我的位置查找, which the app then carries out (the position is asked for and used
 *   once, as ever).
 *
 * Plain code (no Taro, no React, no zod): config/document-script.ts builds it on its own.
 */
import { directoryNotice } from '../../contracts/home-entries'
import { savedCopyNotice } from '../services/saved-copy'
import { applyFontScale, appScriptsOf, createAppLoader, pageStorage, readStored, startOfflineSupport, toast, type DocumentWindow } from './document-common'

/**
 * Where the app keeps the device's bookings and sign-ins (client/services/device-bookings.ts,
 * client/services/session.ts), not imported: they import Taro. tests/client/document checks they agree.
 */
export const HOME_APP_DATA_KEYS = { bookings: 'fzt.bookings', sessions: 'fzt.session', legacyVolunteerSession: 'fzt.volunteerSession' } as const

/** What Taro's H5 storage wraps a value in (`{"data": …}`); undefined when it is missing or unreadable. */
function storedData(raw: string | null): unknown {
  if (raw === null) return undefined
  try {
    return (JSON.parse(raw) as { data?: unknown } | null)?.data
  } catch {
    return undefined
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/**
 * Whether 首页 on this phone shows something only the app can: a booking made here that has not
 * started (the app asks the BFF for its state), or a signed-in 法律明白人 (their 待回访). Anything
 * unreadable counts as nothing: the document is 首页 for everyone else.
 */
export function holdsAppData(params: { read: (key: string) => string | null; now: Date }): boolean {
  const bookings = storedData(params.read(HOME_APP_DATA_KEYS.bookings))
  const upcoming = Array.isArray(bookings) && bookings.some((entry) => isRecord(entry) && (typeof entry.slotStart !== 'string' || !(Date.parse(entry.slotStart) <= params.now.getTime())))
  if (upcoming) return true
  const store = storedData(params.read(HOME_APP_DATA_KEYS.sessions))
  const sessions: unknown[] = isRecord(store) && Array.isArray(store.sessions) ? store.sessions : []
  const volunteer = sessions.some((entry) => isRecord(entry) && entry.role === 'volunteer' && !(typeof entry.expiresAt === 'string' && Date.parse(entry.expiresAt) <= params.now.getTime()))
  return volunteer || storedData(params.read(HOME_APP_DATA_KEYS.legacyVolunteerSession)) !== undefined
}

/** What the app warms for 首页 (client/services/offline.ts): the report list, the latest report and the towns. */
export function homeWarmPaths(latestReportId: string | null): string[] {
  return ['/api/reports', ...(latestReportId ? [`/api/reports/${encodeURIComponent(latestReportId)}`] : []), '/api/stations/towns']
}

/** The notice, written by the BFF or made here after the services, as the app's page places it. */
function noticeElement(doc: Document, home: Element): Element {
  const found = home.querySelector('[data-testid="service-notice"]')
  if (found) return found
  const notice = doc.createElement('div')
  notice.className = 'notice'
  notice.setAttribute('role', 'status')
  notice.setAttribute('data-testid', 'service-notice')
  home.querySelector('.home-services')?.after(notice)
  return notice
}

export function startHomeDocument(params: { doc: Document; win: DocumentWindow; now?: () => Date }): void {
  const { doc, win } = params
  const now = params.now ?? (() => new Date())
  const screen = doc.getElementById('first-screen')
  const home = screen?.querySelector('.home-document')
  if (!screen || !home) return
  const storage = pageStorage(win)
  applyFontScale({ root: doc.documentElement, page: screen.querySelector('.page'), storage })

  // a page the phone kept (the service worker's copy, opened with no signal) says so, and from when
  const writtenAt = home.getAttribute('data-written-at')
  if (win.navigator.onLine === false && writtenAt) {
    noticeElement(doc, home).textContent = savedCopyNotice({ copy: { savedAt: writtenAt, reason: 'offline' }, now: now(), what: '内容', caveat: '数据可能不是最新。' })
  } else {
    // the directory's notice in the phone's today (a kept page may be read on a later day)
    const directoryNote = home.querySelector('[data-directory-fetched-at]')
    const fetchedAt = directoryNote?.getAttribute('data-directory-fetched-at')
    const words = fetchedAt ? directoryNotice({ directory: { stale: true, fetchedAt }, now: now() }) : null
    if (directoryNote && words) directoryNote.textContent = words
  }

  const latestReportId = new URLSearchParams(home.querySelector('[data-testid="latest-report"]')?.getAttribute('href')?.split('?')[1] ?? '').get('id')
  startOfflineSupport({ win, warmPaths: homeWarmPaths(latestReportId) })

  const scripts = appScriptsOf(screen)
  const locate = home.querySelector('[data-boot="locate"]')
  if (!scripts) {
    // nothing to load (an index without the app's scripts): the towns instead of the position
    locate?.replaceWith(Object.assign(doc.createElement('a'), { className: 'button button-secondary', href: '/pages/stations/index', textContent: '按乡镇、村查找' }))
    return
  }
  const loadApp = createAppLoader({
    doc,
    win,
    scripts,
    onFailed: () => {
      locate?.removeAttribute('aria-busy')
      if (locate) locate.textContent = '用我的位置查找'
      toast(doc, '没有连上网络，请稍后再试，或到“服务站”按乡镇、村查找')
    },
  })
  if (holdsAppData({ read: (key) => readStored(storage, key), now: now() })) {
    loadApp(null)
    return
  }
  locate?.addEventListener('click', () => {
    if (locate.getAttribute('aria-busy') === 'true') return
    locate.textContent = '正在查找…'
    locate.setAttribute('aria-busy', 'true')
    loadApp({ action: 'locate', anchors: Array.from(home.querySelectorAll('[id]')) })
  })
}
