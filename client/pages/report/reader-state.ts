/**
 * What the report reader shows around the text: the TOC (in the page and in the dock), the QR
 * codes, search, all figures, the paragraph a jump landed on and how much of the body is on screen.
 * A pure reducer, tested without rendering.
 */

export interface ReaderState {
  tocOpen: boolean
  dockTocOpen: boolean
  allFigures: boolean
  qrOpen: boolean
  searchOpen: boolean
  /** the dock (目录, 回到顶部) shows once the reader is about a phone screen down */
  docked: boolean
  focusedAnchor: string | null
  /** the words a search hit found, marked in the paragraph it leads to */
  landedTerms: readonly string[]
  /** sections after the first follow one per task, so no single task blocks a slow phone */
  shownSections: number
}

export type ReaderEvent =
  | { type: 'toggle'; panel: 'tocOpen' | 'dockTocOpen' | 'allFigures' | 'qrOpen' }
  | { type: 'search-opened' }
  | { type: 'scrolled'; docked: boolean }
  | { type: 'next-section' }
  | { type: 'jumped'; anchor: string; terms: readonly string[] }
  | { type: 'to-top' }

/** `section`: the one a shared link names; `fromDocument`: taken over from the reader's document (all of it at once, search open when asked). */
export function initialReaderState(params: { section: string | null; takeover: { action?: string } | null }): ReaderState {
  return {
    tocOpen: false,
    dockTocOpen: false,
    allFigures: false,
    qrOpen: false,
    searchOpen: params.takeover?.action === 'search',
    docked: false,
    focusedAnchor: params.section,
    landedTerms: [],
    // taking over from the document, the paragraph the reader was at must be there
    shownSections: params.takeover ? Number.MAX_SAFE_INTEGER : 1,
  }
}

export function readerReducer(state: ReaderState, event: ReaderEvent): ReaderState {
  switch (event.type) {
    case 'toggle':
      return { ...state, [event.panel]: !state[event.panel] }
    case 'search-opened':
      return { ...state, searchOpen: true }
    case 'scrolled':
      return state.docked === event.docked ? state : { ...state, docked: event.docked }
    case 'next-section':
      return { ...state, shownSections: state.shownSections + 1 }
    case 'jumped':
      return { ...state, shownSections: Number.MAX_SAFE_INTEGER, focusedAnchor: event.anchor, landedTerms: event.terms, tocOpen: false, dockTocOpen: false }
    case 'to-top':
      return { ...state, dockTocOpen: false }
  }
}
