import Taro from '@tarojs/taro'
import { z } from 'zod'
import {
  bookingCodeSchema,
  bookingSchema,
  loginResponseSchema,
  mobilePhoneSchema,
  slotFullErrorSchema,
  slotsResponseSchema,
  staffBookingsResponseSchema,
  stationScheduleResponseSchema,
  type Booking,
  type CreateBookingRequest,
  type LoginResponse,
  type Schedule,
  type Slot,
  type SlotsResponse,
  type StationScheduleResponse,
} from '../../contracts/bookings'
import { request, RequestError } from './http'

/**
 * Booking a legal-aid consultation, looking it up, cancelling or moving it, and the station
 * staff's day list and schedule: every call goes through `request()`. Also what this device
 * remembers: the booking codes it holds (with the phone's last 4 digits, the proof a look-up
 * needs) and a staff member's sign-in.
 */

// ---------------------------------------------------------------- public booking API

export type StaffBooking = z.infer<typeof staffBookingsResponseSchema>['bookings'][number]
export type StaffBookingsResponse = z.infer<typeof staffBookingsResponseSchema>

/** `GET /api/stations/:id/slots[?date=]`: without a date, the next days' slots. */
export function fetchSlots(params: { stationId: string; date?: string }): Promise<SlotsResponse> {
  const query = params.date ? `?date=${encodeURIComponent(params.date)}` : ''
  return request({ path: `/api/stations/${encodeURIComponent(params.stationId)}/slots${query}`, schema: slotsResponseSchema })
}

/**
 * A fresh `Idempotency-Key` (the server accepts 8–100 of `A-Za-z0-9_-`). The mini program has no
 * `crypto.randomUUID`, so this uses `getRandomValues` where it exists and `Math.random` otherwise;
 * the time prefix keeps two devices apart even with a weak generator.
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16)
  const cryptoApi = typeof globalThis !== 'undefined' ? (globalThis as { crypto?: { getRandomValues?: (array: Uint8Array) => Uint8Array } }).crypto : undefined
  if (cryptoApi?.getRandomValues) cryptoApi.getRandomValues(bytes)
  else for (let index = 0; index < bytes.length; index += 1) bytes[index] = Math.floor(Math.random() * 256)
  const random = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `bk-${Date.now().toString(36)}-${random}`
}

/** The body of `POST /api/bookings` as the client sends it (the server applies defaults). */
export type NewBooking = Omit<CreateBookingRequest, 'description'> & { description?: string }

/**
 * `POST /api/bookings`. Send the same `idempotencyKey` for every retry of one submission: if an
 * earlier attempt reached the server but its answer was lost, the server answers with that same
 * booking instead of booking twice. Throws `RequestError` (409 `SLOT_FULL` / `ALREADY_BOOKED`,
 * 400 with `fields`, or a transport failure to retry).
 */
export function createBooking(params: { booking: NewBooking; idempotencyKey: string }): Promise<Booking> {
  return request({ path: '/api/bookings', method: 'POST', data: params.booking, headers: { 'Idempotency-Key': params.idempotencyKey }, schema: bookingSchema })
}

/** The free slots a 409 SLOT_FULL offers instead (empty for any other failure). */
export function slotsOfferedBy(failure: RequestError): Slot[] {
  const parsed = slotFullErrorSchema.safeParse(failure.body)
  return parsed.success ? parsed.data.nextSlots : []
}

function bookingPath(code: string): string {
  return `/api/bookings/${encodeURIComponent(code)}`
}

/** `GET /api/bookings/:code?phoneLast4=`: a wrong code and a wrong last 4 both answer 404. */
export function fetchBooking(params: { code: string; phoneLast4: string }): Promise<Booking> {
  return request({ path: `${bookingPath(params.code)}?phoneLast4=${encodeURIComponent(params.phoneLast4)}`, schema: bookingSchema })
}

