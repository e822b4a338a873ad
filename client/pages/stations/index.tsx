import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { NearestResponse } from '../../../contracts/station'
import { HotlineButton } from '../../components/hotline-button'
import { LoadNotice } from '../../components/load-notice'
import { PageShell } from '../../components/page-shell'
import type { TownVillage } from '../../../contracts/stations-api'
import { StationCard } from '../../components/stations/station-card'
import { OutsideAreaResult } from '../../components/stations/outside-area'
import { StaleNote, StationRow } from '../../components/stations/station-row'
import { TownGrid, VillageGrid, type TownChoice } from '../../components/stations/town-picker'
import { usePageShare } from '../../hooks/use-page-share'
import { useRemote } from '../../hooks/use-remote'
import { failureMessage } from '../../services/http'
import type { SavedCopy } from '../../services/saved-copy'
import {
  directoryCopyNotice,
  fetchNearest,
  getPosition,
  loadTowns,
  loadTownStations,
  openLocationSetting,
  refreshDirectoryCopy,
  type TownStations,
} from '../../services/stations'
import './index.css'

const NEAREST_LIMIT = 10

type NearState =
  | { phase: 'idle' }
  | { phase: 'busy'; step: string }
  | { phase: 'done'; result: NearestResponse }
  | { phase: 'no-position'; message: string; canOpenSetting: boolean }
  | { phase: 'failed'; message: string }

type TownState =
  { phase: 'idle' } | { phase: 'loading' } | { phase: 'done'; data: TownStations; savedCopy: SavedCopy | null } | { phase: 'failed'; message: string }

function scrollTo(selector: string): void {
  // wait a frame so the section being shown has its final position
  setTimeout(() => {
    void Taro.pageScrollTo({ selector, duration: 300 }).catch(() => undefined)
  }, 50)
}

