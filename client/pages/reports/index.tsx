import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { LoadNotice } from '../../components/load-notice'
import { PageShell } from '../../components/page-shell'
import { usePageShare } from '../../hooks/use-page-share'
import { useRemote } from '../../hooks/use-remote'
import { fetchReports } from '../../services/api'
import { pageUrl } from '../../../contracts/app-pages'

export default function ReportsPage() {
  const { data, error, loading, reload } = useRemote(fetchReports)
  usePageShare({ pagePath: pageUrl('pages/reports/index'), title: '法治政府建设报告 · 法治通' })
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <PageShell>
      <Text className='title'>法治政府建设报告</Text>
      <LoadNotice loading={loading && !data} error={error} onRetry={() => void reload()} />
      {data && (
        <View className='card' data-testid='report-list'>
          {data.reports.length === 0 && <Text className='text'>还没有导入任何报告。</Text>}
          {data.reports.map((report) => (
            <View
              className='list-item'
              key={report.id}
              role='link'
              onClick={() => void Taro.navigateTo({ url: pageUrl('pages/report/index', { id: report.id }) })}
            >
              <Text className='subtitle'>{report.title}</Text>
              <Text className='muted'>{[report.publisher, report.publishedAt && `${report.publishedAt} 发布`].filter(Boolean).join(' · ')}</Text>
              <Text className='link text'>阅读全文 ›</Text>
            </View>
          ))}
        </View>
      )}
    </PageShell>
  )
}
