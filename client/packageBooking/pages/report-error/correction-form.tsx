import Taro from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { CORRECTION_CALLBACK_PHONE_DAYS } from '../../../../contracts/retention'
import { clipCharacters } from '../../../../contracts/text'
import type { CorrectionField } from '../../../../contracts/station-keeping'
import { ChoiceGrid, type Choice } from '../../../components/choice-grid'
import { RequestError } from '../../../services/http'
import { reportStationError } from '../../../services/station-corrections'
import { useAction } from '../../../hooks/use-action'
import '../../components/booking.css'
import './correction-form.css'

/** Big, short choices: which fact of the station is wrong. */
const FIELD_CHOICES: readonly Choice<CorrectionField>[] = [
  { value: 'phone', label: '电话' },
  { value: 'address', label: '地址' },
  { value: 'hours', label: '开放时间' },
  { value: 'location', label: '位置' },
  { value: 'closed', label: '已关门或搬走' },
  { value: 'other', label: '其他' },
]

const MESSAGE_MAX = 500

type FormField = 'field' | 'message' | 'callbackPhone'
type Errors = Partial<Record<FormField, string>>

/** H5 wraps the real <input>/<textarea> in a web component: the name goes on the inner element there. */
function fieldProps(label: string, phone = false): Record<string, unknown> {
  if (process.env.TARO_ENV === 'weapp') return phone ? { type: 'number', 'aria-label': label } : { 'aria-label': label }
  return { nativeProps: phone ? { type: 'tel', inputmode: 'tel', autocomplete: 'tel', 'aria-label': label } : { 'aria-label': label } }
}

/** What went wrong, for people: the server's own words for its fields; never lose what was typed. */
function describeFailure(failure: unknown): { errors: Errors; message: string } {
  if (!(failure instanceof RequestError)) return { errors: {}, message: '没有发出去，请再试一次。您写的内容还在。' }
  if (failure.failure === 'offline') {
    return { errors: {}, message: '没有发出去：现在连不上网络。您写的内容还在，等有信号了再点“提交”。' }
  }
  // the phone is online but the server did not answer (in time): not the phone's network to blame
  if (failure.failure === 'unreachable' || failure.failure === 'timeout') {
    return { errors: {}, message: '没有发出去：连不上服务器。您写的内容还在，过一会儿再点“提交”。' }
  }
  if (failure.code === 'RATE_LIMITED') return { errors: {}, message: '这台手机刚刚已经提交过好几次了，请过一会儿（约一小时）再试。您写的内容还在。' }
  if (failure.code === 'NOT_FOUND') return { errors: {}, message: '没有找到这个服务站，可能已经从名录里去掉了。' }
  const errors: Errors = {}
  for (const field of failure.fields ?? []) {
    const key = field.path.split('.')[0] as FormField
    if ((key === 'field' || key === 'message' || key === 'callbackPhone') && !errors[key]) errors[key] = field.message
  }
  const message = Object.keys(errors).length > 0 ? '请按下面的提示改一改，再点“提交”。' : `没有发出去：${failure.message}`
  return { errors, message }
}

function CorrectionError(props: { message?: string; testId: string }) {
  if (!props.message) return null
  return (
    <Text className='field-error' data-testid={props.testId}>
      {props.message}
    </Text>
  )
}

/** What the resident types, as typed: kept when sending fails. */
interface Draft {
  field: CorrectionField | null
  message: string
  callbackPhone: string
}
const EMPTY: Draft = { field: null, message: '', callbackPhone: '' }

