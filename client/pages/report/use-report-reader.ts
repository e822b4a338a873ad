import Taro, { usePageScroll } from '@tarojs/taro'
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react'
import type { ReportFigure } from '../../../contracts/report'
import type { ReportDetailResponse, ReportFigureWithService } from '../../../contracts/reports-api'
import { FIGURE_SERVICE_LINKS, keyFigures, tocSections } from '../../../contracts/report-text'
import { restoreTakeoverScroll, takeDocumentTakeover } from '../../services/document-takeover'
import { whenFirstScreenReleased } from '../../services/first-screen'
import { openTabKeepingThisPage } from '../../services/open-tab'
import { initialReaderState, readerReducer } from './reader-state'
import { scrollToAnchor } from './scroll-to-anchor'

/** How far down the reader is before the dock (目录, 回到顶部) comes up: about a phone screen. */
const DOCK_AFTER_PX = 600

/** The reader's state (./reader-state) with what drives it: the scroll, the jumps, the sections shown one per task. */
export function useReportReader(report: ReportDetailResponse | null, landing: { section: string | null }) {
  // opened from the reader's document by a tap on search: open it, and keep the reader where they were
  const [takeover] = useState(takeDocumentTakeover)
  const [state, dispatch] = useReducer(readerReducer, { section: landing.section, takeover }, initialReaderState)
  useEffect(() => {
    if (takeover) whenFirstScreenReleased(() => restoreTakeoverScroll(takeover, document))
  }, [takeover])
  usePageScroll(({ scrollTop }) => dispatch({ type: 'scrolled', docked: scrollTop > DOCK_AFTER_PX }))

  const figuresBySection = useMemo(() => {
    const map = new Map<string, ReportFigure[]>()
    for (const figure of report?.figures ?? []) {
      const key = figure.sectionId ?? 'preamble'
      map.set(key, [...(map.get(key) ?? []), figure])
    }
    return map
  }, [report])
  const tocEntries = useMemo(() => tocSections(report?.sections ?? []), [report])
  const figures = useMemo(() => keyFigures(report?.figures ?? []), [report])

  // the body after the first section follows one section per task: no single task blocks a slow phone
  useEffect(() => {
    if (!report || state.shownSections >= report.sections.length) return
    const timer = setTimeout(() => dispatch({ type: 'next-section' }), 0)
    return () => clearTimeout(timer)
  }, [report, state.shownSections])

  const jumpTo = useCallback((anchor: string, terms: readonly string[] = []) => {
    dispatch({ type: 'jumped', anchor, terms })
    // wait one frame so a just-closed TOC no longer shifts the layout, then scroll by where the heading
    // is: H5's pageScrollTo({ selector }) uses offsetTop (relative to the nearest positioned box, not
    // to the page's scroll box) and left the heading cut off at the top
    setTimeout(() => scrollToAnchor(anchor), 50)
  }, [])

  // a shared link may name a section: open the report there
  useEffect(() => {
    if (report && landing.section && !takeover) jumpTo(landing.section)
  }, [report, landing.section, jumpTo, takeover])

  const backToTop = () => {
    dispatch({ type: 'to-top' })
    void Taro.pageScrollTo({ scrollTop: 0, duration: 300 }).catch(() => undefined)
  }

  return { ...state, dispatch, figuresBySection, tocEntries, figures, jumpTo, backToTop }
}

/**
 * A figure about a service leads to it: legal aid → booking, stations → finder, 法律明白人/调解 → the
 * volunteer log. The finder is a tab; on H5 it opens on top of the reader, so 返回 comes back here.
 */
export function openFigureService(figure: ReportFigureWithService): void {
  if (!figure.service) return
  const { path } = FIGURE_SERVICE_LINKS[figure.service]
  if (figure.service === 'stations') openTabKeepingThisPage(path)
  else void Taro.navigateTo({ url: path })
}
