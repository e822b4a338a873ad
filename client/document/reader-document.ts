/**
 * The report reader's own script, H5 only (issue 24): a few kilobytes instead of the app. The BFF
 * writes the whole report as a document (server/h5/report-document.ts); this script makes it a bit
 * handier — 大字模式, a shared link's section, the dock (目录, 回到顶部) once the title has scrolled
 * away, 复制链接 — and loads the app only when the reader asks for what only the app does (search).
 * The app then takes over at the paragraph the reader was at (client/services/first-screen.ts).
 *
 * Built on its own by config/document-script.ts (no Taro, no React): whatever it imports must be
 * plain code.
 */
import { FONT_SCALE_STORAGE_KEY, fontScales, isFontScale } from '../services/font-scales'
import { DOCUMENT_TAKEOVER_KEY, type DocumentTakeover, type TakeoverAction } from '../services/document-takeover'

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

function applyFontScale(params: { root: HTMLElement; page: Element | null; storage: Storage | null }): void {
  let raw: string | null = null
  try {
    raw = params.storage?.getItem(FONT_SCALE_STORAGE_KEY) ?? null
  } catch {
    // storage blocked (private mode): the standard size
  }
  const scale = storedFontScale(raw)
  for (const entry of fontScales) {
    params.root.classList.toggle(`fzt-${entry.className}`, entry.value === scale)
    params.page?.classList.toggle(entry.className, entry.value === scale)
  }
}

function copyText(text: string, doc: Document): Promise<void> {
  if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text)
  // older WebViews: the selection way
  const area = doc.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  doc.body.appendChild(area)
  area.select()
  const copied = doc.execCommand('copy')
  area.remove()
  return copied ? Promise.resolve() : Promise.reject(new Error('copy refused'))
}

function toast(doc: Document, text: string): void {
  const note = doc.createElement('div')
  note.className = 'document-toast'
  note.setAttribute('role', 'status')
  note.textContent = text
  doc.body.appendChild(note)
  setTimeout(() => note.remove(), 2000)
}

/** The page's address to share: without the 目录's `#s3`, with its section as the app shares it. */
function shareUrl(location: Location): string {
  return `${location.origin}${location.pathname}${location.search}`
}

/**
 * What the app's offline support warms (client/services/offline.ts), for a reader who only ever read:
 * the report list, this report and the towns (记一笔 offline), fetched through the worker once it
 * controls the page so its runtime caching keeps them. Paths as contracts/endpoints declare them
 * (not imported: that would bring zod into this script; tests/client/document checks they agree).
 */
export function documentWarmPaths(reportId: string): string[] {
  return ['/api/reports', `/api/reports/${encodeURIComponent(reportId)}`, '/api/stations/towns']
}

/** The worker config/h5-delivery.ts builds; the app registers the same (client/services/offline.ts). */
const SERVICE_WORKER_PATH = '/service-worker.js'

/**
 * The same worker the app registers: it precaches the app, so a reader who opened the report once
 * can open it again with no signal. After the page has loaded and the phone is idle, so it never
 * competes with the text on a weak link.
 */
function startOfflineSupport(params: { win: Window; reportId: string | null }): void {
  const { win } = params
  const container = win.navigator.serviceWorker
  if (!container) return
  const register = () => {
    container
      .register(SERVICE_WORKER_PATH)
      .then(() => container.ready)
      .then(() => (container.controller ? undefined : new Promise<void>((resolve) => container.addEventListener('controllerchange', () => resolve(), { once: true }))))
      .then(() => Promise.all((params.reportId ? documentWarmPaths(params.reportId) : []).map((path) => win.fetch(path).catch(() => undefined))))
      .catch(() => {
        // no worker (private mode, an old WebView): the document still reads; only offline reopening is lost
      })
  }
  // requestIdleCallback: not in Safari before 16.4
  const whenIdle = () => (typeof win.requestIdleCallback === 'function' ? win.requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register, 2000))
  if (win.document.readyState === 'complete') whenIdle()
  else win.addEventListener('load', whenIdle, { once: true })
}

