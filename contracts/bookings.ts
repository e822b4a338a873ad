import * as z from 'zod/mini'
import { labelledEnum } from './labelled-enum'
import { phoneCodeProofSchema } from './phone-code-proof'
import { stationIdSchema } from './station'
import { plainText } from './text'

const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM'))
export const isoDateSchema = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' })
/** A slot's start as the API writes it: Asia/Shanghai with its offset, `2026-12-01T09:00:00+08:00`. */
export const slotStartSchema = z.iso.datetime({ offset: true, error: '时间格式应为 2026-12-01T09:00:00+08:00' })

const openingFields = {
  start: hhmm,
  end: hhmm,
  slotMinutes: z.number().check(z.int(), z.gte(10), z.lte(240)),
  capacity: z.number().check(z.int(), z.gte(1), z.lte(50)),
}
const endsAfterStart = (opening: { start: string; end: string }) => opening.start < opening.end
const endsAfterStartMessage = () => ({ message: '结束时间要晚于开始时间', path: ['end'] })

/** Openings of one day: consultations of `slotMinutes` each, `capacity` people per slot. */
export const dayOpeningSchema = z.strictObject(openingFields).check(z.refine(endsAfterStart, endsAfterStartMessage()))
export type DayOpening = z.infer<typeof dayOpeningSchema>

/** One weekly opening; `weekday` is ISO: 1 = Monday … 7 = Sunday. */
export const weeklyOpeningSchema = z
  .strictObject({ weekday: z.number().check(z.int(), z.gte(1), z.lte(7)), ...openingFields })
  .check(z.refine(endsAfterStart, endsAfterStartMessage()))
export type WeeklyOpening = z.infer<typeof weeklyOpeningSchema>

/** A closed day, or a day with its own openings (an extra day, or changed hours). */
export const scheduleExceptionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('closed'), date: isoDateSchema, reason: z.optional(plainText({ max: 100 })) }),
  z.strictObject({ kind: z.literal('open'), date: isoDateSchema, openings: z.array(dayOpeningSchema).check(z.minLength(1), z.maxLength(10)) }),
])
export type ScheduleException = z.infer<typeof scheduleExceptionSchema>

/**
 * How long before a slot starts it can still be booked, unless a station's schedule says otherwise:
 * `BOOKING_LEAD_MINUTES` (server/config.ts), this by default. Same-day slots are bookable.
 */
export const BOOKING_LEAD_MINUTES_DEFAULT = 60

/** Strict like every request body: a field the BFF does not know is a 400, not silently dropped. */
export const scheduleSchema = z.strictObject({
  weekly: z.array(weeklyOpeningSchema).check(z.maxLength(30)),
  exceptions: z.array(scheduleExceptionSchema).check(z.maxLength(200)),
  /** bookings close this long before a slot starts; absent: the county's lead time (`BOOKING_LEAD_MINUTES`) */
  minNoticeMinutes: z.optional(z.number().check(z.int(), z.gte(0), z.lte(7 * 24 * 60))),
  /** how far ahead slots are offered */
  horizonDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(90)), 14),
})
export type Schedule = z.infer<typeof scheduleSchema>

/**
 * Where a station's bookable hours come from — one truth with the hours its page shows:
 * `staff`: the weekly openings its staff set (the hours text is written from them);
 * `published`: the hours text the station or the county published, read as weekly openings;
 * `default`: usual office hours, nobody confirmed them (the text is unknown or unreadable).
 */
export const hoursSourceSchema = z.enum(['staff', 'published', 'default'])
export type HoursSource = z.infer<typeof hoursSourceSchema>

/** The hours residents see (the station page, the first screen, the booking step): the same text everywhere. */
export const bookableHoursSchema = z.object({ text: z.string(), source: hoursSourceSchema })
export type BookableHours = z.infer<typeof bookableHoursSchema>

/** A booking still active that falls outside the station's hours now: kept, for staff to call. */
export const outsideHoursBookingSchema = z.object({
  id: z.string(),
  code: z.string(),
  status: z.enum(['booked', 'confirmed']),
  slotStart: z.string(),
  slotEnd: z.string(),
  name: z.string(),
  /** masked: `138****8000` (回电 on the staff week shows the whole number) */
  phone: z.string(),
})
export type OutsideHoursBooking = z.infer<typeof outsideHoursBookingSchema>

