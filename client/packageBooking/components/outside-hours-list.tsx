import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { OutsideHoursBooking } from '../../../contracts/bookings'
import { formatSlot } from '../../services/bookings'
import { fetchStaffSchedule } from '../../services/staff'

/**
 * Bookings made before the hours changed that now fall outside them: they stay valid (nobody is
 * turned away unasked), listed for staff to call and agree on another time — 回电 on the week list
 * shows the whole number.
 */
export function OutsideHoursList(props: { bookings: readonly OutsideHoursBooking[] }) {
  if (props.bookings.length === 0) return null
  return (
    <View className='notice notice-error' role='status' data-testid='outside-hours'>
      <Text className='text'>有 {props.bookings.length} 个预约不在现在的开放时间里。预约仍然有效，请打电话和居民商量改个时间：</Text>
      {props.bookings.map((booking) => (
        <View key={booking.id} className='list-item' data-testid='outside-hours-booking'>
          <Text className='text'>{formatSlot({ start: booking.slotStart, end: booking.slotEnd })}</Text>
          <Text className='muted'>
            {booking.name} · {booking.phone} · 预约码 {booking.code}
          </Text>
        </View>
      ))}
      <Text className='muted'>在服务站工作台的预约列表里点“回电”能看到完整号码。</Text>
    </View>
  )
}

/**
 * The 工作台's reminder: the same list, loaded when the desk opens, so staff see whom to call
 * without opening 开放时间. Nothing is shown when there is nobody to call or the list cannot be
 * fetched (the week list above already says when the network is down).
 */
export function OutsideHoursNotice(props: { stationId: string }) {
  const [bookings, setBookings] = useState<OutsideHoursBooking[]>([])
  useEffect(() => {
    let live = true
    fetchStaffSchedule(props.stationId).then(
      (loaded) => {
        if (live) setBookings(loaded.outsideHours)
      },
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [props.stationId])
  return <OutsideHoursList bookings={bookings} />
}
