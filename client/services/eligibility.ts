import type { Matter } from '../../contracts/bookings'

/**
 * The pre-check before booking a legal-aid consultation, rule by rule from 《中华人民共和国法律援助法》
 * (in force 2022-01-01). It informs and never blocks: a consultation can always be booked. Pure:
 * answers in, advice out. Each rule names the article and item it implements and carries the
 * item's words verbatim (LAW); tests/client/services/eligibility.test.ts quotes each item again.
 */

/** The items this pre-check rests on, verbatim. */
export const LAW = {
  title: '中华人民共和国法律援助法',
  art31: {
    article: '第三十一条',
    lead: '下列事项的当事人，因经济困难没有委托代理人的，可以向法律援助机构申请法律援助：',
    items: [
      '依法请求国家赔偿',
      '请求给予社会保险待遇或者社会救助',
      '请求发给抚恤金',
      '请求给付赡养费、抚养费、扶养费',
      '请求确认劳动关系或者支付劳动报酬',
      '请求认定公民无民事行为能力或者限制民事行为能力',
      '请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿',
      '请求环境污染、生态破坏损害赔偿',
      '法律、法规、规章规定的其他情形',
    ],
  },
  art32: {
    article: '第三十二条',
    lead: '有下列情形之一，当事人申请法律援助的，不受经济困难条件的限制：',
    items: [
      '英雄烈士近亲属为维护英雄烈士的人格权益',
      '因见义勇为行为主张相关民事权益',
      '再审改判无罪请求国家赔偿',
      '遭受虐待、遗弃或者家庭暴力的受害人主张相关权益',
      '法律、法规、规章规定的其他情形',
    ],
  },
  art41: {
    article: '第四十一条',
    text: '因经济困难申请法律援助的，申请人应当如实说明经济困难状况。法律援助机构核查申请人的经济困难状况，可以通过信息共享查询，或者由申请人进行个人诚信承诺。法律援助机构开展核查工作，有关部门、单位、村民委员会、居民委员会和个人应当予以配合。',
  },
  art42: {
    article: '第四十二条',
    lead: '法律援助申请人有材料证明属于下列人员之一的，免予核查经济困难状况：',
    items: [
      '无固定生活来源的未成年人、老年人、残疾人等特定群体',
      '社会救助、司法救助或者优抚对象',
      '申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员',
      '法律、法规、规章规定的其他人员',
    ],
  },
} as const

const ITEM_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九']

/** '第四十二条第一项' for (art42, 1). */
export function citeItem(article: { article: string }, item: number): string {
  return `${article.article}第${ITEM_NUMBERS[item - 1]}项`
}

export type Answer = 'yes' | 'no' | 'unsure'

export interface EligibilityAnswers {
  /** Art. 32(1)–(4): hero/martyr's close relative, 见义勇为, state compensation after acquittal on retrial, abuse/abandonment/domestic violence */
  noMeansTestCase: Answer
  /** Art. 42(1), first half: a minor, an older person (60 or over) or a disabled person */
  vulnerableGroup: Answer
  /** Art. 42(1), second half: has a fixed source of living ('no' = 无固定生活来源); asked only after 'yes' above */
  fixedIncome: Answer
  /** Art. 42(2): 社会救助 (低保, 特困供养…), 司法救助 or 优抚 */
  receivesAssistance: Answer
  /** Art. 42(3): a migrant worker claiming wages or work-injury compensation */
  migrantWorkerWagesOrInjury: Answer
}

/**
 * - not_required: Art. 32, hardship is no condition at all;
 * - waived: Art. 42, hardship is not checked (with papers that prove it);
 * - means_test: Art. 41, the applicant states the hardship, checked by records or a signed promise;
 * - consult_first: some answer is 不确定.
 */
export type EligibilityOutcome = 'not_required' | 'waived' | 'means_test' | 'consult_first'

export const OUTCOME_LABELS: Readonly<Record<EligibilityOutcome, string>> = {
  not_required: '不受经济困难条件限制',
  waived: '免予核查经济困难状况',
  means_test: '要说明经济困难状况',
  consult_first: '可先咨询',
}

