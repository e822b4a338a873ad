import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { pageUrl } from '../../../contracts/app-pages'
import { homeHeading } from '../../../contracts/home-entries'
import { ServiceEntries } from '../../components/home/service-entries'
import { LoadNotice } from '../../components/load-notice'
import { PageShell } from '../../components/page-shell'
import { NearestStationsCard } from '../../components/stations/nearest-card'
import { useHomeLanding } from '../../hooks/use-landing'
import { usePageShare } from '../../hooks/use-page-share'
import { serviceNotice } from '../../services/home'
import { FollowUpsCard, LatestReportCard, NextBookingCard } from './home-cards'
import { useHomeAnswer } from './use-home-answer'

export default function HomePage() {
  const { takeover, data, error, loading, reload, savedCounty } = useHomeAnswer()
  // a code that names a report or a station opens it on top of 首页
  const codeProblem = useHomeLanding(useRouter().params)
  usePageShare({ pagePath: pageUrl('pages/home/index'), title: '法治通 · 公共法律服务' })
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })
  const home = data?.home ?? null
  const report = home?.latestReport ?? null
  const notice = data ? serviceNotice({ answer: data, now: new Date() }) : null
  const county = home?.county ?? savedCounty

  return (
    <PageShell ready={data !== null || error !== null}>
      <Text className='home-heading' data-testid='home-heading'>
        {homeHeading({ countyShortName: county?.shortName ?? null })}
      </Text>
      {codeProblem && (
        <Text className='notice notice-error' data-testid='code-problem'>
          {codeProblem}
        </Text>
      )}
      <ServiceEntries />
      {notice && (
        <View className='notice' role='status' data-testid='service-notice'>
          <Text>{notice}</Text>
        </View>
      )}
      <LoadNotice loading={loading && !data} error={error} onRetry={() => void reload()} />
      {home?.nextBooking && <NextBookingCard booking={home.nextBooking} personal={home.personal} />}
      {home && home.followUps.length > 0 && <FollowUpsCard followUps={home.followUps} />}
      <NearestStationsCard findAtOnce={takeover?.action === 'locate'} />
      {report && home && <LatestReportCard report={report} headlines={home.headlines} />}
      {home && !report && home.reports !== 'unavailable' && <Text className='notice'>还没有导入任何报告。</Text>}
    </PageShell>
  )
}
