import { DEFAULT_SCHEDULE, generateSlots } from '../../../server/bookings/slot-generation'
import { DEFAULT_OPENING_HOURS, describeWeekly } from '../../../server/stations/station-defaults'

// One source for a station's default hours: the words on the station page are those of the default
// booking schedule (the page said 17:30 while the last slot ended at 17:00).
describe('default opening hours (server/stations/station-defaults) and the default schedule', () => {
  it('say the same hours: the text is the schedule in words', () => {
    expect(DEFAULT_OPENING_HOURS).toEqual({ text: '周一至周五 9:00-12:00，14:00-17:30', isDefault: true })
    expect(DEFAULT_OPENING_HOURS.text).toBe(describeWeekly(DEFAULT_SCHEDULE.weekly))
  })

  it('the last bookable slot of a default day ends when the text says the afternoon ends', () => {
    const slots = generateSlots({ schedule: DEFAULT_SCHEDULE, now: new Date('2026-12-01T08:00:00+08:00'), date: '2026-12-02' })
    const closing = /-(\d{1,2}:\d{2})$/u.exec(DEFAULT_OPENING_HOURS.text)?.[1]
    expect(slots[slots.length - 1].end.slice(11, 16)).toBe(closing?.padStart(5, '0'))
  })

  it('groups days with the same openings, any pattern', () => {
    const opening = (weekday: number, start: string, end: string) => ({ weekday, start, end, slotMinutes: 30, capacity: 1 })
    expect(
      describeWeekly([
        opening(1, '08:30', '12:00'),
        opening(2, '08:30', '12:00'),
        opening(3, '08:30', '12:00'),
        opening(6, '09:00', '11:00'),
        opening(7, '09:00', '11:00'),
      ]),
    ).toBe('周一至周三 8:30-12:00；周六、周日 9:00-11:00')
    expect(describeWeekly([opening(4, '14:00', '17:00'), opening(4, '09:00', '12:00')])).toBe('周四 9:00-12:00，14:00-17:00')
  })
})
