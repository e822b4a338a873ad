import {
  allAnswered,
  ART31_SCOPE,
  ART32_RULE,
  ART41_NOTE,
  ART42_1_RULE,
  ART42_2_RULE,
  ART42_3_RULE,
  askedQuestions,
  checkEligibility,
  LAW,
  type EligibilityAnswers,
} from '../../../client/services/eligibility'

/**
 * 《中华人民共和国法律援助法》(in force 2022-01-01): one test per rule, each quoting verbatim the
 * item it implements. The rules live in client/services/eligibility.ts.
 */

const none: EligibilityAnswers = {
  noMeansTestCase: 'no',
  vulnerableGroup: 'no',
  fixedIncome: 'unsure',
  receivesAssistance: 'no',
  migrantWorkerWagesOrInjury: 'no',
}

describe('the pre-check’s rules, each against the law’s text', () => {
  it('第四十二条第一项 “无固定生活来源的未成年人、老年人、残疾人等特定群体”: both conditions — a person over 60 WITH a fixed income is not exempt; one without is', () => {
    // a 60-year-old with a pension: the group alone does not exempt
    const withIncome = checkEligibility({ answers: { ...none, vulnerableGroup: 'yes', fixedIncome: 'yes' }, matter: null })
    expect(withIncome.outcome).toBe('means_test')
    expect(withIncome.criteria.find((criterion) => criterion.article === '第四十二条第一项')?.answer).toBe('no')
    // the same person without a fixed source of living is exempt from the check, with papers
    const withoutIncome = checkEligibility({ answers: { ...none, vulnerableGroup: 'yes', fixedIncome: 'no' }, matter: null })
    expect(withoutIncome.outcome).toBe('waived')
    expect(withoutIncome.summary).toContain('第四十二条第一项')
    expect(withoutIncome.summary).toContain('有材料证明')
    expect(withoutIncome.papers.join()).toContain('没有固定生活来源的证明')
    // without a fixed income but not in the group: not this item
    expect(checkEligibility({ answers: { ...none, vulnerableGroup: 'no', fixedIncome: 'no' }, matter: null }).outcome).toBe('means_test')
    // the group, income not known: 不确定, never 免予核查
    expect(checkEligibility({ answers: { ...none, vulnerableGroup: 'yes', fixedIncome: 'unsure' }, matter: null }).outcome).toBe('consult_first')

    expect(ART42_1_RULE.cite).toBe('第四十二条第一项')
    expect(ART42_1_RULE.lawText).toBe('无固定生活来源的未成年人、老年人、残疾人等特定群体')
    expect(LAW.art42.lead).toBe('法律援助申请人有材料证明属于下列人员之一的，免予核查经济困难状况：')
  })

  it('第四十二条第一项 is asked as two questions: the income question only after 是 to the group question', () => {
    expect(askedQuestions({ vulnerableGroup: 'no' }).map((question) => question.key)).not.toContain('fixedIncome')
    expect(askedQuestions({ vulnerableGroup: 'yes' }).map((question) => question.key)).toContain('fixedIncome')
    const group = askedQuestions({ vulnerableGroup: 'yes' }).find((question) => question.key === 'vulnerableGroup')
    // the question no longer offers “or without a fixed income” as an alternative
    expect(group?.question).not.toContain('或者没有固定生活来源')
    expect(allAnswered({ noMeansTestCase: 'no', vulnerableGroup: 'yes', receivesAssistance: 'no', migrantWorkerWagesOrInjury: 'no' })).toBe(false)
    expect(allAnswered({ noMeansTestCase: 'no', vulnerableGroup: 'yes', fixedIncome: 'yes', receivesAssistance: 'no', migrantWorkerWagesOrInjury: 'no' })).toBe(
      true,
    )
    expect(allAnswered({ noMeansTestCase: 'no', vulnerableGroup: 'no', receivesAssistance: 'no', migrantWorkerWagesOrInjury: 'no' })).toBe(true)
  })

  it('第四十二条第二项 “社会救助、司法救助或者优抚对象”: exempt from the check, with the certificate to bring', () => {
    expect(ART42_2_RULE.cite).toBe('第四十二条第二项')
    expect(ART42_2_RULE.lawText).toBe('社会救助、司法救助或者优抚对象')
    const result = checkEligibility({ answers: { ...none, receivesAssistance: 'yes' }, matter: null })
    expect(result.outcome).toBe('waived')
    expect(result.summary).toContain('第四十二条第二项')
    expect(result.papers.join()).toContain('低保证')
    expect(result.hardshipCheck).toBeNull()
  })

  it('第四十二条第三项 “申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员”: a migrant worker claiming wages is exempt, with work papers to bring', () => {
    expect(ART42_3_RULE.cite).toBe('第四十二条第三项')
    expect(ART42_3_RULE.lawText).toBe('申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员')
    const result = checkEligibility({ answers: { ...none, migrantWorkerWagesOrInjury: 'yes' }, matter: 'labor_wages' })
    expect(result.outcome).toBe('waived')
    expect(result.criteria.find((criterion) => criterion.article === '第四十二条第三项')?.explanation).toMatch(/^符合/)
    expect(result.papers.join()).toContain('工资条')
    expect(result.papers.join()).not.toContain('经济困难情况的说明')
  })

  it('第三十二条 “（一）英雄烈士近亲属为维护英雄烈士的人格权益；（二）因见义勇为行为主张相关民事权益；（三）再审改判无罪请求国家赔偿；（四）遭受虐待、遗弃或者家庭暴力的受害人主张相关权益”: no hardship condition at all', () => {
    expect(LAW.art32.lead).toBe('有下列情形之一，当事人申请法律援助的，不受经济困难条件的限制：')
    expect(ART32_RULE.cite).toBe('第三十二条第一项至第四项')
    expect(ART32_RULE.lawText).toBe(
      '英雄烈士近亲属为维护英雄烈士的人格权益；因见义勇为行为主张相关民事权益；再审改判无罪请求国家赔偿；遭受虐待、遗弃或者家庭暴力的受害人主张相关权益',
    )
    const result = checkEligibility({ answers: { ...none, noMeansTestCase: 'yes' }, matter: 'marriage_family' })
    expect(result.outcome).toBe('not_required')
    expect(result.summary).toContain('不受经济困难条件的限制')
    expect(result.papers.join()).toContain('报警回执')
    expect(result.hardshipCheck).toBeNull()
  })

  it('第四十一条 “……申请人应当如实说明经济困难状况。法律援助机构核查申请人的经济困难状况，可以通过信息共享查询，或者由申请人进行个人诚信承诺。……”: when no item exempts, the user is told to state it truthfully and how it is checked', () => {
    expect(LAW.art41.text).toContain(
      '因经济困难申请法律援助的，申请人应当如实说明经济困难状况。法律援助机构核查申请人的经济困难状况，可以通过信息共享查询，或者由申请人进行个人诚信承诺。',
    )
    const result = checkEligibility({ answers: none, matter: 'contract_debt' })
    expect(result.outcome).toBe('means_test')
    expect(result.hardshipCheck).toBe(ART41_NOTE)
    expect(ART41_NOTE).toContain('如实说明')
    expect(ART41_NOTE).toContain('信息共享查询')
    expect(ART41_NOTE).toContain('个人诚信承诺')
    expect(result.summary).toContain('免费')
    expect(result.papers.join()).toContain('个人诚信承诺')
  })

  it('第三十一条 “下列事项的当事人，因经济困难没有委托代理人的，可以向法律援助机构申请法律援助：（一）依法请求国家赔偿；……（九）法律、法规、规章规定的其他情形”: each matter type is mapped to the items it can fall under, honestly', () => {
    expect(LAW.art31.lead).toBe('下列事项的当事人，因经济困难没有委托代理人的，可以向法律援助机构申请法律援助：')
    expect(LAW.art31.items).toEqual([
      '依法请求国家赔偿',
      '请求给予社会保险待遇或者社会救助',
      '请求发给抚恤金',
      '请求给付赡养费、抚养费、扶养费',
      '请求确认劳动关系或者支付劳动报酬',
      '请求认定公民无民事行为能力或者限制民事行为能力',
      '请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿',
      '请求环境污染、生态破坏损害赔偿',
      '法律、法规、规章规定的其他情形',
    ])
    expect(ART31_SCOPE.labor_wages.items).toEqual([5, 7])
    expect(ART31_SCOPE.marriage_family.items).toEqual([4])
    expect(ART31_SCOPE.injury.items).toEqual([7, 8])
    // not among items 1–8: said so, and left to the station (item 9, local rules)
    for (const matter of ['land', 'neighbor', 'contract_debt'] as const) {
      expect(ART31_SCOPE[matter].items).toEqual([])
      expect(ART31_SCOPE[matter].note).toContain('不在第三十一条前八项里')
    }
    expect(ART31_SCOPE.criminal.note).toContain('不看第三十一条')
    expect(checkEligibility({ answers: none, matter: 'labor_wages' }).matterScope).toEqual({ article: '第三十一条', note: ART31_SCOPE.labor_wages.note })
    // before a matter is chosen, the list in short
    expect(checkEligibility({ answers: none, matter: null }).matterScope.note).toContain('讨工钱')
  })
})

describe('the pre-check as a whole', () => {
  it('unsure answers lead to 可先咨询, never to a refusal', () => {
    const result = checkEligibility({ answers: { ...none, receivesAssistance: 'unsure' }, matter: 'other' })
    expect(result.outcome).toBe('consult_first')
    expect(result.criteria.find((criterion) => criterion.answer === 'unsure')?.explanation).toContain('工作人员')
    expect(result.hardshipCheck).toBe(ART41_NOTE)
  })

  it('explains every rule, article and item named, and always lists ID and case papers', () => {
    const result = checkEligibility({ answers: none, matter: 'neighbor' })
    expect(result.criteria.map((criterion) => criterion.article)).toEqual([
      '第三十二条第一项至第四项',
      '第四十二条第一项',
      '第四十二条第二项',
      '第四十二条第三项',
    ])
    expect(result.papers.slice(0, 2).join()).toMatch(/身份证.*合同/)
  })
})
