import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { PrecheckStep } from '../../../../../../client/packageBooking/pages/book/steps/precheck-step'
import { allAnswered, checkEligibility, withUnsure, type EligibilityAnswers } from '../../../../../../client/services/eligibility'

/** The step as the booking page holds it: answers in state, the result recomputed on each. */
function Precheck() {
  const [answers, setAnswers] = useState<Partial<EligibilityAnswers>>({})
  return (
    <PrecheckStep
      answers={answers}
      onAnswers={setAnswers}
      eligibility={checkEligibility({ answers: withUnsure(answers), matter: null })}
      allAnswered={allAnswered(answers)}
    />
  )
}

describe('看看能不能免审查 (booking pre-check step)', () => {
  it('a 60-year-old with a pension is not told 免予核查: the income question follows 是, and 有 leads to stating hardship, with how it is checked (Art. 41)', () => {
    render(<Precheck />)
    expect(screen.queryByTestId('precheck-fixedIncome-yes')).toBeNull()
    for (const key of ['noMeansTestCase', 'receivesAssistance', 'migrantWorkerWagesOrInjury']) fireEvent.click(screen.getByTestId(`precheck-${key}-no`))
    fireEvent.click(screen.getByTestId('precheck-vulnerableGroup-yes'))
    // the follow-up appears, and the result waits for it
    expect(screen.getByTestId('precheck-fixedIncome-yes')).toHaveTextContent('有')
    expect(screen.getByTestId('precheck-fixedIncome-no')).toHaveTextContent('没有')
    expect(screen.queryByTestId('precheck-result')).toBeNull()

    fireEvent.click(screen.getByTestId('precheck-fixedIncome-yes'))
    expect(screen.getByTestId('precheck-outcome')).toHaveTextContent('要说明经济困难状况')
    expect(screen.getByTestId('precheck-hardship-check')).toHaveTextContent('法律援助法第四十一条')
    expect(screen.getByTestId('precheck-hardship-check')).toHaveTextContent('个人诚信承诺')
    expect(screen.getByTestId('precheck-matter-scope')).toHaveTextContent('法律援助法第三十一条')

    fireEvent.click(screen.getByTestId('precheck-fixedIncome-no'))
    expect(screen.getByTestId('precheck-outcome')).toHaveTextContent('免予核查经济困难状况')
    expect(screen.getByTestId('precheck-result')).toHaveTextContent('按法律援助法第四十二条第一项，有材料证明的，免予核查经济困难状况')
    expect(screen.queryByTestId('precheck-hardship-check')).toBeNull()
  })

  it('never blocks: all 不确定 gives 可先咨询 without the follow-up question', () => {
    render(<Precheck />)
    for (const key of ['noMeansTestCase', 'vulnerableGroup', 'receivesAssistance', 'migrantWorkerWagesOrInjury'])
      fireEvent.click(screen.getByTestId(`precheck-${key}-unsure`))
    expect(screen.getByTestId('precheck-outcome')).toHaveTextContent('可先咨询')
  })
})
