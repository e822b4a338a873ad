/**
 * H5 only. A document page (the reader, server/h5/report-document.ts; 首页, server/h5/home-document.ts)
 * loads the app when the user asks for what only the app does; it leaves here what was asked and
 * where the user was, and the app's page takes both up: it does what was asked (opens search, finds
 * the nearest stations) and scrolls its own page so that the same element sits where it sat in the
 * document. Plain code: the document's script imports it too.
 */
export const DOCUMENT_TAKEOVER_KEY = '__fztTakeover'

/** `search`: the reader's 在报告里搜索; `locate`: 首页's 用我的位置查找 */
export type TakeoverAction = 'search' | 'locate'

export interface DocumentTakeover {
  action: TakeoverAction
  /** id of the element nearest the top of the screen (`s3-p0`), the app's ids being the document's */
  anchor: string | null
  /** where that element's top was, in px from the top of the screen (negative: partly scrolled past) */
  offset: number
}

type TakeoverWindow = { [DOCUMENT_TAKEOVER_KEY]?: DocumentTakeover }

/** What the document left for the app (once: a later visit to the reader is the app's own). */
export function takeDocumentTakeover(): DocumentTakeover | null {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return null
  const holder = window as unknown as TakeoverWindow
  const takeover = holder[DOCUMENT_TAKEOVER_KEY] ?? null
  delete holder[DOCUMENT_TAKEOVER_KEY]
  return takeover
}

/**
 * Scrolls the page's box (Taro H5 scrolls `.taro_page`, not the window) so that the anchor's top is
 * `offset` px from the top of the screen again. Run in the frame the document goes, before it paints.
 */
export function restoreTakeoverScroll(takeover: DocumentTakeover, doc: Document): void {
  if (!takeover.anchor) return
  const element = doc.getElementById(takeover.anchor)
  const page = element?.closest('.taro_page')
  if (!element || !page) return
  page.scrollTop += element.getBoundingClientRect().top - takeover.offset
}
