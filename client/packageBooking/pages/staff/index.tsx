import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import { BOOKING_STATUS_LABELS, MATTER_LABELS, NEW_PASSWORD_MIN_LENGTH, type StationScheduleResponse } from '../../../../contracts/bookings'
import { LoadNotice } from '../../../components/load-notice'
import { PageShell } from '../../../components/page-shell'
import { useRemote } from '../../../hooks/use-remote'
import { formatDay, formatTime, shanghaiDate } from '../../../services/bookings'
import {
  fetchStaffBookings,
  fetchStaffSchedule,
  staffLogin,
  staffLogout,
  staffSession,
  updateStaffBooking,
  type StaffBooking,
  type StaffBookingsResponse,
  type StaffSession,
} from '../../../services/staff'
import { RequestError } from '../../../services/http'
import { fetchStation } from '../../../services/stations'
import { StatusBadge } from '../../components/booking-details'
import { TextField } from '../../components/fields'
import { ScheduleEditor } from '../../components/schedule-editor'
import '../../components/booking.css'
import './index.css'

type StaffStatus = 'confirmed' | 'done' | 'no_show'

/** What a booking can become from where it is (the server enforces the same). */
function nextStatuses(status: StaffBooking['status']): StaffStatus[] {
  if (status === 'booked') return ['confirmed', 'done', 'no_show']
  if (status === 'confirmed') return ['done', 'no_show']
  return []
}

const ACTION_LABELS: Record<StaffStatus, string> = { confirmed: '确认', done: '已到场办结', no_show: '未到场' }
const AGENT_ROLE_LABELS: Readonly<Record<string, string>> = { volunteer: '法律明白人', staff: '工作人员', family: '家人', other: '其他' }

function messageOf(failure: unknown, fallback: string): string {
  return failure instanceof RequestError ? failure.message : fallback
}

