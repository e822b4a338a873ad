import * as z from 'zod/mini'
import { labelledEnum } from './labelled-enum'
import { addDays } from './china-time'
import { isoDateSchema } from './bookings'
import { plainText } from './text'
import { maskPartyName } from './party-names'

/** The 14 common dispute types of people's mediation (../shared/research/domain-and-platform.md). */
export const { schema: disputeTypeSchema, labels: DISPUTE_TYPE_LABELS } = labelledEnum({
  marriage_family: '婚姻家庭继承',
  neighbor: '邻里纠纷',
  housing_homestead: '房屋宅基地',
  damages: '损害赔偿',
  contract: '合同纠纷',
  land_forest: '山林土地承包',
  land_requisition: '征地拆迁',
  labor: '劳动争议（含欠薪）',
  village_affairs: '村务管理',
  environment: '环境污染',
  traffic: '交通事故',
  medical: '医疗纠纷',
  property: '物业纠纷',
  other: '其他',
})
export type DisputeType = z.infer<typeof disputeTypeSchema>

export const mediationSourceSchema = z.enum(['application', 'initiative', 'referral'])
export const MEDIATION_SOURCE_LABELS = { application: '当事人申请', initiative: '主动排查', referral: '移交' } as const
export const mediationOutcomeSchema = z.enum(['success', 'failed', 'referred'])
export const MEDIATION_OUTCOME_LABELS = { success: '调解成功', failed: '未成功', referred: '转交' } as const
export const agreementSchema = z.enum(['written', 'oral', 'none'])
export const AGREEMENT_LABELS = { written: '书面协议', oral: '口头协议', none: '无协议' } as const

/** A party as stored: the family name and `*` (张*), never a full name. */
export const partyNameSchema = z.pipe(plainText({ min: 1, max: 20 }), z.transform(maskPartyName))

const mediationFields = {
  id: z.uuid({ error: '记录编号应为 UUID（由手机生成）' }),
  occurredOn: isoDateSchema,
  town: plainText({ min: 1, max: 30, tooShort: '请选择乡镇' }),
  village: plainText({ min: 1, max: 30, tooShort: '请填写村（社区）' }),
  disputeType: disputeTypeSchema,
  source: mediationSourceSchema,
  partiesCount: z.number().check(z.int(), z.gte(2, '至少 2 方当事人'), z.lte(50)),
  partyNames: z.optional(z.array(partyNameSchema).check(z.maxLength(50))),
  summary: z._default(plainText({ max: 1000, multiline: true, tooLong: '简要情况最多 1000 个字' }), ''),
  outcome: mediationOutcomeSchema,
  referredTo: z.optional(plainText({ max: 50 })),
  agreement: agreementSchema,
  /** 涉及金额, yuan */
  amountYuan: z.optional(z.number().check(z.gte(0), z.lte(1e10))),
  /** the agreement includes a payment: prompts 司法确认 within 30 days */
  involvesPayment: z._default(z.boolean(), false),
}

export const mediationRecordInputSchema = z.strictObject({ kind: z.literal('mediation'), ...mediationFields }).check(
  z.refine((record) => record.outcome !== 'referred' || (record.referredTo?.length ?? 0) > 0, { message: '转交时请写明转交给谁', path: ['referredTo'] }),
  z.refine((record) => record.outcome === 'success' || record.agreement === 'none', { message: '没有调解成功时不会有协议', path: ['agreement'] }),
)

/** 零上报: "nothing to report this month" is a record of its own. */
export const zeroReportInputSchema = z.strictObject({
  kind: z.literal('zero_report'),
  id: z.uuid(),
  month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')),
  town: plainText({ min: 1, max: 30, tooShort: '请选择乡镇' }),
  village: plainText({ min: 1, max: 30, tooShort: '请填写村（社区）' }),
})

export const createMediationRequestSchema = z.discriminatedUnion('kind', [mediationRecordInputSchema, zeroReportInputSchema])
export type CreateMediationRequest = z.infer<typeof createMediationRequestSchema>

/** PATCH: the whole editable record plus the version it was edited from (optimistic concurrency). */
export const updateMediationRequestSchema = z.strictObject({ version: z.number().check(z.int(), z.gte(1)), record: createMediationRequestSchema })

