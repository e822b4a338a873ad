import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { SMS_PROVIDER_NAMES, type PhoneCodePurpose } from '../../../contracts/phone-codes'
import { mobilePhoneError } from '../../services/bookings'
import { RequestError } from '../../services/http'
import { requestPhoneCode } from '../../services/phone-codes'
import { FieldError, TextField } from './fields'

export interface PhoneCodeValue {
  requestId: string
  code: string
}

/**
 * 短信验证码 (H5, when the BFF sends SMS): 获取验证码 sends one to `phone` and counts 60 s down
 * before it can be asked again; the 6 digits go with the request id the server gave this page.
 */
export function PhoneCodeField(props: {
  phone: string
  purpose: PhoneCodePurpose
  value: PhoneCodeValue | null
  onChange: (value: PhoneCodeValue | null) => void
  error?: string | null
  testId: string
}) {
  const [wait, setWait] = useState(0)
  const [sending, setSending] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [sentTo, setSentTo] = useState<string | null>(null)

  useEffect(() => {
    if (wait <= 0) return undefined
    const timer = setTimeout(() => setWait((seconds) => seconds - 1), 1000)
    return () => clearTimeout(timer)
  }, [wait])

  const ask = async () => {
    if (sending || wait > 0) return
    const phoneProblem = mobilePhoneError(props.phone)
    if (phoneProblem) {
      setProblem(phoneProblem)
      return
    }
    setSending(true)
    setProblem(null)
    try {
      const sent = await requestPhoneCode({ phone: props.phone.trim(), purpose: props.purpose })
      props.onChange({ requestId: sent.requestId, code: props.value?.code ?? '' })
      setSentTo(`${SMS_PROVIDER_NAMES[sent.sentBy]}发到 ${sent.phone}`)
      setWait(sent.resendInSeconds)
    } catch (failure) {
      setProblem(failure instanceof RequestError ? failure.message : '验证码没有发出，请再试一次。')
      const retryAfter = failure instanceof RequestError && failure.status === 429 ? Number(failure.retryAfterSeconds ?? 0) : 0
      if (retryAfter > 0 && retryAfter <= 60) setWait(retryAfter)
    } finally {
      setSending(false)
    }
  }

  return (
    <View data-testid={props.testId}>
      <TextField
        label='短信验证码'
        type='number'
        value={props.value?.code ?? ''}
        onInput={(code) => props.onChange({ requestId: props.value?.requestId ?? '', code: code.replace(/\D/g, '').slice(0, 6) })}
        maxlength={6}
        hint={sentTo ? `验证码已由${sentTo}，5 分钟内有效` : '先点“获取验证码”，短信里有 6 位数字'}
        error={props.error}
        testId={`${props.testId}-input`}
      />
      <View
        className={`button button-secondary${sending || wait > 0 ? ' button-disabled' : ''}`}
        role='button'
        aria-disabled={sending || wait > 0}
        data-testid={`${props.testId}-send`}
        onClick={() => void ask()}
      >
        <Text>{sending ? '正在发送…' : wait > 0 ? `${wait} 秒后可重新获取` : sentTo ? '重新获取验证码' : '获取验证码'}</Text>
      </View>
      <FieldError message={problem} testId={`${props.testId}-problem`} />
    </View>
  )
}
