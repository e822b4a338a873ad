import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { chinaDate } from '../../../../contracts/china-time'
import type { StationProfileResponse } from '../../../../contracts/station-keeping'
import { RequestError } from '../../../services/http'
import { openStationPoster } from '../../../services/staff'
import { fetchStationProfile } from '../../../services/station-keeping'

const MY_STATION_PAGE = '/packageBooking/pages/my-station/index'

/** `2026-12-05T02:00:00.000Z` → `12月5日` (China date). */
function chinaDay(iso: string): string {
  const date = chinaDate({ now: new Date(iso) })
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

/** What the 工作台 says of the station's own facts: the county's 退回 first, else where they stand. */
export function standingWords(profile: Pick<StationProfileResponse, 'rejection' | 'keeping'>): { tone: 'rejected' | 'verified' | 'pending' | 'unverified'; headline: string; next: string } {
  const { rejection, keeping } = profile
  if (rejection) {
    const who = rejection.reportedByYou ? '您' : rejection.reportedBy ? `${rejection.reportedBy.name} ` : '本站'
    const what = rejection.reportedAt ? `${who}${chinaDay(rejection.reportedAt)}报的修改` : '本站保留的信息，改用县里公布的名录'
    return {
      tone: 'rejected',
      headline: `县司法局${chinaDay(rejection.at)}退回了${what}：${rejection.reason}`,
      next: '居民现在看到的是退回前的信息。请按退回的原因核对，到“我的服务站”改好再保存；有疑问请联系县司法局。',
    }
  }
  if (keeping.verification === 'verified') {
    return { tone: 'verified', headline: `本站信息已由县司法局核实${keeping.verifiedAt ? `（${keeping.verifiedAt}）` : ''}。`, next: '电话、开放时间有变化时，到“我的服务站”改。' }
  }
  if (keeping.verification === 'self_reported') {
    return {
      tone: 'pending',
      headline: `本站${keeping.reportedAt ? `${chinaDay(keeping.reportedAt)}` : ''}报的信息正在等县司法局核实。`,
      next: '居民现在已经能看到，标着“服务站自报”。核实或退回后这里会告诉您。',
    }
  }
  return { tone: 'unverified', headline: '本站信息来自县里公布的名录，还没有核实。', next: '请到“我的服务站”核对电话、地址和开放时间，改好后保存。' }
}

/**
 * 工作台: where the station's facts stand — the county's 退回 with its reason and what to do, or
 * 已核实 / 等核实 — read again each time the page is shown (coming back from 我的服务站, or
 * opening the 工作台 again), and 打印门口海报.
 */
export function StationStanding(props: { stationId: string; onSignedOut: () => void }) {
  const { stationId, onSignedOut } = props
  const [profile, setProfile] = useState<StationProfileResponse | null>(null)
  const [failed, setFailed] = useState(false)
  const latest = useRef(0)
  const load = useCallback(async () => {
    const request = (latest.current += 1)
    try {
      const loaded = await fetchStationProfile({ keeper: 'staff', stationId })
      if (request !== latest.current) return
      setProfile(loaded)
      setFailed(false)
    } catch (failure) {
      if (request !== latest.current) return
      if (failure instanceof RequestError && failure.status === 401) onSignedOut()
      else setFailed(true)
    }
  }, [stationId, onSignedOut])
  useEffect(() => {
    void load()
  }, [load])
  useDidShow(() => {
    void load()
  })

  const words = profile ? standingWords(profile) : null
  return (
    <View className='card' data-testid='station-standing'>
      {words && (
        <View className={words.tone === 'rejected' ? 'notice notice-error' : 'notice'} role={words.tone === 'rejected' ? 'alert' : undefined} data-testid='station-standing-words' data-tone={words.tone}>
          <Text className='text'>{words.headline}</Text>
          <Text className='text'>{words.next}</Text>
        </View>
      )}
      {failed && !profile && <Text className='muted'>没有取到本站信息的核实情况，稍后再打开工作台看看。</Text>}
      {words && words.tone !== 'verified' && (
        <View className='button' role='button' data-testid='station-standing-fix' onClick={() => void Taro.navigateTo({ url: MY_STATION_PAGE })}>
          {words.tone === 'rejected' ? '去改本站信息' : '打开我的服务站'}
        </View>
      )}
      <View className='button button-secondary staff-gap' role='button' data-testid='station-poster' onClick={() => void openStationPoster(stationId)}>
        打印门口海报
      </View>
      <Text className='muted'>{process.env.TARO_ENV === 'weapp' ? '复制海报的地址，在电脑上打开并打印成 A4 纸。' : '打开本站的 A4 海报（开放时间、电话和二维码），用电脑打印贴在门口。'}</Text>
    </View>
  )
}
