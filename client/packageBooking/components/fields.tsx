import { Input, Text, Textarea, View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { characterCount, clipCharacters } from '../../../contracts/text'
import './booking.css'

/**
 * The field's name for screen readers. H5 wraps the real <input>/<textarea> in a web component,
 * where `aria-label` is not allowed and does not label the field: `nativeProps` puts it on the
 * inner element. The mini program reads `aria-label` on the component itself.
 */
function accessibleName(label: string, extra: Record<string, string> = {}): { 'aria-label'?: string; nativeProps?: Record<string, unknown> } {
  return process.env.TARO_ENV === 'h5' ? { nativeProps: { 'aria-label': label, ...extra } } : { 'aria-label': label }
}

/** What a browser may fill in (H5 only; the mini program has no such attribute): `username`, `new-password`, … */
function autofill(autoComplete: string | undefined): Record<string, string> {
  // a user name or code is typed as printed: no capital put first, no spelling fixed
  return autoComplete ? { autocomplete: autoComplete, ...(/password/.test(autoComplete) ? {} : { autocapitalize: 'none', spellcheck: 'false' }) } : {}
}

export function FieldError(props: { message?: string | null; testId?: string }) {
  if (!props.message) return null
  return (
    <Text className='field-error' data-testid={props.testId}>
      {props.message}
    </Text>
  )
}

/** A labelled text box with its error right under it. */
export function TextField(props: {
  label: string
  value: string
  onInput: (value: string) => void
  error?: string | null
  hint?: string
  type?: 'text' | 'number' | 'digit'
  password?: boolean
  maxlength?: number
  placeholder?: string
  /** the HTML autocomplete token, for the sign-in fields */
  autoComplete?: string
  testId: string
}) {
  return (
    <View className='field'>
      <Text className='field-label'>{props.label}</Text>
      <Input
        className={`field-input${props.error ? ' field-invalid' : ''}`}
        type={props.type ?? 'text'}
        password={props.password}
        maxlength={props.maxlength ?? 140}
        placeholder={props.placeholder}
        value={props.value}
        {...accessibleName(props.label, autofill(props.autoComplete))}
        data-testid={props.testId}
        onInput={(event) => props.onInput(event.detail.value)}
      />
      {props.hint && !props.error && <Text className='field-hint'>{props.hint}</Text>}
      <FieldError message={props.error} testId={`${props.testId}-error`} />
    </View>
  )
}

/**
 * A text area with a live "已写 n / max 字" counter. `maxlength` is in characters as people count
 * them (an emoji is one: contracts/text characterCount, the same count the server checks); the
 * native limit counts UTF-16 units, so it is set twice as high and the text is clipped here.
 */
export function TextAreaField(props: {
  label: string
  value: string
  onInput: (value: string) => void
  maxlength: number
  placeholder?: string
  error?: string | null
  testId: string
}) {
  const count = characterCount(props.value)
  return (
    <View className='field'>
      <Text className='field-label'>{props.label}</Text>
      <Textarea
        className={`field-textarea${props.error ? ' field-invalid' : ''}`}
        value={props.value}
        maxlength={props.maxlength * 2}
        placeholder={props.placeholder}
        autoHeight
        {...accessibleName(props.label)}
        data-testid={props.testId}
        onInput={(event) => props.onInput(clipCharacters(event.detail.value, props.maxlength))}
      />
      <Text className={`field-counter${count >= props.maxlength ? ' field-counter-full' : ''}`} data-testid={`${props.testId}-counter`}>
        已写 {count} / {props.maxlength} 字
      </Text>
      <FieldError message={props.error} testId={`${props.testId}-error`} />
    </View>
  )
}

/** A big tick box: the whole row is the tap target. */
export function CheckRow(props: PropsWithChildren<{ checked: boolean; onChange: (checked: boolean) => void; testId: string; error?: string | null }>) {
  return (
    <View className='field'>
      <View className='check' role='checkbox' aria-checked={props.checked} data-testid={props.testId} onClick={() => props.onChange(!props.checked)}>
        <Text className={`check-box${props.checked ? ' check-box-on' : ''}`}>{props.checked ? '✓' : ''}</Text>
        <Text className='check-label'>{props.children}</Text>
      </View>
      <FieldError message={props.error} testId={`${props.testId}-error`} />
    </View>
  )
}
