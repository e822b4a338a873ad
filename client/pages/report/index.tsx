import Taro, { usePageScroll, useRouter } from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import type { ReportFigure } from '../../../contracts/report'
import type { ReportFigureWithService } from '../../../contracts/reports-api'
import { FIGURE_SERVICE_LINKS, keyFigures, paragraphAnchor, REPORT_FIGURES_SHOWN_FIRST, REPORT_META_ROWS, tocSections } from '../../../contracts/report-text'
import { BackHome } from '../../components/back-home'
import { KeepWholeText } from '../../components/keep-whole-text'
import { LoadNotice } from '../../components/load-notice'
import { MissingPage } from '../../components/not-found-links'
import { PageShell } from '../../components/page-shell'
import { ComparisonChart } from '../../components/report/comparison-chart'
import { FigureGrid } from '../../components/report/figure-grid'
import { ReaderDock, TocEntries } from '../../components/report/reader-dock'
import { Paragraph, SectionView } from '../../components/report/section-view'
import { useLanding } from '../../hooks/use-landing'
import { usePageShare } from '../../hooks/use-page-share'
import { useRemote } from '../../hooks/use-remote'
import { fetchReport, qrImageUrl, wxacodeImageUrl } from '../../services/api'
import { restoreTakeoverScroll, takeDocumentTakeover } from '../../services/document-takeover'
import { whenFirstScreenReleased } from '../../services/first-screen'
import { MISSING, unlessMissing } from '../../services/missing'
import { openTabKeepingThisPage } from '../../services/open-tab'

// what the first screen does not show is fetched when the reader asks for it
const ReportSearch = lazy(() => import('../../components/report/report-search'))

/** How far down the reader is before the dock (目录, 回到顶部) comes up: about a phone screen. */
const DOCK_AFTER_PX = 600

/** room above a heading the reader jumps to */
const JUMP_MARGIN_PX = 8

function scrollToAnchor(anchor: string): void {
  const go = (scrollTop: number | null) =>
    void (
      scrollTop === null
        ? Taro.pageScrollTo({ selector: `#${anchor}`, duration: 300 })
        : Taro.pageScrollTo({ scrollTop: Math.max(0, Math.round(scrollTop)), duration: 300 })
    ).catch(() => undefined)
  if (process.env.TARO_ENV === 'h5') {
    // Taro H5 scrolls the page's own box (.taro_page), not the window
    const element = document.getElementById(anchor)
    const page = element?.closest('.taro_page')
    if (!element || !page) return go(null)
    const offset = () => element.getBoundingClientRect().top - page.getBoundingClientRect().top - JUMP_MARGIN_PX
    void Taro.pageScrollTo({ scrollTop: Math.max(0, Math.round(page.scrollTop + offset())), duration: 300 })
      // the layout above can still settle while the page scrolls (the closed TOC, sections rendered
      // for the jump): land exactly where the heading ended up
      .then(() => {
        if (Math.abs(offset()) > 1) page.scrollTop += offset()
      })
      .catch(() => undefined)
    return
  }
  Taro.createSelectorQuery()
    .select(`#${anchor}`)
    .boundingClientRect()
    .selectViewport()
    .scrollOffset()
    .exec((results: unknown[]) => {
      const [rect, viewport] = results as [{ top: number } | null, { scrollTop: number } | null]
      go(rect && viewport ? viewport.scrollTop + rect.top - JUMP_MARGIN_PX : null)
    })
}

