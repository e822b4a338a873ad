import { addDays, chinaDate } from '../../contracts/china-time'
import {
  DISPUTE_TYPE_LABELS,
  MEDIATION_OUTCOME_LABELS,
  MEDIATION_SOURCE_LABELS,
  AGREEMENT_LABELS,
  describeFollowUp,
  followUpState,
  type CreateFollowUpRequest,
  type CreateMediationRequest,
  type FollowUpRecord,
  type MediationRecord,
  type MediationStatsResponse,
} from '../../contracts/mediations'
import type { ApiErrorField } from '../../contracts'
import type { User } from '../auth/user.repository'
import { AppError } from '../errors/app-error'
import type { StationsService } from '../stations/stations.service'
import { isRegistryCounty, resolveTown, type TownRegistry } from '../stations/towns'
import type { FollowUpRow, MediationRepository, MediationRow, MediationScope } from './mediation.repository'
import type { AppMetrics } from '../metrics/metrics'
import {
  computeStats,
  dueVisits,
  editableUntil,
  followUpProblems,
  followUpsFor,
  maskNumbersInSummary,
  mediationDateProblem,
  openFollowUps,
  toCsv,
} from './mediation-rules'

/** A village or community as people write it: Chinese characters, digits, brackets, `·`. */
const PLACE_NAME = /^[\p{Script=Han}0-9０-９()（）·]+$/u

