import type { Schedule } from '../../../../contracts/bookings'
import { buildSchedule } from '../../../../client/packageBooking/components/schedule-editor'

const schedule: Schedule = {
  weekly: [],
  exceptions: [
    { kind: 'open', date: '2026-12-20' },
    { kind: 'open', date: '2026-12-21' },
  ],
  horizonDays: 14,
} as unknown as Schedule

describe('buildSchedule (开放时间 as saved)', () => {
  it('when a row ends before it starts or its numbers are out of range, names each field by the server path', () => {
    const rows = [{ key: 1, weekday: 1, start: '12:00', end: '09:00', slotMinutes: '5', capacity: '51' }]
    expect(buildSchedule({ schedule, rows, closed: [] }).errors).toEqual({
      'weekly.0.end': '结束时间要晚于开始时间',
      'weekly.0.slotMinutes': '每次时长填 10–240 分钟',
      'weekly.0.capacity': '每个时段人数填 1–50',
    })
  })

  it('when a closed day is listed twice, says so on the second and sends it once; an open day on a closed date goes', () => {
    const closed = [
      { key: 1, date: '2026-12-20', reason: ' 外出 ' },
      { key: 2, date: '2026-12-20', reason: '' },
    ]
    const built = buildSchedule({ schedule, rows: [{ key: 3, weekday: 2, start: '09:00', end: '12:00', slotMinutes: '30', capacity: '2' }], closed })
    expect(built.errors).toEqual({ 'closed.1': '这一天已经在列表里了' })
    expect(built.schedule).toEqual({
      weekly: [{ weekday: 2, start: '09:00', end: '12:00', slotMinutes: 30, capacity: 2 }],
      exceptions: [
        { kind: 'closed', date: '2026-12-20', reason: '外出' },
        { kind: 'open', date: '2026-12-21' },
      ],
      horizonDays: 14,
    })
  })
})