export default function ReportReaderPage() {
  const { params } = useRouter()
  const landing = useLanding({ page: 'report', query: params })
  const id = landing.id ?? ''
  const load = useCallback(() => (id ? unlessMissing(fetchReport(id)) : Promise.resolve(null)), [id])
  const { data: loaded, error, loading, reload } = useRemote(load)
  const report = loaded === MISSING ? null : loaded

  const [tocOpen, setTocOpen] = useState(false)
  const [allFigures, setAllFigures] = useState(false)
  const [qrOpen, setQrOpen] = useState(false)
  // the county may have no mini program: the report says so, and the 小程序码 is not even asked for;
  // a code that still fails to load (WeChat down) leaves the H5 code alone too
  const [wxacodeFailed, setWxacodeFailed] = useState(false)
  const wxacodeShown = report?.wxacode === true && !wxacodeFailed
  const [focusedAnchor, setFocusedAnchor] = useState<string | null>(landing.section)
  // opened from the reader's document by a tap on search: open it, and keep the reader where they were
  const [takeover] = useState(takeDocumentTakeover)
  const [searchOpen, setSearchOpen] = useState(takeover?.action === 'search')
  useEffect(() => {
    if (takeover) whenFirstScreenReleased(() => restoreTakeoverScroll(takeover, document))
  }, [takeover])
  // the words a search hit found, marked in the paragraph it leads to
  const [landedTerms, setLandedTerms] = useState<readonly string[]>([])
  const [docked, setDocked] = useState(false)
  const [dockTocOpen, setDockTocOpen] = useState(false)
  usePageScroll(({ scrollTop }) => setDocked(scrollTop > DOCK_AFTER_PX))

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
  // (taking over from the document, all of it at once: the paragraph the reader was at must be there)
  const [shownSections, setShownSections] = useState(takeover ? Number.MAX_SAFE_INTEGER : 1)
  useEffect(() => {
    if (!report || shownSections >= report.sections.length) return
    const timer = setTimeout(() => setShownSections((shown) => shown + 1), 0)
    return () => clearTimeout(timer)
  }, [report, shownSections])

  const jumpTo = useCallback((anchor: string, terms: readonly string[] = []) => {
    setShownSections(Number.MAX_SAFE_INTEGER)
    setFocusedAnchor(anchor)
    setLandedTerms(terms)
    setTocOpen(false)
    setDockTocOpen(false)
    // wait one frame so a just-closed TOC no longer shifts the layout, then scroll by where the heading
    // is: H5's pageScrollTo({ selector }) uses offsetTop (relative to the nearest positioned box, not
    // to the page's scroll box) and left the heading cut off at the top
    setTimeout(() => scrollToAnchor(anchor), 50)
  }, [])

  // a shared link may name a section: open the report there
  useEffect(() => {
    if (report && landing.section && !takeover) jumpTo(landing.section)
  }, [report, landing.section, jumpTo, takeover])

  const share = usePageShare({ pagePath: '/pages/report/index', title: report?.title ?? '法治政府建设报告', query: { id, section: focusedAnchor } })

  const copyLink = () => {
    const link = `${window.location.origin}${share.appMessage.path}`
    void import('../../services/share-link').then(({ copyLink: copy }) => copy(link))
  }

  const backToTop = () => {
    setDockTocOpen(false)
    void Taro.pageScrollTo({ scrollTop: 0, duration: 300 }).catch(() => undefined)
  }

  /**
   * A figure about a service leads to it: legal aid → booking, stations → finder, 法律明白人/调解 → the
   * volunteer log. The finder is a tab; on H5 it opens on top of the reader, so 返回 comes back here.
   */
  const openService = (figure: ReportFigureWithService) => {
    if (!figure.service) return
    const { path } = FIGURE_SERVICE_LINKS[figure.service]
    if (figure.service === 'stations') openTabKeepingThisPage(path)
    else void Taro.navigateTo({ url: path })
  }

  if (!id) {
    return landing.resolving ? (
      <PageShell>
        <LoadNotice loading error={null} onRetry={() => undefined} />
      </PageShell>
    ) : (
      <PageShell>
        <Text className='notice notice-error'>{landing.problem ?? '链接里缺少报告编号。请从“报告”页面打开。'}</Text>
        <BackHome />
      </PageShell>
    )
  }

  if (loaded === MISSING) {
    return <MissingPage testId='report-missing' message='找不到这份报告。可能是链接有误，或者报告已经撤下。' />
  }

  return (
    <PageShell ready={report !== null || error !== null}>
      <LoadNotice loading={loading && !report} error={error} onRetry={() => void reload()} />
      {report && (
        <View className='report'>
          <Text className='title report-title'>{report.title}</Text>
          {report.headerLines.map((line) => (
            <Text key={line} className='muted report-header-line'>
              {line}
            </Text>
          ))}

          <View className='card meta-table' data-testid='report-meta'>
            {REPORT_META_ROWS.map((row) => (
              <View className='meta-row' key={row.key}>
                <Text className='meta-label'>{row.label}</Text>
                <Text className={`meta-value${report.meta[row.key] ? '' : ' meta-missing'}`}>
                  {report.meta[row.key] ? <KeepWholeText text={report.meta[row.key] ?? ''} /> : '未标注'}
                </Text>
              </View>
            ))}
          </View>

          <View className='button-row report-actions'>
            <View className='button button-secondary' role='button' data-testid='toc-toggle' onClick={() => setTocOpen(!tocOpen)}>
              {tocOpen ? '收起目录' : '目录'}
            </View>
            {process.env.TARO_ENV === 'weapp' ? (
              <Button className='button button-secondary share-button' openType='share'>
                分享
              </Button>
            ) : (
              <View className='button button-secondary' role='button' onClick={copyLink}>
                复制链接
              </View>
            )}
            <View className='button button-secondary' role='button' onClick={() => setQrOpen(!qrOpen)}>
              二维码
            </View>
          </View>

          {qrOpen && (
            <View className='card qr-card' data-testid='qr-card'>
              <Text className='subtitle'>扫码在手机上打开</Text>
              <View className='qr-codes'>
                {wxacodeShown && (
                  <View className='qr-code' data-testid='qr-wxacode'>
                    <Image className='qr-image' src={wxacodeImageUrl({ kind: 'report', id })} mode='aspectFit' onError={() => setWxacodeFailed(true)} />
                    <Text className='qr-label'>微信扫一扫 · 小程序</Text>
                  </View>
                )}
                <View className='qr-code' data-testid='qr-h5'>
                  <Image className='qr-image' src={qrImageUrl({ path: share.appMessage.path })} mode='aspectFit' />
                  <Text className='qr-label'>手机相机扫一扫 · 网页</Text>
                </View>
              </View>
              <Text className='muted'>
                {wxacodeShown ? '用微信扫小程序码，或用任何手机相机扫网页码，就能在手机上读这份报告。' : '用微信或手机相机扫一扫，就能在手机上读这份报告。'}
              </Text>
            </View>
          )}

          {tocOpen && (
            <View className='card toc' data-testid='toc'>
              <TocEntries entries={tocEntries} onJump={jumpTo} />
            </View>
          )}

          <View className='card search' id='report-search'>
            {searchOpen ? (
              <Suspense fallback={<Text className='muted'>正在打开搜索…</Text>}>
                <ReportSearch reportId={id} onJump={jumpTo} />
              </Suspense>
            ) : (
              <View className='button button-secondary' role='button' data-testid='open-search' onClick={() => setSearchOpen(true)}>
                在报告里搜索
              </View>
            )}
          </View>

          {figures.length > 0 && (
            <View className='card'>
              <Text className='subtitle'>数说</Text>
              <FigureGrid figures={allFigures ? figures : figures.slice(0, REPORT_FIGURES_SHOWN_FIRST)} onOpenService={openService} />
              {figures.length > REPORT_FIGURES_SHOWN_FIRST && (
                <View className='button button-secondary' role='button' onClick={() => setAllFigures(!allFigures)}>
                  {allFigures ? '收起' : `看全部 ${figures.length} 个数字`}
                </View>
              )}
            </View>
          )}

          {report.comparisons.map((comparison) => (
            <View className='card' key={`${comparison.sectionId}-${comparison.bars[0].label}`}>
              <Text className='subtitle'>对比</Text>
              <ComparisonChart comparison={comparison} />
            </View>
          ))}

          <View className='card report-body'>
            {report.preamble.map((paragraph, index) => {
              const anchor = paragraphAnchor(null, index)
              return (
                <Paragraph
                  key={anchor}
                  id={anchor}
                  text={paragraph}
                  figures={figuresBySection.get('preamble') ?? []}
                  focused={focusedAnchor === anchor}
                  terms={landedTerms}
                />
              )
            })}
            {report.sections.slice(0, shownSections).map((section) => (
              <SectionView key={section.id} section={section} figuresBySection={figuresBySection} focusedAnchor={focusedAnchor} terms={landedTerms} />
            ))}
            {shownSections >= report.sections.length &&
              report.closing.map((line) => (
                <Text key={line} className='report-closing'>
                  {line}
                </Text>
              ))}
          </View>
          <View className='report-dock-room' />
          {(docked || dockTocOpen) && (
            <ReaderDock
              tocEntries={tocEntries}
              tocOpen={dockTocOpen}
              onToggleToc={() => setDockTocOpen(!dockTocOpen)}
              onJump={(anchor) => jumpTo(anchor)}
              onTop={backToTop}
            />
          )}
        </View>
      )}
    </PageShell>
  )
}
