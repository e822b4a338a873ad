import { addDays } from '../../contracts/china-time'
import {
  answeredPrompts,
  followUpState,
  FULFILMENT_LABELS,
  maskNumbersInText,
  type FollowUpRecord,
  type MediationRecord,
  type MediationStatsResponse,
} from '../../contracts/mediations'

const DAY_MS = 24 * 60 * 60 * 1000
export const EDIT_WINDOW_DAYS = 7
/** 人民调解法 Art. 33: parties may apply for 司法确认 within 30 days of the agreement. */
export const JUDICIAL_CONFIRMATION_DAYS = 30
const SUPPRESS_BELOW = 5

/** 回访 at +7 and +30 days after a successful mediation; 司法确认 within 30 days when money is involved. */
export function followUpsFor(record: Pick<MediationRecord, 'kind' | 'outcome' | 'occurredOn' | 'agreement' | 'involvesPayment'>): MediationRecord['followUps'] {
  if (record.kind !== 'mediation' || record.outcome !== 'success' || !record.occurredOn) return []
  const followUps: MediationRecord['followUps'] = [
    { kind: 'visit_7d', dueOn: addDays({ date: record.occurredOn, days: 7 }), label: '7 天回访：协议履行了吗？有没有反复？' },
    { kind: 'visit_30d', dueOn: addDays({ date: record.occurredOn, days: 30 }), label: '30 天回访：双方满意吗？' },
  ]
  if (record.involvesPayment && record.agreement !== 'none') {
    followUps.push({
      kind: 'judicial_confirmation',
      dueOn: addDays({ date: record.occurredOn, days: JUDICIAL_CONFIRMATION_DAYS }),
      label: '协议涉及给付：提醒双方 30 天内可向法院申请司法确认，让协议可以强制执行',
    })
  }
  return followUps
}

/** The prompts of a record still to do: those no recorded follow-up has answered (answeredPrompts). */
export function openFollowUps(params: {
  prompts: MediationRecord['followUps']
  done: readonly Pick<FollowUpRecord, 'kind' | 'judicial'>[]
}): MediationRecord['followUps'] {
  const answered = answeredPrompts(params.done)
  return params.prompts.filter((prompt) => !answered.has(prompt.kind))
}

/**
 * A follow-up's problems, in Chinese, each with its field, or none: it answers a prompt the record
 * has (a failed mediation has no 回访), and it happened between the mediation and today (China).
 */
export function followUpProblems(params: {
  kind: FollowUpRecord['kind']
  visitedOn: string
  prompts: MediationRecord['followUps']
  occurredOn: string | null
  today: string
}): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = []
  if (!params.prompts.some((prompt) => prompt.kind === params.kind))
    problems.push({ path: 'kind', message: '这条记录没有这项回访（只有调解成功的才回访，涉及给付的才提醒司法确认）' })
  if (params.visitedOn > params.today) problems.push({ path: 'visitedOn', message: '回访日期不能晚于今天' })
  else if (params.occurredOn && params.visitedOn < params.occurredOn) problems.push({ path: 'visitedOn', message: '回访日期不能早于调解日期' })
  return problems
}

/** Contact numbers in a summary or note are masked before they are stored (contracts/mediations). */
export const maskNumbersInSummary = maskNumbersInText

/** Mediations logged here happened this century: 1900-01-01 is a typo, not a record. */
export const EARLIEST_OCCURRED_ON = '2000-01-01'
/** 零上报 may be filed late, but not for a month more than this many months back. */
export const ZERO_REPORT_MONTHS_BACK = 24