export interface EligibilityQuestion {
  key: keyof EligibilityAnswers
  /** the article and item(s) the question serves, e.g. 第四十二条第一项 */
  article: string
  question: string
  hint: string
  /** the words on the three buttons, in answer order yes / no / unsure */
  labels: Readonly<Record<Answer, string>>
  /** asked only when this holds for the answers so far (a follow-up question) */
  askedWhen?: (answers: Partial<EligibilityAnswers>) => boolean
}

const YES_NO: Readonly<Record<Answer, string>> = { yes: '是', no: '否', unsure: '不确定' }

export const ELIGIBILITY_QUESTIONS: readonly EligibilityQuestion[] = [
  {
    key: 'noMeansTestCase',
    article: `${LAW.art32.article}第一项至第四项`,
    question:
      '是不是下面这些情况之一：英雄烈士的近亲属，维护英雄烈士的名誉等权益；因为见义勇为，要讨回自己的权益；再审改判无罪，要求国家赔偿；遭受虐待、遗弃或者家庭暴力，要维护自己的权益？',
    hint: '这些情况申请法律援助，不看家里穷不穷。',
    labels: YES_NO,
  },
  {
    key: 'vulnerableGroup',
    article: citeItem(LAW.art42, 1),
    question: '当事人是未成年人（不满 18 周岁）、老年人（60 周岁以上）或者残疾人吗？',
    hint: '是的话，下面还要问一句有没有固定收入。',
    labels: YES_NO,
  },
  {
    key: 'fixedIncome',
    article: citeItem(LAW.art42, 1),
    question: '当事人有没有固定的生活来源？比如按月领的工资、退休金，或者稳定的生意收入。',
    hint: '法律说的是“无固定生活来源的”未成年人、老年人、残疾人，两条都要符合。说不准就选“不确定”。',
    labels: { yes: '有', no: '没有', unsure: '不确定' },
    askedWhen: (answers) => answers.vulnerableGroup === 'yes',
  },
  {
    key: 'receivesAssistance',
    article: citeItem(LAW.art42, 2),
    question: '当事人是不是低保、特困供养等社会救助对象，或者司法救助、优抚对象？',
    hint: '优抚对象：享受国家抚恤、优待的军人、烈士家属等。',
    labels: YES_NO,
  },
  {
    key: 'migrantWorkerWagesOrInjury',
    article: citeItem(LAW.art42, 3),
    question: '当事人是不是进城务工人员（农民工），这次要讨工钱，或者要工伤事故的赔偿？',
    hint: '讨工钱、要工伤赔偿的农民工，不用核查经济困难状况。',
    labels: YES_NO,
  },
]

/** The questions to ask for these answers (the follow-up only after its lead question). */
export function askedQuestions(answers: Partial<EligibilityAnswers>): EligibilityQuestion[] {
  return ELIGIBILITY_QUESTIONS.filter((question) => !question.askedWhen || question.askedWhen(answers))
}

/** Every question asked has an answer. */
export function allAnswered(answers: Partial<EligibilityAnswers>): boolean {
  return askedQuestions(answers).every((question) => answers[question.key] !== undefined)
}

/** The answers with every unanswered question as 不确定 (a question not asked is 不确定 too; no rule reads it alone). */
export function withUnsure(answers: Partial<EligibilityAnswers>): EligibilityAnswers {
  return Object.fromEntries(ELIGIBILITY_QUESTIONS.map((question) => [question.key, answers[question.key] ?? 'unsure'])) as unknown as EligibilityAnswers
}

// ------------------------------------------------------------------------------------------------
// The rules: each one article and item, three-valued (符合 / 不符合 / 不确定).

export interface Rule {
  /** e.g. 第四十二条第一项 */
  cite: string
  /** the item's words, verbatim */
  lawText: string
  /** 'yes' when the answers meet the item, 'no' when they do not, 'unsure' when it cannot be told */
  applies: (answers: EligibilityAnswers) => Answer
  /** what meeting it means, in plain words */
  meaning: string
}

/** Art. 32(1)–(4): one question covers the four; (5) 其他情形 is left to the station (local rules). */
export const ART32_RULE: Rule = {
  cite: `${LAW.art32.article}第一项至第四项`,
  lawText: LAW.art32.items.slice(0, 4).join('；'),
  applies: (answers) => answers.noMeansTestCase,
  meaning: '申请法律援助不受经济困难条件的限制。',
}