export default function StationsPage() {
  const { data: townsAnswer, error: townsError, loading: townsLoading, reload: reloadTowns } = useRemote(loadTowns)
  const towns = townsAnswer?.data ?? null
  // once the towns are on screen from the BFF, keep the whole directory on the phone (at most daily) for the next time without a network
  const online = townsAnswer !== null && townsAnswer.savedCopy === null
  useEffect(() => {
    if (online) void refreshDirectoryCopy()
  }, [online])
  usePageShare({ pagePath: '/pages/stations/index', title: '找公共法律服务站 · 法治通' })
  const [near, setNear] = useState<NearState>({ phase: 'idle' })
  const [pickerFocus, setPickerFocus] = useState(false)
  const [choice, setChoice] = useState<TownChoice | null>(null)
  const [village, setVillage] = useState<TownVillage | null>(null)
  const [townState, setTownState] = useState<TownState>({ phase: 'idle' })
  // answers to an older tap must not overwrite a newer choice
  const townRequest = useRef(0)

  // after an earlier 拒绝, WeChat asks no more: 设置 is the way back, and it must come from a tap
  const allowLocation = async () => {
    if (await openLocationSetting()) await findNearest()
  }

  const findNearest = async () => {
    if (near.phase === 'busy') return
    setPickerFocus(false)
    setNear({ phase: 'busy', step: '正在取您的位置…' })
    // the position lives only in this function: it is sent once and never stored
    const position = await getPosition()
    if (position.status !== 'ok') {
      setNear({ phase: 'no-position', message: position.message, canOpenSetting: position.canOpenSetting === true })
      setPickerFocus(true)
      scrollTo('#town-picker')
      return
    }
    setNear({ phase: 'busy', step: '正在查找附近的服务站…' })
    try {
      setNear({ phase: 'done', result: await fetchNearest({ lat: position.lat, lng: position.lng, datum: position.datum, limit: NEAREST_LIMIT }) })
    } catch (failure) {
      setNear({ phase: 'failed', message: failureMessage(failure, '查找没有成功，请再试一次。') })
    }
  }

  const loadTown = useCallback(async (next: TownChoice) => {
    const ticket = ++townRequest.current
    setTownState({ phase: 'loading' })
    try {
      const answer = await loadTownStations({ county: next.county, town: next.town.name })
      if (ticket !== townRequest.current) return
      setTownState({ phase: 'done', data: answer.data, savedCopy: answer.savedCopy })
    } catch (failure) {
      if (ticket !== townRequest.current) return
      setTownState({ phase: 'failed', message: failureMessage(failure, '没有查到这个乡镇的服务站，请再试一次。') })
    }
  }, [])

  const pickTown = (next: TownChoice) => {
    setChoice(next)
    setVillage(null)
    setPickerFocus(false)
    void loadTown(next)
    scrollTo('#town-picker')
  }

  const changeTown = () => {
    townRequest.current += 1
    setChoice(null)
    setVillage(null)
    setTownState({ phase: 'idle' })
  }

  const pickVillage = (next: TownVillage) => {
    setVillage(next)
    scrollTo('#town-picker')
  }

  // the copy on the phone in use, the township's when one is open (it is the older of the two saved at once)
  const savedCopy = (townState.phase === 'done' ? townState.savedCopy : null) ?? townsAnswer?.savedCopy ?? null
  const villages = choice?.town.villageDetails ?? []
  const townData = townState.phase === 'done' ? townState.data : null
  // with villages to pick from, the township's list is its workstation(s); the village's workroom comes with the village
  const townStations = townData?.stations.filter((station) => villages.length === 0 || station.tier !== 'workroom') ?? []
  // the one the directory names for the village first (a county's own entry before the bundled stand-in)
  const villageWorkrooms =
    village && townData
      ? townData.stations
          .filter((station) => station.tier === 'workroom' && (station.id === village.stationId || station.village === village.name))
          .sort((a, b) => Number(b.id === village.stationId) - Number(a.id === village.stationId))
      : []
  const villageCards = village && townData ? [...villageWorkrooms, ...townStations, ...townData.centres] : []

  return (
    <PageShell>
      <Text className='title'>公共法律服务站</Text>
      <Text className='muted stations-intro'>
        县里有公共法律服务中心，乡镇（街道）有工作站，村（社区）有工作室，可以免费咨询法律问题、申请法律援助、调解纠纷。
      </Text>

      <View className='card' data-testid='nearest-card'>
        <Text className='subtitle'>离我最近的服务站</Text>
        <Text className='muted'>位置只用来查这一次，不会保存。不想给位置，可以直接在下面按乡镇、村查找。</Text>
        <View className='button' role='button' data-testid='locate-button' onClick={() => void findNearest()}>
          {near.phase === 'busy' ? near.step : near.phase === 'done' ? '重新用我的位置查找' : '用我的位置查找'}
        </View>
        {near.phase === 'failed' && (
          <View className='notice notice-error stations-gap' role='alert'>
            <Text>{near.message}</Text>
          </View>
        )}
        {near.phase === 'done' && near.result.outsideArea && (
          <View className='stations-gap'>
            <OutsideAreaResult result={{ ...near.result, outsideArea: near.result.outsideArea }} />
          </View>
        )}
        {near.phase === 'done' && !near.result.outsideArea && (
          <View className='station-list stations-gap' data-testid='nearest-list'>
            <StaleNote stale={near.result.stale} />
            {near.result.stations.map((entry) => (
              <StationRow key={entry.station.id} station={entry.station} distanceMeters={entry.distanceMeters} />
            ))}
            {near.result.stations.length === 0 && <Text className='text'>名录里还没有标出位置的服务站。</Text>}
            {near.result.withoutLocation > 0 && (
              <Text className='station-note' data-testid='without-location'>
                另有 {near.result.withoutLocation} 个服务站还没有位置信息，没法按距离排。要找您村里的工作室，请在下面按乡镇、村查找。
              </Text>
            )}
          </View>
        )}
      </View>

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
            <TownGrid counties={towns.counties} selected={choice} onSelect={pickTown} />
          </>
        )}
        {choice !== null && village === null && (
          <View data-testid='town-results'>
            <View className='picked-town'>
              <View className='picked-town-text'>
                <Text className='muted'>已选乡镇</Text>
                <Text className='picked-town-name'>{choice.town.name}</Text>
              </View>
              <View className='button button-secondary picked-town-change' role='button' onClick={changeTown}>
                换一个乡镇
              </View>
            </View>

            {villages.length > 0 && (
              <View className='stations-gap'>
                <Text className='muted'>点您所在的村（社区），看它的工作室：</Text>
                <VillageGrid villages={villages} onSelect={pickVillage} />
              </View>
            )}

            {townState.phase === 'loading' && <LoadNotice loading error={null} onRetry={() => undefined} />}
            {townState.phase === 'failed' && <LoadNotice loading={false} error={townState.message} onRetry={() => void loadTown(choice)} />}
            {townData && (
              <View className='station-list stations-gap' data-testid='town-station-list'>
                <StaleNote stale={townData.stale} />
                {villages.length > 0 && <Text className='muted'>不知道是哪个村，也可以找乡镇的工作站或县里的中心：</Text>}
                {townStations.map((station) => (
                  <StationRow key={station.id} station={station} />
                ))}
                {townStations.length === 0 && <Text className='text'>名录里还没有这个乡镇的服务站，可以去县里的服务中心，或拨打 12348。</Text>}
                {townData.centres.length > 0 && (
                  <>
                    <Text className='muted stations-gap'>全县都可以去：</Text>
                    {townData.centres.map((station) => (
                      <StationRow key={station.id} station={station} />
                    ))}
                  </>
                )}
              </View>
            )}
          </View>
        )}
        {choice !== null && village !== null && (
          <View data-testid='village-results'>
            <View className='picked-town'>
              <View className='picked-town-text'>
                <Text className='muted'>{choice.town.name}</Text>
                <Text className='picked-town-name'>{village.name}</Text>
              </View>
            </View>
            <View className='button-row'>
              <View className='button button-secondary' role='button' data-testid='change-village' onClick={() => setVillage(null)}>
                换一个村
              </View>
              <View className='button button-secondary' role='button' onClick={changeTown}>
                换一个乡镇
              </View>
            </View>

            {townState.phase === 'loading' && <LoadNotice loading error={null} onRetry={() => undefined} />}
            {townState.phase === 'failed' && <LoadNotice loading={false} error={townState.message} onRetry={() => void loadTown(choice)} />}
            {townData && (
              <View className='stations-gap' data-testid='village-station-cards'>
                <StaleNote stale={townData.stale} />
                {villageWorkrooms.length === 0 && <Text className='text'>名录里还没有{village.name}的工作室，可以找下面的乡镇工作站或县里的中心。</Text>}
                {villageCards.map((station) => (
                  <StationCard
                    key={station.id}
                    station={station}
                    heading={
                      station.tier === 'workroom' ? '本村（社区）的工作室' : station.tier === 'workstation' ? '乡镇（街道）的工作站' : '县里的公共法律服务中心'
                    }
                  />
                ))}
                {villageCards.some((station) => station.phone === null) && (
                  <Text className='station-note stations-gap' data-testid='village-hotline'>
                    电话暂无的，可以先拨打下面的 12348 全国公共法律服务热线问清楚。
                  </Text>
                )}
              </View>
            )}
          </View>
        )}
      </View>

      <View className='card'>
        <Text className='subtitle'>现在就需要帮助？</Text>
        <Text className='text'>12348 是全国统一的公共法律服务热线，可以咨询法律问题。</Text>
        <HotlineButton />
      </View>
    </PageShell>
  )
}
