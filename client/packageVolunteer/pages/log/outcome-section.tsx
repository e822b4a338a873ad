import { Text, View } from '@tarojs/components'
import { AGREEMENT_LABELS, MEDIATION_OUTCOME_LABELS, agreementSchema, mediationOutcomeSchema } from '../../../../contracts/mediations'
import { ChoiceGrid, type Choice } from '../../../components/choice-grid'
import { CheckRow, Section } from '../../components/controls'
import type { Agreement, Change, Draft, Errors, Outcome } from './mediation-draft'
import { DraftInput } from './draft-input'

const OUTCOME_CHOICES: Choice<Outcome>[] = mediationOutcomeSchema.options.map((value) => ({ value, label: MEDIATION_OUTCOME_LABELS[value] }))
const AGREEMENT_CHOICES: Choice<Agreement>[] = agreementSchema.options.map((value) => ({ value, label: AGREEMENT_LABELS[value] }))
/** where disputes are usually handed on: a tap instead of typing */
const REFERRAL_CHOICES: Choice<string>[] = ['司法所', '派出所', '人民法院', '信访办', '乡镇人民调解委员会'].map((name) => ({ value: name, label: name }))

/** 调解结果: to whom it was handed on, the agreement, the amount, and the 司法确认 note when money is to be paid. */
export function OutcomeSection(props: { draft: Draft; errors: Errors; change: Change }) {
  const { draft, errors, change } = props
  const success = draft.outcome === 'success'
  return (
    <View className='card'>
      <Section label='调解结果' error={errors.outcome} testId='field-outcome'>
        <ChoiceGrid
          choices={OUTCOME_CHOICES}
          value={draft.outcome}
          onChange={(value) => {
            change('outcome', value)
            if (value !== 'success') change('agreement', null)
          }}
          columns={3}
          label='调解结果'
          testIdPrefix='outcome'
        />
      </Section>
      {draft.outcome === 'referred' && (
        <Section label='转交给谁' error={errors.referredTo} testId='field-referred'>
          <ChoiceGrid choices={REFERRAL_CHOICES} value={draft.referredTo} onChange={(value) => change('referredTo', value)} columns={3} label='转交给谁' />
          <DraftInput
            field='referredTo'
            draft={draft}
            errors={errors}
            change={change}
            gap
            maxlength={50}
            placeholder='或者写上单位名称'
            label='转交给谁'
            testId='referred-input'
          />
        </Section>
      )}
      {success && (
        <Section label='达成协议了吗' error={errors.agreement} testId='field-agreement'>
          <ChoiceGrid
            choices={AGREEMENT_CHOICES}
            value={draft.agreement}
            onChange={(value) => change('agreement', value)}
            columns={3}
            label='协议'
            testIdPrefix='agreement'
          />
        </Section>
      )}
      <Section label='涉及金额（元）' optional error={errors.amount} testId='field-amount'>
        <DraftInput
          field='amount'
          draft={draft}
          errors={errors}
          change={change}
          type='digit'
          maxlength={12}
          placeholder='例如 5000'
          label='涉及金额（元）'
          testId='amount-input'
        />
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