export function startReaderDocument(params: { doc: Document; win: Window & { [DOCUMENT_TAKEOVER_KEY]?: DocumentTakeover } }): void {
  const { doc, win } = params
  const screen = doc.getElementById('first-screen')
  const reader = screen?.querySelector('.report-document')
  if (!screen || !reader) return
  let storage: Storage | null = null
  try {
    storage = win.localStorage
  } catch {
    storage = null
  }
  applyFontScale({ root: doc.documentElement, page: screen.querySelector('.page'), storage })

  const appScripts = JSON.parse(screen.getAttribute('data-app-scripts') ?? '[]') as unknown
  const canBoot = Array.isArray(appScripts) && appScripts.length > 0 && appScripts.every((src) => typeof src === 'string')
  // search needs the app: without its scripts to load (an index with none), it is not offered
  if (!canBoot) screen.querySelectorAll('#report-search').forEach((element) => element.setAttribute('hidden', ''))

  // a shared link may name a section (`?section=s3`), as the app's share does
  const section = new URLSearchParams(win.location.search).get('section')
  if (section && !win.location.hash) doc.getElementById(section)?.scrollIntoView()

  // the dock comes up once the title has scrolled away
  const dockLayer = screen.querySelector('[data-dock]')
  const sheet = screen.querySelector('[data-dock-sheet]')
  const sheetToggle = screen.querySelector('[data-action="dock-toc"]')
  const title = reader.querySelector('.report-title')
  const setSheetOpen = (open: boolean) => {
    sheet?.toggleAttribute('hidden', !open)
    if (sheetToggle) sheetToggle.textContent = open ? '收起目录' : '目录'
  }
  if (dockLayer && title && 'IntersectionObserver' in win) {
    new IntersectionObserver(([entry]) => {
      const gone = !entry.isIntersecting && entry.boundingClientRect.bottom < 0
      dockLayer.toggleAttribute('hidden', !gone)
      if (!gone) setSheetOpen(false)
    }).observe(title)
  }

  startOfflineSupport({ win, reportId: new URLSearchParams(win.location.search).get('id') })

  let booting = false
  const boot = (action: TakeoverAction, trigger: Element) => {
    if (booting || !canBoot) return
    booting = true
    const candidates = Array.from(reader.querySelectorAll('[id]'))
      .filter((element) => element.id !== 'top')
      .map((element) => {
        const box = element.getBoundingClientRect()
        return { id: element.id, top: box.top, bottom: box.bottom }
      })
    const at = topmostAnchor({ candidates })
    win[DOCUMENT_TAKEOVER_KEY] = { action, anchor: at?.anchor ?? null, offset: at?.offset ?? 0 }
    trigger.textContent = '正在打开搜索…'
    trigger.setAttribute('aria-busy', 'true')
    for (const src of appScripts as string[]) {
      const script = doc.createElement('script')
      script.src = src
      // in order, as the index's deferred scripts run
      script.async = false
      doc.head.appendChild(script)
    }
  }

  screen.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null
    const action = target?.closest('[data-action], [data-boot], .report-dock-sheet a')
    if (!action) return
    if (action.matches('.report-dock-sheet a')) return setSheetOpen(false)
    if (action.getAttribute('data-boot') === 'search') return boot('search', action)
    const name = action.getAttribute('data-action')
    if (name === 'dock-toc') return setSheetOpen(sheet?.hasAttribute('hidden') ?? false)
    if (name === 'top') {
      // the very top, header included (the link's own #top is the report, below the header)
      event.preventDefault()
      setSheetOpen(false)
      return win.scrollTo(0, 0)
    }
    if (name === 'copy-link') {
      copyText(shareUrl(win.location), doc).then(
        () => toast(doc, '链接已复制'),
        () => toast(doc, '复制不了，请长按地址栏复制'),
      )
    }
  })
}

if (typeof document !== 'undefined' && typeof window !== 'undefined') startReaderDocument({ doc: document, win: window })