/** `GET|PUT /api/staff/stations/:id/schedule` and what the finder shows about it. */
export const stationScheduleResponseSchema = z.object({
  stationId: stationIdSchema,
  /** the weekly openings residents can book now (what the editor starts from) */
  schedule: scheduleSchema,
  /** true while the station runs on the bundled default, not hours its staff set */
  isDefault: z.boolean(),
  updatedAt: z.nullable(z.string()),
  /** the station's hours as residents see them, and where they come from */
  hours: bookableHoursSchema,
  /** minutes before a slot starts that it can still be booked */
  leadMinutes: z.number().check(z.int(), z.gte(0)),
  /** upcoming active bookings outside those hours, soonest first: kept, listed for staff to call */
  outsideHours: z.array(outsideHoursBookingSchema),
})
export type StationScheduleResponse = z.infer<typeof stationScheduleResponseSchema>

export const slotSchema = z.object({
  start: slotStartSchema,
  end: slotStartSchema,
  capacity: z.number().check(z.int()),
  remaining: z.number().check(z.int(), z.gte(0)),
})
export type Slot = z.infer<typeof slotSchema>

export const slotsQuerySchema = z.strictObject({ date: z.optional(isoDateSchema) })
/** `GET /api/stations/:id/slots?date=` — the day's slots, or the next days' when no date is given. */
export const slotsResponseSchema = z.object({
  stationId: z.string(),
  /** true while the slots follow usual office hours nobody confirmed (`hours.source` is `default`) */
  isDefaultSchedule: z.boolean(),
  /** the station's hours, the same text its page shows */
  hours: bookableHoursSchema,
  /** minutes before a slot starts that it can still be booked */
  leadMinutes: z.number().check(z.int(), z.gte(0)),
  slots: z.array(slotSchema),
  /** true when booking from H5 needs an SMS code (`POST /api/phone-codes`); absent or false: no SMS */
  smsCodeRequired: z.optional(z.boolean()),
})
export type SlotsResponse = z.infer<typeof slotsResponseSchema>

export const { schema: matterSchema, labels: MATTER_LABELS } = labelledEnum({
  marriage_family: '婚姻家庭',
  labor_wages: '劳动争议/欠薪',
  land: '土地承包/征地拆迁',
  neighbor: '邻里纠纷',
  injury: '损害赔偿',
  contract_debt: '合同债务',
  criminal: '刑事辩护/认罪认罚法律帮助',
  other: '其他',
})
export type Matter = z.infer<typeof matterSchema>

const MOBILE_PHONE = /^1[3-9]\d{9}$/

/**
 * What is wrong with a number that is not a mainland mobile number, in words a resident acts on:
 * 11 digits is not enough when the number is a landline (0 开头) or does not start like a mobile.
 */
export function mobilePhoneProblem(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : ''
  if (text === '') return '请填写手机号'
  if (!/^\d+$/.test(text)) return '手机号只填数字，不要空格、横线或其他符号'
  if (text.length !== 11) return '请填写 11 位手机号'
  if (text.startsWith('0')) return '这是座机号吗？请填写手机号（1 开头）'
  if (!text.startsWith('1')) return '手机号应以 1 开头'
  return '手机号第 2 位应是 3 到 9，请核对'
}

/** Mainland mobile numbers: 11 digits starting 13–19. */
export const mobilePhoneSchema = z.string().check(
  z.trim(),
  z.refine((value) => MOBILE_PHONE.test(value), { error: (issue) => mobilePhoneProblem(issue.input) }),
)

/** 代办: a volunteer or staff member books for someone else, who agreed. */
export const proxySchema = z.strictObject({
  agentName: plainText({ min: 1, max: 30, tooShort: '请填写代办人姓名' }),
  agentRole: z.enum(['volunteer', 'staff', 'family', 'other']),
  agentPhone: mobilePhoneSchema,
  personAgreed: z.literal(true, { error: '请确认本人已同意代为预约' }),
})

