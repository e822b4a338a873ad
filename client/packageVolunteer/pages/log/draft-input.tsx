import { Input } from '@tarojs/components'
import { ChoiceGrid, type Choice } from '../../../components/choice-grid'
import { Section } from '../../components/controls'
import type { Change, Draft, Errors } from './mediation-draft'

type TextField = 'village' | 'partyNames' | 'referredTo' | 'amount'

/** One line of the log form bound to its draft field, marked when the field has an error. */
export function DraftInput(props: {
  field: TextField
  draft: Draft
  errors: Errors
  change: Change
  label: string
  placeholder: string
  maxlength: number
  testId: string
  type?: 'text' | 'digit'
  gap?: boolean
}) {
  const invalid = props.errors[props.field] ? ' vol-invalid' : ''
  return (
    <Input
      className={`vol-input${props.gap ? ' vol-gap' : ''}${invalid}`}
      type={props.type ?? 'text'}
      maxlength={props.maxlength}
      value={props.draft[props.field]}
      placeholder={props.placeholder}
      aria-label={props.label}
      data-testid={props.testId}
      onInput={(event) => props.change(props.field, event.detail.value)}
    />
  )
}

/** The draft's fields picked from a few choices: 纠纷类型, 来源, 调解结果, 协议. */
type ChoiceField = 'disputeType' | 'source' | 'outcome' | 'agreement'

/** How one choice section reads: its field, heading, screen-reader name, choices and test ids. */
export interface ChoiceSpec<Field extends ChoiceField> {
  field: Field
  /** the section's heading */
  title: string
  /** the button group's name for screen readers */
  label: string
  choices: readonly Choice<NonNullable<Draft[Field]>>[]
  columns: 2 | 3
  testId: string
  testIdPrefix: string
}

/** A section of the log form whose answer is one of a few big buttons, bound to its draft field. */
export function DraftChoices<Field extends ChoiceField>(props: {
  spec: ChoiceSpec<Field>
  draft: Draft
  errors: Errors
  change: Change
  /** after the field changed (e.g. an outcome other than success has no agreement) */
  onChanged?: (value: NonNullable<Draft[Field]>) => void
}) {
  const { spec } = props
  return (
    <Section label={spec.title} error={props.errors[spec.field]} testId={spec.testId}>
      <ChoiceGrid
        choices={spec.choices}
        value={props.draft[spec.field] as NonNullable<Draft[Field]> | null}
        onChange={(value) => {
          props.change(spec.field, value)
          props.onChanged?.(value)
        }}
        columns={spec.columns}
        label={spec.label}
        testIdPrefix={spec.testIdPrefix}
      />
    </Section>
  )
}
