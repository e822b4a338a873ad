import type { WeeklyOpening } from '../../contracts/bookings'
import type { OpeningHours } from '../../contracts/station'

const WEEKDAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日']

/** `09:00` → `9:00`, as hours are posted on a door. */
function clock(hhmm: string): string {
  return hhmm.replace(/^0(?=\d:)/u, '')
}

/**
 * A weekly pattern as people write it: days with the same openings grouped into runs
 * (`周一至周五 9:00-12:00，14:00-17:00`), runs separated by `；`.
 */
export function describeWeekly(weekly: readonly Pick<WeeklyOpening, 'weekday' | 'start' | 'end'>[]): string {
  const byDay = new Map<number, string>()
  for (let weekday = 1; weekday <= 7; weekday += 1) {
    const periods = weekly
      .filter((opening) => opening.weekday === weekday)
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((opening) => `${clock(opening.start)}-${clock(opening.end)}`)
    if (periods.length > 0) byDay.set(weekday, periods.join('，'))
  }
  const runs: { from: number; to: number; periods: string }[] = []
  for (const [weekday, periods] of byDay) {
    const last = runs[runs.length - 1]
    if (last && last.to === weekday - 1 && last.periods === periods) last.to = weekday
    else runs.push({ from: weekday, to: weekday, periods })
  }
  return runs
    .map((run) => {
      const days = run.from === run.to ? WEEKDAY_NAMES[run.from] : `${WEEKDAY_NAMES[run.from]}${run.to === run.from + 1 ? '、' : '至'}${WEEKDAY_NAMES[run.to]}`
      return `${days} ${run.periods}`
    })
    .join('；')
}

/**
 * Usual office hours of a county government body: weekdays, morning and afternoon. The one source
 * of a station's default hours: the words on its page (`DEFAULT_OPENING_HOURS`) and the slots it
 * offers until staff set a schedule (`DEFAULT_SCHEDULE` in server/bookings/slot-generation.ts).
 */
export const DEFAULT_WEEKLY_HOURS: readonly Pick<WeeklyOpening, 'weekday' | 'start' | 'end'>[] = Object.freeze(
  [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start: '09:00', end: '12:00' },
    { weekday, start: '14:00', end: '17:30' },
  ]),
)

/**
 * Filled in when a station's own hours are not known. Always marked `isDefault: true` so the app
 * says 默认时间，以现场公告为准 instead of presenting them as confirmed.
 */
export const DEFAULT_OPENING_HOURS: OpeningHours = Object.freeze({ text: describeWeekly(DEFAULT_WEEKLY_HOURS), isDefault: true })

/** What a station's weekly openings say on its page; none at all reads `暂停开放`. */
export const NO_OPENINGS_TEXT = '暂停开放'

export function describeOpenings(weekly: readonly Pick<WeeklyOpening, 'weekday' | 'start' | 'end'>[]): string {
  return describeWeekly(weekly) || NO_OPENINGS_TEXT
}
