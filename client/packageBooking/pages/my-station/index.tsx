import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import type { StationProfileResponse } from '../../../../contracts/station-keeping'
import { LoadNotice } from '../../../components/load-notice'
import { PageShell } from '../../../components/page-shell'
import { staffSession, type StaffSession } from '../../../services/staff'
import { fetchStationProfile, isSignedOut, keepingFailureMessage, saveStationProfile } from '../../../services/station-keeping'
import { StaffSignIn } from '../../components/staff-sign-in'
import { StationForm } from '../../components/station-form'
import { HistoryList, StationFactsCard } from '../../components/station-form-facts'
import '../../components/booking.css'
import '../../components/station-form.css'
import './index.css'

/**
 * 我的服务站: a station's own staff keep its phone numbers, address, opening hours, services and
 * place true. What they save is served at once, labelled 服务站自报, until the county verifies it;
 * every change is listed with who and when.
 */

const STAFF_PAGE = '/packageBooking/pages/staff/index'

/** Back to where the staff member came from (the 工作台), or there when this page was opened on its own. */
function backToDesk(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack().catch(() => Taro.redirectTo({ url: STAFF_PAGE }))
  else void Taro.redirectTo({ url: STAFF_PAGE })
}

function scrollToTop(): void {
  try {
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
  } catch {
    // a page without scrolling (tests): the notice is already in view
  }
}

function savedWords(before: StationProfileResponse, after: StationProfileResponse): string {
  if (after.keeping.version === before.keeping.version) return '内容和原来一样，没有改动。'
  return '已保存。居民现在看到的就是新的信息，标着“服务站自报”；县司法局核实后会改为“已核实”。'
}

function MyStation(props: { session: StaffSession; onSignedOut: () => void }) {
  const { session, onSignedOut } = props
  const [profile, setProfile] = useState<StationProfileResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)

  const load = useCallback(async () => {
    setError(null)
    try {
      setProfile(await fetchStationProfile({ keeper: 'staff', stationId: session.stationId }))
    } catch (failure) {
      if (isSignedOut(failure)) onSignedOut()
      else setError(keepingFailureMessage(failure, '没有取到服务站的信息，请再试一次。'))
    }
  }, [session.stationId, onSignedOut])
  useEffect(() => {
    void load()
  }, [load])

  if (!profile) return <LoadNotice loading={!error} error={error} onRetry={() => void load()} />
  return (
    <>
      {saved && (
        <View className='queue-done' role='status' data-testid='my-station-saved'>
          <Text>{saved}</Text>
        </View>
      )}
      <StationFactsCard station={profile.station} keeping={profile.keeping} heading='居民现在看到的' />
      <Text className='subtitle'>修改</Text>
      <StationForm
        key={profile.keeping.version}
        profile={profile}
        keeper='staff'
        save={(update) => saveStationProfile({ keeper: 'staff', stationId: session.stationId, profile: update })}
        onSaved={(answer) => {
          setSaved(savedWords(profile, answer))
          setProfile(answer)
          scrollToTop()
        }}
        onSignedOut={onSignedOut}
      />
      <HistoryList history={profile.history} />
    </>
  )
}

export default function MyStationPage() {
  const [session, setSession] = useState<StaffSession | null>(() => staffSession())
  const [notice, setNotice] = useState<string | null>(null)
  const signedOut = useCallback(() => {
    setSession(null)
    setNotice('登录已过期，请重新登录。')
  }, [])

  return (
    <PageShell>
      <Text className='title'>我的服务站</Text>
      {notice && <Text className='notice'>{notice}</Text>}
      {!session ? (
        <StaffSignIn
          onSignedIn={(signedIn) => {
            setNotice(null)
            setSession(signedIn)
          }}
        />
      ) : (
        <MyStation session={session} onSignedOut={signedOut} />
      )}
      <View className='button button-secondary' role='button' data-testid='back-to-desk' onClick={backToDesk}>
        回到服务站工作台
      </View>
    </PageShell>
  )
}
