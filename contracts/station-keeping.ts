import * as z from 'zod/mini'
import { labelledEnum } from './labelled-enum'
import {
  datumSchema,
  geoPointSchema,
  locationQualitySchema,
  openingHoursSchema,
  stationDateSchema,
  stationIdSchema,
  stationPhoneSchema,
  stationSchema,
  stationServiceSchema,
  stationVerificationSchema,
} from './station'
import { plainText } from './text'

/**
 * Keeping the directory true (issue 14): a station's staff set their station's phones, address,
 * hours, services and place (服务站自报); the county's administrators verify or reject them and
 * edit any station of their county; residents report errors (信息有误). Every change is kept with
 * who, when, before and after.
 */

// ---------------------------------------------------------------- what staff and the county set

export const PROFILE_PHONES_MAX = 5

/**
 * `PUT /api/staff/stations/:id/profile` and `PUT /api/admin/stations/:id/profile`: the whole
 * profile (what is not sent is cleared, so the page sends back what it showed). Each phone is one
 * number as people write it (`023-76661234`, `023－7666１２３４`, `13800138000`, `023-76661234转801`);
 * the BFF normalises them and serves them in the station's `phone`, joined by `、`. Hours are a
 * sentence, so a lunch break is written as it is posted: `周一至周五 9:00-12:00，14:00-17:30`; the
 * bookable slots follow them (server/bookings/bookable-hours.ts). Staff leave them out and set
 * weekly openings instead (`PUT /api/staff/stations/:id/schedule`), which write the sentence.
 * The place is where the staff stand (我现在就在服务站) or a point picked on a map: GCJ-02 from the
 * mini program, WGS-84 from a browser (converted by the BFF); it must be in China.
 */
export const stationProfileUpdateSchema = z.strictObject({
  phones: z.array(plainText({ min: 1, max: 40, tooShort: '电话号码不能为空', tooLong: '一个电话号码最多 40 个字符' })).check(
    z.maxLength(PROFILE_PHONES_MAX, `最多填 ${PROFILE_PHONES_MAX} 个电话号码`),
    z.refine((phones) => new Set(phones).size === phones.length, '同一个电话号码只填一次'),
  ),
  address: z.nullable(plainText({ min: 1, max: 200, tooShort: '地址不能为空（不知道就不填）', tooLong: '地址最多 200 个字' })),
  /** absent: the hours stay as they are (staff set them as weekly openings: PUT …/schedule writes the text) */
  hours: z.optional(z.strictObject({ text: plainText({ min: 1, max: 200, tooShort: '请填写开放时间', tooLong: '开放时间最多 200 个字' }) })),
  services: z.array(stationServiceSchema).check(z.refine((services) => new Set(services).size === services.length, '每项服务只选一次')),
  location: z.nullable(
    z.strictObject({
      lat: z.number({ error: '纬度应为数字' }).check(z.gte(-90, '纬度应在 -90 到 90 之间'), z.lte(90, '纬度应在 -90 到 90 之间')),
      lng: z.number({ error: '经度应为数字' }).check(z.gte(-180, '经度应在 -180 到 180 之间'), z.lte(180, '经度应在 -180 到 180 之间')),
      datum: datumSchema,
    }),
  ),
})
export type StationProfileUpdate = z.infer<typeof stationProfileUpdateSchema>

/** The facts a profile sets, as the station contract holds them (GCJ-02, phones joined by `、`). */
export const stationFactsSchema = z.object({
  phone: z.nullable(stationPhoneSchema),
  address: z.nullable(z.string()),
  hours: openingHoursSchema,
  services: z.array(stationServiceSchema),
  location: z.nullable(geoPointSchema),
  locationQuality: locationQualitySchema,
})
export type StationFacts = z.infer<typeof stationFactsSchema>

// ---------------------------------------------------------------- history

export const { schema: profileActionSchema, labels: PROFILE_ACTION_LABELS } = labelledEnum({
  self_report: '服务站自报',
  admin_edit: '县司法局修改（视为已核实）',
  verify: '县司法局核实',
  reject: '县司法局退回自报',
  upstream_replaced: '县里公布的名录更新，替换了自报信息',
})
export type ProfileAction = z.infer<typeof profileActionSchema>

