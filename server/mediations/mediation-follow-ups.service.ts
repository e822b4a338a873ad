import { chinaDate } from '../../contracts/china-time'
import { followUpState, type CreateFollowUpRequest } from '../../contracts/mediations'
import type { User } from '../auth/user.repository'
import { AppError } from '../errors/app-error'
import type { MediationRecords } from './mediation-records.service'
import type { CreateMediationResult } from './mediation-recording.service'
import type { MediationsDeps } from './mediations.service'
import { followUpProblems, followUpsFor, maskNumbersInSummary } from './mediation-rules'
import { toRecord } from './mediation-view'

const followUpRecorded = () => AppError.of('FOLLOW_UP_RECORDED', { message: '这次回访已经记过了，请刷新看看' })

/** 回访 after a successful mediation: what a volunteer records, and the visits 首页 lists as due. */
export class MediationFollowUps {
  constructor(
    private readonly deps: Pick<MediationsDeps, 'repository' | 'now' | 'metrics'>,
    private readonly records: MediationRecords,
  ) {}

  /**
   * 回访 on one of the volunteer's own records (anyone else's, or none: 404). The phone's id makes
   * a retried sync store once (200 with the record as stored); a second follow-up for the same
   * prompt under another id is 409 FOLLOW_UP_RECORDED. The note's numbers are masked like a summary's.
   */
  async createFollowUp(params: { user: User; recordId: string; input: CreateFollowUpRequest }): Promise<CreateMediationResult> {
    const row = await this.deps.repository.findById(params.recordId)
    if (!row || params.user.role !== 'volunteer' || row.volunteer_id !== params.user.id) throw AppError.notFound('没有这条记录')
    const taken = () => AppError.of('ID_TAKEN', { message: '回访编号冲突，请重新生成后再提交', fields: [{ path: 'id', message: '已被使用' }] })
    const stored = await this.deps.repository.findFollowUp(params.input.id)
    if (stored) {
      if (stored.record_id !== row.id) throw taken()
      this.deps.metrics?.followUpSynced('existing')
      return { kind: 'existing', record: await this.records.withFollowUps(row, params.user.displayName) }
    }
    const record = await this.records.withFollowUps(row, params.user.displayName)
    const prompts = followUpsFor(record)
    const problems = followUpProblems({
      kind: params.input.kind,
      visitedOn: params.input.visitedOn,
      prompts,
      occurredOn: row.occurred_on,
      today: chinaDate({ now: this.deps.now() }),
    })
    if (problems.length > 0) throw AppError.of('VALIDATION_FAILED', { message: problems.map((problem) => problem.message).join('；'), fields: problems })
    if (record.followUpsDone.some((done) => done.kind === params.input.kind)) throw followUpRecorded()
    const result = await this.deps.repository.insertFollowUp({
      id: params.input.id,
      record_id: row.id,
      volunteer_id: row.volunteer_id,
      county: row.county,
      town: row.town,
      kind: params.input.kind,
      visited_on: params.input.visitedOn,
      fulfilment: params.input.fulfilment,
      recurred: params.input.recurred ? 1 : 0,
      judicial: params.input.judicial,
      note: maskNumbersInSummary(params.input.note),
      created_at: this.deps.now().toISOString(),
    })
    if (result.kind === 'prompt-taken') throw followUpRecorded()
    if (result.row.record_id !== row.id) throw taken()
    this.deps.metrics?.followUpSynced(result.kind)
    return { kind: result.kind, record: await this.records.withFollowUps(row, params.user.displayName) }
  }

  /**
   * 首页's 待回访: the open prompts of the volunteer's records that are on the list today
   * (followUpState: visits from 7 days ahead to 30 days overdue, the 司法确认 reminder until its
   * day). A recorded follow-up takes its prompt off at once.
   */
  async followUps(params: { user: User; withinDays?: number }) {
    if (params.user.role !== 'volunteer') return { followUps: [] }
    // a China date: between 00:00 and 08:00 the UTC date would still be yesterday's
    const today = chinaDate({ now: this.deps.now() })
    const rows = await this.deps.repository.list({ scope: { volunteerId: params.user.id }, limit: 500 })
    const followUps = await this.records.followUpsByRecord(rows)
    return {
      followUps: rows
        .map((row) => toRecord(row, params.user.displayName, followUps.get(row.id)))
        .flatMap((record) =>
          record.followUps.map((followUp) => ({ ...followUp, recordId: record.id, village: record.village, disputeType: record.disputeType })),
        )
        .filter((followUp) => followUpState({ kind: followUp.kind, dueOn: followUp.dueOn, today, aheadDays: params.withinDays }) !== null)
        .sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
    }
  }
}
