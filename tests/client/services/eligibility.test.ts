import { checkEligibility, type EligibilityAnswers } from '../../../client/services/eligibility'

const none: EligibilityAnswers = { vulnerableGroup: 'no', receivesAssistance: 'no', migrantWorkerWagesOrInjury: 'no', noMeansTestCase: 'no' }

describe('checkEligibility (法律援助法 Art. 32 and 42)', () => {
  it('a migrant worker claiming wages is waived from the means test under Art. 42(3), with work papers to bring', () => {
    const result = checkEligibility({ answers: { ...none, migrantWorkerWagesOrInjury: 'yes' }, matter: 'labor_wages' })
    expect(result.outcome).toBe('waived')
    expect(result.summary).toContain('第四十二条')
    expect(result.criteria.find((c) => c.article === '第四十二条第三项')?.explanation).toMatch(/^符合/)
    expect(result.papers.join()).toContain('工资条')
    expect(result.papers.join()).not.toContain('经济困难状况的说明')
  })

  it('a domestic-violence victim has no financial condition at all under Art. 32', () => {
    const result = checkEligibility({ answers: { ...none, noMeansTestCase: 'yes' }, matter: 'marriage_family' })
    expect(result.outcome).toBe('waived')
    expect(result.summary).toContain('第三十二条')
    expect(result.papers.join()).toContain('报警回执')
  })

  it('someone who meets no criterion needs the means test, and is told the consultation is free', () => {
    const result = checkEligibility({ answers: none, matter: 'contract_debt' })
    expect(result.outcome).toBe('means_test')
    expect(result.summary).toContain('免费')
    expect(result.papers.join()).toContain('经济困难状况的说明')
  })

  it('unsure answers lead to 可先咨询, never to a refusal', () => {
    const result = checkEligibility({ answers: { ...none, vulnerableGroup: 'unsure' }, matter: 'other' })
    expect(result.outcome).toBe('consult_first')
    expect(result.criteria.find((c) => c.answer === 'unsure')?.explanation).toContain('工作人员')
  })

  it('explains every criterion and always lists ID and case papers', () => {
    const result = checkEligibility({ answers: none, matter: 'neighbor' })
    expect(result.criteria).toHaveLength(4)
    expect(result.papers.slice(0, 2).join()).toMatch(/身份证.*合同/)
  })
})