/** 哪一项不对, what is right, and a call-back number (optional), each with its error under it. */
function CorrectionFields(props: { draft: Draft; errors: Errors; onChange: (change: Partial<Draft>) => void }) {
  const { draft, errors, onChange } = props
  return (
    <>
      <ChoiceGrid
        choices={FIELD_CHOICES}
        value={draft.field}
        onChange={(field) => onChange({ field })}
        columns={2}
        label='哪一项不对'
        testIdPrefix='correction-field'
      />
      <CorrectionError message={errors.field} testId='correction-field-error' />

      <Text className='field-label field-label-gap'>说说哪里不对，对的是什么</Text>
      <Textarea
        className={`field-textarea${errors.message ? ' field-invalid' : ''}`}
        value={draft.message}
        // in characters (an emoji is one), as the server counts; the native limit counts UTF-16 units
        maxlength={MESSAGE_MAX * 2}
        placeholder='例如：电话打不通，现在的号码是……'
        autoHeight
        {...fieldProps('说说哪里不对')}
        data-testid='correction-message'
        onInput={(event) => onChange({ message: clipCharacters(event.detail.value, MESSAGE_MAX) })}
      />
      <CorrectionError message={errors.message} testId='correction-message-error' />

      <Text className='field-label field-label-gap'>回电号码（可以不填）</Text>
      <Input
        className={`field-input${errors.callbackPhone ? ' field-invalid' : ''}`}
        maxlength={20}
        placeholder='手机号或带区号的座机号'
        value={draft.callbackPhone}
        {...fieldProps('回电号码（可以不填）', true)}
        data-testid='correction-phone'
        onInput={(event) => onChange({ callbackPhone: event.detail.value })}
      />
      <CorrectionError message={errors.callbackPhone} testId='correction-phone-error' />
      <Text className='muted'>这个号码只用来给您回电话问清楚，不会公开，{CORRECTION_CALLBACK_PHONE_DAYS} 天后删除。</Text>
    </>
  )
}

const goBack = () => void Taro.navigateBack().catch(() => undefined)

/**
 * 信息有误？: a resident says which fact of the station is wrong and what is right, optionally with
 * a number to call back. Nothing personal is needed; the county checks and corrects it.
 */
export function CorrectionForm(props: { stationId: string; stationName: string }) {
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [errors, setErrors] = useState<Errors>({})
  // not useAction's own failure text: describeFailure words each failure for this form
  const [problem, setProblem] = useState<string | null>(null)
  const [sent, setSent] = useState(false)
  const sending = useAction(async (field: CorrectionField) => {
    setProblem(null)
    try {
      const phone = draft.callbackPhone.trim()
      await reportStationError(props.stationId, { field, message: draft.message.trim(), ...(phone ? { callbackPhone: phone } : {}) })
      setSent(true)
      setDraft(EMPTY)
    } catch (failure) {
      const described = describeFailure(failure)
      setErrors(described.errors)
      setProblem(described.message)
    }
  }, '没有发出去，请再试一次。您写的内容还在。')

  const submit = () => {
    if (sending.busy) return
    const local: Errors = {}
    if (draft.field === null) local.field = '请先点一下哪一项不对'
    if (draft.message.trim() === '') local.message = '请说说哪里不对'
    setErrors(local)
    if (draft.field !== null && !local.message) void sending.run(draft.field)
    else setProblem(null)
  }

  if (sent) {
    return (
      <View id='station-correction' className='card' data-testid='station-correction'>
        <View className='notice correction-sent' role='status' data-testid='correction-sent'>
          <Text>提交成功，谢谢！县司法局核实后会更正。</Text>
        </View>
        <View className='button' role='button' data-testid='correction-back' onClick={goBack}>
          返回服务站
        </View>
        <View className='button button-secondary' role='button' data-testid='correction-again' onClick={() => setSent(false)}>
          还有一处不对
        </View>
      </View>
    )
  }
  return (
    <View id='station-correction' className='card' data-testid='station-correction'>
      <View data-testid='correction-form'>
        <Text className='subtitle'>{props.stationName}：哪一项不对？</Text>
        <CorrectionFields draft={draft} errors={errors} onChange={(change) => setDraft((current) => ({ ...current, ...change }))} />
        {problem && (
          <View className='notice notice-error correction-problem' role='alert' data-testid='correction-problem'>
            <Text>{problem}</Text>
          </View>
        )}
        <View className='button' role='button' data-testid='correction-submit' onClick={submit}>
          {sending.busy ? '正在提交…' : '提交'}
        </View>
        <View className='button button-secondary' role='button' data-testid='correction-cancel' onClick={goBack}>
          不提交了
        </View>
      </View>
    </View>
  )
}
