import type { OutsideHoursBooking, Schedule, StationScheduleResponse } from '../../contracts/bookings'
import { formatChinaTime } from '../../contracts/china-time'
import type { User } from '../auth/user.repository'
import { AppError } from '../errors/app-error'
import { describeOpenings } from '../stations/station-defaults'
import { maskPhone } from './booking-view'
import type { BookingsDeps } from './bookings.service'
import type { SlotOffer } from './slot-offer.service'
import { leadMinutesOf, withinOpenings } from './slot-generation'

/** The weekly openings a station's staff keep; everything is scoped to the signed-in staff member's own station. */
export class StationSchedule {
  constructor(
    private readonly deps: Pick<BookingsDeps, 'repository' | 'stations' | 'now' | 'leadMinutes' | 'publishHours'>,
    private readonly offer: SlotOffer,
  ) {}

  private ownStation(user: User, stationId: string): void {
    if (user.role !== 'staff' || user.stationId !== stationId) throw AppError.notFound()
  }

  /** Upcoming active bookings whose slot lies outside the schedule's openings: kept, for staff to call. */
  private async outsideHours(params: { stationId: string; schedule: Schedule }): Promise<OutsideHoursBooking[]> {
    const rows = await this.deps.repository.listActiveFrom({ stationId: params.stationId, from: formatChinaTime(this.deps.now()) })
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
    const { schedule, hours, updatedAt } = await this.offer.bookable(stationId)
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
