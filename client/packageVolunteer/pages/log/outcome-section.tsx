import { Text, View } from '@tarojs/components'
import { AGREEMENT_LABELS, MEDIATION_OUTCOME_LABELS, agreementSchema, mediationOutcomeSchema } from '../../../../contracts/mediations'
import { ChoiceGrid, type Choice } from '../../../components/choice-grid'
import { CheckRow, Section } from '../../components/controls'
import type { Agreement, Change, Draft, Errors, Outcome } from './mediation-draft'
import { DraftChoices, DraftInput, type ChoiceSpec } from './draft-input'

const OUTCOME_CHOICES: Choice<Outcome>[] = mediationOutcomeSchema.options.map((value) => ({ value, label: MEDIATION_OUTCOME_LABELS[value] }))
const AGREEMENT_CHOICES: Choice<Agreement>[] = agreementSchema.options.map((value) => ({ value, label: AGREEMENT_LABELS[value] }))
const OUTCOME: ChoiceSpec<'outcome'> = {
  field: 'outcome',
  title: '调解结果',
  label: '调解结果',
  choices: OUTCOME_CHOICES,
  columns: 3,
  testId: 'field-outcome',
  testIdPrefix: 'outcome',
}
const AGREEMENT: ChoiceSpec<'agreement'> = {
  field: 'agreement',
  title: '达成协议了吗',
  label: '协议',
  choices: AGREEMENT_CHOICES,
  columns: 3,
  testId: 'field-agreement',
  testIdPrefix: 'agreement',
}
/** where disputes are usually handed on: a tap instead of typing */
const REFERRAL_CHOICES: Choice<string>[] = ['司法所', '派出所', '人民法院', '信访办', '乡镇人民调解委员会'].map((name) => ({ value: name, label: name }))

/** 调解结果: to whom it was handed on, the agreement, the amount, and the 司法确认 note when money is to be paid. */
export function OutcomeSection(props: { draft: Draft; errors: Errors; change: Change }) {
  const { draft, errors, change } = props
  const success = draft.outcome === 'success'
  return (
    <View className='card'>
      <DraftChoices
        spec={OUTCOME}
        {...props}
        onChanged={(value) => {
          if (value !== 'success') change('agreement', null)
        }}
      />
      {draft.outcome === 'referred' && (
        <Section label='转交给谁' error={errors.referredTo} testId='field-referred'>
          <ChoiceGrid choices={REFERRAL_CHOICES} value={draft.referredTo} onChange={(value) => change('referredTo', value)} columns={3} label='转交给谁' />
          <DraftInput {...props} field='referredTo' gap maxlength={50} placeholder='或者写上单位名称' label='转交给谁' testId='referred-input' />
        </Section>
      )}
      {success && <DraftChoices spec={AGREEMENT} {...props} />}
      <Section label='涉及金额（元）' optional error={errors.amount} testId='field-amount'>
        <DraftInput {...props} field='amount' type='digit' maxlength={12} placeholder='例如 5000' label='涉及金额（元）' testId='amount-input' />
      </Section>
      {success && draft.agreement && draft.agreement !== 'none' && (
        <View className='vol-section'>
          <CheckRow checked={draft.involvesPayment} onChange={(value) => change('involvesPayment', value)} testId='involves-payment'>
            协议涉及给付（赔钱、还钱、分钱等）
          </CheckRow>
          {draft.involvesPayment && (
            <Text className='vol-legal' data-testid='judicial-note'>
              司法确认：双方可在协议生效之日起 30 天内，一起向人民法院申请司法确认；确认后一方不履行，另一方可以申请法院强制执行。保存后会提醒您回访。
            </Text>
          )}
        </View>
      )}
    </View>
  )
}
