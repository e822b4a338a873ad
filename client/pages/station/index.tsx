import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback } from 'react'
import { pageUrl } from '../../../contracts/app-pages'
import { PUBLIC_LEGAL_HOTLINE } from '../../../contracts/home-entries'
import { STATION_TIER_LABELS } from '../../../contracts/station'
import { HotlineButton } from '../../components/hotline-button'
import { LoadNotice } from '../../components/load-notice'
import { LinkWithoutId, MissingPage } from '../../components/not-found-links'
import { PageShell } from '../../components/page-shell'
import { StaleNote } from '../../components/stations/station-row'
import { VerificationBadge, verificationNote } from '../../components/stations/verification-badge'
import { useLanding } from '../../hooks/use-landing'
import { usePageShare } from '../../hooks/use-page-share'
import { useRemote } from '../../hooks/use-remote'
import { MISSING, unlessMissing } from '../../services/missing'
import { fetchStation } from '../../services/stations'
import { CountyCards, StationFacts } from './station-cards'
import './index.css'

export default function StationPage() {
  const { params } = useRouter()
  const landing = useLanding({ page: 'station', query: params })
  const id = landing.id ?? ''
  const load = useCallback(() => (id ? unlessMissing(fetchStation(id)) : Promise.resolve(null)), [id])
  const { data: loaded, error, loading, reload } = useRemote(load)
  const data = loaded === MISSING ? null : loaded
  const station = data?.station ?? null

  usePageShare({ pagePath: pageUrl('pages/station/index'), title: station?.name ?? '公共法律服务站', query: { id } })

  const book = () => {
    void Taro.navigateTo({ url: pageUrl('packageBooking/pages/book/index', { stationId: id }) })
  }

  if (!id) return <LinkWithoutId resolving={landing.resolving} problem={landing.problem} message='链接里缺少服务站编号。请从“服务站”页面打开。' />

  if (loaded === MISSING) {
    return <MissingPage testId='station-missing' message='找不到这个服务站。可能是链接有误，或者服务站已经撤销、合并。' />
  }

  return (
    <PageShell ready={data !== null || error !== null}>
      <LoadNotice loading={loading && !data} error={error} onRetry={() => void reload()} />
      {data && station && (
        <View className='station-page'>
          <Text className={`station-tier station-tier-${station.tier}`}>{STATION_TIER_LABELS[station.tier]}</Text>
          <Text className='title station-title' data-testid='station-name'>
            {station.name}
          </Text>
          <Text className='muted'>{[station.county, station.town, station.village].filter(Boolean).join(' · ')}</Text>
          <StaleNote stale={data.stale} />
          <View className='station-verification' data-testid='station-verification-block'>
            <VerificationBadge station={station} />
            {verificationNote(station, PUBLIC_LEGAL_HOTLINE) && <Text className='station-note'>{verificationNote(station, PUBLIC_LEGAL_HOTLINE)}</Text>}
          </View>

          <StationFacts station={station} />

          <View className='button station-book' role='button' data-testid='book-button' onClick={book}>
            预约法律援助
          </View>

          <View
            className='button button-secondary'
            role='button'
            data-testid='correction-open'
            onClick={() => void Taro.navigateTo({ url: reportErrorPath(station) })}
          >
            信息有误？告诉我们
          </View>

          <CountyCards data={data} />

          {station.phone !== null && (
            <View className='card'>
              <Text className='subtitle'>打不通？</Text>
              <Text className='text'>也可以拨打全国公共法律服务热线。</Text>
              <HotlineButton secondary />
            </View>
          )}
        </View>
      )}
    </PageShell>
  )
}

/** 信息有误 is a page of the booking subpackage: its form and contract stay out of the main package. */
function reportErrorPath(station: { id: string; name: string }): string {
  return pageUrl('packageBooking/pages/report-error/index', { id: station.id, name: station.name })
}