/**
 * A summary or a note is kept as long as the county keeps its 人民调解 records, so contact numbers
 * typed into it are masked before it is stored or sent: mobile numbers as everywhere else
 * (`138****1234`), 18-digit ID-card numbers entirely. The phone masks before it saves, the server
 * again before it stores (an older app may send them whole): both with this one function.
 */
export function maskNumbersInText(text: string): string {
  // no lookbehind: older WeChat JavaScript engines (ES2015) lack it; the character before is kept as $1
  return text
    .replace(/(^|[^0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g, '$1（身份证号已隐去）')
    .replace(/(^|[^0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])/g, '$1$2****$3')
}

export const { schema: followUpKindSchema, labels: FOLLOW_UP_KIND_LABELS } = labelledEnum({
  visit_7d: '7 天回访',
  visit_30d: '30 天回访',
  judicial_confirmation: '司法确认提醒',
})
export type FollowUpKind = z.infer<typeof followUpKindSchema>

/** A follow-up the server still expects (a prompt): its kind, the day it falls due and what to ask. */
export const followUpSchema = z.object({ kind: followUpKindSchema, dueOn: z.string(), label: z.string() })

/** 协议履行了吗？ */
export const { schema: fulfilmentSchema, labels: FULFILMENT_LABELS } = labelledEnum({ fulfilled: '已履行', partial: '部分履行', unfulfilled: '未履行' })
export type Fulfilment = z.infer<typeof fulfilmentSchema>
/** 转司法确认？ (人民调解法 Art. 33: within 30 days of the agreement, to the court) */
export const { schema: judicialStepSchema, labels: JUDICIAL_STEP_LABELS } = labelledEnum({
  not_needed: '不需要司法确认',
  advised: '已提醒可申请司法确认',
  applied: '已申请司法确认',
  confirmed: '法院已确认协议',
})
export type JudicialStep = z.infer<typeof judicialStepSchema>

export const FOLLOW_UP_NOTE_MAX = 200

/**
 * 回访: the volunteer went back (or called) and asked how the agreement is holding. The id is made
 * on the phone, so a retried sync stores it once; `kind` says which prompt it answers.
 */
export const createFollowUpRequestSchema = z.strictObject({
  id: z.uuid({ error: '回访编号应为 UUID（由手机生成）' }),
  kind: followUpKindSchema,
  visitedOn: isoDateSchema,
  fulfilment: fulfilmentSchema,
  /** 有没有反复: the dispute flared up again */
  recurred: z.boolean(),
  judicial: judicialStepSchema,
  note: z._default(plainText({ max: FOLLOW_UP_NOTE_MAX, multiline: true, tooLong: `备注最多 ${FOLLOW_UP_NOTE_MAX} 个字` }), ''),
})
export type CreateFollowUpRequest = z.infer<typeof createFollowUpRequestSchema>

export const followUpRecordSchema = z.object({
  id: z.string(),
  kind: followUpKindSchema,
  visitedOn: z.string(),
  fulfilment: fulfilmentSchema,
  recurred: z.boolean(),
  judicial: judicialStepSchema,
  note: z.string(),
  createdAt: z.string(),
})
export type FollowUpRecord = z.infer<typeof followUpRecordSchema>

/**
 * The prompts a recorded follow-up has answered: its own; a 30-day visit also the 7-day one (the
 * later visit asked the same); a follow-up that reports any step towards 司法确认 also the
 * 司法确认 reminder. Pure; the server and the phone (for follow-ups still waiting to upload) share it.
 */
export function answeredPrompts(done: readonly Pick<FollowUpRecord, 'kind' | 'judicial'>[]): Set<FollowUpKind> {
  const answered = new Set<FollowUpKind>()
  for (const followUp of done) {
    answered.add(followUp.kind)
    if (followUp.kind === 'visit_30d') answered.add('visit_7d')
    if (followUp.judicial !== 'not_needed') answered.add('judicial_confirmation')
  }
  return answered
}

/** Visits stay on the list until 30 days after they were due (then the next one has come and gone). */
export const FOLLOW_UP_OVERDUE_DAYS = 30
/** Visits show this many days ahead, as 即将到期. */
export const FOLLOW_UP_AHEAD_DAYS = 7

/**
 * Where a prompt stands on `today` (a China date): `upcoming` (a visit within the next 7 days),
 * `due` (today), `overdue` (up to 30 days late), `deadline` (the 司法确认 reminder, until its
 * last day), or null when it is off the list. 首页, the records page and the county's 待回访 use it.
 */
export type FollowUpState = 'upcoming' | 'due' | 'overdue' | 'deadline'
export function followUpState(params: { kind: FollowUpKind; dueOn: string; today: string; aheadDays?: number }): FollowUpState | null {
  if (params.kind === 'judicial_confirmation') return params.dueOn >= params.today ? 'deadline' : null
  if (params.dueOn > addDays({ date: params.today, days: params.aheadDays ?? FOLLOW_UP_AHEAD_DAYS })) return null
  if (params.dueOn < addDays({ date: params.today, days: -FOLLOW_UP_OVERDUE_DAYS })) return null
  return params.dueOn > params.today ? 'upcoming' : params.dueOn === params.today ? 'due' : 'overdue'
}

/** `回访 · 已履行 · 没有反复 · 已申请司法确认`: one line for a recorded follow-up. */
export function describeFollowUp(followUp: Pick<FollowUpRecord, 'kind' | 'fulfilment' | 'recurred' | 'judicial'>): string {
  return [
    FOLLOW_UP_KIND_LABELS[followUp.kind],
    `协议${FULFILMENT_LABELS[followUp.fulfilment]}`,
    followUp.recurred ? '有反复' : '没有反复',
    JUDICIAL_STEP_LABELS[followUp.judicial],
  ].join(' · ')
}

export const mediationRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(['mediation', 'zero_report']),
  version: z.number().check(z.int()),
  volunteerId: z.string(),
  volunteerName: z.string(),
  town: z.string(),
  village: z.string(),
  occurredOn: z.nullable(z.string()),
  month: z.string(),
  disputeType: z.nullable(disputeTypeSchema),
  source: z.nullable(mediationSourceSchema),
  partiesCount: z.nullable(z.number().check(z.int())),
  partyNames: z.array(z.string()),
  summary: z.string(),
  outcome: z.nullable(mediationOutcomeSchema),
  referredTo: z.nullable(z.string()),
  agreement: z.nullable(agreementSchema),
  amountYuan: z.nullable(z.number()),
  involvesPayment: z.boolean(),
  /** the follow-ups still to do (none once they are recorded) */
  followUps: z.array(followUpSchema),
  /** the follow-ups done, oldest first */
  followUpsDone: z.array(followUpRecordSchema),
  /** editable by its volunteer until this instant (7 days after it was logged) */
  editableUntil: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type MediationRecord = z.infer<typeof mediationRecordSchema>

export const mediationListResponseSchema = z.object({ records: z.array(mediationRecordSchema) })

/** Counts under 5 are `<5` outside the volunteer's own view, so no one can be picked out. */
export const suppressedCountSchema = z.union([z.number().check(z.int(), z.gte(0)), z.literal('<5')])
export const statsRowSchema = z.object({ key: z.string(), label: z.string(), count: suppressedCountSchema })
export const mediationStatsResponseSchema = z.object({
  scope: z.object({ level: z.enum(['volunteer', 'town', 'county']), name: z.string() }),
  total: suppressedCountSchema,
  zeroReports: suppressedCountSchema,
  byType: z.array(statsRowSchema),
  byOutcome: z.array(statsRowSchema),
  byTown: z.array(statsRowSchema),
  byMonth: z.array(statsRowSchema),
  /** 回访: recorded in the period (by the day of the visit), due by today and not yet recorded, and what they found */
  followUps: z.object({ done: suppressedCountSchema, due: suppressedCountSchema, byOutcome: z.array(statsRowSchema) }),
})
export type MediationStatsResponse = z.infer<typeof mediationStatsResponseSchema>

export const mediationStatsQuerySchema = z.strictObject({
  from: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/))),
  to: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/))),
})

export const followUpsResponseSchema = z.object({
  followUps: z.array(z.extend(followUpSchema, { recordId: z.string(), village: z.string(), disputeType: z.nullable(disputeTypeSchema) })),
})
