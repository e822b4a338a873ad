import { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { lazy, Suspense, useCallback } from 'react'
import { pageUrl } from '../../../contracts/app-pages'
import { LoadNotice } from '../../components/load-notice'
import { LinkWithoutId, MissingPage } from '../../components/not-found-links'
import { PageShell } from '../../components/page-shell'
import { ComparisonChart } from '../../components/report/comparison-chart'
import { ReaderDock, TocEntries } from '../../components/report/reader-dock'
import { useLanding } from '../../hooks/use-landing'
import { usePageShare } from '../../hooks/use-page-share'
import { useRemote } from '../../hooks/use-remote'
import { fetchReport } from '../../services/api'
import { MISSING, unlessMissing } from '../../services/missing'
import { KeyFigures, ReportActions, ReportBody, ReportHeading } from './report-panels'
import { openFigureService, useReportReader } from './use-report-reader'

// what the first screen does not show is fetched when the reader asks for it
const ReportSearch = lazy(() => import('../../components/report/report-search'))

export default function ReportReaderPage() {
  const { params } = useRouter()
  const landing = useLanding({ page: 'report', query: params })
  const id = landing.id ?? ''
  const load = useCallback(() => (id ? unlessMissing(fetchReport(id)) : Promise.resolve(null)), [id])
  const { data: loaded, error, loading, reload } = useRemote(load)
  const report = loaded === MISSING ? null : loaded
  const reader = useReportReader(report, landing)
  const { dispatch, tocEntries, jumpTo } = reader

  const share = usePageShare({
    pagePath: pageUrl('pages/report/index'),
    title: report?.title ?? '法治政府建设报告',
    query: { id, section: reader.focusedAnchor },
  })

  if (!id) return <LinkWithoutId resolving={landing.resolving} problem={landing.problem} message='链接里缺少报告编号。请从“报告”页面打开。' />

  if (loaded === MISSING) {
    return <MissingPage testId='report-missing' message='找不到这份报告。可能是链接有误，或者报告已经撤下。' />
  }

  return (
    <PageShell ready={report !== null || error !== null}>
      <LoadNotice loading={loading && !report} error={error} onRetry={() => void reload()} />
      {report && (
        <View className='report'>
          <ReportHeading report={report} />
          <ReportActions id={id} path={share.appMessage.path} wxacode={report.wxacode === true} reader={reader} dispatch={dispatch} />

          {reader.tocOpen && (
            <View className='card toc' data-testid='toc'>
              <TocEntries entries={tocEntries} onJump={jumpTo} />
            </View>
          )}

          <View className='card search' id='report-search'>
            {reader.searchOpen ? (
              <Suspense fallback={<Text className='muted'>正在打开搜索…</Text>}>
                <ReportSearch reportId={id} onJump={jumpTo} />
              </Suspense>
            ) : (
              <View className='button button-secondary' role='button' data-testid='open-search' onClick={() => dispatch({ type: 'search-opened' })}>
                在报告里搜索
              </View>
            )}
          </View>

          <KeyFigures figures={reader.figures} all={reader.allFigures} dispatch={dispatch} onOpenService={openFigureService} />

          {report.comparisons.map((comparison) => (
            <View className='card' key={`${comparison.sectionId}-${comparison.bars[0].label}`}>
              <Text className='subtitle'>对比</Text>
              <ComparisonChart comparison={comparison} />
            </View>
          ))}

          <ReportBody report={report} figuresBySection={reader.figuresBySection} reader={reader} />
          <View className='report-dock-room' />
          {(reader.docked || reader.dockTocOpen) && (
            <ReaderDock
              tocEntries={tocEntries}
              tocOpen={reader.dockTocOpen}
              onToggleToc={() => dispatch({ type: 'toggle', panel: 'dockTocOpen' })}
              onJump={(anchor) => jumpTo(anchor)}
              onTop={reader.backToTop}
            />
          )}
        </View>
      )}
    </PageShell>
  )
}
