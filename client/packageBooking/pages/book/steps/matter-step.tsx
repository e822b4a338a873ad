import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { MATTER_LABELS, matterSchema, type Matter } from '../../../../../contracts/bookings'
import { ChoiceGrid, type Choice } from '../../../../components/choice-grid'
import { FieldError, TextAreaField } from '../../../components/fields'
import type { BookingDraft } from '../use-booking-draft'

const MATTER_CHOICES: Choice<Matter>[] = matterSchema.options.map((value) => ({ value, label: MATTER_LABELS[value] }))
const DESCRIPTION_MAX = 500

/** 什么事: the matter, and a few words about it if the user likes. */
export function MatterStep(props: { draft: BookingDraft; onEdited: (field: string) => void; notices: ReactNode }) {
  const { draft } = props
  return (
    <View data-testid='matter-step'>
      {props.notices}
      <View className='card'>
        <Text className='field-label'>选一个最接近的</Text>
        <ChoiceGrid
          choices={MATTER_CHOICES}
          value={draft.matter}
          onChange={(value) => {
            draft.setMatter(value)
            props.onEdited('matter')
          }}
          columns={2}
          label='事项'
          testIdPrefix='matter'
        />
        <FieldError message={draft.errors.matter} testId='matter-error' />
      </View>
      <View className='card'>
        <TextAreaField
          label='简单说说（可以不写）'
          value={draft.description}
          onInput={(value) => {
            draft.setDescription(Array.from(value).slice(0, DESCRIPTION_MAX).join(''))
            props.onEdited('description')
          }}
          maxlength={DESCRIPTION_MAX}
          placeholder='例如：在工地干了 3 个月，老板欠 8000 元工资没给'
          error={draft.errors.description}
          testId='description'
        />
        <Text className='field-hint'>不用写身份证号。到了服务站再细说。</Text>
      </View>
    </View>
  )
}
