import type { FollowUpRecord, MediationRecord } from '../../contracts/mediations'
import type { FollowUpRow, MediationRow } from './mediation.repository'
import { editableUntil, followUpsFor, openFollowUps } from './mediation-rules'

export function toFollowUp(row: FollowUpRow): FollowUpRecord {
  return {
    id: row.id,
    kind: row.kind as FollowUpRecord['kind'],
    visitedOn: row.visited_on,
    fulfilment: row.fulfilment as FollowUpRecord['fulfilment'],
    recurred: row.recurred === 1,
    judicial: row.judicial as FollowUpRecord['judicial'],
    note: row.note,
    createdAt: row.created_at,
  }
}

/** `followUps` are the prompts still open; `followUpsDone` what was recorded (rows of this record, oldest first). */
export function toRecord(row: MediationRow, volunteerName: string, followUpRows: readonly FollowUpRow[] = []): MediationRecord {
  const done = followUpRows.map(toFollowUp)
  const base = {
    kind: row.kind as MediationRecord['kind'],
    outcome: row.outcome as MediationRecord['outcome'],
    occurredOn: row.occurred_on,
    agreement: row.agreement as MediationRecord['agreement'],
    involvesPayment: row.involves_payment === 1,
  }
  return {
    id: row.id,
    version: row.version,
    volunteerId: row.volunteer_id,
    volunteerName,
    town: row.town,
    village: row.village,
    month: row.month,
    disputeType: row.dispute_type as MediationRecord['disputeType'],
    source: row.source as MediationRecord['source'],
    partiesCount: row.parties_count,
    partyNames: JSON.parse(row.party_names) as string[],
    summary: row.summary,
    referredTo: row.referred_to,
    amountYuan: row.amount_yuan,
    followUps: openFollowUps({ prompts: followUpsFor(base), done }),
    followUpsDone: done,
    editableUntil: editableUntil(row.created_at),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...base,
  }
}
