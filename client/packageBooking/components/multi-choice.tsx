import { Text, View } from '@tarojs/components'
import type { Choice } from '../../components/choice-grid'
import '../../components/choice-grid.css'
import './station-form.css'

/**
 * Several choices as big buttons, each one switched on and off by a tap (a ✓ shows which are on,
 * so it does not depend on colour alone). Looks like ChoiceGrid; a group of checkboxes for screen
 * readers. Each button's test id is `<testIdPrefix>-<value>`.
 */
export function MultiChoice<Value extends string>(props: {
  choices: readonly Choice<Value>[]
  value: readonly Value[]
  onChange: (value: Value[]) => void
  columns: 1 | 2
  label: string
  testIdPrefix?: string
  testId?: string
}) {
  const toggle = (value: Value) => {
    const on = props.value.includes(value)
    // keep the choices' own order, whatever order they were tapped in
    props.onChange(props.choices.map((choice) => choice.value).filter((candidate) => (candidate === value ? !on : props.value.includes(candidate))))
  }
  return (
    <View className={`choice-grid choice-grid-${props.columns}`} role='group' aria-label={props.label} data-testid={props.testId}>
      {props.choices.map((choice) => {
        const selected = props.value.includes(choice.value)
        return (
          <View
            key={choice.value}
            className={`button button-secondary choice multi-choice${selected ? ' choice-selected' : ''}${choice.disabled ? ' choice-disabled' : ''}`}
            role='checkbox'
            aria-checked={selected}
            aria-disabled={choice.disabled === true}
            data-testid={props.testIdPrefix ? `${props.testIdPrefix}-${choice.value}` : undefined}
            onClick={() => {
              if (!choice.disabled) toggle(choice.value)
            }}
          >
            <Text className='multi-choice-mark'>{selected ? '✓' : ''}</Text>
            <Text className='multi-choice-label'>{choice.label}</Text>
          </View>
        )
      })}
    </View>
  )
}
