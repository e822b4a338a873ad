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
import { applyFontScale, appScriptsOf, createAppLoader, pageStorage, startOfflineSupport, toast, type DocumentWindow } from './document-common'

export { storedFontScale, topmostAnchor } from './document-common'

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

export function startReaderDocument(params: { doc: Document; win: DocumentWindow }): void {
  const { doc, win } = params
  const screen = doc.getElementById('first-screen')
  const reader = screen?.querySelector('.report-document')
  if (!screen || !reader) return
  const storage = pageStorage(win)
  applyFontScale({ root: doc.documentElement, page: screen.querySelector('.page'), storage })

  const appScripts = appScriptsOf(screen)
  const canBoot = appScripts !== null
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

  const reportId = new URLSearchParams(win.location.search).get('id')
  startOfflineSupport({ win, warmPaths: reportId ? documentWarmPaths(reportId) : [] })

  let searchTrigger: Element | null = null
  const loadApp = appScripts
    ? createAppLoader({
        doc,
        win,
        scripts: appScripts,
        onFailed: () => {
          searchTrigger?.removeAttribute('aria-busy')
          if (searchTrigger) searchTrigger.textContent = '在报告里搜索'
          toast(doc, '没有连上网络，搜索打不开，请稍后再试')
        },
      })
    : null
  const boot = (trigger: Element) => {
    if (!loadApp || trigger.getAttribute('aria-busy') === 'true') return
    searchTrigger = trigger
    trigger.textContent = '正在打开搜索…'
    trigger.setAttribute('aria-busy', 'true')
    loadApp({ action: 'search', anchors: Array.from(reader.querySelectorAll('[id]')).filter((element) => element.id !== 'top') })
  }

  screen.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null
    const action = target?.closest('[data-action], [data-boot], .report-dock-sheet a')
    if (!action) return
    if (action.matches('.report-dock-sheet a')) return setSheetOpen(false)
    if (action.getAttribute('data-boot') === 'search') return boot(action)
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