/** Who made a change: a person (name and role), or nobody for the county's published directory. */
export const profileActorSchema = z.nullable(z.object({ name: z.string(), role: z.enum(['staff', 'admin']) }))

/** One change of a station's facts: who, when, the facts before and after, and the reason given. */
export const profileHistoryEntrySchema = z.object({
  id: z.string(),
  action: profileActionSchema,
  /** ISO 8601 */
  at: z.iso.datetime({ offset: true }),
  by: profileActorSchema,
  /** the facts served before; `null` when none were kept for the station */
  before: z.nullable(stationFactsSchema),
  after: z.nullable(stationFactsSchema),
  /** the reason of a rejection */
  note: z.nullable(z.string()),
})
export type ProfileHistoryEntry = z.infer<typeof profileHistoryEntrySchema>

/** The facts of the county's directory that disagree with what the station keeps, neither clearly newer. */
export const upstreamConflictSchema = z.object({
  directory: stationFactsSchema,
  /** the directory row's `verified_at`; `null` when it carries none */
  directoryVerifiedAt: z.nullable(stationDateSchema),
})
export type UpstreamConflict = z.infer<typeof upstreamConflictSchema>

/** Where the served facts stand: the label, who set them when, who verified them when. */
export const stationKeepingStateSchema = z.object({
  verification: stationVerificationSchema,
  /** changes with every save, verification and rejection; 0 while the station keeps nothing of its own */
  version: z.number().check(z.int(), z.gte(0)),
  /** ISO 8601: when the kept facts were set; `null` when the station keeps none */
  reportedAt: z.nullable(z.iso.datetime({ offset: true })),
  reportedBy: profileActorSchema,
  verifiedAt: z.nullable(stationDateSchema),
  verifiedBy: profileActorSchema,
  conflict: z.nullable(upstreamConflictSchema),
})
export type StationKeepingState = z.infer<typeof stationKeepingStateSchema>

/**
 * The county's 退回 of what the station reported, while it is the station's latest news (nothing
 * reported, verified or edited since): what the 工作台 and 我的服务站 show its staff.
 */
export const stationRejectionSchema = z.object({
  /** ISO 8601: when the county rejected it */
  at: z.iso.datetime({ offset: true }),
  by: profileActorSchema,
  reason: z.string(),
  /** ISO 8601: when the rejected self-report was made; `null` when the county rejected kept facts its directory contradicts */
  reportedAt: z.nullable(z.iso.datetime({ offset: true })),
  reportedBy: profileActorSchema,
  /** the rejected report was made by the signed-in user */
  reportedByYou: z.boolean(),
})
export type StationRejection = z.infer<typeof stationRejectionSchema>

/** `GET|PUT /api/staff/stations/:id/profile`, `GET|PUT /api/admin/stations/:id/profile` and the verify/reject answers. */
export const stationProfileResponseSchema = z.object({
  /** the station as every station answer now serves it */
  station: stationSchema,
  /** the numbers of `station.phone`, one each, as the form shows them */
  phones: z.array(z.string()),
  keeping: stationKeepingStateSchema,
  /** newest first */
  history: z.array(profileHistoryEntrySchema),
  rejection: z.nullable(stationRejectionSchema),
})
export type StationProfileResponse = z.infer<typeof stationProfileResponseSchema>

// ---------------------------------------------------------------- the county's verify / reject

/** `version` (optional): what the administrator looked at; another change since then is 409 VERSION_CONFLICT. */
export const verifyStationRequestSchema = z.strictObject({ version: z.optional(z.number().check(z.int(), z.gte(0))) })
export const rejectStationRequestSchema = z.strictObject({
  reason: plainText({ min: 1, max: 200, multiline: true, tooShort: '请写明退回的原因', tooLong: '原因最多 200 个字' }),
  version: z.optional(z.number().check(z.int(), z.gte(0))),
})