export const createBookingRequestSchema = z.strictObject({
  stationId: stationIdSchema,
  slotStart: slotStartSchema,
  matter: matterSchema,
  description: z._default(plainText({ max: 500, multiline: true, tooLong: '简要说明最多 500 个字' }), ''),
  name: plainText({ min: 1, max: 30, tooShort: '请填写姓名', tooLong: '姓名最多 30 个字' }),
  phone: mobilePhoneSchema,
  consent: z.literal(true, { error: '请阅读并同意隐私说明' }),
  proxy: z.optional(proxySchema),
  /** mini program: a `wx.login` code, so a reminder can be sent to this WeChat user */
  wechatCode: z.optional(plainText({ min: 1, max: 128, trim: false })),
  /** mini program: the user accepted the reminder subscription on the confirm tap */
  remindersAccepted: z.optional(z.boolean()),
  /** H5 when the BFF sends SMS (`smsCodeRequired` in the slots answer): the SMS code proving the phone is the booker's */
  phoneCode: z.optional(phoneCodeProofSchema),
})
export type CreateBookingRequest = z.infer<typeof createBookingRequestSchema>

export const { schema: bookingStatusSchema, labels: BOOKING_STATUS_LABELS } = labelledEnum({
  booked: '已预约',
  confirmed: '已确认',
  done: '已办结',
  no_show: '未到场',
  cancelled: '已取消',
})
export type BookingStatus = z.infer<typeof bookingStatusSchema>

/** 8 characters without 0/O/1/I, easy to read out on the phone. */
export const bookingCodeSchema = z.string().check(z.trim(), z.toUpperCase(), z.regex(/^[2-9A-HJ-NP-Z]{8}$/, '预约码是 8 位字母和数字'))

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
  proxy: z.nullable(z.object({ agentName: z.string(), agentRole: z.string() })),
  cancelReason: z.nullable(z.string()),
  createdAt: z.string(),
})
export type Booking = z.infer<typeof bookingSchema>

/**
 * The secret the booking device keeps from the 201 answer (256 random bits, base64url). Sent as
 * `X-Booking-Token`, it proves the booking is the device's own: no last 4 digits, no look-up limit.
 */
export const manageTokenSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, '预约凭证格式不对'))
export const bookingCreatedSchema = z.extend(bookingSchema, { manageToken: manageTokenSchema })
export type BookingCreated = z.infer<typeof bookingCreatedSchema>

/** `X-Booking-Tokens` on `GET /api/home`: `CODE.TOKEN` pairs, comma separated, at most 20. */
export const bookingTokensHeaderSchema = z.pipe(
  z.string().check(z.regex(/^[2-9A-HJ-NP-Z]{8}\.[A-Za-z0-9_-]{43}(,[2-9A-HJ-NP-Z]{8}\.[A-Za-z0-9_-]{43}){0,19}$/, '预约凭证格式不对')),
  z.transform((value: string) =>
    value.split(',').map((pair) => {
      const [code, token] = pair.split('.')
      return { code, token }
    }),
  ),
)

export const phoneLast4Schema = z.string().check(z.regex(/^\d{4}$/, '请填写手机号后 4 位'))
/** From another device: the phone's last 4 digits; from the booking device: `X-Booking-Token` instead. */
export const bookingLookupQuerySchema = z.strictObject({ phoneLast4: z.optional(phoneLast4Schema) })
export const cancelBookingRequestSchema = z.strictObject({
  phoneLast4: z.optional(phoneLast4Schema),
  reason: plainText({ min: 1, max: 200, multiline: true, tooShort: '请说明取消原因' }),
})
export const rescheduleBookingRequestSchema = z.strictObject({ phoneLast4: z.optional(phoneLast4Schema), slotStart: slotStartSchema })

/** 409 body when a slot is full: the error shape plus the next free slots of that station. */
export const slotFullErrorSchema = z.object({ error: z.object({ code: z.literal('SLOT_FULL'), message: z.string() }), nextSlots: z.array(slotSchema) })

// —— station staff (contracts/endpoints/staff.ts) ——

/** The most days one staff list spans: a month, enough for any date picked plus its week. */
export const STAFF_DAYS_MAX = 31

