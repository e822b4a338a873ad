import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { Booking } from '../../../contracts/bookings'
import { mobilePhoneError } from '../../services/bookings'
import { useAction } from '../../hooks/use-action'
import { RequestError } from '../../services/http'
import { lookupBookingsByPhone } from '../../services/phone-codes'
import { BookingDetails } from './booking-details'
import { TextField } from './fields'
import { PhoneCodeField, type PhoneCodeValue } from './phone-code-field'

/**
 * 用手机验证码查 (H5, when the BFF sends SMS): the phone number and an SMS code list that phone's
 * bookings, so a lost booking code comes back; 查看这个预约 opens one with its code and last 4 digits.
 */
export function PhoneLookup(props: { onPick: (params: { code: string; phoneLast4: string }) => void }) {
  const [phone, setPhone] = useState('')
  const [phoneCode, setPhoneCode] = useState<PhoneCodeValue | null>(null)
  const [errors, setErrors] = useState<Record<string, string | undefined>>({})
  const [found, setFound] = useState<Booking[] | null>(null)
  const searching = useAction(async (sent: { phone: string; phoneCode: PhoneCodeValue }) => {
    try {
      setFound((await lookupBookingsByPhone(sent)).bookings)
    } catch (failure) {
      if (failure instanceof RequestError && failure.fields?.length) setErrors(Object.fromEntries(failure.fields.map((field) => [field.path, field.message])))
      throw failure
    }
  }, '没有查到，请再试一次。')
  const { busy, error: problem } = searching

  const search = async () => {
    if (busy) return
    const phoneProblem = mobilePhoneError(phone)
    const codeProblem = !phoneCode?.requestId ? '请先点“获取验证码”' : /^\d{6}$/.test(phoneCode.code) ? undefined : '请填写短信里的 6 位验证码'
    setErrors({ phone: phoneProblem ?? undefined, 'phoneCode.code': codeProblem })
    if (phoneProblem || codeProblem || !phoneCode) return
    await searching.run({ phone: phone.trim(), phoneCode })
  }

  return (
    <View className='card' data-testid='phone-lookup'>
      <Text className='subtitle'>用手机验证码查</Text>
      <TextField
        label='手机号'
        type='number'
        value={phone}
        onInput={(value) => setPhone(value.replace(/\D/g, '').slice(0, 11))}
        maxlength={11}
        error={errors.phone}
        testId='phone-lookup-phone'
      />
      <PhoneCodeField phone={phone} purpose='lookup' value={phoneCode} onChange={setPhoneCode} error={errors['phoneCode.code']} testId='phone-lookup-code' />
      <View className={`button${busy ? ' button-disabled' : ''}`} role='button' data-testid='phone-lookup-button' onClick={() => void search()}>
        {busy ? '正在查询…' : '查这个手机号的预约'}
      </View>
      {problem && (
        <Text className='notice notice-error' data-testid='phone-lookup-error'>
          {problem}
        </Text>
      )}
      {found && found.length === 0 && <Text className='notice'>这个手机号没有预约（时段结束 180 天后的预约已删除）。</Text>}
      {found?.map((booking) => (
        <View className='card' key={booking.code} data-testid='phone-lookup-result'>
          <BookingDetails booking={booking} />
          <View className='button button-secondary' role='button' onClick={() => props.onPick({ code: booking.code, phoneLast4: phone.trim().slice(-4) })}>
            查看这个预约
          </View>
        </View>
      ))}
    </View>
  )
}