function SignIn(props: { onSignedIn: (session: StaffSession) => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  // the county's printed password opens one sign-in: that one sets the staff member's own
  const [mustChange, setMustChange] = useState(false)
  const [newPassword, setNewPassword] = useState('')
  const [repeated, setRepeated] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    if (!username.trim() || !password) {
      setError('请填写用户名和密码')
      return
    }
    if (mustChange) {
      if (newPassword.length < NEW_PASSWORD_MIN_LENGTH) {
        setError(`新密码至少 ${NEW_PASSWORD_MIN_LENGTH} 位`)
        return
      }
      if (newPassword !== repeated) {
        setError('两次输入的新密码不一样')
        return
      }
    }
    setBusy(true)
    setError(null)
    try {
      props.onSignedIn(await staffLogin({ username, password, ...(mustChange ? { newPassword } : {}) }))
    } catch (failure) {
      if (failure instanceof RequestError && failure.code === 'PASSWORD_CHANGE_REQUIRED') setMustChange(true)
      setError(messageOf(failure, '登录没有成功，请再试一次。'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='card' data-testid='staff-sign-in'>
      <Text className='subtitle'>服务站工作人员登录</Text>
      <TextField label='用户名' value={username} onInput={setUsername} maxlength={50} testId='staff-username' />
      <TextField label={mustChange ? '县司法局给的一次性密码' : '密码'} value={password} onInput={setPassword} password maxlength={200} testId='staff-password' />
      {mustChange && (
        <>
          <TextField label={`新密码（至少 ${NEW_PASSWORD_MIN_LENGTH} 位）`} value={newPassword} onInput={setNewPassword} password maxlength={200} testId='staff-new-password' />
          <TextField label='再输一次新密码' value={repeated} onInput={setRepeated} password maxlength={200} testId='staff-new-password-again' />
        </>
      )}
      {error && (
        <Text className='notice notice-error' data-testid='staff-sign-in-error'>
          {error}
        </Text>
      )}
      <View className={`button${busy ? ' button-disabled' : ''}`} role='button' data-testid='staff-sign-in-button' onClick={() => void submit()}>
        {busy ? '正在登录…' : mustChange ? '设置新密码并登录' : '登录'}
      </View>
      <Text className='muted staff-gap'>账号由县司法局开通。居民不需要登录。</Text>
    </View>
  )
}

function BookingRow(props: { booking: StaffBooking; onChange: (updated: StaffBooking) => void }) {
  const { booking } = props
  const [busy, setBusy] = useState<StaffStatus | null>(null)
  const [error, setError] = useState<string | null>(null)
  const act = async (status: StaffStatus) => {
    setBusy(status)
    setError(null)
    try {
      props.onChange(await updateStaffBooking({ id: booking.id, status }))
    } catch (failure) {
      setError(messageOf(failure, '没有改成功，请再试一次。'))
    } finally {
      setBusy(null)
    }
  }
  return (
    <View className='staff-booking' data-testid='staff-booking'>
      <View className='row'>
        <Text className='staff-time'>
          {formatTime(booking.slotStart)}–{formatTime(booking.slotEnd)}
        </Text>
        <StatusBadge status={booking.status} />
      </View>
      <Text className='text staff-name'>
        {booking.name} · {booking.phone}
      </Text>
      <Text className='muted'>
        {MATTER_LABELS[booking.matter]} · 预约码 {booking.code}
      </Text>
      {booking.description && <Text className='text'>{booking.description}</Text>}
      {booking.proxy && (
        <Text className='muted'>
          代办：{booking.proxy.agentName}（{AGENT_ROLE_LABELS[booking.proxy.agentRole] ?? booking.proxy.agentRole}）
        </Text>
      )}
      {booking.cancelReason && <Text className='muted'>取消原因：{booking.cancelReason}</Text>}
      {error && <Text className='notice notice-error'>{error}</Text>}
      {nextStatuses(booking.status).length > 0 && (
        <View className='button-row'>
          {nextStatuses(booking.status).map((status) => (
            <View
              key={status}
              className={`button${status === 'confirmed' ? '' : ' button-secondary'}${busy ? ' button-disabled' : ''}`}
              role='button'
              data-testid={`staff-action-${status}`}
              onClick={() => {
                if (!busy) void act(status)
              }}
            >
              {busy === status ? '…' : ACTION_LABELS[status]}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}

function DayList(props: { onSignedOut: () => void }) {
  const [offset, setOffset] = useState(0)
  const [day, setDay] = useState<StaffBookingsResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const { onSignedOut } = props

  const load = useCallback(async () => {
    setLoading(true)
    try {
      setDay(await fetchStaffBookings({ date: shanghaiDate(offset) }))
      setError(null)
    } catch (failure) {
      if (failure instanceof RequestError && failure.status === 401) onSignedOut()
      else setError(messageOf(failure, '没有取到预约，请再试一次。'))
    } finally {
      setLoading(false)
    }
  }, [offset, onSignedOut])

  useEffect(() => {
    void load()
  }, [load])

  const active = day?.bookings.filter((booking) => booking.status !== 'cancelled') ?? []
  const cancelled = day?.bookings.filter((booking) => booking.status === 'cancelled') ?? []
  return (
    <View className='card' data-testid='staff-day'>
      <View className='button-row' role='radiogroup' aria-label='日期'>
        {[0, 1].map((value) => (
          <View
            key={value}
            className={`button button-secondary choice${offset === value ? ' choice-selected' : ''}`}
            role='radio'
            aria-checked={offset === value}
            data-testid={`staff-day-${value}`}
            onClick={() => setOffset(value)}
          >
            {value === 0 ? '今天' : '明天'}
          </View>
        ))}
      </View>
      <Text className='subtitle staff-gap'>
        {formatDay(shanghaiDate(offset))} · {active.length} 个预约
      </Text>
      <LoadNotice loading={loading && !day} error={error} onRetry={() => void load()} />
      {day && active.length === 0 && <Text className='muted'>这一天还没有预约。</Text>}
      {active.map((booking) => (
        <BookingRow
          key={booking.id}
          booking={booking}
          onChange={(updated) => setDay((current) => current && { ...current, bookings: current.bookings.map((entry) => (entry.id === updated.id ? updated : entry)) })}
        />
      ))}
      {cancelled.length > 0 && (
        <View className='staff-gap'>
          <Text className='muted'>已取消 {cancelled.length} 个：</Text>
          {cancelled.map((booking) => (
            <Text className='muted' key={booking.id}>
              {formatTime(booking.slotStart)} {booking.name}（{BOOKING_STATUS_LABELS[booking.status]}
              {booking.cancelReason ? `：${booking.cancelReason}` : ''}）
            </Text>
          ))}
        </View>
      )}
      <View className='button button-secondary' role='button' onClick={() => void load()}>
        刷新
      </View>
    </View>
  )
}

function ScheduleCard(props: { stationId: string; onSignedOut: () => void }) {
  const [open, setOpen] = useState(false)
  const [loaded, setLoaded] = useState<StationScheduleResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { stationId, onSignedOut } = props
  const load = useCallback(async () => {
    setError(null)
    try {
      setLoaded(await fetchStaffSchedule(stationId))
    } catch (failure) {
      if (failure instanceof RequestError && failure.status === 401) onSignedOut()
      else setError(messageOf(failure, '没有取到开放时间，请再试一次。'))
    }
  }, [stationId, onSignedOut])
  useEffect(() => {
    if (open && !loaded) void load()
  }, [open, loaded, load])
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
        <SignIn
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
            <View className='button button-secondary' role='button' data-testid='staff-logout' onClick={() => void logout()}>
              退出登录
            </View>
          </View>
          <DayList onSignedOut={signedOut} />
          <ScheduleCard stationId={session.stationId} onSignedOut={signedOut} />
        </>
      )}
    </PageShell>
  )
}