/** `days=7` as the query string carries it; anything but 1–2 digits is left for the number check to name. */
const staffDaysSchema = z.pipe(
  z.transform((value: unknown) => (typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : value)),
  z
    .number({ error: `天数应为 1 到 ${STAFF_DAYS_MAX} 的整数` })
    .check(z.int(), z.gte(1, `天数应为 1 到 ${STAFF_DAYS_MAX} 的整数`), z.lte(STAFF_DAYS_MAX, `天数应为 1 到 ${STAFF_DAYS_MAX} 的整数`)),
)

/**
 * `GET /api/staff/bookings?from=YYYY-MM-DD&days=7`: `days` China dates from `from` (default: today
 * in China, 1 day). `?date=` (the first version's one day) still works and means `from=<date>&days=1`;
 * it cannot be combined with `from`.
 */
export const staffBookingsQuerySchema = z
  .strictObject({ date: z.optional(isoDateSchema), from: z.optional(isoDateSchema), days: z.optional(staffDaysSchema) })
  .check(z.refine((query) => !(query.date && query.from), { message: '“date” 和 “from” 只能用一个', path: ['from'] }))
export type StaffBookingsQuery = z.input<typeof staffBookingsQuerySchema>

export const staffBookingUpdateSchema = z.strictObject({ status: z.enum(['confirmed', 'done', 'no_show']) })
export type StaffStatusMove = z.infer<typeof staffBookingUpdateSchema>['status']

/**
 * A booking as its station's staff see it: the phone still masked (回电 reveals it, one booking at
 * a time), and whether the last status change can be undone now — made today (China date) by the
 * station's staff, not undone already — and to what status the undo returns.
 */
export const staffBookingSchema = z.extend(bookingSchema, {
  id: z.string(),
  undo: z.nullable(z.object({ restores: bookingStatusSchema, changedAt: z.string() })),
  /**
   * The last status change when the station's staff made it: who (the name from `add-staff --name`),
   * when (ISO 8601), what it set, and whether it undid the one before; `null` when there is none
   * or the resident's cancel or reschedule came last.
   */
  lastStaffChange: z.nullable(z.object({ by: z.string(), at: z.string(), to: bookingStatusSchema, undid: z.boolean() })),
})
export type StaffBooking = z.infer<typeof staffBookingSchema>

export const staffBookingsResponseSchema = z.object({
  /** the first day (kept from the one-day answer: `date` = `from`) */
  date: isoDateSchema,
  from: isoDateSchema,
  /** the last day, inclusive */
  to: isoDateSchema,
  days: z.number().check(z.int(), z.gte(1), z.lte(STAFF_DAYS_MAX)),
  /** today in China by the BFF's clock, so a phone with a wrong clock still labels 今天 right */
  today: isoDateSchema,
  /** every booking of those days, soonest first; cancelled ones included */
  bookings: z.array(staffBookingSchema),
})
export type StaffBookingsResponse = z.infer<typeof staffBookingsResponseSchema>

/**
 * What staff cancel from one booking: that booking; every upcoming active booking of the station
 * made with its phone; or every one made from its network (the client address it came from —
 * staff never see the address, only its bookings).
 */
export const staffCancelScopeSchema = z.enum(['booking', 'phone', 'address'])
export type StaffCancelScope = z.infer<typeof staffCancelScopeSchema>

/** How the resident's look-up shows a cancel the station made: `服务站取消：<reason>`. */
export const STATION_CANCEL_PREFIX = '服务站取消：'

export const staffCancelRequestSchema = z.strictObject({
  scope: staffCancelScopeSchema,
  /** shown to the resident, after 服务站取消： */
  reason: plainText({ min: 1, max: 100, tooShort: '请写明取消原因，预约人会看到', tooLong: '取消原因最多 100 个字' }),
})
export type StaffCancelRequest = z.infer<typeof staffCancelRequestSchema>

/** `POST /api/staff/bookings/:id/cancel`: the bookings it cancelled, soonest first (their places are free again). */
export const staffCancelResponseSchema = z.object({ cancelled: z.array(staffBookingSchema) })
export type StaffCancelResponse = z.infer<typeof staffCancelResponseSchema>

/** `POST /api/staff/bookings/:id/reveal-phone`: the whole number, for 回电; answered `Cache-Control: no-store`. */
export const revealedPhoneSchema = z.object({ phone: z.string() })
