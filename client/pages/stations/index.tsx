import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { pageUrl } from '../../../contracts/app-pages'
import { HotlineButton } from '../../components/hotline-button'
import { LoadNotice } from '../../components/load-notice'
import { PageShell } from '../../components/page-shell'
import { StaleNote } from '../../components/stations/station-row'
import { TownGrid } from '../../components/stations/town-picker'
import { usePageShare } from '../../hooks/use-page-share'
import { useRemote } from '../../hooks/use-remote'
import { directoryCopyNotice, loadTowns, refreshDirectoryCopy } from '../../services/stations'
import { NearestCard } from './nearest-card'
import { TownResults, VillageResults } from './town-results'
import { useNearest, useTownChoice } from './use-stations-finder'
import './index.css'

export default function StationsPage() {
  const { data: townsAnswer, error: townsError, loading: townsLoading, reload: reloadTowns } = useRemote(loadTowns)
  const towns = townsAnswer?.data ?? null
  // once the towns are on screen from the BFF, keep the whole directory on the phone (at most daily) for the next time without a network
  const online = townsAnswer !== null && townsAnswer.savedCopy === null
  useEffect(() => {
    if (online) void refreshDirectoryCopy()
  }, [online])
  usePageShare({ pagePath: pageUrl('pages/stations/index'), title: '找公共法律服务站 · 法治通' })
  const [pickerFocus, setPickerFocus] = useState(false)
  const { near, findNearest, allowLocation } = useNearest(setPickerFocus)
  const picks = useTownChoice(setPickerFocus)
  const { choice, village, load } = picks

  // the copy on the phone in use, the township's when one is open (it is the older of the two saved at once)
  const savedCopy = (load.phase === 'done' ? load.savedCopy : null) ?? townsAnswer?.savedCopy ?? null

  return (
    <PageShell>
      <Text className='title'>公共法律服务站</Text>
      <Text className='muted stations-intro'>
        县里有公共法律服务中心，乡镇（街道）有工作站，村（社区）有工作室，可以免费咨询法律问题、申请法律援助、调解纠纷。
      </Text>

      <NearestCard near={near} onFind={() => void findNearest()} />

      <View id='town-picker' className={`card${pickerFocus ? ' picker-focus' : ''}`} data-testid='town-picker'>
        <Text className='subtitle'>按乡镇、村查找</Text>
        {near.phase === 'no-position' && choice === null && (
          <View className='station-note position-message' role='status' data-testid='position-message'>
            <Text>{near.message}没关系，不用位置也能找：请在下面点您所在的乡镇（街道）。</Text>
            {near.canOpenSetting && (
              <View className='button button-secondary' role='button' data-testid='open-location-setting' onClick={() => void allowLocation()}>
                去设置里允许使用位置
              </View>
            )}
          </View>
        )}
        {savedCopy && (
          <View className='notice' role='status' data-testid='directory-copy-notice'>
            <Text>{directoryCopyNotice({ copy: savedCopy, now: new Date() })}</Text>
          </View>
        )}
        <LoadNotice loading={townsLoading && !towns} error={townsError} onRetry={() => void reloadTowns()} />
        {towns && <StaleNote stale={towns.stale} />}
        {towns && choice === null && (
          <>
            <Text className='muted'>点您所在的乡镇（街道）：</Text>
            <TownGrid counties={towns.counties} selected={choice} onSelect={picks.pickTown} />
          </>
        )}
        {choice !== null && village === null && <TownResults picks={{ ...picks, choice }} />}
        {choice !== null && village !== null && <VillageResults picks={{ ...picks, choice, village }} />}
      </View>

      <View className='card'>
        <Text className='subtitle'>现在就需要帮助？</Text>
        <Text className='text'>12348 是全国统一的公共法律服务热线，可以咨询法律问题。</Text>
        <HotlineButton />
      </View>
    </PageShell>
  )
}
