/**
 * What the documents' script does on every document page (issue 24): the reader
 * (server/h5/report-document.ts) and 首页 (server/h5/home-document.ts). 大字模式, the service worker,
 * a toast, and loading the app when the user asks for what only the app does, leaving it what was
 * asked and where the user was (client/services/document-takeover.ts).
 *
 * Plain code (no Taro, no React, no zod): config/document-script.ts builds it on its own.
 */
import { FONT_SCALE_STORAGE_KEY, fontScales, isFontScale } from '../services/font-scales'
import { DOCUMENT_TAKEOVER_KEY, type DocumentTakeover, type TakeoverAction } from '../services/document-takeover'

export type DocumentWindow = Window & { [DOCUMENT_TAKEOVER_KEY]?: DocumentTakeover }

/** The element nearest the top of the screen that the app also has, and where it is on screen. */
export function topmostAnchor(params: { candidates: readonly { id: string; top: number; bottom: number }[] }): { anchor: string; offset: number } | null {
  let best: { anchor: string; offset: number } | null = null
  for (const candidate of params.candidates) {
    if (candidate.bottom <= 0) continue
    if (best === null || Math.abs(candidate.top) < Math.abs(best.offset)) best = { anchor: candidate.id, offset: candidate.top }
  }
  return best
}

/** The scale chosen on 我的, as Taro's H5 storage keeps it (`{"data":1.5}`); 1 when there is none or it is unreadable. */
export function storedFontScale(raw: string | null): number {
  if (raw === null) return 1
  try {
    const value: unknown = (JSON.parse(raw) as { data?: unknown }).data
    return isFontScale(value) ? value : 1
  } catch {
    return 1
  }
}

/** The page's storage, or null where it is blocked (some private modes throw on access). */
export function pageStorage(win: Window): Storage | null {
  try {
    return win.localStorage
  } catch {
    return null
  }
}

/** One key of the page's storage; null when it is missing or the storage is blocked. */
export function readStored(storage: Storage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null
  } catch {
    return null
  }
}

export function applyFontScale(params: { root: HTMLElement; page: Element | null; storage: Storage | null }): void {
  const scale = storedFontScale(readStored(params.storage, FONT_SCALE_STORAGE_KEY))
  for (const entry of fontScales) {
    params.root.classList.toggle(`fzt-${entry.className}`, entry.value === scale)
    params.page?.classList.toggle(entry.className, entry.value === scale)
  }
}

export function toast(doc: Document, text: string): void {
  const note = doc.createElement('div')
  note.className = 'document-toast'
  note.setAttribute('role', 'status')
  note.textContent = text
  doc.body.appendChild(note)
  setTimeout(() => note.remove(), 2000)
}

/**
 * The worker config/h5-delivery.ts builds; the app registers the same (client/services/offline.ts,
 * which imports Taro and so cannot be imported here).
 */
const SERVICE_WORKER_PATH = '/service-worker.js'

/**
 * The same worker the app registers: it precaches the app, so a page opened once opens again with
 * no signal; once it controls the page, `warmPaths` are fetched through it so its runtime caching
 * keeps them. After the page has loaded and the phone is idle, so it never competes with the text
 * on a weak link.
 */
export function startOfflineSupport(params: { win: Window; warmPaths: readonly string[] }): void {
  const { win } = params
  const container = win.navigator.serviceWorker
  if (!container) return
  const register = () => {
    container
      .register(SERVICE_WORKER_PATH)
      .then(() => container.ready)
      .then(() =>
        container.controller ? undefined : new Promise<void>((resolve) => container.addEventListener('controllerchange', () => resolve(), { once: true })),
      )
      .then(() => Promise.all(params.warmPaths.map((path) => win.fetch(path).catch(() => undefined))))
      .catch(() => {
        // no worker (private mode, an old WebView): the document still reads; only offline reopening is lost
      })
  }
  // requestIdleCallback: not in Safari before 16.4
  const whenIdle = () => (typeof win.requestIdleCallback === 'function' ? win.requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register, 2000))
  if (win.document.readyState === 'complete') whenIdle()
  else win.addEventListener('load', whenIdle, { once: true })
}

/** The app's scripts the BFF took out of the page (server/h5/first-screen.ts deferAppScripts), or null when there are none to load. */
export function appScriptsOf(screen: Element): string[] | null {
  let scripts: unknown
  try {
    scripts = JSON.parse(screen.getAttribute('data-app-scripts') ?? '[]')
  } catch {
    return null
  }
  return Array.isArray(scripts) && scripts.length > 0 && scripts.every((src) => typeof src === 'string') ? (scripts as string[]) : null
}

/**
 * Loads the app into the document, once: its scripts in their order, as the index's deferred
 * scripts run. What was asked and the element nearest the top of the screen (one of `anchors`,
 * whose ids the app's page has too) are left for the app. A script that does not
 * arrive (no signal) is tried again on the next call.
 */
export function createAppLoader(params: {
  doc: Document
  win: DocumentWindow
  scripts: readonly string[]
  onFailed: () => void
}): (takeover: { action: TakeoverAction; anchors: readonly Element[] }) => void {
  const { doc, win } = params
  const arrived = new Set<string>()
  let loading = false
  return (takeover) => {
    if (loading) return
    loading = true
    const candidates = takeover.anchors.map((element) => {
      const box = element.getBoundingClientRect()
      return { id: element.id, top: box.top, bottom: box.bottom }
    })
    const at = topmostAnchor({ candidates })
    win[DOCUMENT_TAKEOVER_KEY] = { action: takeover.action, anchor: at?.anchor ?? null, offset: at?.offset ?? 0 }
    let failed = false
    for (const src of params.scripts) {
      if (arrived.has(src)) continue
      const script = doc.createElement('script')
      script.src = src
      // in order, as the index's deferred scripts run
      script.async = false
      script.addEventListener('load', () => arrived.add(src))
      script.addEventListener('error', () => {
        script.remove()
        if (failed) return
        failed = true
        loading = false
        params.onFailed()
      })
      doc.head.appendChild(script)
    }
  }
}
