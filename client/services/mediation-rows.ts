import { chinaDate } from '../../contracts/china-time'
import {
  AGREEMENT_LABELS,
  DISPUTE_TYPE_LABELS,
  MEDIATION_OUTCOME_LABELS,
  maskNumbersInText,
  type CreateMediationRequest,
  type MediationRecord,
} from '../../contracts/mediations'
import { maskPartyNames } from '../../contracts/party-names'
import type { OutboxEntry } from './outbox'

/** What the volunteer pages show of mediation records: dates, labels, the records list (the server's merged with the outbox), and content comparison. Pure. */

export type MediationEntry = OutboxEntry<CreateMediationRequest, MediationRecord>

/** `2026-11-05` → `11月5日`, with 今天 / 昨天 in front when it is. */
export function formatDate(date: string, now: Date = new Date()): string {
  const [, month, day] = date.split('-').map(Number)
  const near = date === chinaDate({ now }) ? '今天 ' : date === chinaDate({ now, offsetDays: -1 }) ? '昨天 ' : ''
  return `${near}${month}月${day}日`
}

/** `2026-11` → `2026年11月` */
export function formatMonth(month: string): string {
  const [year, number] = month.split('-').map(Number)
  return `${year}年${number}月`
}

/** A record's content as the server stores it, to compare what we sent with what it has. */
function comparable(record: CreateMediationRequest | MediationRecord): string {
  if (record.kind === 'zero_report') return JSON.stringify(['zero', record.month, record.village.trim()])
  const input = record as Partial<CreateMediationRequest & MediationRecord>
  return JSON.stringify([
    'mediation',
    input.occurredOn,
    input.village?.trim(),
    input.disputeType,
    input.source,
    input.partiesCount,
    maskPartyNames(input.partyNames ?? []),
    // the server masks phone numbers in the summary: what it stored is what we sent, masked
    maskNumbersInText((input.summary ?? '').trim()),
    input.outcome,
    input.outcome === 'referred' ? (input.referredTo ?? '').trim() : null,
    input.agreement,
    input.amountYuan ?? null,
    input.involvesPayment ?? false,
  ])
}

/** Does the server's copy say what this payload says? (town names may be normalised by the server) */
export function sameContent(server: MediationRecord, payload: CreateMediationRequest): boolean {
  return server.kind === payload.kind && comparable(server) === comparable(payload)
}

export type SyncState = 'uploaded' | 'pending' | 'conflict' | 'rejected'
export const SYNC_STATE_LABELS: Readonly<Record<SyncState, string>> = { uploaded: '已上传', pending: '待上传', conflict: '冲突', rejected: '被退回' }

export interface RecordRow {
  id: string
  kind: 'mediation' | 'zero_report'
  /** what the volunteer sees: their own unsent version when there is one */
  content: CreateMediationRequest | MediationRecord
  server: MediationRecord | null
  entry: MediationEntry | null
  sync: SyncState
  /** date of the mediation, or the month of a 零上报 */
  sortKey: string
}

/** The server's list merged with what this volunteer's outbox still holds, newest first. */
export function mergeRecords(params: { server: readonly MediationRecord[]; entries: readonly MediationEntry[] }): RecordRow[] {
  const entries = new Map(params.entries.map((entry) => [entry.id, entry]))
  const rows: RecordRow[] = params.server.map((record) => {
    const entry = entries.get(record.id) ?? null
    entries.delete(record.id)
    return rowOf({ server: record, entry })
  })
  for (const entry of entries.values()) rows.push(rowOf({ server: null, entry }))
  return rows.sort((a, b) => b.sortKey.localeCompare(a.sortKey))
}

function rowOf(params: { server: MediationRecord | null; entry: MediationEntry | null }): RecordRow {
  const content = params.entry?.payload ?? (params.server as MediationRecord)
  const date = content.kind === 'zero_report' ? `${content.month}-00` : (content.occurredOn ?? '')
  const stamp = params.server?.createdAt ?? params.entry?.queuedAt ?? ''
  return {
    id: content.id,
    kind: content.kind,
    content,
    server: params.server,
    entry: params.entry,
    sync: params.entry ? params.entry.state : 'uploaded',
    sortKey: `${date}|${stamp}`,
  }
}

/** A one-line description: `邻里纠纷 · 调解成功`, or `零上报（2026年11月没有调解）`. */
export function describeRecord(record: CreateMediationRequest | MediationRecord): { title: string; detail: string } {
  if (record.kind === 'zero_report')
    return { title: `零上报（${formatMonth(record.month)}没有调解）`, detail: `${formatMonth(record.month)} · ${record.town}${record.village}` }
  const outcome = record.outcome ? MEDIATION_OUTCOME_LABELS[record.outcome] : ''
  const agreement = record.outcome === 'success' && record.agreement && record.agreement !== 'none' ? `（${AGREEMENT_LABELS[record.agreement]}）` : ''
  return {
    title: `${record.disputeType ? DISPUTE_TYPE_LABELS[record.disputeType] : '调解'} · ${outcome}${agreement}`,
    detail: `${record.occurredOn ? formatDate(record.occurredOn) : ''} · ${record.town}${record.village}`,
  }
}

/** The editable input of a stored record (for 修改). */
export function toRecordInput(record: MediationRecord): CreateMediationRequest {
  if (record.kind === 'zero_report') return { kind: 'zero_report', id: record.id, month: record.month, town: record.town, village: record.village }
  return {
    kind: 'mediation',
    id: record.id,
    occurredOn: record.occurredOn ?? chinaDate({ now: new Date() }),
    town: record.town,
    village: record.village,
    disputeType: record.disputeType ?? 'other',
    source: record.source ?? 'application',
    partiesCount: record.partiesCount ?? 2,
    ...(record.partyNames.length > 0 ? { partyNames: record.partyNames } : {}),
    summary: record.summary,
    outcome: record.outcome ?? 'success',
    ...(record.referredTo ? { referredTo: record.referredTo } : {}),
    agreement: record.agreement ?? 'none',
    ...(record.amountYuan !== null ? { amountYuan: record.amountYuan } : {}),
    involvesPayment: record.involvesPayment,
  }
}

/** Still inside the 7-day edit window (records never uploaded can always be edited). */
export function canEdit(row: Pick<RecordRow, 'server' | 'kind'>, now: Date = new Date()): boolean {
  if (row.kind !== 'mediation') return false
  return !row.server || new Date(row.server.editableUntil).getTime() > now.getTime()
}
