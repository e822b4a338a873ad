import type { WeeklyOpening } from '../../contracts/bookings'

/**
 * Reading an hours sentence as weekly openings, so that hours a station or the county published
 * as text (before the structured editor, or in the county's directory) are the hours residents can
 * book. Only what can be read without guessing: `周一至周五 9:00-12:00，14:00-17:30；周六 9:00-12:00`,
 * `星期一到星期三`, `周一、周三`, `工作日`, `每天`, `上午`/`下午` before a time, a part that only
 * says a day is closed (`周日休息`). Anything else is unreadable (`null`): the booking step then
 * says the slots follow usual office hours and to call first.
 */

export type WeeklyPeriod = Pick<WeeklyOpening, 'weekday' | 'start' | 'end'>

const DAY_NUMBERS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 七: 7 }
const DAY = '(?:周|星期|礼拜)([一二三四五六日天七])'
const RANGE = '(?:至|到|~|-|—|–)'
const CLOSED_WORDS = /休息|不开放|闭馆|不办公|关门|除外|午休/u

/** `周一至周五`, `周一、周三`, `工作日`, `每天` → ISO weekdays; null when the text names none. */
function readDays(text: string): number[] | null {
  if (/^(?:每天|每日|全天|天天)$/u.test(text)) return [1, 2, 3, 4, 5, 6, 7]
  if (/^(?:工作日|周一至周五工作日)$/u.test(text)) return [1, 2, 3, 4, 5]
  const days = new Set<number>()
  const parts = text.split(/[、,，和及]/u).filter(Boolean)
  if (parts.length === 0) return null
  for (const part of parts) {
    const range = new RegExp(`^${DAY}${RANGE}${DAY}$`, 'u').exec(part)
    if (range) {
      const from = DAY_NUMBERS[range[1]]
      const to = DAY_NUMBERS[range[2]]
      if (to < from) return null
      for (let day = from; day <= to; day += 1) days.add(day)
      continue
    }
    const single = new RegExp(`^${DAY}$`, 'u').exec(part)
    if (!single) return null
    days.add(DAY_NUMBERS[single[1]])
  }
  return [...days].sort((a, b) => a - b)
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** `9:00-12:00`, `下午2:00-5:30` (after noon), `14:00~17:30` → minutes after midnight; null when unreadable. */
function readPeriods(text: string): { start: number; end: number }[] | null {
  const pattern = /(上午|下午|晚上)?(\d{1,2})[:点](\d{2})?分?(?:至|到|~|-|—|–)(上午|下午|晚上)?(\d{1,2})[:点](\d{2})?分?/gu
  const periods: { start: number; end: number }[] = []
  let consumed = ''
  for (const match of text.matchAll(pattern)) {
    const afternoon = match[1] === '下午' || match[1] === '晚上'
    const endAfternoon = match[4] ? match[4] === '下午' || match[4] === '晚上' : afternoon
    let startHour = Number(match[2])
    let endHour = Number(match[5])
    if (afternoon && startHour < 12) startHour += 12
    if (endAfternoon && endHour < 12) endHour += 12
    const start = startHour * 60 + Number(match[3] ?? 0)
    const end = endHour * 60 + Number(match[6] ?? 0)
    if (startHour > 23 || endHour > 24 || Number(match[3] ?? 0) > 59 || Number(match[6] ?? 0) > 59 || end <= start || end > 24 * 60) return null
    periods.push({ start, end: Math.min(end, 23 * 60 + 59) })
    consumed += match[0]
  }
  // whatever is left must be separators only: a word we do not understand means we cannot be sure
  const left = text.replace(pattern, '').replace(/[，,、；;\s和及]/gu, '')
  if (periods.length === 0 || left !== '' || consumed === '') return null
  return periods
}

/** Weekly periods of an hours sentence, or null when any part of it cannot be read for sure. */
export function parseWeeklyHours(text: string): WeeklyPeriod[] | null {
  // a note in brackets that only says when it is closed (`（12:00-14:00 午休）`) is not an opening
  const normalised = text
    .normalize('NFKC')
    .replace(/[(（][^()（）]*[)）]/gu, (note) => (CLOSED_WORDS.test(note) ? ' ' : note))
    .replace(/\s+/gu, ' ')
    .trim()
  if (!normalised) return null
  const openings: WeeklyPeriod[] = []
  for (const segment of normalised
    .split(/[；;。\n]/u)
    .map((part) => part.trim())
    .filter(Boolean)) {
    const daysText = /^([^\d上下晚]*?)[\s:]*(?=(?:上午|下午|晚上)?\d)/u.exec(segment)?.[1]?.trim() ?? null
    if (daysText === null) {
      // a part with no time may only say when it is closed (`周六、周日休息`, `节假日除外`)
      if (CLOSED_WORDS.test(segment)) continue
      return null
    }
    const days = readDays(daysText.replace(/\s+/gu, ''))
    const periods = readPeriods(segment.slice(segment.indexOf(daysText) + daysText.length).replace(/^[\s:]+/u, ''))
    if (!days || !periods) return null
    for (const weekday of days) for (const period of periods) openings.push({ weekday, start: hhmm(period.start), end: hhmm(period.end) })
  }
  return openings.length > 0 ? openings : null
}