function shiftMonth(month: string, months: number): string {
  const [year, monthOfYear] = month.split('-').map(Number)
  const index = year * 12 + (monthOfYear - 1) + months
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

/**
 * What is wrong with a record's date, in Chinese, or null. `today` is the China (Asia/Shanghai)
 * date of the request: an occurredOn from 2000-01-01 to today; a 零上报 month from 24 months
 * back to the current month.
 */
export function mediationDateProblem(
  params: { kind: 'mediation'; occurredOn: string; today: string } | { kind: 'zero_report'; month: string; today: string },
): string | null {
  if (params.kind === 'mediation') {
    if (params.occurredOn < EARLIEST_OCCURRED_ON) return '调解日期不能早于 2000 年'
    if (params.occurredOn > params.today) return '调解日期不能晚于今天'
    return null
  }
  const current = params.today.slice(0, 7)
  if (params.month > current) return '不能为将来的月份零上报'
  if (params.month < shiftMonth(current, -ZERO_REPORT_MONTHS_BACK)) return `只能为最近 ${ZERO_REPORT_MONTHS_BACK} 个月零上报`
  return null
}

export function editableUntil(createdAt: string): string {
  return new Date(Date.parse(createdAt) + EDIT_WINDOW_DAYS * DAY_MS).toISOString()
}

export interface StatsInput {
  kind: string
  disputeType: string | null
  outcome: string | null
  town: string
  month: string
}

type Count = number | '<5'

/** Counts of 1–4 would let a neighbour work out who it was: they become `<5` outside one's own view. */
export function suppress(count: number, exact: boolean): Count {
  return exact || count === 0 || count >= SUPPRESS_BELOW ? count : '<5'
}

function countBy(records: readonly StatsInput[], key: (record: StatsInput) => string | null, labels: Readonly<Record<string, string>>, exact: boolean) {
  const counts = new Map<string, number>()
  for (const record of records) {
    const value = key(record)
    if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1)
  }
  return [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .map(([value, count]) => ({ key: value, label: labels[value] ?? value, count: suppress(count, exact) }))
}

export interface FollowUpStatsInput {
  fulfilment: string
  recurred: boolean
  judicial: string
}

/** What the 回访 found: fulfilment, then 有反复 and 已申请司法确认 (applied or confirmed) as rows of their own. */
function followUpOutcomes(followUps: readonly FollowUpStatsInput[], exact: boolean): MediationStatsResponse['byType'] {
  const rows: { key: string; label: string; count: number }[] = (Object.keys(FULFILMENT_LABELS) as (keyof typeof FULFILMENT_LABELS)[]).map((key) => ({
    key,
    label: FULFILMENT_LABELS[key],
    count: followUps.filter((followUp) => followUp.fulfilment === key).length,
  }))
  rows.push({ key: 'recurred', label: '有反复', count: followUps.filter((followUp) => followUp.recurred).length })
  rows.push({
    key: 'judicial_applied',
    label: '已申请司法确认',
    count: followUps.filter((followUp) => followUp.judicial === 'applied' || followUp.judicial === 'confirmed').length,
  })
  return rows.filter((row) => row.count > 0).map((row) => ({ ...row, count: suppress(row.count, exact) }))
}

/**
 * 待回访 on `today`: visits (7 and 30 days) that are due or overdue (followUpState) and not
 * answered by a recorded follow-up. The 司法确认 reminder is the parties' step, not a visit.
 */
export function dueVisits(params: {
  records: readonly { prompts: MediationRecord['followUps']; done: readonly Pick<FollowUpRecord, 'kind' | 'judicial'>[] }[]
  today: string
}): number {
  return params.records
    .flatMap((record) => openFollowUps(record))
    .filter((prompt) => prompt.kind !== 'judicial_confirmation')
    .filter((prompt) => {
      const state = followUpState({ kind: prompt.kind, dueOn: prompt.dueOn, today: params.today })
      return state === 'due' || state === 'overdue'
    }).length
}

/** Statistics by type, outcome, town and month, and the 回访, pure; `exact` only for a volunteer's own records. */
export function computeStats(params: {
  records: readonly StatsInput[]
  followUps: { done: readonly FollowUpStatsInput[]; due: number }
  scope: MediationStatsResponse['scope']
  exact: boolean
  labels: { type: Readonly<Record<string, string>>; outcome: Readonly<Record<string, string>> }
}): MediationStatsResponse {
  const mediations = params.records.filter((record) => record.kind === 'mediation')
  const zero = params.records.length - mediations.length
  return {
    scope: params.scope,
    total: suppress(mediations.length, params.exact),
    zeroReports: suppress(zero, params.exact),
    byType: countBy(mediations, (record) => record.disputeType, params.labels.type, params.exact),
    byOutcome: countBy(mediations, (record) => record.outcome, params.labels.outcome, params.exact),
    byTown: countBy(mediations, (record) => record.town, {}, params.exact),
    byMonth: countBy(mediations, (record) => record.month, {}, params.exact).sort((a, b) => a.key.localeCompare(b.key)),
    followUps: {
      done: suppress(params.followUps.done.length, params.exact),
      due: suppress(params.followUps.due, params.exact),
      byOutcome: followUpOutcomes(params.followUps.done, params.exact),
    },
  }
}

/** RFC 4180 CSV with a BOM, so Excel and WPS open the Chinese text correctly. */
export function toCsv(params: { header: string[]; rows: (string | number | null)[][] }): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value)
    // a leading = + - @ would run as a formula in a spreadsheet, and so would their full-width
    // forms ＝ ＋ － ＠ (WPS and Excel with a Chinese IME read them as the ASCII ones)
    const safe = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) ? `'${text}` : text
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  return `\uFEFF${[params.header, ...params.rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`
}
