import { z } from 'zod'
import { isoDateSchema, mobilePhoneSchema } from './bookings'

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
export const partyNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .transform((name) => `${Array.from(name)[0]}*`)

const mediationFields = {
  id: z.uuid({ error: '记录编号应为 UUID（由手机生成）' }),
  occurredOn: isoDateSchema,
  town: z.string().trim().min(1, '请选择乡镇').max(30),
  village: z.string().trim().min(1, '请填写村（社区）').max(30),
  disputeType: disputeTypeSchema,
  source: mediationSourceSchema,
  partiesCount: z.number().int().min(2, '至少 2 方当事人').max(50),
  partyNames: z.array(partyNameSchema).max(50).optional(),
  summary: z.string().trim().max(1000, '简要情况最多 1000 个字').default(''),
  outcome: mediationOutcomeSchema,
  referredTo: z.string().trim().max(50).optional(),
  agreement: agreementSchema,
  /** 涉及金额, yuan */
  amountYuan: z.number().min(0).max(1e10).optional(),
  /** the agreement includes a payment: prompts 司法确认 within 30 days */
  involvesPayment: z.boolean().default(false),
}

export const mediationRecordInputSchema = z
  .strictObject({ kind: z.literal('mediation'), ...mediationFields })
  .refine((record) => record.outcome !== 'referred' || (record.referredTo?.length ?? 0) > 0, { message: '转交时请写明转交给谁', path: ['referredTo'] })
  .refine((record) => record.outcome === 'success' || record.agreement === 'none', { message: '没有调解成功时不会有协议', path: ['agreement'] })

/** 零上报: "nothing to report this month" is a record of its own. */
export const zeroReportInputSchema = z.strictObject({
  kind: z.literal('zero_report'),
  id: z.uuid(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'),
  town: z.string().trim().min(1).max(30),
  village: z.string().trim().min(1).max(30),
})

export const createMediationRequestSchema = z.discriminatedUnion('kind', [mediationRecordInputSchema, zeroReportInputSchema])
export type CreateMediationRequest = z.infer<typeof createMediationRequestSchema>

/** PATCH: the whole editable record plus the version it was edited from (optimistic concurrency). */
export const updateMediationRequestSchema = z.strictObject({
  version: z.number().int().min(1),
  record: createMediationRequestSchema,
})

export const followUpSchema = z.object({ kind: z.enum(['visit_7d', 'visit_30d', 'judicial_confirmation']), dueOn: z.string(), label: z.string() })

export const mediationRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(['mediation', 'zero_report']),
  version: z.number().int(),
  volunteerId: z.string(),
  volunteerName: z.string(),
  town: z.string(),
  village: z.string(),
  occurredOn: z.string().nullable(),
  month: z.string(),
  disputeType: disputeTypeSchema.nullable(),
  source: mediationSourceSchema.nullable(),
  partiesCount: z.number().int().nullable(),
  partyNames: z.array(z.string()),
  summary: z.string(),
  outcome: mediationOutcomeSchema.nullable(),
  referredTo: z.string().nullable(),
  agreement: agreementSchema.nullable(),
  amountYuan: z.number().nullable(),
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
export const suppressedCountSchema = z.union([z.number().int().min(0), z.literal('<5')])
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
  from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
  to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
})

export const volunteerLoginRequestSchema = z.union([
  z.strictObject({ phone: mobilePhoneSchema, inviteCode: z.string().trim().min(6).max(20) }),
  z.strictObject({ wechatCode: z.string().min(1).max(128), inviteCode: z.string().trim().min(6).max(20).optional() }),
])

export const followUpsResponseSchema = z.object({
  followUps: z.array(followUpSchema.extend({ recordId: z.string(), village: z.string(), disputeType: disputeTypeSchema.nullable() })),
})
