import { addDays, chinaDate, chinaInstant, chinaMonth, chineseDate, formatChinaTime, isoWeekday } from '../../contracts/china-time'

// 07:30 China time is 23:30 UTC the day before; 23:30 China time is still the same UTC day
const MORNING = new Date('2026-12-01T07:30:00+08:00')
const NIGHT = new Date('2026-12-01T23:30:00+08:00')
const EIGHT = new Date('2026-12-01T08:00:00+08:00')

describe('China time (contracts/china-time)', () => {
  it.each([
    ['07:30', MORNING],
    ['08:00', EIGHT],
    ['23:30', NIGHT],
  ])('at %s China time the date is the China date, whatever the UTC date says', (_clock, now) => {
    expect(chinaDate({ now })).toBe('2026-12-01')
    expect(chinaDate({ now, offsetDays: 1 })).toBe('2026-12-02')
    expect(chinaDate({ now, offsetDays: -1 })).toBe('2026-11-30')
  })

  it('the month follows the China date: at 07:30 on 1 December it is December, though UTC still says November', () => {
    expect(MORNING.toISOString().slice(0, 7)).toBe('2026-11')
    expect(chinaMonth({ now: MORNING })).toBe('2026-12')
    expect(chinaMonth({ now: MORNING, offsetMonths: -24 })).toBe('2024-12')
    expect(chinaMonth({ now: MORNING, offsetMonths: 1 })).toBe('2027-01')
  })

  it('adds days across month and year ends, and knows the weekday', () => {
    expect(addDays({ date: '2026-12-28', days: 7 })).toBe('2027-01-04')
    expect(addDays({ date: '2028-02-28', days: 1 })).toBe('2028-02-29')
    expect(isoWeekday('2026-11-30')).toBe(1)
    expect(isoWeekday('2026-12-06')).toBe(7)
  })

  it('writes and reads China wall-clock times', () => {
    const nine = chinaInstant({ date: '2026-12-01', minutes: 9 * 60 })
    expect(nine.toISOString()).toBe('2026-12-01T01:00:00.000Z')
    expect(formatChinaTime(nine)).toBe('2026-12-01T09:00:00+08:00')
    expect(formatChinaTime(chinaInstant({ date: '2026-12-01', minutes: 30 }))).toBe('2026-12-01T00:30:00+08:00')
  })
})

describe('chineseDate', () => {
  it('writes a China date as people do, without leading zeros', () => {
    expect(chineseDate('2026-11-30')).toBe('2026年11月30日')
    expect(chineseDate('2027-01-05')).toBe('2027年1月5日')
  })
})
