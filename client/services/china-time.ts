/** Dates and times as people in China read them (Asia/Shanghai, UTC+8 all year), for the client's screens; the arithmetic is contracts/china-time. */
import { chinaDate } from '../../contracts/china-time'

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** Today's date in China (`YYYY-MM-DD`), `offsetDays` later. */
export function shanghaiDate(offsetDays = 0, now: Date = new Date()): string {
  return chinaDate({ now, offsetDays })
}

/** `2026-12-01` → `12月1日 周二` */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number)
  return `${month}月${day}日 ${WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]}`
}

/** 今天 / 明天 / 后天, or `null` for a day further away (or past). */
export function nearDayWord(date: string, now: Date = new Date()): string | null {
  const offset = [0, 1, 2].find((candidate) => shanghaiDate(candidate, now) === date)
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

/** `12月1日 周二 09:00–09:30` */
export function formatSlot(slot: { start: string; end: string }, now?: Date): string {
  return `${formatDay(slot.start.slice(0, 10), now)} ${formatTime(slot.start)}–${formatTime(slot.end)}`
}