function toFollowUp(row: FollowUpRow): FollowUpRecord {
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
function toRecord(row: MediationRow, volunteerName: string, followUpRows: readonly FollowUpRow[] = []): MediationRecord {
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

/** A record sent once more (a retried sync) returns what is stored: `existing`, not `created`. */
export type CreateMediationResult = { kind: 'created' | 'existing'; record: MediationRecord }

/** `conflict`: the record changed since the editor's version; `current` is what is stored now (null: gone). */
export type UpdateMediationResult = { kind: 'updated'; record: MediationRecord } | { kind: 'conflict'; current: MediationRecord | null }

/**
 * 法律明白人 mediation logs. Who sees what: a volunteer their own records, station staff their
 * station's town, an administrator their county; anything outside that is 404, as if absent.
 */
export class MediationsService {
  /** `metrics`: records and follow-ups synced, counted for /metrics */
  constructor(
    private readonly deps: {
      repository: MediationRepository
      stations: StationsService
      registries: () => readonly TownRegistry[]
      now: () => Date
      metrics?: AppMetrics
    },
  ) {}

  private scopeOf(user: User): MediationScope & { level: MediationStatsResponse['scope']['level']; name: string } {
    switch (user.role) {
      case 'volunteer':
        return { volunteerId: user.id, level: 'volunteer', name: user.displayName }
      case 'staff': {
        if (!user.stationId) throw AppError.notFound()
        const station = this.deps.stations.find(user.stationId)
        // the county centre has no town: its staff see the county, as the centre oversees it
        return station.town ? { town: station.town, level: 'town', name: station.town } : { county: station.county, level: 'county', name: station.county }
      }
      case 'admin':
        if (!user.county) throw AppError.notFound()
        return { county: user.county, level: 'county', name: user.county }
    }
  }

  private inScope(user: User, row: MediationRow): boolean {
    const scope = this.scopeOf(user)
    return (
      (!scope.volunteerId || row.volunteer_id === scope.volunteerId) &&
      (!scope.town || row.town === scope.town) &&
      (!scope.county || row.county === scope.county)
    )
  }

  /**
   * The town as the county's registry names it (a former name or a bare stem resolves to it), or
   * null when it is not a town of the volunteer's county. Without a registry for that county, the
   * towns its listed stations name; without those either, a place-like name is taken as written.
   */
  private officialTown(params: { user: User; town: string }): string | null {
    const all = this.deps.registries()
    const county = params.user.county
    const registries = county === null ? all : all.filter((registry) => isRegistryCounty({ name: county, registry }))
    if (registries.length > 0) {
      for (const registry of registries) {
        const match = resolveTown({ name: params.town, registry })
        if (match) return match.town.name
      }
      return null
    }
    const listed = this.deps.stations
      .towns()
      .counties.filter((entry) => county === null || entry.county === county)
      .flatMap((entry) => entry.towns.map((town) => town.name))
    if (listed.length > 0) return listed.includes(params.town) ? params.town : null
    return PLACE_NAME.test(params.town) ? params.town : null
  }

  /** A village the directory lists for that town (when it lists any), the volunteer's own, or a place-like name. */
  private villageKnown(params: { user: User; town: string; village: string }): boolean {
    if (params.village === params.user.village) return true
    const listed = this.deps.stations
      .towns()
      .counties.filter((entry) => params.user.county === null || entry.county === params.user.county)
      .flatMap((entry) => entry.towns.filter((town) => town.name === params.town).flatMap((town) => town.villages))
    if (listed.length > 0) return listed.includes(params.village)
    return PLACE_NAME.test(params.village)
  }

  /** Records name real places and plausible dates; every problem is a 400 naming its field. */
  private checkedPlaceAndDate(params: { user: User; input: CreateMediationRequest; fieldPrefix: string }): { town: string } {
    const { input, user } = params
    const fields: ApiErrorField[] = []
    const town = this.officialTown({ user, town: input.town })
    // a volunteer serves their own town (added with --town): another town's list and stats are not theirs to fill
    if (town !== null && user.town !== null && town !== user.town) {
      const message = `只能记本乡镇（${user.town}）的调解和零上报`
      throw AppError.of('OTHER_TOWN', { message, fields: [{ path: `${params.fieldPrefix}town`, message }] })
    }
    if (town === null) fields.push({ path: `${params.fieldPrefix}town`, message: '不是本县的乡镇（街道），请从列表中选择' })
    else if (!this.villageKnown({ user, town, village: input.village }))
      fields.push({ path: `${params.fieldPrefix}village`, message: '不是这个乡镇的村（社区），请只写村（社区）名称' })
    const today = chinaDate({ now: this.deps.now() })
    const dateProblem =
      input.kind === 'mediation'
        ? mediationDateProblem({ kind: 'mediation', occurredOn: input.occurredOn, today })
        : mediationDateProblem({ kind: 'zero_report', month: input.month, today })
    if (dateProblem) fields.push({ path: `${params.fieldPrefix}${input.kind === 'mediation' ? 'occurredOn' : 'month'}`, message: dateProblem })
    if (town === null || fields.length > 0) {
      throw AppError.of('VALIDATION_FAILED', { message: fields.map((field) => field.message).join('；'), fields })
    }
    return { town }
  }

  private toRow(params: {
    user: User
    input: CreateMediationRequest
    version: number
    createdAt: string
    updatedAt: string
    fieldPrefix?: string
  }): MediationRow {
    const { input, user } = params
    const { town } = this.checkedPlaceAndDate({ user, input, fieldPrefix: params.fieldPrefix ?? '' })
    const common = {
      id: input.id,
      kind: input.kind,
      version: params.version,
      volunteer_id: user.id,
      county: user.county ?? '',
      town,
      village: input.village,
      created_at: params.createdAt,
      updated_at: params.updatedAt,
    }
    if (input.kind === 'zero_report') {
      return {
        ...common,
        occurred_on: null,
        month: input.month,
        dispute_type: null,
        source: null,
        parties_count: null,
        party_names: '[]',
        summary: '',
        outcome: null,
        referred_to: null,
        agreement: null,
        amount_yuan: null,
        involves_payment: 0,
      }
    }
    return {
      ...common,
      occurred_on: input.occurredOn,
      month: input.occurredOn.slice(0, 7),
      dispute_type: input.disputeType,
      source: input.source,
      parties_count: input.partiesCount,
      party_names: JSON.stringify(input.partyNames ?? []),
      summary: maskNumbersInSummary(input.summary),
      outcome: input.outcome,
      referred_to: input.outcome === 'referred' ? (input.referredTo ?? null) : null,
      agreement: input.agreement,
      amount_yuan: input.amountYuan ?? null,
      involves_payment: input.involvesPayment ? 1 : 0,
    }
  }

  /** A client-generated id makes a retried sync store once: an existing id returns what is stored. */
  async create(params: { user: User; input: CreateMediationRequest }): Promise<CreateMediationResult> {
    if (params.user.role !== 'volunteer') throw AppError.notFound()
    const existing = await this.deps.repository.findById(params.input.id)
    if (existing) {
      if (existing.volunteer_id !== params.user.id) throw AppError.of('ID_TAKEN', { fields: [{ path: 'id', message: '已被使用' }] })
      this.deps.metrics?.mediationSynced('existing')
      return { kind: 'existing', record: await this.withFollowUps(existing, params.user.displayName) }
    }
    const now = this.deps.now().toISOString()
    const { created, row } = await this.deps.repository.insert({
      row: this.toRow({ user: params.user, input: params.input, version: 1, createdAt: now, updatedAt: now }),
      changedBy: params.user.id,
    })
    if (!created && row.volunteer_id !== params.user.id) throw AppError.of('ID_TAKEN')
    this.deps.metrics?.mediationSynced(created ? 'created' : 'existing')
    return { kind: created ? 'created' : 'existing', record: await this.withFollowUps(row, params.user.displayName) }
  }

  private async withFollowUps(row: MediationRow, volunteerName: string): Promise<MediationRecord> {
    return toRecord(row, volunteerName, await this.deps.repository.followUpsOf([row.id]))
  }

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
      return { kind: 'existing', record: await this.withFollowUps(row, params.user.displayName) }
    }
    const record = await this.withFollowUps(row, params.user.displayName)
    const prompts = followUpsFor(record)
    const problems = followUpProblems({
      kind: params.input.kind,
      visitedOn: params.input.visitedOn,
      prompts,
      occurredOn: row.occurred_on,
      today: chinaDate({ now: this.deps.now() }),
    })
    if (problems.length > 0) throw AppError.of('VALIDATION_FAILED', { message: problems.map((problem) => problem.message).join('；'), fields: problems })
    if (record.followUpsDone.some((done) => done.kind === params.input.kind))
      throw AppError.of('FOLLOW_UP_RECORDED', { message: '这次回访已经记过了，请刷新看看' })
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
    if (result.kind === 'prompt-taken') throw AppError.of('FOLLOW_UP_RECORDED', { message: '这次回访已经记过了，请刷新看看' })
    if (result.row.record_id !== row.id) throw taken()
    this.deps.metrics?.followUpSynced(result.kind)
    return { kind: result.kind, record: await this.withFollowUps(row, params.user.displayName) }
  }

  async update(params: { user: User; id: string; version: number; input: CreateMediationRequest }): Promise<UpdateMediationResult> {
    const current = await this.deps.repository.findById(params.id)
    if (!current || params.user.role !== 'volunteer' || current.volunteer_id !== params.user.id) throw AppError.notFound('没有这条记录')
    if (params.input.id !== params.id)
      throw AppError.of('VALIDATION_FAILED', { message: '记录编号和地址不一致', fields: [{ path: 'record.id', message: '应与地址中的编号相同' }] })
    const now = this.deps.now()
    if (now.toISOString() > editableUntil(current.created_at)) {
      throw AppError.of('EDIT_WINDOW_CLOSED')
    }
    if (params.version !== current.version) return { kind: 'conflict', current: await this.withFollowUps(current, params.user.displayName) }
    const row = {
      ...this.toRow({
        user: params.user,
        input: params.input,
        version: current.version + 1,
        createdAt: current.created_at,
        updatedAt: now.toISOString(),
        fieldPrefix: 'record.',
      }),
      county: current.county,
    }
    const saved = await this.deps.repository.update({ row, expectedVersion: params.version, changedBy: params.user.id })
    if (!saved) {
      const latest = await this.deps.repository.findById(params.id)
      return { kind: 'conflict', current: latest ? await this.withFollowUps(latest, params.user.displayName) : null }
    }
    return { kind: 'updated', record: await this.withFollowUps(saved, params.user.displayName) }
  }

  private async withNames(rows: MediationRow[]): Promise<MediationRecord[]> {
    const names = new Map(
      (await this.deps.repository.volunteerNames([...new Set(rows.map((row) => row.volunteer_id))])).map((entry) => [entry.id, entry.display_name]),
    )
    const followUps = await this.followUpsByRecord(rows)
    return rows.map((row) => toRecord(row, names.get(row.volunteer_id) ?? '', followUps.get(row.id)))
  }

  /** Only successful mediations have follow-ups: the others are not looked up. */
  private async followUpsByRecord(rows: readonly MediationRow[]): Promise<Map<string, FollowUpRow[]>> {
    const byRecord = new Map<string, FollowUpRow[]>()
    const ids = rows.filter((row) => row.kind === 'mediation' && row.outcome === 'success').map((row) => row.id)
    for (let at = 0; at < ids.length; at += 500) {
      for (const followUp of await this.deps.repository.followUpsOf(ids.slice(at, at + 500)))
        byRecord.set(followUp.record_id, [...(byRecord.get(followUp.record_id) ?? []), followUp])
    }
    return byRecord
  }

  async get(params: { user: User; id: string }): Promise<MediationRecord> {
    const row = await this.deps.repository.findById(params.id)
    if (!row || !this.inScope(params.user, row)) throw AppError.notFound('没有这条记录')
    return (await this.withNames([row]))[0]
  }

  async list(params: { user: User }): Promise<{ records: MediationRecord[] }> {
    return { records: await this.withNames(await this.deps.repository.list({ scope: this.scopeOf(params.user), limit: 500 })) }
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
    const followUps = await this.followUpsByRecord(rows)
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

  async stats(params: { user: User; from?: string; to?: string }): Promise<MediationStatsResponse> {
    const scope = this.scopeOf(params.user)
    const rows = await this.deps.repository.list({ scope, fromMonth: params.from, toMonth: params.to })
    const today = chinaDate({ now: this.deps.now() })
    // 待回访 is as of today whatever the period: visits are due at most 30 + 30 days after the mediation
    const recent = await this.deps.repository.list({ scope, fromMonth: addDays({ date: today, days: -62 }).slice(0, 7) })
    const recentFollowUps = await this.followUpsByRecord(recent)
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
    const records = await this.withNames(await this.deps.repository.list({ scope: this.scopeOf(params.user) }))
    const label = <T extends string>(labels: Readonly<Record<T, string>>, value: T | null) => (value ? labels[value] : '')
    return toCsv({
      header: [
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
      ],
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
