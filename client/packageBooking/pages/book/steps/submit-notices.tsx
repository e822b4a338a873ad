import { Text, View } from '@tarojs/components'
import type { Slot } from '../../../../../contracts/bookings'
import { HotlineButton } from '../../../../components/hotline-button'
import { formatSlot } from '../../../../services/bookings'
import type { SlotFullNotice, SubmitProblem } from '../use-booking-submission'

/** What the last 确认预约 got back; shown on whichever step the user is sent to. */
export function SubmitNotices(props: {
  slotFull: SlotFullNotice | null
  problem: SubmitProblem | null
  onChooseSlot: (slot: Slot) => void
  onRetry: () => void
}) {
  const { slotFull, problem } = props
  return (
    <>
      {slotFull && (
        <View className='notice notice-error' role='alert' data-testid='slot-full-notice'>
          <Text>{slotFull.message}</Text>
          {slotFull.nextSlots.map((offered) => (
            <View key={offered.start} className='button' role='button' data-testid='next-slot' onClick={() => props.onChooseSlot(offered)}>
              {formatSlot(offered)}（剩 {offered.remaining} 个）
            </View>
          ))}
          {slotFull.nextSlots.length === 0 && <HotlineButton />}
        </View>
      )}
      {problem && (
        <View className='notice notice-error' role='alert' data-testid='submit-error'>
          <Text>{problem.message}</Text>
          {problem.canRetry && (
            <View className='button' role='button' data-testid='retry-button' onClick={props.onRetry}>
              重试
            </View>
          )}
        </View>
      )}
    </>
  )
}
