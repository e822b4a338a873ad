import type { MediationRecord } from '../../../contracts/mediations'
import { followUpReminders } from '../../../client/packageVolunteer/components/follow-ups'

// a record logged on 2026-12-01 (China): visits on 12-08 and 12-31, 司法确认 by 12-31
const record = {
  id: 'r1',
  village: '隘口村',
  disputeType: null,
  followUps: [
    { kind: 'visit_7d', dueOn: '2026-12-08', label: '7 天回访' },
    { kind: 'visit_30d', dueOn: '2026-12-31', label: '30 天回访' },
    { kind: 'judicial_confirmation', dueOn: '2026-12-31', label: '提醒双方 30 天内申请司法确认' },
  ],
} as unknown as MediationRecord

const states = (now: Date, done: ReadonlySet<string> = new Set()) =>
  followUpReminders({ records: [record], done, now }).map((reminder) => [reminder.kind, reminder.state])

describe('回访提醒 (client/packageVolunteer/components/follow-ups), by the date in China', () => {
  it('a visit due tomorrow is upcoming, at 07:30 and at 23:30 China time alike', () => {
    // 2026-12-07 07:30 in China is still 2026-12-06 in UTC; 23:30 in China is 15:30 UTC the same day
    for (const now of [new Date('2026-12-07T07:30:00+08:00'), new Date('2026-12-07T23:30:00+08:00')]) {
      expect(states(now)).toEqual([
        ['visit_7d', 'upcoming'],
        ['judicial_confirmation', 'deadline'],
      ])
    }
  })

  it('the visit is due on its China day, from 00:00 to 23:59 there, and overdue after', () => {
    for (const now of [new Date('2026-12-08T07:30:00+08:00'), new Date('2026-12-08T23:30:00+08:00'), new Date('2026-12-08T00:00:00+08:00')]) {
      expect(states(now)[0]).toEqual(['visit_7d', 'due'])
    }
    expect(states(new Date('2026-12-09T07:30:00+08:00'))[0]).toEqual(['visit_7d', 'overdue'])
    // 16:30 UTC on 12-07 is 00:30 on 12-08 in China: due, whatever the phone's own zone says
    expect(states(new Date('2026-12-07T16:30:00Z'))[0]).toEqual(['visit_7d', 'due'])
  })

  it('a visit more than a week ahead is not listed yet; a ticked one is gone', () => {
    expect(states(new Date('2026-11-30T07:30:00+08:00'))).toEqual([['judicial_confirmation', 'deadline']])
    expect(states(new Date('2026-12-24T23:30:00+08:00'))).toEqual([
      ['visit_7d', 'overdue'],
      ['visit_30d', 'upcoming'],
      ['judicial_confirmation', 'deadline'],
    ])
    expect(states(new Date('2026-12-08T09:00:00+08:00'), new Set(['r1:visit_7d']))).toEqual([['judicial_confirmation', 'deadline']])
  })
})
