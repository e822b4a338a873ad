import { z } from 'zod'
import { stationIdSchema } from './station'

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM')
export const isoDateSchema = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' })
/** A slot's start as the API writes it: Asia/Shanghai with its offset, `2026-12-01T09:00:00+08:00`. */
export const slotStartSchema = z.iso.datetime({ offset: true, error: '时间格式应为 2026-12-01T09:00:00+08:00' })

const openingFields = {
  start: hhmm,
  end: hhmm,
  slotMinutes: z.number().int().min(10).max(240),
  capacity: z.number().int().min(1).max(50),
}
const endsAfterStart = (opening: { start: string; end: string }) => opening.start < opening.end
const endsAfterStartMessage = () => ({ message: '结束时间要晚于开始时间', path: ['end'] })

/** Openings of one day: consultations of `slotMinutes` each, `capacity` people per slot. */
export const dayOpeningSchema = z.strictObject(openingFields).refine(endsAfterStart, endsAfterStartMessage())
export type DayOpening = z.infer<typeof dayOpeningSchema>

/** One weekly opening; `weekday` is ISO: 1 = Monday … 7 = Sunday. */
export const weeklyOpeningSchema = z.strictObject({ weekday: z.number().int().min(1).max(7), ...openingFields }).refine(endsAfterStart, endsAfterStartMessage())
export type WeeklyOpening = z.infer<typeof weeklyOpeningSchema>

/** A closed day, or a day with its own openings (an extra day, or changed hours). */
export const scheduleExceptionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('closed'), date: isoDateSchema, reason: z.string().max(100).optional() }),
  z.object({ kind: z.literal('open'), date: isoDateSchema, openings: z.array(dayOpeningSchema).min(1).max(10) }),
])
export type ScheduleException = z.infer<typeof scheduleExceptionSchema>

export const scheduleSchema = z.object({
  weekly: z.array(weeklyOpeningSchema).max(30),
  exceptions: z.array(scheduleExceptionSchema).max(200),
  /** bookings close this long before a slot starts */
  minNoticeMinutes: z.number().int().min(0).max(7 * 24 * 60).default(120),
  /** how far ahead slots are offered */
  horizonDays: z.number().int().min(1).max(90).default(14),
})
export type Schedule = z.infer<typeof scheduleSchema>

/** `GET|PUT /api/staff/stations/:id/schedule` and what the finder shows about it. */
export const stationScheduleResponseSchema = z.object({
  stationId: stationIdSchema,
  schedule: scheduleSchema,
  /** true while the station runs on the bundled default, not hours its staff set */
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
})
export type StationScheduleResponse = z.infer<typeof stationScheduleResponseSchema>

export const slotSchema = z.object({
  start: slotStartSchema,
  end: slotStartSchema,
  capacity: z.number().int(),
  remaining: z.number().int().min(0),
})
export type Slot = z.infer<typeof slotSchema>

export const slotsQuerySchema = z.strictObject({ date: isoDateSchema.optional() })
/** `GET /api/stations/:id/slots?date=` — the day's slots, or the next days' when no date is given. */
export const slotsResponseSchema = z.object({ stationId: z.string(), isDefaultSchedule: z.boolean(), slots: z.array(slotSchema) })
export type SlotsResponse = z.infer<typeof slotsResponseSchema>

export const matterSchema = z.enum(['marriage_family', 'labor_wages', 'land', 'neighbor', 'injury', 'contract_debt', 'criminal', 'other'])
export type Matter = z.infer<typeof matterSchema>
export const MATTER_LABELS: Readonly<Record<Matter, string>> = {
  marriage_family: '婚姻家庭',
  labor_wages: '劳动争议/欠薪',
  land: '土地承包/征地拆迁',
  neighbor: '邻里纠纷',
  injury: '损害赔偿',
  contract_debt: '合同债务',
  criminal: '刑事辩护/认罪认罚法律帮助',
  other: '其他',
}

/** Mainland mobile numbers: 11 digits starting 13–19. */
export const mobilePhoneSchema = z.string().trim().regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号')

