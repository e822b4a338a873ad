import Taro from '@tarojs/taro'
import {
  bookingCodeSchema,
  mobilePhoneSchema,
  type Booking,
  type BookingCreated,
  type CreateBookingRequest,
  type Slot,
  type SlotsResponse,
} from '../../contracts/bookings'
import {
  cancelBooking as cancelBookingEndpoint,
  createBooking as createBookingEndpoint,
  getBooking,
  listSlots,
  rescheduleBooking as rescheduleBookingEndpoint,
} from '../../contracts/endpoints/bookings'
import { deviceBooking, noteDeviceBookingsChanged } from './device-bookings'
import { call, conflictBody, type RequestError } from './http'
import { pageUrl } from '../../contracts/app-pages'

/**
 * Booking a legal-aid consultation, looking it up, cancelling or moving it, and a station's
 * slots: every call goes through `call()` with its contracts/endpoints declaration. Also what this device
 * remembers: the booking codes it holds (with the phone's last 4 digits, the proof a look-up
 * needs). The station staff's calls are in ./staff.
 */

// ---------------------------------------------------------------- public booking API

/** `GET /api/stations/:id/slots[?date=]`: without a date, the next days' slots. */
export function fetchSlots(params: { stationId: string; date?: string }): Promise<SlotsResponse> {
  return call(listSlots, { params: { id: params.stationId }, query: { date: params.date } })
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
export function createBooking(params: { booking: NewBooking; idempotencyKey: string }): Promise<BookingCreated> {
  return call(createBookingEndpoint, { body: params.booking, headers: { 'Idempotency-Key': params.idempotencyKey } })
}

/** This device's proof for a booking it made (X-Booking-Token); bookings looked up here have none. */
function tokenHeader(code: string): Record<string, string> {
  const token = deviceBooking(code)?.manageToken
  return token ? { 'X-Booking-Token': token } : {}
}

/** The free slots a 409 SLOT_FULL offers instead (empty for any other failure). */
export function slotsOfferedBy(failure: RequestError): Slot[] {
  return conflictBody(failure, createBookingEndpoint)?.nextSlots ?? []
}

/** `GET /api/bookings/:code?phoneLast4=`: a wrong code and a wrong last 4 both answer 404. */
export function fetchBooking(params: { code: string; phoneLast4: string }): Promise<Booking> {
  return call(getBooking, { params: { code: params.code }, query: { phoneLast4: params.phoneLast4 }, headers: tokenHeader(params.code) })
}

/** A cancel or a move changes what 首页's 我的下一次预约 shows: it is told (services/device-bookings). */
function changesDeviceBookings(answer: Promise<Booking>): Promise<Booking> {
  return answer.then((booking) => {
    noteDeviceBookingsChanged()
    return booking
  })
}

export function cancelBooking(params: { code: string; phoneLast4: string; reason: string }): Promise<Booking> {
  return changesDeviceBookings(
    call(cancelBookingEndpoint, {
      params: { code: params.code },
      body: { phoneLast4: params.phoneLast4, reason: params.reason },
      headers: tokenHeader(params.code),
    }),
  )
}

export function rescheduleBooking(params: { code: string; phoneLast4: string; slotStart: string }): Promise<Booking> {
  return changesDeviceBookings(
    call(rescheduleBookingEndpoint, {
      params: { code: params.code },
      body: { phoneLast4: params.phoneLast4, slotStart: params.slotStart },
      headers: tokenHeader(params.code),
    }),
  )
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

/**
 * What a listed booking offers: 改期 and 取消 only while it is active and its time has not come;
 * a cancelled, finished or past one is there to look at, and to book again (再约一次).
 */
export function bookingOffers(params: { booking: Pick<Booking, 'status' | 'slotStart'>; now: Date }): {
  canChange: boolean
  linkLabel: string
  rebook: boolean
} {
  const canChange = isActiveBooking(params.booking) && Date.parse(params.booking.slotStart) > params.now.getTime()
  return { canChange, linkLabel: canChange ? '查看、改期或取消' : '查看', rebook: !canChange }
}

/** The booking page, starting at a station (再约一次). */
export function bookAgainPath(stationId: string): string {
  return pageUrl('packageBooking/pages/book/index', { stationId })
}

// dates and times live in ./china-time, the codes this device holds in ./device-bookings: 首页
// needs those two without the booking flow's requests (they are re-exported here for the flow)
export { formatDate, formatDay, formatSlot, formatTime, nearDayWord } from './china-time'
export {
  deviceBooking,
  deviceBookingCodes,
  deviceBookingTokens,
  deviceBookings,
  forgetBooking,
  lastBookedStationId,
  rememberBooking,
  DEVICE_BOOKINGS_STORAGE_KEY,
  type DeviceBooking,
} from './device-bookings'

/** Slots grouped by day, in order. */
export function slotsByDay(slots: readonly Slot[]): { date: string; slots: Slot[]; free: number }[] {
  const days = new Map<string, Slot[]>()
  for (const slot of slots) {
    const date = slot.start.slice(0, 10)
    days.set(date, [...(days.get(date) ?? []), slot])
  }
  return [...days.entries()].map(([date, daySlots]) => ({ date, slots: daySlots, free: daySlots.reduce((sum, slot) => sum + slot.remaining, 0) }))
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
 * only inside a tap, so call this before any other await) and, only when the user allowed it, get
 * a `wx.login` code (the server turns it into the openid the reminder goes to). A refusal or a
 * failure never stops the booking. H5 asks nothing. With `identity` (the BFF sends SMS) the code is
 * sent whether or not reminders were allowed: it proves the booker instead of an SMS code.
 */
export async function askForBookingReminders(params: { identity?: boolean } = {}): Promise<{ wechatCode?: string; remindersAccepted?: boolean }> {
  if (process.env.TARO_ENV !== 'weapp') return {}
  const templateId = bookingTemplateId()
  let remindersAccepted: boolean | undefined
  if (templateId) {
    try {
      const answer = (await Taro.requestSubscribeMessage({ tmplIds: [templateId] } as Taro.requestSubscribeMessage.Option)) as unknown as Record<
        string,
        unknown
      >
      remindersAccepted = answer[templateId] === 'accept'
    } catch {
      remindersAccepted = false
    }
  }
  // with SMS on the BFF proves a mini program booking by the WeChat identity: a code is sent anyway
  if (remindersAccepted !== true && !params.identity) return { remindersAccepted }
  let wechatCode: string | undefined
  try {
    const { code } = await Taro.login()
    wechatCode = code && code.length <= 128 ? code : undefined
  } catch {
    wechatCode = undefined
  }
  return { wechatCode, remindersAccepted }
}
