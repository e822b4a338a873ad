import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { Booking } from '../../../../contracts/bookings'
import { bookAgainPath, type bookingOffers } from '../../../services/bookings'
import { BookingDetails } from '../../components/booking-details'
import type { Lookup } from './use-lookup'

/** The booking found, with 改期 / 取消预约 while it can still change, or 再约一次. */
export function ResultCard(props: { lookup: Lookup; booking: Booking; offers: ReturnType<typeof bookingOffers> }) {
  const { lookup, booking, offers } = props
  return (
    <View className='card card-accent' data-testid='lookup-result'>
      <BookingDetails booking={booking} />
      {offers.canChange && lookup.state.mode === 'view' && (
        <View className='nav-row'>
          <View className='button button-secondary' role='button' data-testid='reschedule-button' onClick={() => void lookup.openReschedule()}>
            改期
          </View>
          <View className='button button-secondary' role='button' data-testid='cancel-button' onClick={() => lookup.dispatch({ type: 'cancel-opened' })}>
            取消预约
          </View>
        </View>
      )}
      {offers.rebook && (
        <View className='button' role='button' data-testid='rebook-button' onClick={() => void Taro.navigateTo({ url: bookAgainPath(booking.stationId) })}>
          再约一次
        </View>
      )}
    </View>
  )
}
