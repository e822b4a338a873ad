import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { Logger } from 'pino'
import {
  MATTER_LABELS,
  type Booking,
  type BookingCreated,
  type CreateBookingRequest,
  type OutsideHoursBooking,
  type Schedule,
  type Slot,
  type SlotsResponse,
  type StationScheduleResponse,
} from '../../contracts/bookings'
import { bookingCode, sha256 } from '../auth/secrets'
import type { User } from '../auth/user.repository'
import { AppError } from '../http/app-error'
import type { StationsService } from '../stations/stations.service'
import { redactCode } from '../http/request-logger'
import type { WechatClient } from '../wechat/wechat-client'
import type { BookingRepository, BookingRow, OutboxMessage, SlotOf } from './booking.repository'
import { toBooking } from './booking-view'
import type { AddressHasher } from './address-hash'
import { fairShareMessage, fairShareWindow, type FairShareCaps, type FairShareRefusal, type FairShareWindow } from './fair-share'
import { sealedIdempotency } from '../storage/idempotency-seal'
import { StaffDesk } from './staff-desk.service'
import { describeOpenings } from '../stations/station-defaults'
import { bookableSchedule, type BookableSchedule } from './bookable-hours'
import { maskPhone } from './booking-view'
import type { AppMetrics } from '../metrics/metrics'
import { alternativeSlots, formatShanghai, generateSlots, leadMinutesOf, withinOpenings } from './slot-generation'

const NEXT_SLOTS_OFFERED = 3
const REMINDER_BEFORE_MS = 24 * 60 * 60 * 1000

export { maskPhone, toBooking } from './booking-view'

