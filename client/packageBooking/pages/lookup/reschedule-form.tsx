import { Text, View } from '@tarojs/components'
import type { Booking } from '../../../../contracts/bookings'
import { LoadNotice } from '../../../components/load-notice'
import { formatSlot } from '../../../services/bookings'
import { SlotPicker } from '../../components/slot-picker'
import type { Lookup } from './use-lookup'

/** 改到哪个时间？ the station's free times (not the booking's own), then 确认改期. */
export function RescheduleForm(props: { lookup: Lookup; booking: Booking }) {
  const { state, dispatch, busy } = props.lookup
  const { booking } = props
  const { slots, slotsError, newSlot } = state
  return (
    <View className='card' data-testid='reschedule-form'>
      <Text className='subtitle'>改到哪个时间？</Text>
      <Text className='muted'>现在是：{formatSlot({ start: booking.slotStart, end: booking.slotEnd })}</Text>
      <LoadNotice loading={!slots && !slotsError} error={slotsError} onRetry={() => void props.lookup.openReschedule()} />
      {slots && (
        <SlotPicker
          slots={slots.slots.filter((candidate) => candidate.start !== booking.slotStart)}
          selected={newSlot?.start ?? null}
          onSelect={(slot) => dispatch({ type: 'slot-chosen', slot })}
          isDefaultSchedule={slots.isDefaultSchedule}
          hours={slots.hours}
          leadMinutes={slots.leadMinutes}
        />
      )}
      {newSlot && <Text className='notice lookup-chosen'>改到：{formatSlot(newSlot)}</Text>}
      <View className='nav-row'>
        <View className='button button-secondary button-back' role='button' onClick={() => dispatch({ type: 'form-closed' })}>
          不改了
        </View>
        <View
          className={`button${!newSlot || busy ? ' button-disabled' : ''}`}
          role='button'
          aria-disabled={!newSlot || busy}
          data-testid='confirm-reschedule'
          onClick={props.lookup.confirmReschedule}
        >
          {busy ? '正在改期…' : '确认改期'}
        </View>
      </View>
    </View>
  )
}
