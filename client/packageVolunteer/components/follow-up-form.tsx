import { Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import {
  FOLLOW_UP_NOTE_MAX,
  FULFILMENT_LABELS,
  JUDICIAL_STEP_LABELS,
  createFollowUpRequestSchema,
  fulfilmentSchema,
  judicialStepSchema,
  type CreateFollowUpRequest,
  type FollowUpKind,
  type Fulfilment,
  type JudicialStep,
} from '../../../contracts/mediations'
import { characterCount, clipCharacters } from '../../../contracts/text'
import { ChoiceGrid, type Choice } from '../../components/choice-grid'
import { chinaDate } from '../../../contracts/china-time'
import { newRecordId } from '../../services/mediations'
import { Section } from './controls'
import './volunteer.css'

const DAY_CHOICES: Choice<'0' | '1' | '2'>[] = [
  { value: '0', label: '今天' },
  { value: '1', label: '昨天' },
  { value: '2', label: '前天' },
]
const FULFILMENT_CHOICES: Choice<Fulfilment>[] = fulfilmentSchema.options.map((value) => ({ value, label: FULFILMENT_LABELS[value] }))
const RECURRED_CHOICES: Choice<'no' | 'yes'>[] = [
  { value: 'no', label: '没有反复' },
  { value: 'yes', label: '有反复' },
]
const JUDICIAL_CHOICES: Choice<JudicialStep>[] = judicialStepSchema.options.map((value) => ({ value, label: JUDICIAL_STEP_LABELS[value] }))

/**
 * A 回访 as the form has it, checked: every question answered (else which are not), and what the
 * contract accepts. Its id and the visit's day are made here, from the clock.
 */
export function checkFollowUp(params: {
  kind: FollowUpKind
  daysAgo: string
  answers: { fulfilment: Fulfilment | null; recurred: 'no' | 'yes' | null; judicial: JudicialStep | null }
  note: string
}): { followUp: CreateFollowUpRequest; error: null } | { followUp: null; error: string } {
  const { fulfilment, recurred, judicial } = params.answers
  if (!fulfilment || !recurred || !judicial) {
    return {
      followUp: null,
      error: ['协议履行了吗', '有没有反复', '司法确认'].filter((_, index) => [fulfilment, recurred, judicial][index] === null).join('、') + '：请选一项',
    }
  }
  const parsed = createFollowUpRequestSchema.safeParse({
    id: newRecordId(),
    kind: params.kind,
    visitedOn: chinaDate({ now: new Date(), offsetDays: -Number(params.daysAgo) }),
    fulfilment,
    recurred: recurred === 'yes',
    judicial,
    note: params.note,
  })
  return parsed.success ? { followUp: parsed.data, error: null } : { followUp: null, error: parsed.error.issues[0]?.message ?? '请检查填写的内容' }
}

/**
 * 记回访: when, 协议履行了吗？, 有没有反复？, 司法确认 and a short note — big buttons, one screen.
 * The visit cannot be before the mediation nor after today; the id is made here, so the upload
 * stores it once however often it is retried.
 */
export function FollowUpForm(props: {
  kind: FollowUpKind
  occurredOn: string | null
  onSave: (followUp: CreateFollowUpRequest) => void
  onCancel: () => void
  testId: string
}) {
  const [daysAgo, setDaysAgo] = useState<'0' | '1' | '2'>('0')
  const [fulfilment, setFulfilment] = useState<Fulfilment | null>(null)
  const [recurred, setRecurred] = useState<'no' | 'yes' | null>(null)
  const [judicial, setJudicial] = useState<JudicialStep | null>(props.kind === 'judicial_confirmation' ? null : 'not_needed')
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  // a choice made clears the "请选一项" note
  const chosen =
    <Value,>(set: (value: Value) => void) =>
    (value: Value) => {
      set(value)
      setError(null)
    }
  const days = DAY_CHOICES.map((choice) => ({
    ...choice,
    disabled: props.occurredOn !== null && chinaDate({ now: new Date(), offsetDays: -Number(choice.value) }) < props.occurredOn,
  }))

  const save = () => {
    const checked = checkFollowUp({ kind: props.kind, daysAgo, answers: { fulfilment, recurred, judicial }, note })
    setError(checked.error)
    if (checked.followUp) props.onSave(checked.followUp)
  }

  return (
    <View className='vol-followup-form' data-testid={props.testId}>
      <Section label='哪天回访的' testId='follow-up-date'>
        <ChoiceGrid choices={days} value={daysAgo} onChange={setDaysAgo} columns={3} label='回访日期' testIdPrefix='visited' />
      </Section>
      <Section label='协议履行了吗？' testId='follow-up-fulfilment'>
        <ChoiceGrid
          choices={FULFILMENT_CHOICES}
          value={fulfilment}
          onChange={chosen(setFulfilment)}
          columns={3}
          label='协议履行了吗'
          testIdPrefix='fulfilment'
        />
      </Section>
      <Section label='有没有反复？' testId='follow-up-recurred'>
        <ChoiceGrid choices={RECURRED_CHOICES} value={recurred} onChange={chosen(setRecurred)} columns={2} label='有没有反复' testIdPrefix='recurred' />
      </Section>
      <Section label='司法确认' testId='follow-up-judicial'>
        <ChoiceGrid choices={JUDICIAL_CHOICES} value={judicial} onChange={chosen(setJudicial)} columns={2} label='司法确认' testIdPrefix='judicial' />
      </Section>
      <Section label='备注' optional testId='follow-up-note'>
        <Textarea
          className='vol-textarea'
          value={note}
          // the limit is in characters (an emoji is one), kept by clipCharacters; the native limit counts UTF-16 units
          maxlength={FOLLOW_UP_NOTE_MAX * 2}
          placeholder='一两句话：现在怎么样了'
          autoHeight
          aria-label='备注'
          data-testid='follow-up-note-input'
          onInput={(event) => setNote(clipCharacters(String(event.detail.value), FOLLOW_UP_NOTE_MAX))}
        />
        <Text className='vol-counter'>
          已写 {characterCount(note)} / {FOLLOW_UP_NOTE_MAX} 字
        </Text>
      </Section>
      {error && (
        <Text className='vol-error' data-testid='follow-up-error'>
          {error}
        </Text>
      )}
      <View className='vol-nav-pair'>
        <View className='button' role='button' data-testid='save-follow-up' onClick={save}>
          保存回访
        </View>
        <View className='button button-secondary' role='button' data-testid='cancel-follow-up' onClick={props.onCancel}>
          取消
        </View>
      </View>
    </View>
  )
}
