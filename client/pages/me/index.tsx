import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import { BOOKING_STATUS_LABELS, type Booking } from '../../../contracts/bookings'
import { PageShell } from '../../components/page-shell'
import { useFontScale } from '../../hooks/use-font-scale'
import { fontScales } from '../../services/font-scales'
import {
  bookAgainPath,
  bookingOffers,
  deviceBookings,
  fetchBooking,
  forgetBooking,
  formatSlot,
  isActiveBooking,
  type DeviceBooking,
} from '../../services/bookings'
import { RequestError } from '../../services/http'

/** Each look-up counts against the BFF's per-IP limit: only the latest few are checked. */
const LOOKED_UP_AT_MOST = 10

type Entry = { stored: DeviceBooking; booking: Booking | null; error: string | null; gone: boolean }

function lookupPath(code: string): string {
  return `/packageBooking/pages/lookup/index?code=${code}`
}

/** 我的预约: the bookings whose codes this phone holds, each looked up with its stored last 4 digits. */
function MyBookings() {
  const [entries, setEntries] = useState<Entry[] | null>(null)
  const [loading, setLoading] = useState(false)
  const generation = useRef(0)

  const load = useCallback(async () => {
    const stored = deviceBookings().slice(0, LOOKED_UP_AT_MOST)
    const mine = ++generation.current
    if (stored.length === 0) {
      setEntries([])
      return
    }
    setLoading(true)
    const looked = await Promise.all(
      stored.map(async (entry): Promise<Entry> => {
        try {
          return { stored: entry, booking: await fetchBooking({ code: entry.code, phoneLast4: entry.phoneLast4 }), error: null, gone: false }
        } catch (failure) {
          const gone = failure instanceof RequestError && failure.status === 404
          return { stored: entry, booking: null, error: failure instanceof RequestError ? failure.message : '没有查到，请稍后再试。', gone }
        }
      }),
    )
    if (mine !== generation.current) return
    // upcoming ones first, soonest first; then the finished or cancelled ones
    const rank = (entry: Entry) => (entry.booking && isActiveBooking(entry.booking) ? 0 : entry.booking ? 2 : 1)
    setEntries([...looked].sort((a, b) => rank(a) - rank(b) || (a.booking?.slotStart ?? '').localeCompare(b.booking?.slotStart ?? '')))
    setLoading(false)
  }, [])

  useEffect(() => {
    void load()
  }, [load])
  // a tab page stays mounted: coming back after booking or cancelling shows the change (the
  // first show is the mount, loaded above)
  const shownBefore = useRef(false)
  useDidShow(() => {
    if (shownBefore.current) void load()
    shownBefore.current = true
  })

  const forget = (code: string) => {
    forgetBooking(code)
    setEntries((current) => current?.filter((entry) => entry.stored.code !== code) ?? null)
  }

  return (
    <View className='card' data-testid='my-bookings'>
      <Text className='subtitle'>我的预约</Text>
      {entries === null || (loading && entries.length === 0) ? (
        <Text className='muted'>正在查询…</Text>
      ) : entries.length === 0 ? (
        <Text className='muted'>这台手机上还没有预约。在“服务站”里选一个服务站就能预约法律援助咨询。</Text>
      ) : (
        entries.map((entry) => (
          <View key={entry.stored.code} className='list-item' data-testid='my-booking'>
            {entry.booking ? (
              <View role='link' onClick={() => void Taro.navigateTo({ url: lookupPath(entry.stored.code) })}>
                <View className='status'>
                  <View className={`status-dot${isActiveBooking(entry.booking) ? ' status-ok' : entry.booking.status === 'cancelled' ? ' status-bad' : ''}`} />
                  <Text>{BOOKING_STATUS_LABELS[entry.booking.status]}</Text>
                </View>
                <Text className='text'>{formatSlot({ start: entry.booking.slotStart, end: entry.booking.slotEnd })}</Text>
                <Text className='muted'>
                  {entry.booking.stationName} · 预约码 {entry.booking.code}
                </Text>
                <Text className='text link'>{bookingOffers({ booking: entry.booking, now: new Date() }).linkLabel}</Text>
              </View>
            ) : (
              <View>
                <Text className='text'>预约码 {entry.stored.code}</Text>
                {entry.stored.stationName && <Text className='muted'>{entry.stored.stationName}</Text>}
                <Text className='muted'>{entry.error}</Text>
                {!entry.gone && (
                  <View className='button button-secondary' role='button' onClick={() => void load()}>
                    重试
                  </View>
                )}
              </View>
            )}
            {entry.booking && bookingOffers({ booking: entry.booking, now: new Date() }).rebook && (
              <View
                className='button'
                role='button'
                data-testid='my-booking-rebook'
                onClick={() => void Taro.navigateTo({ url: bookAgainPath(entry.booking?.stationId ?? '') })}
              >
                再约一次
              </View>
            )}
            {(entry.gone || (entry.booking && !isActiveBooking(entry.booking))) && (
              <View className='button button-secondary' role='button' onClick={() => forget(entry.stored.code)}>
                从这台手机上删掉
              </View>
            )}
          </View>
        ))
      )}
      <View
        className='list-item'
        role='link'
        data-testid='find-booking-link'
        onClick={() => void Taro.navigateTo({ url: '/packageBooking/pages/lookup/index' })}
      >
        <Text className='text link'>查找预约（用预约码和手机号后 4 位）</Text>
      </View>
    </View>
  )
}

export default function MePage() {
  const { scale, setScale } = useFontScale()
  return (
    <PageShell>
      <Text className='title'>我的</Text>
      <View className='card'>
        <Text className='subtitle'>大字模式</Text>
        <Text className='muted'>选一个看着舒服的字号，会记在这台手机上。</Text>
        <View className='button-row' role='radiogroup' aria-label='字号'>
          {fontScales.map((option) => (
            <View
              key={option.value}
              className={`button button-secondary choice${option.value === scale ? ' choice-selected' : ''}`}
              role='radio'
              aria-checked={option.value === scale}
              data-testid={`font-scale-${option.value}`}
              onClick={() => setScale(option.value)}
            >
              {option.label}
            </View>
          ))}
        </View>
      </View>
      <MyBookings />
      <View className='card'>
        <View className='list-item' role='link' onClick={() => void Taro.navigateTo({ url: '/pages/privacy/index' })}>
          <Text className='text link'>隐私说明</Text>
        </View>
        <View className='list-item' role='link' data-testid='staff-link' onClick={() => void Taro.navigateTo({ url: '/packageBooking/pages/staff/index' })}>
          <Text className='text link'>工作人员登录</Text>
        </View>
        <View
          className='list-item'
          role='link'
          data-testid='volunteer-link'
          onClick={() => void Taro.navigateTo({ url: '/packageVolunteer/pages/records/index' })}
        >
          <Text className='text link'>法律明白人：记调解、看统计</Text>
        </View>
        <View className='list-item' role='link' data-testid='admin-link' onClick={() => void Taro.navigateTo({ url: '/packageBooking/pages/admin/index' })}>
          <Text className='text link'>县司法局：核实服务站信息</Text>
        </View>
        <View
          className='list-item'
          role='link'
          data-testid='county-mediations-link'
          onClick={() => void Taro.navigateTo({ url: '/packageVolunteer/pages/county/index' })}
        >
          <Text className='text link'>县司法局：调解统计</Text>
        </View>
      </View>
    </PageShell>
  )
}
