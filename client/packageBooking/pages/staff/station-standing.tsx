import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { pageUrl } from '../../../../contracts/app-pages'
import type { StationProfileResponse } from '../../../../contracts/station-keeping'
import { RequestError } from '../../../services/http'
import { openStationPoster } from '../../../services/staff'
import { fetchStationProfile } from '../../../services/station-keeping'
import { standingWords } from '../../components/station-standing-words'

const MY_STATION_PAGE = pageUrl('packageBooking/pages/my-station/index')

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
        <View
          className={words.tone === 'rejected' ? 'notice notice-error' : 'notice'}
          role={words.tone === 'rejected' ? 'alert' : undefined}
          data-testid='station-standing-words'
          data-tone={words.tone}
        >
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
      <Text className='muted'>
        {process.env.TARO_ENV === 'weapp'
          ? '复制海报的地址，在电脑上打开并打印成 A4 纸。'
          : '打开本站的 A4 海报（开放时间、电话和二维码），用电脑打印贴在门口。'}
      </Text>
    </View>
  )
}
