import { Text, View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import './volunteer.css'

/** A labelled block of the form, with its error right under it. */
export function Section(props: PropsWithChildren<{ label: string; optional?: boolean; error?: string | null; testId?: string }>) {
  return (
    <View className='vol-section' data-testid={props.testId}>
      <Text className='vol-label'>
        {props.label}
        {props.optional && <Text className='vol-optional'>（可不填）</Text>}
      </Text>
      {props.children}
      {props.error && (
        <Text className='vol-error' data-testid={props.testId ? `${props.testId}-error` : undefined}>
          {props.error}
        </Text>
      )}
    </View>
  )
}

/** A big tick box: the whole row is the tap target. */
export function CheckRow(props: PropsWithChildren<{ checked: boolean; onChange: (checked: boolean) => void; testId: string }>) {
  return (
    <View className='vol-check' role='checkbox' aria-checked={props.checked} data-testid={props.testId} onClick={() => props.onChange(!props.checked)}>
      <Text className={`vol-check-box${props.checked ? ' vol-check-box-on' : ''}`}>{props.checked ? '✓' : ''}</Text>
      <Text className='vol-check-label'>{props.children}</Text>
    </View>
  )
}

/** − n + with big buttons. */
export function Stepper(props: { value: number; min: number; max: number; onChange: (value: number) => void; label: string; testId: string }) {
  return (
    <View className='vol-stepper' data-testid={props.testId}>
      <View
        className={`button button-secondary${props.value <= props.min ? ' vol-disabled' : ''}`}
        role='button'
        aria-label={`${props.label}减一`}
        onClick={() => props.onChange(Math.max(props.min, props.value - 1))}
      >
        −
      </View>
      <Text className='vol-stepper-value' data-testid={`${props.testId}-value`}>
        {props.value} 方
      </Text>
      <View
        className={`button button-secondary${props.value >= props.max ? ' vol-disabled' : ''}`}
        role='button'
        aria-label={`${props.label}加一`}
        onClick={() => props.onChange(Math.min(props.max, props.value + 1))}
      >
        ＋
      </View>
    </View>
  )
}
