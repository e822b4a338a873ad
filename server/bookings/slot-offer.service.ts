import type { Slot, SlotsResponse } from '../../contracts/bookings'
import { formatChinaTime } from '../../contracts/china-time'
import { AppError } from '../errors/app-error'
import type { SlotOf } from './booking.repository'
import type { BookingsDeps } from './bookings.service'
import { bookableSchedule, type BookableSchedule } from './bookable-hours'
import { fairShareMessage, fairShareWindow, type FairShareCaps, type FairShareRefusal, type FairShareWindow } from './fair-share'
import { alternativeSlots, generateSlots, leadMinutesOf, withinOpenings } from './slot-generation'

const NEXT_SLOTS_OFFERED = 3

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
      date: formatChinaTime(new Date(start)).slice(0, 10),
      start: params.slotStart,
    }).length > 0
  const open = withinOpenings({ schedule: bookable.schedule, slotStart: params.slotStart, slotEnd: formatChinaTime(new Date(start + 60_000)) })
  const reason = !open
    ? `这个时间服务站不开放。开放时间：${bookable.hours.text}`
    : !inHours
      ? '这不是一个预约时段的开始时间，请从列表里选'
      : start < now.getTime() + lead * 60_000
        ? start < now.getTime()
          ? '这个时段已经过去了'
          : `离现在不到 ${lead} 分钟，来不及安排了`
        : `只能预约 ${bookable.schedule.horizonDays} 天以内的时段`
  return AppError.of('SLOT_NOT_OFFERED', { message: `这个时段不能预约：${reason}，请重新选一个时段`, fields: [{ path: 'slotStart', message: reason }] })
}

/** A slot with no place left: the next free ones, to offer instead. */
export type SlotFull = { kind: 'slot-full'; nextSlots: Slot[] }

/**
 * What a station offers to book, for making a booking and for moving one: its bookable schedule and
 * slots, why a slot is not offered, the free slots next to a full one, and the fair shares a booking must fit.
 */
export class SlotOffer {
  constructor(private readonly deps: Pick<BookingsDeps, 'repository' | 'stations' | 'now' | 'logger' | 'leadMinutes' | 'fairShare' | 'metrics'>) {}

  /** The station's bookable schedule: one truth with the hours its page shows (./bookable-hours). */
  async bookable(stationId: string): Promise<BookableSchedule & { updatedAt: string | null }> {
    const station = this.deps.stations.find(stationId)
    const stored = await this.deps.repository.findSchedule(stationId)
    return { ...bookableSchedule({ hours: station.hours, stored: stored?.schedule ?? null }), updatedAt: stored?.updatedAt ?? null }
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
  slotOf(params: { stationId: string; slotStart: string }): SlotOf {
    const start = formatChinaTime(new Date(params.slotStart))
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

  async notOffered(params: { stationId: string; slotStart: string }): Promise<AppError> {
    return slotNotOffered({
      bookable: await this.bookable(params.stationId),
      slotStart: formatChinaTime(new Date(params.slotStart)),
      now: this.deps.now(),
      leadMinutes: this.deps.leadMinutes,
    })
  }

  /** The free slots next to the chosen time: its day's nearest first, then the following days (./slot-generation). */
  async slotFull(stationId: string, chosen: string): Promise<SlotFull> {
    const { slots } = await this.slots({ stationId })
    return { kind: 'slot-full', nextSlots: alternativeSlots({ slots, chosen, limit: NEXT_SLOTS_OFFERED }) }
  }

  /** The station's fair shares for a booking made or moved now (./fair-share); null when limits are off. */
  share(): { caps: FairShareCaps; window: (slotStart: string) => FairShareWindow } | null {
    const caps = this.deps.fairShare
    return caps ? { caps, window: (slotStart) => fairShareWindow({ slotStart, nowText: formatChinaTime(this.deps.now()) }) } : null
  }

  shareFull(stationId: string, refusal: FairShareRefusal): AppError {
    const words = fairShareMessage(refusal)
    this.deps.logger.info({ station: stationId, share: `${refusal.field}/${refusal.scope}` }, 'booking refused: fair share full')
    this.deps.metrics?.fairShareRefused(`${refusal.field}-${refusal.scope}`)
    return AppError.of('FAIR_SHARE_FULL', { message: words.message, fields: [words.field] })
  }
}
