import { Text, View } from '@tarojs/components'
import { useCallback, useState } from 'react'
import { LoadNotice } from '../../../components/load-notice'
import { PageShell } from '../../../components/page-shell'
import { useRemote } from '../../../hooks/use-remote'
import { staffLogout, staffSession, type StaffSession } from '../../../services/staff'
import { fetchStation } from '../../../services/stations'
import { ScheduleEditor, useStaffSchedule } from '../../components/schedule-editor'
import { OutsideHoursNotice } from '../../components/outside-hours-list'
import { StaffSignIn } from '../../components/staff-sign-in'
import { MyStationLink } from '../../components/station-form-link'
import { StationStanding } from './station-standing'
import { WeekList } from './week-list'
import '../../components/booking.css'
import './index.css'

/**
 * 服务站工作台: staff sign in, then see their station's bookings for the week (or any day), move
 * them (已办结 / 未到场 from the slot's start, confirmed first, undoable the same day), call a
 * villager back (回电), and set the opening hours; see what the county said of the station's own
 * facts (退回 with its reason, 已核实, 等核实) and print the door poster.
 */

function ScheduleCard(props: { stationId: string; onSignedOut: () => void }) {
  const [open, setOpen] = useState(false)
  const { loaded, setLoaded, error, load } = useStaffSchedule({ stationId: props.stationId, onSignedOut: props.onSignedOut, enabled: open })
  return (
    <View className='card' data-testid='staff-schedule'>
      <Text className='subtitle'>开放时间和每个时段人数</Text>
      {!open ? (
        <View className='button button-secondary' role='button' data-testid='staff-schedule-open' onClick={() => setOpen(true)}>
          修改开放时间
        </View>
      ) : (
        <>
          <LoadNotice loading={!loaded && !error} error={error} onRetry={() => void load()} />
          {loaded && <ScheduleEditor loaded={loaded} onSaved={setLoaded} />}
        </>
      )}
    </View>
  )
}

function StationName(props: { stationId: string }) {
  const load = useCallback(() => fetchStation(props.stationId), [props.stationId])
  const { data } = useRemote(load)
  return <Text className='muted'>{data?.station.name ?? `服务站编号 ${props.stationId}`}</Text>
}

export default function StaffPage() {
  const [session, setSession] = useState<StaffSession | null>(() => staffSession())
  const [notice, setNotice] = useState<string | null>(null)

  const signedOut = useCallback(() => {
    setSession(null)
    setNotice('登录已过期，请重新登录。')
  }, [])

  const logout = async () => {
    await staffLogout()
    setSession(null)
    setNotice('已退出登录。')
  }

  return (
    <PageShell>
      <Text className='title'>服务站工作台</Text>
      {notice && <Text className='notice'>{notice}</Text>}
      {!session || !session.stationId ? (
        <StaffSignIn
          onSignedIn={(signedIn) => {
            setNotice(null)
            setSession(signedIn)
          }}
        />
      ) : (
        <>
          <View className='card staff-who'>
            <Text className='text'>{session.displayName}</Text>
            <StationName stationId={session.stationId} />
            <MyStationLink />
            <View className='button button-secondary' role='button' data-testid='staff-logout' onClick={() => void logout()}>
              退出登录
            </View>
          </View>
          <StationStanding stationId={session.stationId} onSignedOut={signedOut} />
          <OutsideHoursNotice stationId={session.stationId} />
          <WeekList onSignedOut={signedOut} />
          <ScheduleCard stationId={session.stationId} onSignedOut={signedOut} />
        </>
      )}
    </PageShell>
  )
}
