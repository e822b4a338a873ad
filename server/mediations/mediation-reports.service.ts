import { addDays, chinaDate } from '../../contracts/china-time'
import {
  AGREEMENT_LABELS,
  DISPUTE_TYPE_LABELS,
  MEDIATION_OUTCOME_LABELS,
  MEDIATION_SOURCE_LABELS,
  describeFollowUp,
  type MediationStatsResponse,
} from '../../contracts/mediations'
import type { User } from '../auth/user.repository'
import { AppError } from '../errors/app-error'
import type { MediationRecords } from './mediation-records.service'
import type { MediationsDeps } from './mediations.service'
import { computeStats, dueVisits, toCsv } from './mediation-rules'
import { toRecord } from './mediation-view'

const CSV_HEADER = [
  '编号',
  '类型',
  '乡镇',
  '村（社区）',
  '日期或月份',
  '纠纷类型',
  '来源',
  '当事人数',
  '当事人',
  '简要情况',
  '结果',
  '转交给',
  '协议',
  '涉及金额（元）',
  '回访',
  '法律明白人',
  '登记时间',
  '版本',
]

/** What the records add up to: statistics for the user's scope, and the administrator's county export. */
export class MediationReports {
  constructor(
    private readonly deps: Pick<MediationsDeps, 'repository' | 'now'>,
    private readonly records: MediationRecords,
  ) {}

  async stats(params: { user: User; from?: string; to?: string }): Promise<MediationStatsResponse> {
    const scope = this.records.scopeOf(params.user)
    const rows = await this.deps.repository.list({ scope, fromMonth: params.from, toMonth: params.to })
    const today = chinaDate({ now: this.deps.now() })
    // 待回访 is as of today whatever the period: visits are due at most 30 + 30 days after the mediation
    const recent = await this.deps.repository.list({ scope, fromMonth: addDays({ date: today, days: -62 }).slice(0, 7) })
    const recentFollowUps = await this.records.followUpsByRecord(recent)
    const due = dueVisits({
      today,
      records: recent.map((row) => toRecord(row, '', recentFollowUps.get(row.id))).map((record) => ({ prompts: record.followUps, done: [] })),
    })
    const done = await this.deps.repository.listFollowUps({ scope, fromMonth: params.from, toMonth: params.to })
    return computeStats({
      records: rows.map((row) => ({ kind: row.kind, disputeType: row.dispute_type, outcome: row.outcome, town: row.town, month: row.month })),
      followUps: { done: done.map((row) => ({ fulfilment: row.fulfilment, recurred: row.recurred === 1, judicial: row.judicial })), due },
      scope: { level: scope.level, name: scope.name },
      exact: scope.level === 'volunteer',
      labels: { type: DISPUTE_TYPE_LABELS, outcome: MEDIATION_OUTCOME_LABELS },
    })
  }

  /** The administrator's county export: no phone numbers, parties as stored (张*). */
  async exportCsv(params: { user: User }): Promise<string> {
    if (params.user.role !== 'admin') throw AppError.notFound()
    const records = await this.records.withNames(await this.deps.repository.list({ scope: this.records.scopeOf(params.user) }))
    const label = <T extends string>(labels: Readonly<Record<T, string>>, value: T | null) => (value ? labels[value] : '')
    return toCsv({
      header: CSV_HEADER,
      rows: records.map((record) => [
        record.id,
        record.kind === 'zero_report' ? '零上报' : '调解',
        record.town,
        record.village,
        record.occurredOn ?? record.month,
        label(DISPUTE_TYPE_LABELS, record.disputeType),
        label(MEDIATION_SOURCE_LABELS, record.source),
        record.partiesCount,
        record.partyNames.join('、'),
        record.summary,
        label(MEDIATION_OUTCOME_LABELS, record.outcome),
        record.referredTo,
        label(AGREEMENT_LABELS, record.agreement),
        record.amountYuan,
        record.followUpsDone.map((followUp) => `${followUp.visitedOn} ${describeFollowUp(followUp)}${followUp.note ? `（${followUp.note}）` : ''}`).join('；'),
        record.volunteerName,
        record.createdAt,
        record.version,
      ]),
    })
  }
}
