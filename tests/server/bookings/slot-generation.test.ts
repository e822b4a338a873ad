import fc from 'fast-check'
import type { Schedule } from '../../../contracts/bookings'
import { chinaDate, isoWeekday } from '../../../contracts/china-time'
import { DEFAULT_SCHEDULE, generateSlots } from '../../../server/bookings/slot-generation'

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
const toMinutes = (time: string) => Number(time.slice(11, 13)) * 60 + Number(time.slice(14, 16))

const openingArb = fc
  .record({
    weekday: fc.integer({ min: 1, max: 7 }),
    startMinute: fc.integer({ min: 6 * 60, max: 20 * 60 }),
    length: fc.integer({ min: 30, max: 6 * 60 }),
    slotMinutes: fc.constantFrom(15, 20, 30, 45, 60),
    capacity: fc.integer({ min: 1, max: 5 }),
  })
  .map(({ weekday, startMinute, length, slotMinutes, capacity }) => ({
    weekday,
    start: hhmm(startMinute),
    end: hhmm(Math.min(startMinute + length, 23 * 60 + 59)),
    slotMinutes,
    capacity,
  }))

const nowArb = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true })

const scheduleArb = fc.record({
  weekly: fc.array(openingArb, { maxLength: 8 }),
  minNoticeMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  horizonDays: fc.integer({ min: 1, max: 30 }),
  closedOffsets: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 5 }),
  extraOffset: fc.option(fc.integer({ min: 0, max: 30 })),
})

describe('generateSlots (property)', () => {
  it('gives slots that never overlap, lie inside opening hours, respect notice and horizon, and honour exceptions', () => {
    fc.assert(
      fc.property(scheduleArb, nowArb, (raw, now) => {
        const day = (offset: number) => chinaDate({ now: new Date(now.getTime() + offset * 86_400_000) })
        const closedDates = raw.closedOffsets.map(day)
        const extraDate = raw.extraOffset === null ? null : day(raw.extraOffset)
        const schedule: Schedule = {
          weekly: raw.weekly,
          minNoticeMinutes: raw.minNoticeMinutes,
          horizonDays: raw.horizonDays,
          exceptions: [
            ...closedDates.map((date) => ({ kind: 'closed' as const, date })),
            ...(extraDate && !closedDates.includes(extraDate)
              ? [{ kind: 'open' as const, date: extraDate, openings: [{ start: '19:00', end: '20:00', slotMinutes: 30, capacity: 1 }] }]
              : []),
          ],
        }
        const slots = generateSlots({ schedule, now })
        const starts = slots.map((slot) => Date.parse(slot.start))
        for (let index = 0; index < slots.length; index += 1) {
          const start = starts[index]
          const end = Date.parse(slots[index].end)
          // no overlaps, in order
          if (index > 0) expect(start).toBeGreaterThanOrEqual(Date.parse(slots[index - 1].end))
          // notice and horizon
          expect(start).toBeGreaterThanOrEqual(now.getTime() + (schedule.minNoticeMinutes ?? 0) * 60_000)
          expect(start).toBeLessThan(now.getTime() + schedule.horizonDays * 86_400_000)
          expect(end).toBeGreaterThan(start)
          // inside an opening of that day
          const date = slots[index].start.slice(0, 10)
          expect(closedDates).not.toContain(date)
          const openings =
            date === extraDate
              ? schedule.exceptions.flatMap((e) => (e.kind === 'open' ? e.openings : []))
              : schedule.weekly.filter((o) => o.weekday === isoWeekday(date))
          const [from, to] = [toMinutes(slots[index].start), toMinutes(slots[index].end) || 24 * 60]
          expect(openings.some((opening) => toMinutes(`0000-00-00T${opening.start}`) <= from && to <= toMinutes(`0000-00-00T${opening.end}`))).toBe(true)
          expect(slots[index].start).toMatch(/\+08:00$/)
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('generateSlots', () => {
  // Wednesday 2026-12-02, 08:00 in Xiushan
  const now = new Date('2026-12-02T08:00:00+08:00')

  it('offers the default schedule’s half-hour slots on a weekday, from the lead time (60 minutes) ahead', () => {
    const slots = generateSlots({ schedule: DEFAULT_SCHEDULE, now, date: '2026-12-02' })
    expect(slots[0]).toEqual({ start: '2026-12-02T09:00:00+08:00', end: '2026-12-02T09:30:00+08:00', capacity: 2 })
    expect(slots.map((slot) => slot.start.slice(11, 16))).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
      '17:00',
    ])
  })

  it('offers nothing on a weekend with the default schedule, or on a closed day', () => {
    expect(generateSlots({ schedule: DEFAULT_SCHEDULE, now, date: '2026-12-05' })).toEqual([])
    const closed: Schedule = { ...DEFAULT_SCHEDULE, exceptions: [{ kind: 'closed', date: '2026-12-03', reason: '集中培训' }] }
    expect(generateSlots({ schedule: closed, now, date: '2026-12-03' })).toEqual([])
  })

  it('offers nothing 14 days or more ahead', () => {
    expect(generateSlots({ schedule: DEFAULT_SCHEDULE, now, date: '2026-12-15' })).not.toEqual([])
    expect(generateSlots({ schedule: DEFAULT_SCHEDULE, now, date: '2026-12-16' })).toEqual([])
  })

  it('works in Shanghai time whatever the server’s clock zone: 23:30 UTC is already the next day', () => {
    const lateUtc = new Date('2026-12-01T23:30:00Z') // 07:30 on 2 December in Xiushan
    expect(generateSlots({ schedule: DEFAULT_SCHEDULE, now: lateUtc })[0].start).toBe('2026-12-02T09:00:00+08:00')
  })
})
