import type { Matter } from '../../contracts/bookings'

/**
 * The pre-check before booking a legal-aid consultation (法律援助法, in force 2022-01-01). It
 * informs and never blocks: a consultation can always be booked. Pure: answers in, advice out.
 */

export type Answer = 'yes' | 'no' | 'unsure'

export interface EligibilityAnswers {
  /** Art. 42(1): minor, 60 or older, disabled, or otherwise without a fixed income */
  vulnerableGroup: Answer
  /** Art. 42(2): receives social assistance (低保, 特困供养), judicial assistance or 优抚 */
  receivesAssistance: Answer
  /** Art. 42(3): a migrant worker claiming unpaid wages or work-injury compensation */
  migrantWorkerWagesOrInjury: Answer
  /** Art. 32: hero/martyr's close relative, 见义勇为, state compensation after acquittal, abuse/abandonment/domestic violence victim */
  noMeansTestCase: Answer
}

export type EligibilityOutcome = 'waived' | 'means_test' | 'consult_first'

export const OUTCOME_LABELS: Readonly<Record<EligibilityOutcome, string>> = {
  waived: '免予经济困难审查',
  means_test: '需要经济困难审查',
  consult_first: '可先咨询',
}

export interface CriterionResult {
  article: string
  question: string
  answer: Answer
  explanation: string
}

export interface EligibilityResult {
  outcome: EligibilityOutcome
  summary: string
  criteria: CriterionResult[]
  papers: string[]
}

export const ELIGIBILITY_QUESTIONS: readonly { key: keyof EligibilityAnswers; article: string; question: string; hint: string }[] = [
  {
    key: 'noMeansTestCase',
    article: '第三十二条',
    question: '是否属于以下情形之一：英雄烈士近亲属维护英烈名誉；因见义勇为主张权益；再审改判无罪请求国家赔偿；遭受虐待、遗弃或家庭暴力？',
    hint: '这些情形申请法律援助不受经济困难条件限制。',
  },
  {
    key: 'vulnerableGroup',
    article: '第四十二条第一项',
    question: '当事人是否是未成年人、60 岁以上老人、残疾人，或者没有固定生活来源？',
    hint: '这些人免予核查经济困难状况。',
  },
  {
    key: 'receivesAssistance',
    article: '第四十二条第二项',
    question: '是否正在享受低保、特困供养等社会救助，或者司法救助、优抚待遇？',
    hint: '凭相关证件免予核查经济困难状况。',
  },
  {
    key: 'migrantWorkerWagesOrInjury',
    article: '第四十二条第三项',
    question: '是否是进城务工人员（农民工），要讨要工资或者工伤赔偿？',
    hint: '农民工讨薪、工伤赔偿免予核查经济困难状况。',
  },
]

const ALWAYS = ['身份证（或户口簿）', '和这件事有关的材料：合同、欠条、收据、聊天记录、照片、判决书或通知等']

function papersFor(params: { answers: EligibilityAnswers; matter: Matter; outcome: EligibilityOutcome }): string[] {
  const { answers } = params
  const papers = [...ALWAYS]
  if (answers.noMeansTestCase === 'yes') papers.push('能说明情形的材料：如报警回执、告诫书、伤情照片或病历、见义勇为认定、烈士证明、再审判决书')
  if (answers.vulnerableGroup === 'yes') papers.push('残疾证，或能说明年龄、没有固定收入的材料（如村委会证明）')
  if (answers.receivesAssistance === 'yes') papers.push('低保证、特困供养证或优抚、司法救助的证明')
  if (answers.migrantWorkerWagesOrInjury === 'yes' || params.matter === 'labor_wages') papers.push('干活的证明：劳动合同、工牌、考勤、工资条、转账记录，或工友的证言和联系方式')
  if (params.matter === 'injury' || answers.migrantWorkerWagesOrInjury === 'yes') papers.push('受伤的材料：病历、诊断证明、医药费发票；有工伤认定的带上认定书')
  if (params.outcome === 'means_test') papers.push('家庭经济困难状况的说明（可以到服务站填写个人诚信承诺，不一定要开证明）')
  return papers
}

export function checkEligibility(params: { answers: EligibilityAnswers; matter: Matter }): EligibilityResult {
  const { answers } = params
  const criteria: CriterionResult[] = ELIGIBILITY_QUESTIONS.map(({ key, article, question, hint }) => ({
    article,
    question,
    answer: answers[key],
    explanation: answers[key] === 'yes' ? `符合：${hint}` : answers[key] === 'unsure' ? '不确定：到服务站时工作人员会帮您核对。' : '不符合这一条。',
  }))
  const values = Object.values(answers)
  let outcome: EligibilityOutcome
  let summary: string
  if (answers.noMeansTestCase === 'yes') {
    outcome = 'waived'
    summary = '按法律援助法第三十二条，您的情形申请法律援助不受经济困难条件限制。'
  } else if (answers.vulnerableGroup === 'yes' || answers.receivesAssistance === 'yes' || answers.migrantWorkerWagesOrInjury === 'yes') {
    outcome = 'waived'
    summary = '按法律援助法第四十二条，您免予核查经济困难状况，带上证明材料即可。'
  } else if (values.includes('unsure')) {
    outcome = 'consult_first'
    summary = '有些情况还不确定。可以先预约咨询，工作人员会帮您判断能不能申请法律援助。'
  } else {
    outcome = 'means_test'
    summary = '申请法律援助时需要说明家庭经济困难状况。咨询本身是免费的，可以先来问清楚。'
  }
  return { outcome, summary, criteria, papers: papersFor({ answers, matter: params.matter, outcome }) }
}
