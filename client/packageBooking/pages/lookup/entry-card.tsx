import { Text, View } from '@tarojs/components'
import { PhoneLookup } from '../../components/phone-lookup'
import { TextField } from '../../components/fields'
import type { Lookup } from './use-lookup'

/** The booking code and the phone's last 4 digits, 查询, and (H5) the way in for a lost code. */
export function EntryCard(props: { lookup: Lookup }) {
  const { state, dispatch, busy, lookUp } = props.lookup
  return (
    <>
      <View className='card'>
        <TextField
          label='预约码（8 位）'
          value={state.code}
          onInput={(value) => dispatch({ type: 'code-typed', value })}
          maxlength={12}
          placeholder='例如 K7M4Q2XA'
          error={state.entryErrors.code}
          hint='字母会自动变成大写；没有 0、O、1、I'
          testId='code-input'
        />
        <TextField
          label='手机号后 4 位'
          type='number'
          value={state.phoneLast4}
          onInput={(value) => dispatch({ type: 'last4-typed', value })}
          maxlength={4}
          error={state.entryErrors.phoneLast4}
          testId='last4-input'
        />
        <View
          className={`button${busy ? ' button-disabled' : ''}`}
          role='button'
          data-testid='lookup-button'
          onClick={() => lookUp({ code: state.code, phoneLast4: state.phoneLast4 })}
        >
          {busy && !state.booking ? '正在查询…' : '查询'}
        </View>
      </View>

      {/* 用手机验证码查 (H5): answers 404 SMS_NOT_CONFIGURED when the BFF sends no SMS, said in words */}
      {process.env.TARO_ENV !== 'weapp' && !state.byPhone && (
        <View className='list-item' role='link' data-testid='phone-lookup-link' onClick={() => dispatch({ type: 'phone-lookup-opened' })}>
          <Text className='text link'>忘了预约码？用手机验证码查</Text>
        </View>
      )}
      {state.byPhone && (
        <PhoneLookup
          onPick={(proof) => {
            dispatch({ type: 'picked', proof })
            lookUp(proof)
          }}
        />
      )}
    </>
  )
}
