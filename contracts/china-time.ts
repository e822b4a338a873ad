/**
 * China time, once, for the server's rules and the client's screens: Asia/Shanghai has kept UTC+8
 * all year since 1991, so a fixed offset is exact. Every rule that compares or prints dates goes
 * through here — between 00:00 and 08:00 China time the UTC date is still yesterday, and a rule
 * that slices `toISOString()` is wrong for those eight hours. Pure; the clock is always passed in.
 */

export const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

function pad(value: number): string {
  return String(value).padStart(2, '0')
}

/** The calendar date in China at `now` (`YYYY-MM-DD`), `offsetDays` later. */
export function chinaDate(params: { now: Date; offsetDays?: number }): string {
  const local = new Date(params.now.getTime() + CHINA_UTC_OFFSET_MS + (params.offsetDays ?? 0) * DAY_MS)
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`
}

/** The month in China at `now` (`YYYY-MM`), `offsetMonths` later. */
export function chinaMonth(params: { now: Date; offsetMonths?: number }): string {
  const [year, month] = chinaDate({ now: params.now }).split('-').map(Number)
  const index = year * 12 + (month - 1) + (params.offsetMonths ?? 0)
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`
}

/** A calendar date `days` later (or earlier): pure date arithmetic, no time zone involved. */
export function addDays(params: { date: string; days: number }): string {
  const [year, month, day] = params.date.split('-').map(Number)
  const next = new Date(Date.UTC(year, month - 1, day) + params.days * DAY_MS)
  return `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`
}

/** The instant of a China wall-clock time (`minutes` after midnight) on a date. */
export function chinaInstant(params: { date: string; minutes: number }): Date {
  const [year, month, day] = params.date.split('-').map(Number)
  return new Date(Date.UTC(year, month - 1, day) + params.minutes * 60_000 - CHINA_UTC_OFFSET_MS)
}

/** `2026-11-30` → `2026年11月30日`: a China date as people write it (labels, posters). */
export function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number)
  return `${year}年${month}月${day}日`
}

/** `2026-12-01T09:00:00+08:00`: how the API writes China times (to the minute). */
export function formatChinaTime(instant: Date): string {
  const local = new Date(instant.getTime() + CHINA_UTC_OFFSET_MS)
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:00+08:00`
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [year, month, day] = date.split('-').map(Number)
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay()
  return weekday === 0 ? 7 : weekday
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** `2026-12-01` → `12月1日 周二` */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number)
  return `${month}月${day}日 ${WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]}`
}

/** 今天 / 明天 / 后天, or `null` for a day further away (or past). */
export function nearDayWord(date: string, now: Date = new Date()): string | null {
  const offset = [0, 1, 2].find((candidate) => chinaDate({ now, offsetDays: candidate }) === date)
  return offset === undefined ? null : ['今天', '明天', '后天'][offset]
}

/** `2026-12-01` → `12月1日 周二`, with 今天 / 明天 / 后天 in front when it is. */
export function formatDay(date: string, now: Date = new Date()): string {
  const near = nearDayWord(date, now)
  return `${near ? `${near} ` : ''}${formatDate(date)}`
}

/** `2026-12-01T09:00:00+08:00` → `09:00` (slots are always written in +08:00). */
export function formatTime(slotStart: string): string {
  return slotStart.slice(11, 16)
}

/** `今天 11月30日 周一 20:15`: an instant as people in China read it. */
export function chinaMoment(params: { instant: string; now: Date }): string {
  const local = formatChinaTime(new Date(params.instant))
  return `${formatDay(local.slice(0, 10), params.now)} ${formatTime(local)}`
}
