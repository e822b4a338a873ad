import { Text, Textarea, View } from '@tarojs/components'
import { DISPUTE_TYPE_LABELS, MEDIATION_SOURCE_LABELS, disputeTypeSchema, mediationSourceSchema, type DisputeType } from '../../../../contracts/mediations'
import { maskPartyNames } from '../../../../contracts/party-names'
import { characterCount, clipCharacters } from '../../../../contracts/text'
import type { Choice } from '../../../components/choice-grid'
import { Section, Stepper } from '../../components/controls'
import { splitNames, SUMMARY_MAX, type Change, type Draft, type Errors, type Source } from './mediation-draft'
import { DraftChoices, DraftInput, type ChoiceSpec } from './draft-input'

const TYPE_CHOICES: Choice<DisputeType>[] = disputeTypeSchema.options.map((value) => ({ value, label: DISPUTE_TYPE_LABELS[value] }))
const SOURCE_CHOICES: Choice<Source>[] = mediationSourceSchema.options.map((value) => ({ value, label: MEDIATION_SOURCE_LABELS[value] }))
const TYPE: ChoiceSpec<'disputeType'> = {
  field: 'disputeType',
  title: '纠纷类型',
  label: '纠纷类型',
  choices: TYPE_CHOICES,
  columns: 2,
  testId: 'field-type',
  testIdPrefix: 'type',
}
const SOURCE: ChoiceSpec<'source'> = {
  field: 'source',
  title: '纠纷从哪里来',
  label: '纠纷来源',
  choices: SOURCE_CHOICES,
  columns: 3,
  testId: 'field-source',
  testIdPrefix: 'source',
}

/** 纠纷类型, where it came from, the parties (names kept as 张* only) and a short summary. */
export function DisputeSection(props: { draft: Draft; errors: Errors; change: Change }) {
  const { draft, errors, change } = props
  const names = maskPartyNames(splitNames(draft.partyNames))
  return (
    <View className='card'>
      <DraftChoices spec={TYPE} {...props} />
      <DraftChoices spec={SOURCE} {...props} />
      <Section label='几方当事人' error={errors.partiesCount} testId='field-parties'>
        <Stepper value={draft.partiesCount} min={2} max={50} onChange={(value) => change('partiesCount', value)} label='当事人' testId='parties' />
      </Section>
      <Section label='当事人姓名' optional error={errors.partyNames} testId='field-names'>
        <DraftInput {...props} field='partyNames' maxlength={300} placeholder='如：张三、李四' label='当事人姓名' testId='names-input' />
        <Text className='vol-hint' data-testid='names-note'>
          为保护当事人，只保存姓，名字用 * 代替{names.length > 0 ? `，将保存为 ${names.join('、')}` : '（如 张*）'}。多个名字用顿号隔开。
        </Text>
      </Section>
      <Section label='简要情况' optional error={errors.summary} testId='field-summary'>
        <Textarea
          className={`vol-textarea${errors.summary ? ' vol-invalid' : ''}`}
          value={draft.summary}
          // the limit is in characters (an emoji is one), as the counter and the server count; the native one counts UTF-16 units
          maxlength={SUMMARY_MAX * 2}
          placeholder='一两句话：为什么事、怎么调的'
          autoHeight
          aria-label='简要情况'
          data-testid='summary-input'
          onInput={(event) => change('summary', clipCharacters(event.detail.value, SUMMARY_MAX))}
        />
        <Text className='vol-counter'>
          已写 {characterCount(draft.summary)} / {SUMMARY_MAX} 字
        </Text>
      </Section>
    </View>
  )
}