/** 代办: a volunteer or staff member books for someone else, who agreed. */
export const proxySchema = z.strictObject({
  agentName: z.string().trim().min(1, '请填写代办人姓名').max(30),
  agentRole: z.enum(['volunteer', 'staff', 'family', 'other']),
  agentPhone: mobilePhoneSchema,
  personAgreed: z.literal(true, { error: '请确认本人已同意代为预约' }),
})

export const createBookingRequestSchema = z.strictObject({
  stationId: stationIdSchema,
  slotStart: slotStartSchema,
  matter: matterSchema,
  description: z.string().trim().max(500, '简要说明最多 500 个字').default(''),
  name: z.string().trim().min(1, '请填写姓名').max(30, '姓名最多 30 个字'),
  phone: mobilePhoneSchema,
  consent: z.literal(true, { error: '请阅读并同意隐私说明' }),
  proxy: proxySchema.optional(),
  /** mini program: a `wx.login` code, so a reminder can be sent to this WeChat user */
  wechatCode: z.string().min(1).max(128).optional(),
  /** mini program: the user accepted the reminder subscription on the confirm tap */
  remindersAccepted: z.boolean().optional(),
})
export type CreateBookingRequest = z.infer<typeof createBookingRequestSchema>

export const bookingStatusSchema = z.enum(['booked', 'confirmed', 'done', 'no_show', 'cancelled'])
export type BookingStatus = z.infer<typeof bookingStatusSchema>
export const BOOKING_STATUS_LABELS: Readonly<Record<BookingStatus, string>> = {
  booked: '已预约',
  confirmed: '已确认',
  done: '已完成',
  no_show: '未到场',
  cancelled: '已取消',
}

/** 8 characters without 0/O/1/I, easy to read out on the phone. */
export const bookingCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[2-9A-HJ-NP-Z]{8}$/, '预约码是 8 位字母和数字')

export const bookingSchema = z.object({
  code: z.string(),
  status: bookingStatusSchema,
  stationId: z.string(),
  stationName: z.string(),
  slotStart: z.string(),
  slotEnd: z.string(),
  matter: matterSchema,
  description: z.string(),
  name: z.string(),
  /** masked: `138****8000` */
  phone: z.string(),
  proxy: z.object({ agentName: z.string(), agentRole: z.string() }).nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
})
export type Booking = z.infer<typeof bookingSchema>

export const phoneLast4Schema = z.string().regex(/^\d{4}$/, '请填写手机号后 4 位')
export const bookingLookupQuerySchema = z.strictObject({ phoneLast4: phoneLast4Schema })
export const cancelBookingRequestSchema = z.strictObject({ phoneLast4: phoneLast4Schema, reason: z.string().trim().min(1, '请说明取消原因').max(200) })
export const rescheduleBookingRequestSchema = z.strictObject({ phoneLast4: phoneLast4Schema, slotStart: slotStartSchema })

/** 409 body when a slot is full: the error shape plus the next free slots of that station. */
export const slotFullErrorSchema = z.object({
  error: z.object({ code: z.literal('SLOT_FULL'), message: z.string() }),
  nextSlots: z.array(slotSchema),
})

export const staffLoginRequestSchema = z.strictObject({ username: z.string().trim().min(1).max(50), password: z.string().min(1).max(200) })
export const loginResponseSchema = z.object({
  token: z.string(),
  role: z.enum(['staff', 'volunteer', 'admin']),
  expiresAt: z.string(),
  stationId: z.string().nullable(),
  displayName: z.string(),
  /** volunteers: where they serve; the log form starts there */
  town: z.string().nullable(),
  village: z.string().nullable(),
})
export type LoginResponse = z.infer<typeof loginResponseSchema>

export const staffBookingsQuerySchema = z.strictObject({ date: isoDateSchema.optional() })
export const staffBookingUpdateSchema = z.strictObject({ status: z.enum(['confirmed', 'done', 'no_show']) })
export const staffBookingsResponseSchema = z.object({ date: z.string(), bookings: z.array(bookingSchema.extend({ id: z.string() })) })
