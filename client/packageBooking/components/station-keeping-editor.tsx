import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState, type ReactNode } from 'react'
import type { StationProfileResponse } from '../../../contracts/station-keeping'
import { LoadNotice } from '../../components/load-notice'
import { useAction } from '../../hooks/use-action'
import { fetchStationProfile, isSignedOut, saveStationProfile } from '../../services/station-keeping'
import { ScheduleEditor, useStaffSchedule } from './schedule-editor'
import { StationForm } from './station-form'
import { HistoryList, StationFactsCard } from './station-form-facts'
import { standingWords } from './station-standing-words'

/** After a save or an action: the notice at the top is what to read next. */
export function scrollToTop(): void {
  try {
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
  } catch {
    // a page without scrolling (tests): the notice is already in view
  }
}

/**
 * 开放时间 on 我的服务站: the weekly openings that are both the hours residents read and the slots
 * they can book (one truth); a save reloads the facts above, which now show the new hours.
 */
function HoursCard(props: { stationId: string; onSaved: () => void; onSignedOut: () => void }) {
  const { loaded, setLoaded, error, load } = useStaffSchedule({ stationId: props.stationId, onSignedOut: props.onSignedOut })
  return (
    <View className='card' data-testid='station-hours'>
      <Text className='subtitle'>开放时间（居民按这个预约）</Text>
      <LoadNotice loading={!loaded && !error} error={error} onRetry={() => void load()} />
      {loaded && (
        <ScheduleEditor
          loaded={loaded}
          onSaved={(saved) => {
            setLoaded(saved)
            props.onSaved()
          }}
        />
      )}
    </View>
  )
}

/**
 * One station's facts as residents see them, the form that changes them, and their history: for
 * its own staff (我的服务站, served as 服务站自报) and for the county's administrators (待核实,
 * verified at once). `around` (a way back) stands above and below.
 */
export function StationKeepingEditor(props: {
  keeper: 'staff' | 'admin'
  stationId: string
  /** what a save that changed something means, in the keeper's words */
  savedWords: string
  /** test ids: the loaded editor and its saved notice */
  testId?: string
  savedTestId: string
  around?: ReactNode
  onSignedOut: () => void
}) {
  const { keeper, stationId, onSignedOut } = props
  const [profile, setProfile] = useState<StationProfileResponse | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const loading = useAction(async () => {
    try {
      setProfile(await fetchStationProfile({ keeper, stationId }))
    } catch (failure) {
      if (isSignedOut(failure)) onSignedOut()
      else throw failure
    }
  }, '没有取到服务站的信息，请再试一次。')
  const { run: load, error } = loading
  // read again when another station is opened
  useEffect(() => {
    void load()
  }, [load, keeper, stationId])

  if (!profile) {
    return (
      <>
        <LoadNotice loading={!error} error={error} onRetry={() => void load()} />
        {props.around}
      </>
    )
  }
  return (
    <View data-testid={props.testId}>
      {props.around}
      {saved && (
        <View className={`queue-done${props.around ? ' keeping-gap' : ''}`} role='status' data-testid={props.savedTestId}>
          <Text>{saved}</Text>
        </View>
      )}
      {keeper === 'staff' && profile.rejection && (
        <View className='notice notice-error' role='alert' data-testid='keeping-rejection'>
          <Text className='text'>{standingWords(profile).headline}</Text>
          <Text className='text'>请按退回的原因核对，在下面改好再保存。</Text>
        </View>
      )}
      <StationFactsCard station={profile.station} keeping={profile.keeping} heading='居民现在看到的' />
      {keeper === 'staff' && <HoursCard stationId={stationId} onSaved={() => void load()} onSignedOut={onSignedOut} />}
      <Text className='subtitle'>修改</Text>
      <StationForm
        key={profile.keeping.version}
        profile={profile}
        keeper={keeper}
        save={(update) => saveStationProfile({ keeper, stationId, profile: update })}
        onSaved={(answer) => {
          setSaved(answer.keeping.version === profile.keeping.version ? '内容和原来一样，没有改动。' : props.savedWords)
          setProfile(answer)
          scrollToTop()
        }}
        onSignedOut={onSignedOut}
      />
      <HistoryList history={profile.history} />
      {props.around}
    </View>
  )
}