/** Same body ⇔ same fingerprint, whatever the key order the client sent. */
export function fingerprint(value: unknown): string {
  const canonical = (input: unknown): unknown =>
    Array.isArray(input)
      ? input.map(canonical)
      : input && typeof input === 'object'
        ? Object.fromEntries(
            Object.entries(input)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : input
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex')
}

/**
 * What proves a booking is yours: the manage token its device kept from the 201 answer, or,
 * from any other device, the phone's last 4 digits (limited per code and address by the route).
 */
export type BookingProof = { kind: 'device'; token: string } | { kind: 'last4'; phoneLast4: string }

/** Only the hash is stored, like sign-in tokens (auth/secrets). */
export const hashManageToken = sha256

function proves(row: BookingRow, proof: BookingProof): boolean {
  if (proof.kind === 'last4') return row.phone_last4 === proof.phoneLast4
  if (!row.manage_token_hash) return false
  const expected = Buffer.from(row.manage_token_hash, 'hex')
  const given = Buffer.from(hashManageToken(proof.token), 'hex')
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/** Why a slot cannot be booked, in words that say what to do: outside the station's hours (named), too soon, or too far ahead. */
function slotNotOffered(params: { bookable: BookableSchedule; slotStart: string; now: Date; leadMinutes: number }): AppError {
  const { bookable, now } = params
  const start = Date.parse(params.slotStart)
  const lead = leadMinutesOf({ schedule: bookable.schedule, leadMinutes: params.leadMinutes })
  const inHours =
    generateSlots({
      schedule: bookable.schedule,
      now: new Date(start - lead * 60_000),
      leadMinutes: params.leadMinutes,
      date: formatShanghai(new Date(start)).slice(0, 10),
      start: params.slotStart,
    }).length > 0
  const open = withinOpenings({ schedule: bookable.schedule, slotStart: params.slotStart, slotEnd: formatShanghai(new Date(start + 60_000)) })
  const reason = !open
    ? `这个时间服务站不开放。开放时间：${bookable.hours.text}`
    : !inHours
      ? '这不是一个预约时段的开始时间，请从列表里选'
      : start < now.getTime() + lead * 60_000
        ? start < now.getTime()
          ? '这个时段已经过去了'
          : `离现在不到 ${lead} 分钟，来不及安排了`
        : `只能预约 ${bookable.schedule.horizonDays} 天以内的时段`
  return new AppError({
    status: 422,
    code: 'SLOT_NOT_OFFERED',
    message: `这个时段不能预约：${reason}，请重新选一个时段`,
    fields: [{ path: 'slotStart', message: reason }],
  })
}

/** What a booking request came to; refusals without data (not offered, already booked, …) are AppErrors. */
export type CreateBookingResult =
  | { kind: 'created'; booking: BookingCreated }
  /** a retry with the first request's Idempotency-Key: the first answer again, manage token included */
  | { kind: 'replayed'; booking: BookingCreated }
  /** the slot has no place left: the next free ones, to offer instead */
  | { kind: 'slot-full'; nextSlots: Slot[] }

export type RescheduleBookingResult = { kind: 'moved' | 'unchanged'; booking: Booking } | { kind: 'slot-full'; nextSlots: Slot[] }

const notFoundBooking = () => new AppError({ status: 404, code: 'BOOKING_NOT_FOUND', message: '没有找到这个预约，请核对预约码和手机号后 4 位' })

export class BookingsService {
  /** the staff page: week list, status moves and their undo, 回电 (./staff-desk.service) */
  readonly staffDesk: StaffDesk

  constructor(
    private readonly deps: {
      repository: BookingRepository
      stations: StationsService
      now: () => Date
      logger: Logger
      wechat: WechatClient | null
      /** minutes before a slot that it can still be booked (BOOKING_LEAD_MINUTES) */
      leadMinutes: number
      /** writes the hours text of staff's weekly openings as the station's hours (station keeping) */
      publishHours: (params: { user: User; stationId: string; text: string }) => Promise<void>
      /** keyed hashes of client address buckets, stored on each booking (./address-hash) */
      addresses: AddressHasher
      /** a station's fair shares per address and per (phone, address); null: not limited (RATE_LIMIT=off) */
      fairShare: FairShareCaps | null
      /** what /metrics counts: bookings made, cancelled, replayed, refused a fair share */
      metrics?: AppMetrics
    },
  ) {
    this.staffDesk = new StaffDesk({ repository: deps.repository.staffDesk, now: deps.now, metrics: deps.metrics })
  }

  /** The station's bookable schedule: one truth with the hours its page shows (./bookable-hours). */
  private async bookable(stationId: string): Promise<BookableSchedule & { updatedAt: string | null }> {
    const station = this.deps.stations.find(stationId)
    const stored = await this.deps.repository.findSchedule(stationId)
    return { ...bookableSchedule({ hours: station.hours, stored: stored?.schedule ?? null }), updatedAt: stored?.updatedAt ?? null }
  }

  /** Upcoming active bookings whose slot lies outside the schedule's openings: kept, for staff to call. */
  private async outsideHours(params: { stationId: string; schedule: Schedule }): Promise<OutsideHoursBooking[]> {
    const rows = await this.deps.repository.listActiveFrom({ stationId: params.stationId, from: formatShanghai(this.deps.now()) })
    return rows
      .filter((row) => !withinOpenings({ schedule: params.schedule, slotStart: row.slot_start, slotEnd: row.slot_end }))
      .map((row) => ({
        id: row.id,
        code: row.code,
        status: row.status === 'confirmed' ? 'confirmed' : 'booked',
        slotStart: row.slot_start,
        slotEnd: row.slot_end,
        name: row.name,
        phone: maskPhone(row.phone),
      }))
  }

  async scheduleOf(stationId: string): Promise<StationScheduleResponse> {
    const { schedule, hours, updatedAt } = await this.bookable(stationId)
    return {
      stationId,
      schedule,
      isDefault: hours.source === 'default',
      updatedAt,
      hours,
      leadMinutes: leadMinutesOf({ schedule, leadMinutes: this.deps.leadMinutes }),
      outsideHours: await this.outsideHours({ stationId, schedule }),
    }
  }

  /**
   * Slots with their remaining places; the schedule says what exists and how many places (its
   * current capacity, also for slots booked before staff changed it), the database what is taken.
   * A slot lowered below its bookings shows 0 remaining, never less.
   */
  async slots(params: { stationId: string; date?: string }): Promise<SlotsResponse> {
    const { schedule, hours } = await this.bookable(params.stationId)
    const answer = {
      stationId: params.stationId,
      isDefaultSchedule: hours.source === 'default',
      hours,
      leadMinutes: leadMinutesOf({ schedule, leadMinutes: this.deps.leadMinutes }),
    }
    const generated = generateSlots({ schedule, now: this.deps.now(), leadMinutes: this.deps.leadMinutes, date: params.date })
    if (generated.length === 0) return { ...answer, slots: [] }
    const usage = await this.deps.repository.slotUsage({ stationId: params.stationId, from: generated[0].start, to: generated[generated.length - 1].start })
    const slots: Slot[] = generated.map((slot) => {
      const booked = usage.get(slot.start)?.booked ?? 0
      return { start: slot.start, end: slot.end, capacity: slot.capacity, remaining: Math.max(0, slot.capacity - booked) }
    })
    return { ...answer, slots }
  }

  /**
   * The slot starting at `slotStart`, as the station's bookable schedule offers it now; the
   * repository applies it to the staff's schedule it reads inside the booking's transaction, with
   * the hours the station serves (so a capacity staff just lowered is never passed).
   */
  private slotOf(params: { stationId: string; slotStart: string }): SlotOf {
    const start = formatShanghai(new Date(params.slotStart))
    const { hours } = this.deps.stations.find(params.stationId)
    return (stored) =>
      generateSlots({
        schedule: bookableSchedule({ hours, stored }).schedule,
        now: this.deps.now(),
        leadMinutes: this.deps.leadMinutes,
        date: start.slice(0, 10),
        start,
      })[0] ?? null
  }

  private async notOffered(params: { stationId: string; slotStart: string }): Promise<AppError> {
    return slotNotOffered({
      bookable: await this.bookable(params.stationId),
      slotStart: formatShanghai(new Date(params.slotStart)),
      now: this.deps.now(),
      leadMinutes: this.deps.leadMinutes,
    })
  }

  /** The free slots next to the chosen time: its day's nearest first, then the following days (./slot-generation). */
  private async slotFull(stationId: string, chosen: string): Promise<{ kind: 'slot-full'; nextSlots: Slot[] }> {
    const { slots } = await this.slots({ stationId })
    return { kind: 'slot-full', nextSlots: alternativeSlots({ slots, chosen, limit: NEXT_SLOTS_OFFERED }) }
  }

  private outboxFor(row: BookingRow, openid: string | null, remindersAccepted: boolean, smsVerified = false): OutboxMessage[] {
    // `sms`: the phone answered an SMS code, so confirmation and reminder may go to it by SMS (reminder-sender)
    const payload = {
      bookingId: row.id,
      code: row.code,
      stationName: row.station_name,
      slotStart: row.slot_start,
      openid: remindersAccepted ? openid : null,
      ...(smsVerified ? { sms: true } : {}),
    }
    const now = this.deps.now().getTime()
    const remindAt = new Date(row.slot_start).getTime() - REMINDER_BEFORE_MS
    if (remindAt <= now) return [{ kind: 'booking_created', payload, dueAt: new Date(now).toISOString() }]
    // one tap on 允许 gives one one-time subscription credit: it goes to the day-before reminder,
    // which is what the villager needs; the confirmation is on the screen already (logged, not sent)
    return [
      { kind: 'booking_created', payload: { ...payload, openid: null }, dueAt: new Date(now).toISOString() },
      { kind: 'booking_reminder', payload, dueAt: new Date(remindAt).toISOString() },
    ]
  }

  private async openidFor(wechatCode: string | undefined): Promise<string | null> {
    if (!wechatCode || !this.deps.wechat) return null
    try {
      return (await this.deps.wechat.code2Session(wechatCode)).openid
    } catch (error) {
      // a reminder is a courtesy: the booking goes ahead without it
      // the logger's err serializer keeps a summary: the request config holds the appid, secret and code
      this.deps.logger.warn({ err: error }, 'code2Session failed; booking without WeChat reminders')
      return null
    }
  }

  /** The station's fair shares for a booking made or moved now (./fair-share); null when limits are off. */
  private share(): { caps: FairShareCaps; window: (slotStart: string) => FairShareWindow } | null {
    const caps = this.deps.fairShare
    return caps ? { caps, window: (slotStart) => fairShareWindow({ slotStart, nowText: formatShanghai(this.deps.now()) }) } : null
  }

  private shareFull(stationId: string, refusal: FairShareRefusal): AppError {
    const words = fairShareMessage(refusal)
    this.deps.logger.info({ station: stationId, share: `${refusal.field}/${refusal.scope}` }, 'booking refused: fair share full')
    this.deps.metrics?.fairShareRefused(`${refusal.field}-${refusal.scope}`)
    return new AppError({ status: 409, code: 'FAIR_SHARE_FULL', message: words.message, fields: [words.field] })
  }

  /**
   * `clientAddress`: the request's address bucket (server/http/client-address.ts clientKey); only its keyed hash is stored.
   * `openid`, `smsVerified`: what proved the phone when SMS is on (server/phone-codes): the openid
   * already resolved from `wechatCode` (a wx.login code works once), or an SMS code that was right.
   */
  async create(params: {
    request: CreateBookingRequest
    idempotencyKey: string | null
    clientAddress: string
    openid?: string | null
    smsVerified?: boolean
  }): Promise<CreateBookingResult> {
    const { request } = params
    const addressHash = await this.deps.addresses.hash(params.clientAddress)
    const station = this.deps.stations.find(request.stationId)
    const slotOf = this.slotOf({ stationId: station.id, slotStart: request.slotStart })
    // the openid is for the reminder only: without the user's 允许 it is not even asked for
    const openid = request.remindersAccepted === true ? (params.openid !== undefined ? params.openid : await this.openidFor(request.wechatCode)) : null
    // the SMS code proves the phone, it is not part of what was booked (a retry may carry another)
    const { wechatCode: _code, phoneCode: _phoneCode, ...fingerprinted } = request

    // the device keeps the token; only its hash is stored, so a database copy cannot act for anyone
    const manageToken = randomBytes(32).toString('base64url')
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const now = this.deps.now().toISOString()
      const row: Omit<BookingRow, 'slot_end'> = {
        id: randomUUID(),
        code: bookingCode(),
        station_id: station.id,
        station_name: station.name,
        slot_start: formatShanghai(new Date(request.slotStart)),
        matter: request.matter,
        description: request.description,
        name: request.name,
        phone: request.phone,
        phone_last4: request.phone.slice(-4),
        status: 'booked',
        cancel_reason: null,
        proxy: request.proxy
          ? JSON.stringify({
              agentName: request.proxy.agentName,
              agentRole: request.proxy.agentRole,
              agentPhone: request.proxy.agentPhone,
              personAgreed: true,
              recordedAt: now,
            })
          : null,
        wechat_openid: openid,
        manage_token_hash: hashManageToken(manageToken),
        address_hash: addressHash,
        created_at: now,
        updated_at: now,
      }
      const outcome = await this.deps.repository.create({
        row,
        slotOf,
        idempotency: params.idempotencyKey ? sealedIdempotency<BookingCreated>({ key: params.idempotencyKey, fingerprint: fingerprint(fingerprinted) }) : null,
        outbox: (created) => this.outboxFor(created, openid, request.remindersAccepted === true, params.smsVerified === true),
        // a retry with the same Idempotency-Key is the same device: it gets the same token back,
        // opened from the stored answer with that key (the database alone cannot open it)
        answer: (created) => ({ ...toBooking(created), manageToken }),
        share: this.share(),
      })
      switch (outcome.kind) {
        case 'created':
          this.deps.logger.info(
            { code: redactCode(outcome.booking.code), station: station.id, slot: outcome.booking.slotStart, matter: MATTER_LABELS[request.matter] },
            'booking created',
          )
          this.deps.metrics?.bookingCreated()
          return outcome
        case 'replayed':
          this.deps.metrics?.idempotentReplay()
          return outcome
        case 'key-reused':
          throw new AppError({
            status: 422,
            code: 'IDEMPOTENCY_KEY_REUSED',
            message: '这个请求编号已经用于另一份预约，请刷新页面后重新提交',
            fields: [{ path: 'Idempotency-Key', message: '与之前的请求内容不同' }],
          })
        case 'not-offered':
          throw await this.notOffered({ stationId: station.id, slotStart: request.slotStart })
        case 'slot-full':
          return this.slotFull(station.id, row.slot_start)
        case 'phone-already-booked':
          throw new AppError({
            status: 409,
            code: 'ALREADY_BOOKED',
            message: '这个手机号已经预约了这个时段',
            fields: [{ path: 'phone', message: '已预约本时段' }],
          })
        case 'share-full':
          throw this.shareFull(station.id, outcome.refusal)
        case 'code-taken':
          // the random code is another booking's: draw another
          continue
      }
    }
    throw new Error('could not allocate a unique booking code')
  }

  /**
   * A retry of a booking that was made (same Idempotency-Key, same body): its first answer, found
   * before anything else is checked — an SMS code that proved the phone may have expired since the
   * first try, and the villager whose 201 was lost on a weak network must still get their booking.
   * Null when nothing was stored with the key or the body differs (create then says why).
   */
  async replayOf(params: { request: CreateBookingRequest; idempotencyKey: string }): Promise<BookingCreated | null> {
    const { wechatCode: _code, phoneCode: _phoneCode, ...fingerprinted } = params.request
    const idempotency = sealedIdempotency<BookingCreated>({ key: params.idempotencyKey, fingerprint: fingerprint(fingerprinted) })
    const stored = await this.deps.repository.storedAnswer(idempotency)
    const replayed = stored && stored.fingerprint === idempotency.fingerprint ? idempotency.open(stored.response) : null
    if (replayed) this.deps.metrics?.idempotentReplay()
    return replayed
  }

  /** The stored booking, when the proof holds; an unknown code and a wrong proof look alike (404). */
  private async proven(params: { code: string; proof: BookingProof }): Promise<BookingRow> {
    const row = await this.deps.repository.findByCode(params.code)
    if (!row || !proves(row, params.proof)) throw notFoundBooking()
    return row
  }

  /** The booking, when the proof holds; an unknown code and a wrong proof look alike (404). */
  async lookup(params: { code: string; proof: BookingProof }): Promise<Booking> {
    return toBooking(await this.proven(params))
  }

  async cancel(params: { code: string; proof: BookingProof; reason: string }): Promise<Booking> {
    const row = await this.proven(params)
    const cancelled = await this.deps.repository.cancel({
      id: row.id,
      reason: params.reason,
      now: this.deps.now().toISOString(),
      outbox: [
        {
          kind: 'booking_cancelled',
          payload: { bookingId: row.id, code: row.code, stationName: row.station_name, slotStart: row.slot_start, openid: null },
          dueAt: this.deps.now().toISOString(),
        },
      ],
    })
    if (!cancelled)
      throw new AppError({ status: 409, code: 'BOOKING_NOT_ACTIVE', message: `这个预约${row.status === 'cancelled' ? '已经取消了' : '已经结束，不能取消'}` })
    this.deps.metrics?.bookingsCancelledBy('resident')
    return toBooking(cancelled)
  }

  async reschedule(params: { code: string; proof: BookingProof; slotStart: string }): Promise<RescheduleBookingResult> {
    const row = await this.proven(params)
    const target = formatShanghai(new Date(params.slotStart))
    if (target === row.slot_start) return { kind: 'unchanged', booking: toBooking(row) }
    const moved = await this.deps.repository.reschedule({
      id: row.id,
      slotOf: this.slotOf({ stationId: row.station_id, slotStart: params.slotStart }),
      now: this.deps.now().toISOString(),
      share: this.share(),
    })
    switch (moved.kind) {
      case 'moved':
        return { kind: 'moved', booking: toBooking(moved.row) }
      case 'not-offered':
        throw await this.notOffered({ stationId: row.station_id, slotStart: params.slotStart })
      case 'slot-full':
        return this.slotFull(row.station_id, target)
      case 'phone-already-booked':
        throw new AppError({ status: 409, code: 'ALREADY_BOOKED', message: '这个手机号已经预约了那个时段' })
      case 'not-active':
        throw new AppError({ status: 409, code: 'BOOKING_NOT_ACTIVE', message: '这个预约已经取消或结束，不能改期' })
      case 'share-full':
        throw this.shareFull(row.station_id, moved.refusal)
    }
  }

  /** 首页's next booking among those the device proves with their manage tokens; a bare code reveals nothing. */
  async nextBookingFor(held: readonly { code: string; token: string }[]): Promise<Pick<Booking, 'code' | 'stationName' | 'slotStart' | 'status'> | null> {
    const now = formatShanghai(this.deps.now())
    const tokens = new Map(held.map((entry) => [entry.code, entry.token]))
    const rows = await this.deps.repository.listActiveByCodes([...tokens.keys()])
    const upcoming = rows.find((row) => row.slot_start >= now && proves(row, { kind: 'device', token: tokens.get(row.code) ?? '' }))
    return upcoming
      ? { code: upcoming.code, stationName: upcoming.station_name, slotStart: upcoming.slot_start, status: upcoming.status as Booking['status'] }
      : null
  }

  // —— staff: everything is scoped to the signed-in staff member's own station ——

  private ownStation(user: User, stationId: string): void {
    if (user.role !== 'staff' || user.stationId !== stationId) throw AppError.notFound()
  }

  /**
   * Weekly openings staff saved before they were published as the station's hours (the page still
   * shows the unconfirmed default) are published the first time the station's staff open them.
   */
  async staffSchedule(params: { user: User; stationId: string }): Promise<StationScheduleResponse> {
    this.ownStation(params.user, params.stationId)
    const stored = await this.deps.repository.findSchedule(params.stationId)
    if (stored && this.deps.stations.find(params.stationId).hours.isDefault) {
      await this.deps.publishHours({ user: params.user, stationId: params.stationId, text: describeOpenings(stored.schedule.weekly) })
    }
    return this.scheduleOf(params.stationId)
  }

  /**
   * Staff publish their weekly openings: stored (with each slot's size and capacity, and the
   * closed days), and the text written from them becomes the station's hours everywhere, so the
   * hours residents read are the hours they can book. Bookings already made outside the new hours
   * are kept; the answer lists them for staff to call.
   */
  async saveSchedule(params: { user: User; stationId: string; schedule: Schedule }): Promise<StationScheduleResponse> {
    this.ownStation(params.user, params.stationId)
    const updatedAt = this.deps.now().toISOString()
    await this.deps.repository.saveSchedule({ stationId: params.stationId, schedule: params.schedule, updatedAt, updatedBy: params.user.id })
    await this.deps.publishHours({ user: params.user, stationId: params.stationId, text: describeOpenings(params.schedule.weekly) })
    return this.scheduleOf(params.stationId)
  }
}
