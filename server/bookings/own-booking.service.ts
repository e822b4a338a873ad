import { timingSafeEqual } from 'node:crypto'
import type { Booking } from '../../contracts/bookings'
import { formatChinaTime } from '../../contracts/china-time'
import { sha256 } from '../auth/secrets'
import { AppError } from '../errors/app-error'
import type { BookingRow } from './booking.repository'
import { toBooking } from './booking-view'
import type { BookingsDeps } from './bookings.service'
import type { SlotFull, SlotOffer } from './slot-offer.service'

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

export type RescheduleBookingResult = { kind: 'moved' | 'unchanged'; booking: Booking } | SlotFull

/** A resident's own booking, proven by its device's token or the phone's last 4 digits: look it up, cancel it, move it. */
export class OwnBooking {
  constructor(
    private readonly deps: Pick<BookingsDeps, 'repository' | 'now' | 'metrics'>,
    private readonly offer: SlotOffer,
  ) {}

  /** The stored booking, when the proof holds; an unknown code and a wrong proof look alike (404). */
  private async proven(params: { code: string; proof: BookingProof }): Promise<BookingRow> {
    const row = await this.deps.repository.findByCode(params.code)
    if (!row || !proves(row, params.proof)) throw AppError.of('BOOKING_NOT_FOUND')
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
    if (!cancelled) throw AppError.of('BOOKING_NOT_ACTIVE', { message: `这个预约${row.status === 'cancelled' ? '已经取消了' : '已经结束，不能取消'}` })
    this.deps.metrics?.bookingsCancelledBy('resident')
    return toBooking(cancelled)
  }

  async reschedule(params: { code: string; proof: BookingProof; slotStart: string }): Promise<RescheduleBookingResult> {
    const row = await this.proven(params)
    const target = formatChinaTime(new Date(params.slotStart))
    if (target === row.slot_start) return { kind: 'unchanged', booking: toBooking(row) }
    const moved = await this.deps.repository.reschedule({
      id: row.id,
      slotOf: this.offer.slotOf({ stationId: row.station_id, slotStart: params.slotStart }),
      now: this.deps.now().toISOString(),
      share: this.offer.share(),
    })
    switch (moved.kind) {
      case 'moved':
        return { kind: 'moved', booking: toBooking(moved.row) }
      case 'not-offered':
        throw await this.offer.notOffered({ stationId: row.station_id, slotStart: params.slotStart })
      case 'slot-full':
        return this.offer.slotFull(row.station_id, target)
      case 'phone-already-booked':
        throw AppError.of('ALREADY_BOOKED', { message: '这个手机号已经预约了那个时段' })
      case 'not-active':
        throw AppError.of('BOOKING_NOT_ACTIVE', { message: '这个预约已经取消或结束，不能改期' })
      case 'share-full':
        throw this.offer.shareFull(row.station_id, moved.refusal)
    }
  }

  /** 首页's next booking among those the device proves with their manage tokens; a bare code reveals nothing. */
  async nextBookingFor(held: readonly { code: string; token: string }[]): Promise<Pick<Booking, 'code' | 'stationName' | 'slotStart' | 'status'> | null> {
    const now = formatChinaTime(this.deps.now())
    const tokens = new Map(held.map((entry) => [entry.code, entry.token]))
    const rows = await this.deps.repository.listActiveByCodes([...tokens.keys()])
    const upcoming = rows.find((row) => row.slot_start >= now && proves(row, { kind: 'device', token: tokens.get(row.code) ?? '' }))
    return upcoming
      ? { code: upcoming.code, stationName: upcoming.station_name, slotStart: upcoming.slot_start, status: upcoming.status as Booking['status'] }
      : null
  }
}
