import { followUpState, type FollowUpState, type MediationRecord } from '../../../contracts/mediations'
import { chinaDate } from '../../../contracts/china-time'

type FollowUp = MediationRecord['followUps'][number]
export type { FollowUpState }

export interface FollowUpReminder extends FollowUp {
  record: MediationRecord
  key: string
  state: FollowUpState
}

/**
 * The 回访提醒 of a volunteer's records at `now`, by the date in China (contracts/china-time), not
 * the phone's zone, with the rule the server's 首页 uses (followUpState): visits from a week ahead
 * (shown as upcoming until their day) and up to a month overdue; the 司法确认 reminder until its
 * day. The server lists only prompts no 回访 has answered; `done` adds those answered by 回访
 * still on the phone (`recordId:kind`). Soonest first.
 */
export function followUpReminders(params: { records: readonly MediationRecord[]; done: ReadonlySet<string>; now?: Date }): FollowUpReminder[] {
  const today = chinaDate({ now: params.now ?? new Date() })
  return params.records
    .flatMap((record) => record.followUps.map((followUp) => ({ ...followUp, record, key: `${record.id}:${followUp.kind}` })))
    .filter((followUp) => !params.done.has(followUp.key))
    .flatMap((followUp) => {
      const state = followUpState({ kind: followUp.kind, dueOn: followUp.dueOn, today })
      return state ? [{ ...followUp, state }] : []
    })
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
}
