import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { pageUrl } from '../../../../contracts/app-pages'
import { PageShell } from '../../../components/page-shell'
import { bookingOffers, normaliseBookingCode } from '../../../services/bookings'
import { routeParam } from '../../../services/route-param'
import { CancelForm } from './cancel-form'
import { EntryCard } from './entry-card'
import { RescheduleForm } from './reschedule-form'
import { ResultCard } from './result-card'
import { useLookup } from './use-lookup'
import '../../components/booking.css'
import './index.css'

/**
 * 查找预约: a booking found by its code and the phone's last 4 digits (or, on H5, an SMS code),
 * then changed or cancelled. The state and the requests live in use-lookup; each card is a component.
 */
export default function LookupPage() {
  const { params } = useRouter()
  const lookup = useLookup(normaliseBookingCode(routeParam(params, 'code').value ?? ''))
  const { state, error } = lookup
  const { booking } = state
  // 改期 / 取消 only while the booking is active and its time has not come; otherwise 再约一次
  const offers = booking ? bookingOffers({ booking, now: new Date() }) : null
  const changing = booking && offers?.canChange ? state.mode : null

  return (
    <PageShell>
      <Text className='title'>查找预约</Text>
      <EntryCard lookup={lookup} />
      {error && (
        <Text className='notice notice-error' data-testid='lookup-error'>
          {error}
        </Text>
      )}
      {state.done && (
        <Text className='notice lookup-done' data-testid='lookup-done'>
          {state.done}
        </Text>
      )}
      {booking && offers && <ResultCard lookup={lookup} booking={booking} offers={offers} />}
      {changing === 'cancel' && <CancelForm lookup={lookup} />}
      {booking && changing === 'reschedule' && <RescheduleForm lookup={lookup} booking={booking} />}

      <View className='card'>
        <Text className='muted'>预约码在预约成功的页面上，也保存在这台手机的“我的”里。找不到预约码可以拨打 12348，或直接到服务站。</Text>
        <View className='button button-secondary' role='button' onClick={() => void Taro.navigateTo({ url: pageUrl('packageBooking/pages/book/index') })}>
          新的预约
        </View>
      </View>
    </PageShell>
  )
}
