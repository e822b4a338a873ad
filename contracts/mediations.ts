import * as z from 'zod/mini'
import { isoDateSchema, mobilePhoneSchema } from './bookings'
import { plainText } from './text'
import { maskPartyName } from './party-names'

export const disputeTypeSchema = z.enum([
  'marriage_family',
  'neighbor',
  'housing_homestead',
  'damages',
  'contract',
  'land_forest',
  'land_requisition',
  'labor',
  'village_affairs',
  'environment',
  'traffic',
  'medical',
  'property',
  'other',
])
export type DisputeType = z.infer<typeof disputeTypeSchema>
/** The 14 common dispute types of people's mediation (../shared/research/domain-and-platform.md). */
export const DISPUTE_TYPE_LABELS: Readonly<Record<DisputeType, string>> = {
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
}

export const mediationSourceSchema = z.enum(['application', 'initiative', 'referral'])
export const MEDIATION_SOURCE_LABELS = { application: '当事人申请', initiative: '主动排查', referral: '移交' } as const
export const mediationOutcomeSchema = z.enum(['success', 'failed', 'referred'])
export const MEDIATION_OUTCOME_LABELS = { success: '调解成功', failed: '未成功', referred: '转交' } as const
export const agreementSchema = z.enum(['written', 'oral', 'none'])
export const AGREEMENT_LABELS = { written: '书面协议', oral: '口头协议', none: '无协议' } as const

/** A party as stored: the family name and `*` (张*), never a full name. */
export const partyNameSchema = z.pipe(
  plainText({ min: 1, max: 20 }),
  z.transform(maskPartyName),
)

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

export const mediationRecordInputSchema = z
  .strictObject({ kind: z.literal('mediation'), ...mediationFields })
  .check(
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
export const updateMediationRequestSchema = z.strictObject({
  version: z.number().check(z.int(), z.gte(1)),
  record: createMediationRequestSchema,
})

export const followUpSchema = z.object({ kind: z.enum(['visit_7d', 'visit_30d', 'judicial_confirmation']), dueOn: z.string(), label: z.string() })

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
  followUps: z.array(followUpSchema),
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
})
export type MediationStatsResponse = z.infer<typeof mediationStatsResponseSchema>

export const mediationStatsQuerySchema = z.strictObject({
  from: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/))),
  to: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/))),
})

export const volunteerLoginRequestSchema = z.union([
  z.strictObject({ phone: mobilePhoneSchema, inviteCode: plainText({ min: 6, max: 20 }) }),
  z.strictObject({
    wechatCode: plainText({ min: 1, max: 128, trim: false }),
    inviteCode: z.optional(plainText({ min: 6, max: 20 })),
  }),
])

export const followUpsResponseSchema = z.object({
  followUps: z.array(z.extend(followUpSchema, { recordId: z.string(), village: z.string(), disputeType: z.nullable(disputeTypeSchema) })),
})
