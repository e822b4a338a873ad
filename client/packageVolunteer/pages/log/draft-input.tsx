import { Input } from '@tarojs/components'
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
