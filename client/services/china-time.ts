/** Dates and times as people in China read them (Asia/Shanghai, UTC+8 all year), for the client's screens; the arithmetic is contracts/china-time. */
import { formatDay, formatTime } from '../../contracts/china-time'

// the wording itself is shared with the BFF's pages (contracts/china-time)
export { formatDate, formatDay, formatTime, nearDayWord } from '../../contracts/china-time'

/** `12月1日 周二 09:00–09:30` */
export function formatSlot(slot: { start: string; end: string }, now?: Date): string {
  return `${formatDay(slot.start.slice(0, 10), now)} ${formatTime(slot.start)}–${formatTime(slot.end)}`
}
