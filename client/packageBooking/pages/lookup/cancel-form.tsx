import { Text, View } from '@tarojs/components'
import { ChoiceGrid, type Choice } from '../../../components/choice-grid'
import { QUICK_CANCEL_REASONS, type QuickCancelReason } from '../../components/cancel-reason'
import { FieldError, TextField } from '../../components/fields'
import type { Lookup } from './use-lookup'

const REASON_CHOICES: Choice<QuickCancelReason>[] = QUICK_CANCEL_REASONS.map((reason) => ({ value: reason, label: reason }))

/** 为什么取消？ a quick reason, words if the user likes, then 确认取消. */
export function CancelForm(props: { lookup: Lookup }) {
  const { state, dispatch, busy, confirmCancel } = props.lookup
  return (
    <View className='card' data-testid='cancel-form'>
      <Text className='subtitle'>为什么取消？</Text>
      <ChoiceGrid
        choices={REASON_CHOICES}
        value={state.quickReason}
        onChange={(reason) => dispatch({ type: 'reason-picked', reason })}
        columns={1}
        label='取消原因'
        testIdPrefix='reason'
      />
      <TextField
        label='想多说一句（可以不写）'
        value={state.reasonText}
        onInput={(text) => dispatch({ type: 'reason-typed', text })}
        maxlength={150}
        testId='reason-input'
      />
      <FieldError message={state.reasonError} testId='reason-error' />
      <View className='nav-row'>
        <View className='button button-secondary button-back' role='button' onClick={() => dispatch({ type: 'form-closed' })}>
          不取消了
        </View>
        <View className={`button button-danger${busy ? ' button-disabled' : ''}`} role='button' data-testid='confirm-cancel' onClick={confirmCancel}>
          {busy ? '正在取消…' : '确认取消'}
        </View>
      </View>
    </View>
  )
}
