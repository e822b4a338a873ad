import type { Logger } from 'pino'
import type { User } from '../auth/user.repository'
import type { StationsService } from '../stations/stations.service'
import type { WechatClient } from '../wechat/wechat-client'
import type { AppMetrics } from '../metrics/metrics'
import type { BookingRepository } from './booking.repository'
import type { AddressHasher } from './address-hash'
import type { FairShareCaps } from './fair-share'
import { BookingCreation } from './booking-creation.service'
import { OwnBooking } from './own-booking.service'
import { SlotOffer } from './slot-offer.service'
import { StaffDesk } from './staff-desk.service'
import { StationSchedule } from './station-schedule.service'

export { maskPhone, toBooking } from './booking-view'
export { fingerprint, type CreateBookingResult } from './booking-creation.service'
export { hashManageToken, type BookingProof, type RescheduleBookingResult } from './own-booking.service'

export type BookingsDeps = {
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
}

/** Bookings at the stations, made of the parts beside it; routes and 首页 call this one object. */
export class BookingsService {
  /** the staff page: week list, status moves and their undo, 回电 (./staff-desk.service) */
  readonly staffDesk: StaffDesk
  private readonly offer: SlotOffer
  private readonly creation: BookingCreation
  private readonly own: OwnBooking
  private readonly schedule: StationSchedule

  constructor(deps: BookingsDeps) {
    this.staffDesk = new StaffDesk({ repository: deps.repository.staffDesk, now: deps.now, metrics: deps.metrics })
    this.offer = new SlotOffer(deps)
    this.creation = new BookingCreation(deps, this.offer)
    this.own = new OwnBooking(deps, this.offer)
    this.schedule = new StationSchedule(deps, this.offer)
  }

  // —— what a station offers (./slot-offer.service) ——
  readonly slots: SlotOffer['slots'] = (params) => this.offer.slots(params)

  // —— making a booking (./booking-creation.service) ——
  readonly create: BookingCreation['create'] = (params) => this.creation.create(params)
  readonly replayOf: BookingCreation['replayOf'] = (params) => this.creation.replayOf(params)

  // —— a resident's own booking (./own-booking.service) ——
  readonly lookup: OwnBooking['lookup'] = (params) => this.own.lookup(params)
  readonly cancel: OwnBooking['cancel'] = (params) => this.own.cancel(params)
  readonly reschedule: OwnBooking['reschedule'] = (params) => this.own.reschedule(params)
  readonly nextBookingFor: OwnBooking['nextBookingFor'] = (held) => this.own.nextBookingFor(held)

  // —— staff keep their station's weekly openings (./station-schedule.service) ——
  readonly scheduleOf: StationSchedule['scheduleOf'] = (stationId) => this.schedule.scheduleOf(stationId)
  readonly staffSchedule: StationSchedule['staffSchedule'] = (params) => this.schedule.staffSchedule(params)
  readonly saveSchedule: StationSchedule['saveSchedule'] = (params) => this.schedule.saveSchedule(params)
}
