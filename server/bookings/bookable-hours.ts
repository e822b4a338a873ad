import type { BookableHours, Schedule, WeeklyOpening } from '../../contracts/bookings'
import type { OpeningHours } from '../../contracts/station'
import { parseWeeklyHours, type WeeklyPeriod } from '../stations/opening-hours-text'
import { describeOpenings } from '../stations/station-defaults'
import { DEFAULT_SCHEDULE } from './slot-generation'

/** A station's bookable schedule and the hours text residents see beside it. */
export interface BookableSchedule {
  schedule: Schedule
  hours: BookableHours
}

const DEFAULT_SLOT = { slotMinutes: 30, capacity: 2 }

/** The size of one published period's slots: the staff's for that day and time when they set one, else the first they set, else 30 minutes for 2 people. */
function sizing(period: WeeklyPeriod, stored: Schedule | null): Pick<WeeklyOpening, 'slotMinutes' | 'capacity'> {
  const openings = stored?.weekly ?? []
  const same = openings.find((opening) => opening.weekday === period.weekday && opening.start < period.end && period.start < opening.end) ?? openings[0]
  return same ? { slotMinutes: same.slotMinutes, capacity: same.capacity } : DEFAULT_SLOT
}

/**
 * One opening-hours truth per station (issue 22): the hours its page shows are the hours residents
 * can book. Pure, from the hours the station serves and the weekly openings its staff stored:
 * - staff set weekly openings and they are what the page says (publishing writes the text from
 *   them; a station whose staff set them before hours were published shows them too) → those;
 * - the page shows hours someone published as text (the county's directory, a county edit, an
 *   older self-report) → that text read as weekly openings, each slot as large as the staff set
 *   it (else 30 minutes for 2 people), their closed days kept;
 * - otherwise (usual office hours nobody confirmed, or a text that cannot be read for sure) →
 *   the usual office hours, marked `default`, so the booking step says to call first.
 */
export function bookableSchedule(params: { hours: OpeningHours; stored: Schedule | null }): BookableSchedule {
  const { hours, stored } = params
  if (stored && (hours.isDefault || describeOpenings(stored.weekly) === hours.text)) {
    return { schedule: stored, hours: { text: describeOpenings(stored.weekly), source: 'staff' } }
  }
  const periods = hours.isDefault ? null : parseWeeklyHours(hours.text)
  if (periods) {
    return {
      schedule: {
        weekly: periods.map((period) => ({ ...period, ...sizing(period, stored) })),
        exceptions: stored?.exceptions ?? [],
        ...(stored?.minNoticeMinutes === undefined ? {} : { minNoticeMinutes: stored.minNoticeMinutes }),
        horizonDays: stored?.horizonDays ?? DEFAULT_SCHEDULE.horizonDays,
      },
      hours: { text: hours.text, source: 'published' },
    }
  }
  return { schedule: DEFAULT_SCHEDULE, hours: { text: hours.text, source: 'default' } }
}
