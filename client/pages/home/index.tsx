import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback } from 'react'
import { HotlineButton } from '../../components/hotline-button'
import { LoadNotice } from '../../components/load-notice'
import { PageShell } from '../../components/page-shell'
import { NearestStationsCard } from '../../components/stations/nearest-card'
import { useHomeLanding } from '../../hooks/use-landing'
import { usePageShare } from '../../hooks/use-page-share'
import { useRemote } from '../../hooks/use-remote'
import { fetchHealth, fetchHome } from '../../services/api'
import { formatDay, formatTime } from '../../services/china-time'
import { deviceBookingTokens } from '../../services/device-bookings'
import { formatFigureValue } from '../../../contracts/report-text'

export default function HomePage() {
  const loadHome = useCallback(() => Promise.all([fetchHome({ heldBookings: deviceBookingTokens() }), fetchHealth()]), [])
  const { data, error, loading, reload } = useRemote(loadHome)
  // a code that names a report or a station opens it on top of 首页
  const codeProblem = useHomeLanding(useRouter().params)
  usePageShare({ pagePath: '/pages/home/index', title: '法治通 · 公共法律服务' })
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })
  const [home, health] = data ?? [null, null]
  const report = home?.latestReport ?? null

  return (
    <PageShell ready={data !== null || error !== null}>
      <Text className='title'>法治通 · 公共法律服务</Text>
      {codeProblem && (
        <Text className='notice notice-error' data-testid='code-problem'>
          {codeProblem}
        </Text>
      )}
      <View className='card'>
        <View className='status' data-testid='service-status'>
          <View className={`status-dot ${health ? (health.status === 'ok' ? 'status-ok' : 'status-bad') : ''}`} />
          <Text>{health ? (health.status === 'ok' ? '服务正常' : '服务暂时不稳定') : error ? '暂时连不上服务' : '正在连接服务…'}</Text>
        </View>
      </View>
      <LoadNotice loading={loading && !data} error={error} onRetry={() => void reload()} />
      {home?.nextBooking && (
        <View
          className='card card-accent'
          data-testid='next-booking'
          onClick={() => void Taro.navigateTo({ url: `/packageBooking/pages/lookup/index?code=${home.nextBooking?.code ?? ''}` })}
        >
          <Text className='muted'>我的下一次预约</Text>
          <Text className='subtitle'>{home.nextBooking.stationName}</Text>
          <Text className='text'>{`${formatDay(home.nextBooking.slotStart.slice(0, 10))} ${formatTime(home.nextBooking.slotStart)}`}</Text>
          <Text className='muted'>预约码 {home.nextBooking.code}</Text>
        </View>
      )}
      {report && (
        <View className='card card-accent' data-testid='latest-report' onClick={() => void Taro.navigateTo({ url: `/pages/report/index?id=${encodeURIComponent(report.id)}` })}>
          <Text className='muted'>最新报告{report.publishedAt ? ` · ${report.publishedAt} 发布` : ''}</Text>
          <Text className='subtitle' data-testid='latest-report-title'>
            {report.title}
          </Text>
          {report.publisher && <Text className='muted'>{report.publisher}</Text>}
          {home && home.headlines.length > 0 && (
            <View className='headline-grid' data-testid='headline-figures'>
              {home.headlines.map((figure) => (
                <View className='headline' key={`${figure.sectionId}-${figure.label}-${figure.value}`}>
                  <Text className='headline-value'>
                    {formatFigureValue(figure.value)}
                    <Text className='headline-unit'>{figure.unit ?? ''}</Text>
                  </Text>
                  <Text className='headline-label'>{figure.label}</Text>
                </View>
              ))}
            </View>
          )}
          <View className='button' role='button'>
            看报告
          </View>
        </View>
      )}
      {home && !report && <Text className='notice'>还没有导入任何报告。</Text>}
      <NearestStationsCard />
      <View className='card'>
        <Text className='subtitle'>需要法律帮助？</Text>
        <Text className='text'>找离您近的公共法律服务站，或预约免费的法律援助咨询；也可以直接拨打热线。</Text>
        <View className='button-row'>
          <View className='button button-secondary' role='button' onClick={() => void Taro.switchTab({ url: '/pages/stations/index' })}>
            找服务站
          </View>
          <View className='button button-secondary' role='button' onClick={() => void Taro.navigateTo({ url: '/packageBooking/pages/book/index' })}>
            预约咨询
          </View>
        </View>
        <HotlineButton />
      </View>
    </PageShell>
  )
}