export function cancelBooking(params: { code: string; phoneLast4: string; reason: string }): Promise<Booking> {
  return request({ path: `${bookingPath(params.code)}/cancel`, method: 'POST', data: { phoneLast4: params.phoneLast4, reason: params.reason }, schema: bookingSchema })
}

export function rescheduleBooking(params: { code: string; phoneLast4: string; slotStart: string }): Promise<Booking> {
  return request({ path: `${bookingPath(params.code)}/reschedule`, method: 'POST', data: { phoneLast4: params.phoneLast4, slotStart: params.slotStart }, schema: bookingSchema })
}

// ---------------------------------------------------------------- checks shared with the server

/** The server's own rule (`mobilePhoneSchema`): `null` when fine, else the Chinese message. */
export function mobilePhoneError(value: string): string | null {
  const parsed = mobilePhoneSchema.safeParse(value)
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? '请填写 11 位手机号')
}

/** What someone types as a booking code: upper case, without spaces or characters codes never use. */
export function normaliseBookingCode(value: string): string {
  return value
    .toUpperCase()
    .replace(/[^2-9A-HJ-NP-Z]/g, '')
    .slice(0, 8)
}

export function isBookingCode(value: string): boolean {
  return bookingCodeSchema.safeParse(value).success
}

/** Booking ⇄ the active states in which it can still be cancelled or moved. */
export function isActiveBooking(booking: Pick<Booking, 'status'>): boolean {
  return booking.status === 'booked' || booking.status === 'confirmed'
}

// ---------------------------------------------------------------- dates and times (Asia/Shanghai)

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** Today's date in China (`YYYY-MM-DD`), `offsetDays` later. */
export function shanghaiDate(offsetDays = 0, now: Date = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS + offsetDays * 86_400_000).toISOString().slice(0, 10)
}

/** `2026-12-01` → `12月1日 周二` */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number)
  return `${month}月${day}日 ${WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]}`
}

/** 今天 / 明天 / 后天, or `null` for a day further away (or past). */
export function nearDayWord(date: string, now: Date = new Date()): string | null {
  const offset = [0, 1, 2].find((candidate) => shanghaiDate(candidate, now) === date)
  return offset === undefined ? null : ['今天', '明天', '后天'][offset]
}

/** `2026-12-01` → `12月1日 周二`, with 今天 / 明天 / 后天 in front when it is. */
export function formatDay(date: string, now: Date = new Date()): string {
  const near = nearDayWord(date, now)
  return `${near ? `${near} ` : ''}${formatDate(date)}`
}

/** `2026-12-01T09:00:00+08:00` → `09:00` (slots are always written in +08:00). */
export function formatTime(slotStart: string): string {
  return slotStart.slice(11, 16)
}

/** `12月1日 周二 09:00–09:30` */
export function formatSlot(slot: { start: string; end: string }, now?: Date): string {
  return `${formatDay(slot.start.slice(0, 10), now)} ${formatTime(slot.start)}–${formatTime(slot.end)}`
}

/** Slots grouped by day, in order. */
export function slotsByDay(slots: readonly Slot[]): { date: string; slots: Slot[]; free: number }[] {
  const days = new Map<string, Slot[]>()
  for (const slot of slots) {
    const date = slot.start.slice(0, 10)
    days.set(date, [...(days.get(date) ?? []), slot])
  }
  return [...days.entries()].map(([date, daySlots]) => ({ date, slots: daySlots, free: daySlots.reduce((sum, slot) => sum + slot.remaining, 0) }))
}

// ---------------------------------------------------------------- booking codes held on this device

export const DEVICE_BOOKINGS_STORAGE_KEY = 'fzt.bookings'
/** enough for a family's bookings; the oldest are dropped first */
const DEVICE_BOOKINGS_MAX = 20