// ---------------------------------------------------------------- residents' corrections

export const { schema: correctionFieldSchema, labels: CORRECTION_FIELD_LABELS } = labelledEnum({
  phone: '电话不对',
  address: '地址不对',
  hours: '开放时间不对',
  location: '位置不对',
  closed: '服务站已关闭或搬走',
  other: '其他',
})
export type CorrectionField = z.infer<typeof correctionFieldSchema>

/** A mainland mobile or a landline with its area code, for a call-back; dashes and spaces allowed. */
export const callbackPhoneSchema = z.string().check(
  z.overwrite((value) => value.normalize('NFKC').replace(/[\s-]/gu, '')),
  z.regex(/^(?:1[3-9]\d{9}|0\d{9,11})$/u, '回电号码应为 11 位手机号或带区号的座机号'),
)

/** `POST /api/stations/:id/corrections`: no sign-in, no personal data needed. */
export const correctionRequestSchema = z.strictObject({
  field: correctionFieldSchema,
  message: plainText({ min: 1, max: 500, multiline: true, tooShort: '请说说哪里不对', tooLong: '最多 500 个字' }),
  callbackPhone: z.optional(callbackPhoneSchema),
})
export type CorrectionRequest = z.infer<typeof correctionRequestSchema>

/** A correction as the BFF answers it: the call-back phone is always masked (`138****8000`). */
export const correctionSchema = z.object({
  id: z.uuid(),
  stationId: stationIdSchema,
  field: correctionFieldSchema,
  message: z.string(),
  /** masked; `null` when none was given or it was erased (retention) */
  callbackPhone: z.nullable(z.string()),
  /** ISO 8601 */
  createdAt: z.iso.datetime({ offset: true }),
  status: z.enum(['open', 'resolved']),
  resolvedAt: z.nullable(z.iso.datetime({ offset: true })),
  resolvedBy: profileActorSchema,
  note: z.nullable(z.string()),
  /** residents who sent these same words about this station while it was open (1: one) */
  reports: z.number().check(z.int(), z.minimum(1)),
})
export type Correction = z.infer<typeof correctionSchema>

/** `POST /api/admin/corrections/:id/resolve` */
export const resolveCorrectionRequestSchema = z.strictObject({
  note: plainText({ min: 1, max: 500, multiline: true, tooShort: '请写明处理结果', tooLong: '最多 500 个字' }),
})

// ---------------------------------------------------------------- the county's queue

const queueStationSchema = z.object({
  kind: z.literal('station'),
  /** a self-report awaiting verification, or kept facts the county's directory now contradicts */
  reason: z.enum(['self_report', 'conflict']),
  station: stationSchema,
  keeping: stationKeepingStateSchema,
  /** the facts served before this self-report (`null`: none recorded) and the reported ones */
  before: z.nullable(stationFactsSchema),
  after: stationFactsSchema,
})

const queueCorrectionSchema = z.object({ kind: z.literal('correction'), station: stationSchema, correction: correctionSchema })

export const adminQueueItemSchema = z.discriminatedUnion('kind', [queueStationSchema, queueCorrectionSchema])
export type AdminQueueItem = z.infer<typeof adminQueueItemSchema>

/** One 回电 by a station's staff: who saw which booking's phone, when; the phone masked. */
export const phoneRevealSchema = z.object({
  revealedAt: z.iso.datetime({ offset: true }),
  stationId: stationIdSchema,
  stationName: z.string(),
  staffName: z.string(),
  slotStart: z.iso.datetime({ offset: true }),
  /** masked (`139****5678`) */
  phone: z.string(),
})
export type PhoneReveal = z.infer<typeof phoneRevealSchema>

/** `GET /api/admin/queue`: 待核实 of the administrator's county, newest first; and its stations' 回电 of the last 7 days (at most 100, newest first). */
export const adminQueueResponseSchema = z.object({ county: z.string(), items: z.array(adminQueueItemSchema), phoneReveals: z.array(phoneRevealSchema) })
export type AdminQueueResponse = z.infer<typeof adminQueueResponseSchema>
