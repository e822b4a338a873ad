import type { Schedule } from '../../../contracts/bookings'
import { bookableSchedule } from '../../../server/bookings/bookable-hours'
import { alternativeSlots, DEFAULT_SCHEDULE } from '../../../server/bookings/slot-generation'

const staffSchedule: Schedule = {
  weekly: [1, 2, 3].map((weekday) => ({ weekday, start: '09:00', end: '12:00', slotMinutes: 60, capacity: 5 })),
  exceptions: [{ kind: 'closed', date: '2026-12-02' }],
  horizonDays: 14,
}

describe('bookableSchedule', () => {
  it('the staff’s weekly openings, when they are what the station page says', () => {
    expect(bookableSchedule({ hours: { text: '周一至周三 9:00-12:00', isDefault: false }, stored: staffSchedule })).toEqual({
      schedule: staffSchedule,
      hours: { text: '周一至周三 9:00-12:00', source: 'staff' },
    })
  })

  it('hours published as text win over weekly openings that say otherwise, sized as the staff set them', () => {
    const { schedule, hours } = bookableSchedule({ hours: { text: '周四 14:00-16:00', isDefault: false }, stored: staffSchedule })
    expect(hours).toEqual({ text: '周四 14:00-16:00', source: 'published' })
    expect(schedule.weekly).toEqual([{ weekday: 4, start: '14:00', end: '16:00', slotMinutes: 60, capacity: 5 }])
    expect(schedule.exceptions).toEqual(staffSchedule.exceptions)
  })

  it('usual office hours, marked default, while nobody published any or the text cannot be read', () => {
    expect(bookableSchedule({ hours: { text: '周一至周五 9:00-12:00，14:00-17:30', isDefault: true }, stored: null }).hours.source).toBe('default')
    const unreadable = bookableSchedule({ hours: { text: '逢场天上午', isDefault: false }, stored: null })
    expect(unreadable).toEqual({ schedule: DEFAULT_SCHEDULE, hours: { text: '逢场天上午', source: 'default' } })
  })
})

describe('alternativeSlots', () => {
  const slot = (start: string, remaining = 1) => ({ start, end: start, capacity: 2, remaining })
  it('the chosen day’s free slots nearest first, then the following days in order, never a full one', () => {
    const slots = [
      slot('2026-11-27T09:00:00+08:00'),
      slot('2026-11-27T16:30:00+08:00', 0),
      slot('2026-11-27T16:00:00+08:00'),
      slot('2026-11-30T09:00:00+08:00'),
      slot('2026-11-30T09:30:00+08:00'),
    ]
    expect(alternativeSlots({ slots, chosen: '2026-11-27T17:00:00+08:00', limit: 3 }).map((entry) => entry.start)).toEqual([
      '2026-11-27T16:00:00+08:00',
      '2026-11-27T09:00:00+08:00',
      '2026-11-30T09:00:00+08:00',
    ])
  })
})