/** Art. 42(1): BOTH without a fixed source of living AND a minor, older or disabled person. */
export const ART42_1_RULE: Rule = {
  cite: citeItem(LAW.art42, 1),
  lawText: LAW.art42.items[0],
  applies: (answers) => {
    if (answers.vulnerableGroup === 'no' || answers.fixedIncome === 'yes') return 'no'
    if (answers.vulnerableGroup === 'yes' && answers.fixedIncome === 'no') return 'yes'
    return 'unsure'
  },
  meaning: '免予核查经济困难状况（要带能证明的材料）。',
}

export const ART42_2_RULE: Rule = {
  cite: citeItem(LAW.art42, 2),
  lawText: LAW.art42.items[1],
  applies: (answers) => answers.receivesAssistance,
  meaning: '免予核查经济困难状况（要带能证明的材料）。',
}

export const ART42_3_RULE: Rule = {
  cite: citeItem(LAW.art42, 3),
  lawText: LAW.art42.items[2],
  applies: (answers) => answers.migrantWorkerWagesOrInjury,
  meaning: '免予核查经济困难状况（要带能证明的材料）。',
}

export const ART42_RULES: readonly Rule[] = [ART42_1_RULE, ART42_2_RULE, ART42_3_RULE]

/**
 * Art. 31: which matters qualify for legal aid on financial hardship, mapped honestly from the
 * booking's matter types — several fit only in part, some not in items 1–8 at all (item 9 leaves
 * the rest to laws, regulations and rules, which the station knows). Criminal cases are not
 * Art. 31 matters (the law has its own articles for them).
 */
export interface MatterScope {
  /** the items of Art. 31 the matter can fall under (1-based); empty when none of items 1–8 */
  items: number[]
  /** in plain words, for the user */
  note: string
}

export const ART31_SCOPE: Readonly<Record<Matter, MatterScope>> = {
  marriage_family: { items: [4], note: '要赡养费、抚养费、扶养费的，属于第三十一条第四项。离婚、分家产等别的家事不在前八项里，当地规定是否包括，到服务站问。' },
  labor_wages: { items: [5, 7], note: '讨工钱、确认劳动关系，属于第三十一条第五项；工伤事故的人身损害赔偿属于第七项。' },
  land: { items: [], note: '土地承包、征地拆迁不在第三十一条前八项里，当地规定是否包括（第九项），到服务站问。' },
  neighbor: { items: [], note: '邻里纠纷不在第三十一条前八项里，当地规定是否包括（第九项），到服务站问；也可以找村里的人民调解员。' },
  injury: {
    items: [7, 8],
    note: '工伤、交通事故、食品药品安全事故、医疗事故的人身损害赔偿，属于第三十一条第七项；环境污染、生态破坏的赔偿属于第八项。打架受伤等别的赔偿不在前八项里，到服务站问。',
  },
  contract_debt: { items: [], note: '合同、借钱欠钱的纠纷不在第三十一条前八项里，当地规定是否包括（第九项），到服务站问。' },
  criminal: { items: [], note: '刑事案件的法律援助法律另有规定，不看第三十一条。到服务站问工作人员。' },
  other: { items: [], note: '要看具体是什么事。第三十一条列了国家赔偿、社保和救助、抚恤金、赡养费抚养费、讨工钱、事故赔偿等，到服务站问。' },
}

/** Before a matter is chosen: what Art. 31 covers, in short. */
const ART31_OVERVIEW =
  '因为经济困难申请法律援助，要看是什么事。第三十一条列了：国家赔偿，社保待遇或社会救助，抚恤金，赡养费、抚养费、扶养费，确认劳动关系或讨工钱，认定无民事行为能力，工伤、交通、食品药品、医疗事故的人身损害赔偿，环境污染、生态破坏的赔偿，还有当地规定的其他事。下一步选了什么事，到服务站时工作人员会告诉您属不属于。'

/** Art. 41, said to the user: how hardship is checked when no rule waives it. */
export const ART41_NOTE =
  '申请时要如实说明家里的经济困难情况。法律援助机构核查有两种办法：通过信息共享查询，或者由您签一份个人诚信承诺。有关部门和村委会、居委会应当配合核查。'

// ------------------------------------------------------------------------------------------------

export interface CriterionResult {
  /** the article and item, e.g. 第四十二条第一项 */
  article: string
  answer: Answer
  explanation: string
}

