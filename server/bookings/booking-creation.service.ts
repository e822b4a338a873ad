import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { MATTER_LABELS, type BookingCreated, type CreateBookingRequest } from '../../contracts/bookings'
import { formatChinaTime } from '../../contracts/china-time'
import { bookingCode } from '../auth/secrets'
import { AppError } from '../errors/app-error'
import { redactCode } from '../http/request-logger'
import type { BookingRow, OutboxMessage } from './booking.repository'
import { toBooking } from './booking-view'
import type { BookingsDeps } from './bookings.service'
import { sealedIdempotency } from '../storage/idempotency-seal'
import { hashManageToken } from './own-booking.service'
import type { SlotFull, SlotOffer } from './slot-offer.service'

const REMINDER_BEFORE_MS = 24 * 60 * 60 * 1000

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

/** What identifies a booking request across retries: the body without the codes that proved the phone (a retry may carry others). */
function requestFingerprint(request: CreateBookingRequest): string {
  const { wechatCode: _code, phoneCode: _phoneCode, ...fingerprinted } = request
  return fingerprint(fingerprinted)
}

/** What a booking request came to; refusals without data (not offered, already booked, …) are AppErrors. */
export type CreateBookingResult =
  | { kind: 'created'; booking: BookingCreated }
  /** a retry with the first request's Idempotency-Key: the first answer again, manage token included */
  | { kind: 'replayed'; booking: BookingCreated }
  /** the slot has no place left: the next free ones, to offer instead */
  | SlotFull

/** The row a new booking is stored as; `code` is drawn again when another booking has it. */
function newBookingRow(params: {
  request: CreateBookingRequest
  station: { id: string; name: string }
  code: string
  openid: string | null
  manageTokenHash: string
  addressHash: string
  now: string
}): Omit<BookingRow, 'slot_end'> {
  const { request, now } = params
  return {
    id: randomUUID(),
    code: params.code,
    station_id: params.station.id,
    station_name: params.station.name,
    slot_start: formatChinaTime(new Date(request.slotStart)),
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
    wechat_openid: params.openid,
    manage_token_hash: params.manageTokenHash,
    address_hash: params.addressHash,
    created_at: now,
    updated_at: now,
  }
}

/** Making a booking: once per Idempotency-Key, in a slot the station offers, within the fair shares, with its confirmation and reminder queued. */
export class BookingCreation {
  constructor(
    private readonly deps: Pick<BookingsDeps, 'repository' | 'stations' | 'now' | 'logger' | 'wechat' | 'addresses' | 'metrics'>,
    private readonly offer: SlotOffer,
  ) {}

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
    const slotOf = this.offer.slotOf({ stationId: station.id, slotStart: request.slotStart })
    // the openid is for the reminder only: without the user's 允许 it is not even asked for
    const openid = request.remindersAccepted === true ? (params.openid !== undefined ? params.openid : await this.openidFor(request.wechatCode)) : null

    // the device keeps the token; only its hash is stored, so a database copy cannot act for anyone
    const manageToken = randomBytes(32).toString('base64url')
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const now = this.deps.now().toISOString()
      const row = newBookingRow({ request, station, code: bookingCode(), openid, manageTokenHash: hashManageToken(manageToken), addressHash, now })
      const outcome = await this.deps.repository.create({
        row,
        slotOf,
        idempotency: params.idempotencyKey ? sealedIdempotency<BookingCreated>({ key: params.idempotencyKey, fingerprint: requestFingerprint(request) }) : null,
        outbox: (created) => this.outboxFor(created, openid, request.remindersAccepted === true, params.smsVerified === true),
        // a retry with the same Idempotency-Key is the same device: it gets the same token back,
        // opened from the stored answer with that key (the database alone cannot open it)
        answer: (created) => ({ ...toBooking(created), manageToken }),
        share: this.offer.share(),
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
          throw AppError.of('IDEMPOTENCY_KEY_REUSED', { fields: [{ path: 'Idempotency-Key', message: '与之前的请求内容不同' }] })
        case 'not-offered':
          throw await this.offer.notOffered({ stationId: station.id, slotStart: request.slotStart })
        case 'slot-full':
          return this.offer.slotFull(station.id, row.slot_start)
        case 'phone-already-booked':
          throw AppError.of('ALREADY_BOOKED', { fields: [{ path: 'phone', message: '已预约本时段' }] })
        case 'share-full':
          throw this.offer.shareFull(station.id, outcome.refusal)
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
    const idempotency = sealedIdempotency<BookingCreated>({ key: params.idempotencyKey, fingerprint: requestFingerprint(params.request) })
    const stored = await this.deps.repository.storedAnswer(idempotency)
    const replayed = stored && stored.fingerprint === idempotency.fingerprint ? idempotency.open(stored.response) : null
    if (replayed) this.deps.metrics?.idempotentReplay()
    return replayed
  }
}
