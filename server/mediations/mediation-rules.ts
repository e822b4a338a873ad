import { addDays } from '../../contracts/china-time'
import type { MediationRecord, MediationStatsResponse } from '../../contracts/mediations'

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

/**
 * A summary is kept as long as the county keeps its 人民调解 records, so contact numbers typed into
 * it are masked before it is stored: mobile numbers as everywhere else (`138****1234`), 18-digit
 * ID-card numbers entirely. Parties are already reduced to their family name (contracts/mediations.ts).
 */
export function maskNumbersInSummary(text: string): string {
  return text
    .replace(/(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g, '（身份证号已隐去）')
    .replace(/(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])/g, '$1****$2')
}

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
export function mediationDateProblem(params: { kind: 'mediation'; occurredOn: string; today: string } | { kind: 'zero_report'; month: string; today: string }): string | null {
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

/** Statistics by type, outcome, town and month, pure; `exact` only for a volunteer's own records. */
export function computeStats(params: {
  records: readonly StatsInput[]
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
