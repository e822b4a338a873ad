import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ServiceEntries } from '../../components/home/service-entries'
import { LoadNotice } from '../../components/load-notice'
import { PageShell } from '../../components/page-shell'
import { NearestStationsCard } from '../../components/stations/nearest-card'
import { useHomeLanding } from '../../hooks/use-landing'
import { usePageShare } from '../../hooks/use-page-share'
import { restoreTakeoverScroll, takeDocumentTakeover } from '../../services/document-takeover'
import { whenFirstScreenReleased } from '../../services/first-screen'
import { useRemote } from '../../hooks/use-remote'
import {
  bookingLookupPath,
  bookingWhen,
  followUpLine,
  FOLLOW_UPS_SHOWN,
  homeInputs,
  homeInputsKey,
  homeNeedsReload,
  loadHome,
  onHomeInputsChange,
  savedHomeCopy,
  serviceNotice,
  VOLUNTEER_RECORDS_URL,
} from '../../services/home'
import { figurePhrase, formatFigureValue } from '../../../contracts/report-text'
import { homeHeading } from '../../../contracts/home-entries'
import type { HomeResponse } from '../../../contracts/home'

export default function HomePage() {
  // 首页's document (server/h5/home-document.ts) loaded the app for 用我的位置查找: the card carries
  // it out, and the page keeps the card where it was on screen
  const [takeover] = useState(takeDocumentTakeover)
  useEffect(() => {
    if (takeover) whenFirstScreenReleased(() => restoreTakeoverScroll(takeover, document))
  }, [takeover])
  // what the last request was made for, and when: 首页 is a tab page that stays alive, so it asks
  // again when shown only if the device's bookings or sign-in changed, or the answer is old
  const asked = useRef<{ key: string; at: number } | null>(null)
  const load = useCallback(() => {
    const inputs = homeInputs()
    asked.current = { key: homeInputsKey(inputs), at: Date.now() }
    // a partial answer (the server's database away) keeps what is on screen of the parts it lacks
    return loadHome({ inputs, shown: shownHome.current })
  }, [])
  const shownHome = useRef<HomeResponse | null>(null)
  const { data, error, loading, reload } = useRemote(load)
  const latest = useRef({ data, error, loading })
  latest.current = { data, error, loading }
  // a saved copy carries no personal part: only a fresh answer's is kept
  shownHome.current = data && !data.savedCopy ? data.home : shownHome.current
  const refreshIfChanged = useCallback(() => {
    const { data: shown, error: failed, loading: busy } = latest.current
    // a request under way (also the first one, before the first show) is left to finish
    if (busy) return
    // a failed or offline answer is tried again on the next show
    const retry = failed !== null || shown?.savedCopy != null || shown?.home.personal === 'unavailable' || shown?.home.reports === 'unavailable'
    const changed = homeNeedsReload({
      askedKey: asked.current?.key ?? null,
      askedAt: asked.current?.at ?? null,
      currentKey: homeInputsKey(homeInputs()),
      now: Date.now(),
    })
    if (retry || changed) void reload()
  }, [reload])
  useDidShow(refreshIfChanged)
  // a booking cancelled, a sign-in ended or a 回访 kept while 首页 waits behind another page
  useEffect(() => onHomeInputsChange(refreshIfChanged), [refreshIfChanged])
  // the county's name from the last answer paints at once; a first visit says the service alone
  const [savedCounty] = useState(() => savedHomeCopy()?.county ?? null)
  // a code that names a report or a station opens it on top of 首页
  const codeProblem = useHomeLanding(useRouter().params)
  usePageShare({ pagePath: '/pages/home/index', title: '法治通 · 公共法律服务' })
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
      {home?.nextBooking && (
        <View
          className='card card-accent'
          data-testid='next-booking'
          onClick={() => void Taro.navigateTo({ url: bookingLookupPath(home.nextBooking?.code ?? '') })}
        >
          <Text className='muted'>我的下一次预约</Text>
          <Text className='subtitle'>{home.nextBooking.stationName}</Text>
          <Text className='text'>{bookingWhen({ slotStart: home.nextBooking.slotStart, now: new Date() })}</Text>
          <Text className='muted'>预约码 {home.nextBooking.code}</Text>
          {home.personal === 'unavailable' && <Text className='muted'>暂时查不到这个预约的最新状态</Text>}
        </View>
      )}
      {home && home.followUps.length > 0 && (
        <View className='card card-accent' data-testid='follow-ups' onClick={() => void Taro.navigateTo({ url: VOLUNTEER_RECORDS_URL })}>
          <Text className='muted'>法律明白人</Text>
          <Text className='subtitle' data-testid='follow-ups-count'>{`待回访 ${home.followUps.length} 件`}</Text>
          {home.followUps.slice(0, FOLLOW_UPS_SHOWN).map((followUp) => (
            <Text className='text' key={`${followUp.recordId}-${followUp.kind}`}>
              {followUpLine({ followUp, now: new Date() })}
            </Text>
          ))}
          {home.followUps.length > FOLLOW_UPS_SHOWN && <Text className='muted'>{`还有 ${home.followUps.length - FOLLOW_UPS_SHOWN} 件`}</Text>}
          <View className='button' role='button'>
            去记回访
          </View>
        </View>
      )}
      <NearestStationsCard findAtOnce={takeover?.action === 'locate'} />
      {report && (
        <View
          className='card card-accent'
          id='home-report'
          data-testid='latest-report'
          onClick={() => void Taro.navigateTo({ url: `/pages/report/index?id=${encodeURIComponent(report.id)}` })}
        >
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
                  {/* a number the source printed without a unit reads by its phrase: 为困难群众提供法律援助 */}
                  <Text className='headline-label'>{figurePhrase({ figure }) ?? figure.label}</Text>
                </View>
              ))}
            </View>
          )}
          <View className='button' role='button'>
            阅读全文
          </View>
        </View>
      )}
      {home && !report && home.reports !== 'unavailable' && <Text className='notice'>还没有导入任何报告。</Text>}
    </PageShell>
  )
}
