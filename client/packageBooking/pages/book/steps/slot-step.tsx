import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { Slot } from '../../../../../contracts/bookings'
import { LoadNotice } from '../../../../components/load-notice'
import { formatSlot } from '../../../../services/bookings'
import { FieldError } from '../../../components/fields'
import { SlotPicker } from '../../../components/slot-picker'
import type { BookingDraft } from '../use-booking-draft'

/** 选时间: the station's free slots (loaded by the page when this step opens). */
export function SlotStep(props: { draft: BookingDraft; onChoose: (slot: Slot) => void; notices: ReactNode; onRetry: () => void }) {
  const { slots, slot, slotsLoading, slotsError, errors } = props.draft
  return (
    <View data-testid='slot-step'>
      {props.notices}
      <LoadNotice loading={slotsLoading && !slots} error={slotsError} onRetry={props.onRetry} />
      {slots && (
        <View className='card'>
          <SlotPicker
            slots={slots.slots}
            selected={slot?.start ?? null}
            onSelect={props.onChoose}
            isDefaultSchedule={slots.isDefaultSchedule}
            hours={slots.hours}
            leadMinutes={slots.leadMinutes}
          />
          <FieldError message={errors.slotStart} testId='slot-error' />
        </View>
      )}
      {slot && (
        <Text className='notice book-chosen' data-testid='chosen-slot'>
          已选：{formatSlot(slot)}
        </Text>
      )}
    </View>
  )
}
