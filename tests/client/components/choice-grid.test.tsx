import { fireEvent, render, screen } from '@testing-library/react'
import { ChoiceGrid, type Choice } from '../../../client/components/choice-grid'

type Fruit = 'apple' | 'pear' | 'plum'
const CHOICES: Choice<Fruit>[] = [
  { value: 'apple', label: '苹果' },
  { value: 'pear', label: '梨' },
  { value: 'plum', label: '李子', disabled: true },
]

describe('ChoiceGrid (client/components/choice-grid)', () => {
  it('is a labelled radio group of big buttons, the chosen one checked', () => {
    render(<ChoiceGrid choices={CHOICES} value='pear' onChange={() => undefined} columns={3} label='水果' testIdPrefix='fruit' testId='fruits' />)
    const group = screen.getByTestId('fruits')
    expect(group).toHaveAttribute('role', 'radiogroup')
    expect(group).toHaveAttribute('aria-label', '水果')
    expect(group).toHaveClass('choice-grid', 'choice-grid-3')
    const pear = screen.getByTestId('fruit-pear')
    expect(pear).toHaveAttribute('role', 'radio')
    expect(pear).toHaveAttribute('aria-checked', 'true')
    expect(pear).toHaveClass('button', 'choice', 'choice-selected')
    expect(screen.getByTestId('fruit-apple')).toHaveAttribute('aria-checked', 'false')
    expect(screen.getByTestId('fruit-apple')).not.toHaveClass('choice-selected')
    expect(screen.getByTestId('fruit-plum')).toHaveAttribute('aria-disabled', 'true')
    expect(screen.getByTestId('fruit-plum')).toHaveClass('choice-disabled')
  })

  it('reports a tap on a choice, never on a disabled one', () => {
    const onChange = jest.fn()
    render(<ChoiceGrid choices={CHOICES} value={null} onChange={onChange} columns={2} label='水果' testIdPrefix='fruit' />)
    fireEvent.click(screen.getByText('苹果'))
    fireEvent.click(screen.getByText('李子'))
    expect(onChange).toHaveBeenCalledTimes(1)
    expect(onChange).toHaveBeenCalledWith('apple')
  })

  it('without a test id prefix, the buttons carry none', () => {
    render(<ChoiceGrid choices={CHOICES} value={null} onChange={() => undefined} columns={1} label='水果' />)
    expect(screen.getByText('梨')).not.toHaveAttribute('data-testid')
  })
})
