import {
  BOOKING_PERSONAL_DATA_DAYS,
  CORRECTION_CALLBACK_PHONE_DAYS,
  DISABLED_ACCOUNT_CONTACT_DAYS,
  IDEMPOTENCY_KEY_HOURS,
  PHONE_CODE_HOURS,
  RATE_LIMIT_COUNTER_HOURS,
  REMINDER_RECORD_DAYS,
} from '../../contracts/retention'
import { formatChinaTime } from '../../contracts/china-time'

/**
 * What is kept how long, as pure rules: the clock comes in, cut-off instants come out, and the
 * repository applies them (server/retention/retention.repository.ts). The numbers live in
 * contracts/retention.ts so the 隐私说明 page quotes the same ones; each says there why it is what it is.
 */

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS

export interface RetentionLimits {
  /** booking's name, phone, 事项说明, cancel reason, 代办人: erased this long after the slot ends */
  bookingPersonalDataDays: number
  /** sent or undeliverable reminders: deleted this long after they were due */
  reminderRecordDays: number
  /** idempotency keys with their stored answers: deleted this long after the request */
  idempotencyKeyHours: number
  /** rate-limit counters (keyed by IP, phone or booking code): deleted this long after their window began */
  rateLimitCounterHours: number
  /** a disabled account's phone, openid and invite: erased this long after it was disabled */
  disabledAccountContactDays: number
  /** a 信息有误 report's call-back phone: erased this long after the report (CORRECTION_CALLBACK_PHONE_DAYS when absent) */
  correctionCallbackPhoneDays?: number
  /** SMS code rows (keyed hashes): deleted this long after they were sent (PHONE_CODE_HOURS when absent) */
  phoneCodeHours?: number
}

export const RETENTION_LIMITS: Readonly<RetentionLimits> = {
  bookingPersonalDataDays: BOOKING_PERSONAL_DATA_DAYS,
  reminderRecordDays: REMINDER_RECORD_DAYS,
  idempotencyKeyHours: IDEMPOTENCY_KEY_HOURS,
  rateLimitCounterHours: RATE_LIMIT_COUNTER_HOURS,
  disabledAccountContactDays: DISABLED_ACCOUNT_CONTACT_DAYS,
  correctionCallbackPhoneDays: CORRECTION_CALLBACK_PHONE_DAYS,
  phoneCodeHours: PHONE_CODE_HOURS,
}

/** What an erased booking shows instead of the name (and the phone) it had. */
export const ERASED_TEXT = '（已删除）'

/**
 * Cut-offs in the format of the column each one is compared with: slot times are stored as
 * Asia/Shanghai text (`2026-11-27T09:00:00+08:00`), every other timestamp as UTC ISO text
 * (`2026-11-26T00:00:00.000Z`). Text of one format compares like the instants it names; text of
 * two formats does not, which is why the booking cut-offs are written the way slots are.
 */
export interface RetentionCutoffs {
  /** now, UTC ISO: tokens that expired or were revoked by then are deleted */
  now: string
  /** Shanghai text: a booking whose slot started at or before this no longer needs its WeChat openid */
  slotStartedBy: string
  /** Shanghai text: a booking whose slot ended before this loses its personal data */
  slotEndedBefore: string
  /** UTC ISO: a reminder sent (or due, when undeliverable) before this is deleted */
  reminderDoneBefore: string
  /** UTC ISO: idempotency keys created before this are deleted */
  idempotencyCreatedBefore: string
  /** UTC ISO: rate-limit windows that began before this are deleted */
  rateLimitWindowBefore: string
  /** UTC ISO: accounts disabled before this lose their phone, openid and invite */
  accountDisabledBefore: string
  /** UTC ISO: 信息有误 reports made before this lose their call-back phone */
  correctionCreatedBefore: string
  /** UTC ISO: SMS code rows sent before this are deleted */
  phoneCodeSentBefore: string
}

export function retentionCutoffs(params: { now: Date; limits?: Readonly<RetentionLimits> }): RetentionCutoffs {
  const limits = params.limits ?? RETENTION_LIMITS
  const now = params.now.getTime()
  const before = (ms: number) => new Date(now - ms)
  return {
    now: params.now.toISOString(),
    slotStartedBy: formatChinaTime(params.now),
    slotEndedBefore: formatChinaTime(before(limits.bookingPersonalDataDays * DAY_MS)),
    reminderDoneBefore: before(limits.reminderRecordDays * DAY_MS).toISOString(),
    idempotencyCreatedBefore: before(limits.idempotencyKeyHours * HOUR_MS).toISOString(),
    rateLimitWindowBefore: before(limits.rateLimitCounterHours * HOUR_MS).toISOString(),
    accountDisabledBefore: before(limits.disabledAccountContactDays * DAY_MS).toISOString(),
    correctionCreatedBefore: before((limits.correctionCallbackPhoneDays ?? CORRECTION_CALLBACK_PHONE_DAYS) * DAY_MS).toISOString(),
    phoneCodeSentBefore: before((limits.phoneCodeHours ?? PHONE_CODE_HOURS) * HOUR_MS).toISOString(),
  }
}

/** An erased booking keeps no digits of its phone, so it can no longer be looked up with them. */
export function isErasedBooking(row: { phone_last4: string }): boolean {
  return row.phone_last4 === ''
}

/**
 * A booking whose personal data is past keeping at `now`: erased already, or its slot ended longer
 * ago than the rule allows and the next daily run will erase it. What would show the data again
 * (staff's 回电) asks this, so nothing is shown in the hours between the cut-off and that run.
 */
export function isBookingPersonalDataExpired(params: {
  row: { phone_last4: string; slot_end: string }
  now: Date
  limits?: Readonly<RetentionLimits>
}): boolean {
  return isErasedBooking(params.row) || params.row.slot_end < retentionCutoffs({ now: params.now, limits: params.limits }).slotEndedBefore
}

/**
 * A reminder's payload (server/bookings/reminder-sender.ts) without its WeChat openid, once the
 * openid can no longer be used: the message was sent or given up on, or the slot has begun.
 * Null when there is nothing to remove (no openid, or it is still needed).
 */
export function payloadWithoutOpenid(params: { payload: string; done: boolean; now: Date }): string | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(params.payload)
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null) return null
  const payload = parsed as { openid?: unknown; slotStart?: unknown }
  if (typeof payload.openid !== 'string') return null
  const slotStart = typeof payload.slotStart === 'string' ? Date.parse(payload.slotStart) : Number.NaN
  const slotBegun = Number.isFinite(slotStart) && slotStart <= params.now.getTime()
  if (!params.done && !slotBegun) return null
  return JSON.stringify({ ...payload, openid: null })
}