export interface EligibilityResult {
  outcome: EligibilityOutcome
  summary: string
  criteria: CriterionResult[]
  /** Art. 31: what the matter means for legal aid on hardship */
  matterScope: { article: string; note: string }
  /** Art. 41: how hardship is checked; null when it is not (Art. 32 or 42 met) */
  hardshipCheck: string | null
  papers: string[]
}

function explain(rule: Rule, answer: Answer): string {
  if (answer === 'yes') return `符合：${rule.meaning}`
  if (answer === 'unsure') return '不确定：到服务站时工作人员会帮您核对。'
  return '不符合这一条。'
}

const ALWAYS = ['身份证（或户口簿）', '和这件事有关的材料：合同、欠条、收据、聊天记录、照片、判决书或通知等']

function papersFor(params: { answers: EligibilityAnswers; matter: Matter | null; outcome: EligibilityOutcome }): string[] {
  const { answers } = params
  const papers = [...ALWAYS]
  if (answers.noMeansTestCase === 'yes') papers.push('能说明情况的材料：如报警回执、告诫书、伤情照片或病历、见义勇为认定、烈士证明、再审判决书')
  if (ART42_1_RULE.applies(answers) !== 'no') {
    if (answers.vulnerableGroup !== 'no') papers.push('能证明年龄的身份证或户口簿；残疾人带上残疾证')
    papers.push('没有固定生活来源的证明（如村委会、居委会开的证明）')
  }
  if (answers.receivesAssistance === 'yes') papers.push('低保证、特困供养证，或者司法救助、优抚的证明')
  if (answers.migrantWorkerWagesOrInjury === 'yes' || params.matter === 'labor_wages')
    papers.push('干活的证明：劳动合同、工牌、考勤、工资条、转账记录，或工友的证言和联系方式')
  if (params.matter === 'injury' || answers.migrantWorkerWagesOrInjury === 'yes') papers.push('受伤的材料：病历、诊断证明、医药费发票；有工伤认定的带上认定书')
  if (params.outcome === 'means_test' || params.outcome === 'consult_first') papers.push('家里经济困难情况的说明（可以到服务站签个人诚信承诺，不一定要开证明）')
  return papers
}

/** Each rule in turn: Art. 32 first (no hardship condition), then Art. 42 (not checked), else Art. 41. */
export function checkEligibility(params: { answers: EligibilityAnswers; matter: Matter | null }): EligibilityResult {
  const { answers } = params
  const art32 = ART32_RULE.applies(answers)
  const art42 = ART42_RULES.map((rule) => ({ rule, answer: rule.applies(answers) }))
  const criteria: CriterionResult[] = [
    { article: ART32_RULE.cite, answer: art32, explanation: explain(ART32_RULE, art32) },
    ...art42.map(({ rule, answer }) => ({ article: rule.cite, answer, explanation: explain(rule, answer) })),
  ]
  let outcome: EligibilityOutcome
  let summary: string
  if (art32 === 'yes') {
    outcome = 'not_required'
    summary = `按法律援助法${ART32_RULE.cite}，您的情况申请法律援助不受经济困难条件的限制。`
  } else if (art42.some(({ answer }) => answer === 'yes')) {
    const met = art42.filter(({ answer }) => answer === 'yes').map(({ rule }) => rule.cite)
    outcome = 'waived'
    summary = `按法律援助法${met.join('、')}，有材料证明的，免予核查经济困难状况。请带上证明材料。`
  } else if (criteria.some((criterion) => criterion.answer === 'unsure')) {
    outcome = 'consult_first'
    summary = '有些情况还不确定。可以先预约咨询，工作人员会帮您判断能不能申请法律援助。'
  } else {
    outcome = 'means_test'
    summary = '申请法律援助时要说明家里的经济困难情况（下面写了怎么核查）。咨询本身是免费的，可以先来问清楚。'
  }
  const matterScope = { article: LAW.art31.article, note: params.matter ? ART31_SCOPE[params.matter].note : ART31_OVERVIEW }
  const hardshipCheck = outcome === 'means_test' || outcome === 'consult_first' ? ART41_NOTE : null
  return { outcome, summary, criteria, matterScope, hardshipCheck, papers: papersFor({ answers, matter: params.matter, outcome }) }
}