const deviceBookingSchema = z.object({
  code: z.string().regex(/^[2-9A-HJ-NP-Z]{8}$/),
  phoneLast4: z.string().regex(/^\d{4}$/),
  stationName: z.string().optional(),
  slotStart: z.string().optional(),
  savedAt: z.string(),
})
export type DeviceBooking = z.infer<typeof deviceBookingSchema>

/** The booking codes this device holds, newest first. A cleared or damaged store reads as empty. */
export function deviceBookings(): DeviceBooking[] {
  try {
    const stored: unknown = Taro.getStorageSync(DEVICE_BOOKINGS_STORAGE_KEY)
    if (!Array.isArray(stored)) return []
    return stored.flatMap((entry) => {
      const parsed = deviceBookingSchema.safeParse(entry)
      return parsed.success ? [parsed.data] : []
    })
  } catch {
    return []
  }
}

/** Just the codes (首页 sends them to `GET /api/home?bookings=` for "my next booking"). */
export function deviceBookingCodes(): string[] {
  return deviceBookings().map((entry) => entry.code)
}

function writeDeviceBookings(entries: DeviceBooking[]): void {
  try {
    Taro.setStorageSync(DEVICE_BOOKINGS_STORAGE_KEY, entries.slice(0, DEVICE_BOOKINGS_MAX))
  } catch {
    // storage full or unavailable: the code is still on the screen to write down
  }
}

/** Remembers (or refreshes) a booking code with the last 4 digits of its phone. */
export function rememberBooking(entry: { code: string; phoneLast4: string; stationName?: string; slotStart?: string }, now: Date = new Date()): void {
  const saved: DeviceBooking = { code: entry.code, phoneLast4: entry.phoneLast4, stationName: entry.stationName, slotStart: entry.slotStart, savedAt: now.toISOString() }
  if (!deviceBookingSchema.safeParse(saved).success) return
  writeDeviceBookings([saved, ...deviceBookings().filter((stored) => stored.code !== entry.code)])
}

export function forgetBooking(code: string): void {
  writeDeviceBookings(deviceBookings().filter((stored) => stored.code !== code))
}

export function deviceBooking(code: string): DeviceBooking | null {
  return deviceBookings().find((stored) => stored.code === code) ?? null
}

// ---------------------------------------------------------------- station staff

export const STAFF_SESSION_STORAGE_KEY = 'fzt.staffSession'

/** What the device keeps of a sign-in: just enough for the staff page and its bearer calls. */
const staffSessionSchema = z.object({
  token: z.string().min(1),
  role: z.literal('staff'),
  expiresAt: z.string(),
  stationId: z.string().min(1),
  displayName: z.string(),
})
export type StaffSession = z.infer<typeof staffSessionSchema>

/** The signed-in staff member on this device, or `null` (none, expired, or damaged). */
export function staffSession(now: Date = new Date()): StaffSession | null {
  try {
    const parsed = staffSessionSchema.safeParse(Taro.getStorageSync(STAFF_SESSION_STORAGE_KEY))
    if (!parsed.success) return null
    if (new Date(parsed.data.expiresAt).getTime() <= now.getTime()) {
      clearStaffSession()
      return null
    }
    return parsed.data
  } catch {
    return null
  }
}

function clearStaffSession(): void {
  try {
    Taro.removeStorageSync(STAFF_SESSION_STORAGE_KEY)
  } catch {
    // nothing stored
  }
}

/** `POST /api/auth/login`; only station staff can use the staff page. */
export async function staffLogin(params: { username: string; password: string }): Promise<StaffSession> {
  const answer: LoginResponse = await request({ path: '/api/auth/login', method: 'POST', data: { username: params.username.trim(), password: params.password }, schema: loginResponseSchema })
  if (answer.role !== 'staff' || !answer.stationId) {
    throw new RequestError({ failure: 'http', status: 403, code: 'NOT_STAFF', message: '这个账号不是服务站工作人员账号。' })
  }
  const session: StaffSession = { token: answer.token, role: 'staff', expiresAt: answer.expiresAt, stationId: answer.stationId, displayName: answer.displayName }
  try {
    Taro.setStorageSync(STAFF_SESSION_STORAGE_KEY, session)
  } catch {
    // still signed in for this visit
  }
  return session
}

