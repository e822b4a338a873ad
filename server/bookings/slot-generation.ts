import { BOOKING_LEAD_MINUTES_DEFAULT, type DayOpening, type Schedule, type Slot } from '../../contracts/bookings'
import { DEFAULT_WEEKLY_HOURS } from '../stations/station-defaults'
import { addDays, chinaDate, chinaInstant, formatChinaTime, isoWeekday } from '../../contracts/china-time'

const DAY_MS = 24 * 60 * 60 * 1000

export interface GeneratedSlot {
  /** `2026-12-01T09:00:00+08:00` */
  start: string
  end: string
  capacity: number
}

/**
 * The bundled stations' schedule until their staff set one: the default office hours their pages
 * show (server/stations/station-defaults.ts), in half-hour slots, marked default.
 */
export const DEFAULT_SCHEDULE: Schedule = Object.freeze({
  weekly: DEFAULT_WEEKLY_HOURS.map((opening) => ({ ...opening, slotMinutes: 30, capacity: 2 })),
  exceptions: [],
  horizonDays: 14,
}) as Schedule

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number)
  return hours * 60 + minutes
}

/** A day's openings: an exception for that date replaces the weekly pattern. */
export function openingsOn(params: { schedule: Schedule; date: string }): DayOpening[] {
  const exception = params.schedule.exceptions.find((candidate) => candidate.date === params.date)
  if (exception?.kind === 'closed') return []
  if (exception?.kind === 'open') return exception.openings
  const weekday = isoWeekday(params.date)
  return params.schedule.weekly.filter((opening) => opening.weekday === weekday)
}

/**
 * The bookable slots of a schedule, as a pure function of the schedule and the injected `now`:
 * inside opening hours, never overlapping (overlapping openings entered by staff are merged by
 * skipping a slot that starts before the previous one ends), at least the lead time ahead (the
 * schedule's `minNoticeMinutes`, else `leadMinutes`, the county's `BOOKING_LEAD_MINUTES`) and less
 * than `horizonDays` ahead. Same-day slots count: at 16:28 with 30 minutes' lead, 17:00 is offered.
 * With `date`, only that day's slots; with `start` as well, only the slot starting then, if it is
 * offered (checking one booking needs no day's worth of text).
 */
export function generateSlots(params: { schedule: Schedule; now: Date; leadMinutes?: number; date?: string; start?: string }): GeneratedSlot[] {
  const { schedule, now } = params
  const earliest = now.getTime() + leadMinutesOf({ schedule, leadMinutes: params.leadMinutes }) * 60_000
  const latest = now.getTime() + schedule.horizonDays * DAY_MS
  const wanted = params.start === undefined ? null : Date.parse(params.start)
  const today = chinaDate({ now })
  const dates = params.date ? [params.date] : Array.from({ length: schedule.horizonDays + 1 }, (_, offset) => addDays({ date: today, days: offset }))

  const slots: GeneratedSlot[] = []
  for (const date of dates) {
    const dayStart = chinaInstant({ date, minutes: 0 }).getTime()
    const candidates: { start: number; end: number; capacity: number }[] = []
    for (const opening of openingsOn({ schedule, date })) {
      const close = minutesOf(opening.end)
      for (let begin = minutesOf(opening.start); begin + opening.slotMinutes <= close; begin += opening.slotMinutes) {
        candidates.push({ start: dayStart + begin * 60_000, end: dayStart + (begin + opening.slotMinutes) * 60_000, capacity: opening.capacity })
      }
    }
    candidates.sort((a, b) => a.start - b.start || b.capacity - a.capacity)
    let previousEnd = -Infinity
    for (const candidate of candidates) {
      if (candidate.start < previousEnd) continue
      previousEnd = candidate.end
      if (candidate.start < earliest || candidate.start >= latest) continue
      if (wanted !== null && candidate.start !== wanted) continue
      slots.push({ start: formatChinaTime(new Date(candidate.start)), end: formatChinaTime(new Date(candidate.end)), capacity: candidate.capacity })
    }
  }
  return slots
}

/** The lead time a schedule applies: its own, else the county's. */
export function leadMinutesOf(params: { schedule: Schedule; leadMinutes?: number }): number {
  return params.schedule.minNoticeMinutes ?? params.leadMinutes ?? BOOKING_LEAD_MINUTES_DEFAULT
}

/**
 * Whether a booked slot lies inside the schedule's openings of its day (lead time and horizon
 * aside): a booking made before staff changed the hours may not, and is then listed for staff.
 */
export function withinOpenings(params: { schedule: Schedule; slotStart: string; slotEnd: string }): boolean {
  const date = formatChinaTime(new Date(params.slotStart)).slice(0, 10)
  const dayStart = chinaInstant({ date, minutes: 0 }).getTime()
  const start = Date.parse(params.slotStart)
  const end = Date.parse(params.slotEnd)
  return openingsOn({ schedule: params.schedule, date }).some(
    (opening) => dayStart + minutesOf(opening.start) * 60_000 <= start && end <= dayStart + minutesOf(opening.end) * 60_000,
  )
}

/**
 * What to offer when the chosen slot is full: free slots of the same day nearest the chosen time
 * first (before or after it), then the following days' in order, then earlier days' latest first.
 */
export function alternativeSlots(params: { slots: readonly Slot[]; chosen: string; limit: number }): Slot[] {
  const chosen = Date.parse(params.chosen)
  const chosenDay = formatChinaTime(new Date(chosen)).slice(0, 10)
  const free = params.slots.filter((slot) => slot.remaining > 0 && Date.parse(slot.start) !== chosen)
  const rank = (slot: Slot): [number, number] => {
    const start = Date.parse(slot.start)
    const day = slot.start.slice(0, 10)
    if (day === chosenDay) return [0, Math.abs(start - chosen)]
    return start > chosen ? [1, start - chosen] : [2, chosen - start]
  }
  return free
    .map((slot) => ({ slot, rank: rank(slot) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.slot.start.localeCompare(b.slot.start))
    .slice(0, params.limit)
    .map((entry) => entry.slot)
}
