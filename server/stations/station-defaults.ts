import type { OpeningHours } from '../../contracts/station'

/**
 * Usual office hours of a county government body (morning and afternoon, weekdays), filled in when
 * a station's own hours are not known. Always marked `isDefault: true` so the app says
 * 默认时间，以现场公告为准 instead of presenting them as confirmed.
 */
export const DEFAULT_OPENING_HOURS: OpeningHours = Object.freeze({
  text: '周一至周五 9:00-12:00，14:00-17:30',
  isDefault: true,
})
