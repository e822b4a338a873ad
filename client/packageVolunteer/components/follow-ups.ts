import type { MediationRecord } from '../../../contracts/mediations'

type FollowUp = MediationRecord['followUps'][number]
import { chinaDate } from '../../services/mediations'

/**
 * `upcoming`: a visit not yet due (shown as 即将到期, nothing to tick); `due`: today (China date);
 * `overdue`: past its day; `deadline`: the 司法确认 reminder, to act on before its last day.
 */
export type FollowUpState = 'upcoming' | 'due' | 'overdue' | 'deadline'

export interface FollowUpReminder extends FollowUp {
  record: MediationRecord
  key: string
  state: FollowUpState
}

/**
 * The 回访提醒 of a volunteer's records at `now`, by the date in China (contracts/china-time), not
 * the phone's zone: visits from a week ahead (shown as upcoming until their day) and up to a month
 * overdue; the 司法确认 deadline until it passes. Ticked ones (`done`) are left out. Soonest first.
 */
export function followUpReminders(params: { records: readonly MediationRecord[]; done: ReadonlySet<string>; now?: Date }): FollowUpReminder[] {
  const now = params.now ?? new Date()
  const today = chinaDate(0, now)
  const soon = chinaDate(7, now)
  const longAgo = chinaDate(-30, now)
  return params.records
    .flatMap((record) => record.followUps.map((followUp) => ({ ...followUp, record, key: `${record.id}:${followUp.kind}` })))
    .filter((followUp) => !params.done.has(followUp.key) && (followUp.kind === 'judicial_confirmation' ? followUp.dueOn >= today : followUp.dueOn <= soon && followUp.dueOn >= longAgo))
    .map((followUp) => ({
      ...followUp,
      state: (followUp.kind === 'judicial_confirmation' ? 'deadline' : followUp.dueOn > today ? 'upcoming' : followUp.dueOn === today ? 'due' : 'overdue') as FollowUpState,
    }))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
}
