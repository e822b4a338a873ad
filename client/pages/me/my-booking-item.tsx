import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { pageUrl } from '../../../contracts/app-pages'
import { BOOKING_STATUS_LABELS } from '../../../contracts/bookings'
import { bookAgainPath, bookingOffers, formatSlot, isActiveBooking } from '../../services/bookings'
import type { MyBookingEntry } from './my-bookings-state'

/** One booking of 我的预约: its state and slot (a tap opens its look-up), or why it could not be looked up; 再约一次, 从这台手机上删掉. */
export function MyBookingItem(props: { entry: MyBookingEntry; onRetry: () => void; onForget: (code: string) => void }) {
  const { entry } = props
  return (
    <View className='list-item' data-testid='my-booking'>
      {entry.booking ? (
        <View role='link' onClick={() => void Taro.navigateTo({ url: pageUrl('packageBooking/pages/lookup/index', { code: entry.stored.code }) })}>
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
            <View className='button button-secondary' role='button' onClick={props.onRetry}>
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
        <View className='button button-secondary' role='button' onClick={() => props.onForget(entry.stored.code)}>
          从这台手机上删掉
        </View>
      )}
    </View>
  )
}
