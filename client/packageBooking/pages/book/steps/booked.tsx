import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { pageUrl } from '../../../../../contracts/app-pages'
import type { Booking } from '../../../../../contracts/bookings'
import { checkEligibility, type EligibilityAnswers } from '../../../../services/eligibility'
import { BookingDetails, PapersList } from '../../../components/booking-details'
import { fullAnswers } from '../use-booking-draft'

/** 预约成功: the code, big, what to bring, and the way to look the booking up. */
export function Booked(props: { booking: Booking; answers: Partial<EligibilityAnswers>; replayed: boolean }) {
  const { booking } = props
  const papers = checkEligibility({ answers: fullAnswers(props.answers), matter: booking.matter }).papers
  return (
    <View data-testid='booking-success'>
      <Text className='title'>预约成功</Text>
      {props.replayed && <Text className='notice'>您前一次提交其实已经成功了，下面就是那次的预约（没有重复预约）。</Text>}
      <View className='card card-accent'>
        <View className='code-box'>
          <Text className='code-label'>您的预约码</Text>
          <Text className='booking-code' data-testid='booking-code'>
            {booking.code}
          </Text>
          <Text className='code-note'>
            记下预约码，<Text className='code-note-tail'>查询或取消要用</Text>
          </Text>
        </View>
        <BookingDetails booking={booking} hideCode />
        <View className='button button-secondary' role='button' onClick={() => void Taro.setClipboardData({ data: booking.code }).catch(() => undefined)}>
          复制预约码
        </View>
      </View>
      <View className='card'>
        <Text className='subtitle'>去的时候带上</Text>
        <PapersList papers={papers} />
        <Text className='muted'>没有的材料也可以先去，工作人员会告诉您怎么补。到了说出预约码就行。</Text>
      </View>
      <View
        className='button'
        role='button'
        data-testid='open-lookup'
        onClick={() => void Taro.navigateTo({ url: pageUrl('packageBooking/pages/lookup/index', { code: booking.code }) })}
      >
        查看、改期或取消
      </View>
      <View className='button button-secondary' role='button' onClick={() => void Taro.switchTab({ url: pageUrl('pages/home/index') })}>
        回到首页
      </View>
    </View>
  )
}
