import { View } from '@tarojs/components'
import './choice-grid.css'

export interface Choice<Value extends string> {
  value: Value
  label: string
  disabled?: boolean
}

/**
 * One choice as big buttons (no Picker wheel: easy to read and to tap with a thumb), used by the
 * booking and the volunteer forms. A radio group for screen readers; on H5 the keyboard reaches
 * each button through services/keyboard-access. Each button's test id is `<testIdPrefix>-<value>`.
 */
export function ChoiceGrid<Value extends string>(props: {
  choices: readonly Choice<Value>[]
  value: Value | null
  onChange: (value: Value) => void
  columns: 1 | 2 | 3
  label: string
  testIdPrefix?: string
  /** test id of the whole group */
  testId?: string
}) {
  return (
    <View className={`choice-grid choice-grid-${props.columns}`} role='radiogroup' aria-label={props.label} data-testid={props.testId}>
      {props.choices.map((choice) => {
        const selected = choice.value === props.value
        return (
          <View
            key={choice.value}
            className={`button button-secondary choice${selected ? ' choice-selected' : ''}${choice.disabled ? ' choice-disabled' : ''}`}
            role='radio'
            aria-checked={selected}
            aria-disabled={choice.disabled === true}
            data-testid={props.testIdPrefix ? `${props.testIdPrefix}-${choice.value}` : undefined}
            onClick={() => {
              if (!choice.disabled) props.onChange(choice.value)
            }}
          >
            {choice.label}
          </View>
        )
      })}
    </View>
  )
}