/** `POST /api/auth/logout`; the device forgets the token even when the network fails. */
export async function staffLogout(): Promise<void> {
  const session = staffSession()
  clearStaffSession()
  if (!session) return
  await request({ path: '/api/auth/logout', method: 'POST', headers: { Authorization: `Bearer ${session.token}` }, schema: z.unknown() }).catch(() => undefined)
}

/** Bearer calls: a 401 means the sign-in ended, so the stored token is dropped. */
async function staffRequest<Schema extends z.ZodType>(params: { path: string; schema: Schema; method?: 'GET' | 'PUT' | 'PATCH'; data?: unknown }): Promise<z.infer<Schema>> {
  const session = staffSession()
  if (!session) throw new RequestError({ failure: 'http', status: 401, code: 'UNAUTHORIZED', message: '请先登录' })
  try {
    return await request({ ...params, headers: { Authorization: `Bearer ${session.token}` } })
  } catch (failure) {
    if (failure instanceof RequestError && failure.status === 401) clearStaffSession()
    throw failure
  }
}

export function fetchStaffBookings(params: { date?: string } = {}): Promise<StaffBookingsResponse> {
  return staffRequest({ path: `/api/staff/bookings${params.date ? `?date=${encodeURIComponent(params.date)}` : ''}`, schema: staffBookingsResponseSchema })
}

export function updateStaffBooking(params: { id: string; status: 'confirmed' | 'done' | 'no_show' }): Promise<StaffBooking> {
  return staffRequest({ path: `/api/staff/bookings/${encodeURIComponent(params.id)}`, method: 'PATCH', data: { status: params.status }, schema: bookingSchema.extend({ id: z.string() }) })
}

export function fetchStaffSchedule(stationId: string): Promise<StationScheduleResponse> {
  return staffRequest({ path: `/api/staff/stations/${encodeURIComponent(stationId)}/schedule`, schema: stationScheduleResponseSchema })
}

export function saveStaffSchedule(params: { stationId: string; schedule: Schedule }): Promise<StationScheduleResponse> {
  return staffRequest({ path: `/api/staff/stations/${encodeURIComponent(params.stationId)}/schedule`, method: 'PUT', data: params.schedule, schema: stationScheduleResponseSchema })
}

// ---------------------------------------------------------------- WeChat reminders (mini program only)

/** The subscription-message template of the booking reminder; '' when the build has none. */
export function bookingTemplateId(): string {
  try {
    // inlined at build time; in a mini program without it, `process` does not exist
    return process.env.TARO_APP_WECHAT_BOOKING_TEMPLATE_ID ?? ''
  } catch {
    return ''
  }
}

/**
 * On the 确认预约 tap in the mini program: ask for the reminder subscription (WeChat allows it
 * only inside a tap, so call this before any other await) and get a `wx.login` code. A refusal or
 * a failure never stops the booking. H5 asks nothing.
 */
export async function askForBookingReminders(): Promise<{ wechatCode?: string; remindersAccepted?: boolean }> {
  if (process.env.TARO_ENV !== 'weapp') return {}
  const templateId = bookingTemplateId()
  let remindersAccepted: boolean | undefined
  if (templateId) {
    try {
      const answer = (await Taro.requestSubscribeMessage({ tmplIds: [templateId] } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, unknown>
      remindersAccepted = answer[templateId] === 'accept'
    } catch {
      remindersAccepted = false
    }
  }
  let wechatCode: string | undefined
  try {
    const { code } = await Taro.login()
    wechatCode = code && code.length <= 128 ? code : undefined
  } catch {
    wechatCode = undefined
  }
  return { wechatCode, remindersAccepted }
}
