import { chinaDate } from '../../contracts/china-time'
import {
  DISPUTE_TYPE_LABELS,
  MEDIATION_OUTCOME_LABELS,
  MEDIATION_SOURCE_LABELS,
  AGREEMENT_LABELS,
  type CreateMediationRequest,
  type MediationRecord,
  type MediationStatsResponse,
} from '../../contracts/mediations'
import type { ApiErrorField } from '../../contracts'
import type { User } from '../auth/user.repository'
import { shanghaiDate } from '../bookings/slot-generation'
import { AppError } from '../http/app-error'
import type { StationsService } from '../stations/stations.service'
import { isRegistryCounty, resolveTown, type TownRegistry } from '../stations/towns'
import type { MediationRepository, MediationRow, MediationScope } from './mediation.repository'
import { computeStats, editableUntil, followUpsFor, maskNumbersInSummary, mediationDateProblem, toCsv } from './mediation-rules'

/** A village or community as people write it: Chinese characters, digits, brackets, `·`. */
const PLACE_NAME = /^[\p{Script=Han}0-9０-９()（）·]+$/u

function toRecord(row: MediationRow, volunteerName: string): MediationRecord {
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
    followUps: followUpsFor(base),
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
  constructor(private readonly deps: { repository: MediationRepository; stations: StationsService; registries: () => readonly TownRegistry[]; now: () => Date }) {}

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
    return (!scope.volunteerId || row.volunteer_id === scope.volunteerId) && (!scope.town || row.town === scope.town) && (!scope.county || row.county === scope.county)
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
    const listed = this.deps.stations.towns().counties.filter((entry) => county === null || entry.county === county).flatMap((entry) => entry.towns.map((town) => town.name))
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
    if (town === null) fields.push({ path: `${params.fieldPrefix}town`, message: '不是本县的乡镇（街道），请从列表中选择' })
    else if (!this.villageKnown({ user, town, village: input.village })) fields.push({ path: `${params.fieldPrefix}village`, message: '不是这个乡镇的村（社区），请只写村（社区）名称' })
    const today = shanghaiDate(this.deps.now())
    const dateProblem = input.kind === 'mediation' ? mediationDateProblem({ kind: 'mediation', occurredOn: input.occurredOn, today }) : mediationDateProblem({ kind: 'zero_report', month: input.month, today })
    if (dateProblem) fields.push({ path: `${params.fieldPrefix}${input.kind === 'mediation' ? 'occurredOn' : 'month'}`, message: dateProblem })
    if (town === null || fields.length > 0) {
      throw new AppError({ status: 400, code: 'VALIDATION_FAILED', message: fields.map((field) => field.message).join('；'), fields })
    }
    return { town }
  }

  private toRow(params: { user: User; input: CreateMediationRequest; version: number; createdAt: string; updatedAt: string; fieldPrefix?: string }): MediationRow {
    const { input, user } = params
    const { town } = this.checkedPlaceAndDate({ user, input, fieldPrefix: params.fieldPrefix ?? '' })
    const common = { id: input.id, kind: input.kind, version: params.version, volunteer_id: user.id, county: user.county ?? '', town, village: input.village, created_at: params.createdAt, updated_at: params.updatedAt }
    if (input.kind === 'zero_report') {
      return { ...common, occurred_on: null, month: input.month, dispute_type: null, source: null, parties_count: null, party_names: '[]', summary: '', outcome: null, referred_to: null, agreement: null, amount_yuan: null, involves_payment: 0 }
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
      if (existing.volunteer_id !== params.user.id) throw new AppError({ status: 409, code: 'ID_TAKEN', message: '记录编号冲突，请重新生成后再提交', fields: [{ path: 'id', message: '已被使用' }] })
      return { kind: 'existing', record: toRecord(existing, params.user.displayName) }
    }
    const now = this.deps.now().toISOString()
    const { created, row } = await this.deps.repository.insert({ row: this.toRow({ user: params.user, input: params.input, version: 1, createdAt: now, updatedAt: now }), changedBy: params.user.id })
    if (!created && row.volunteer_id !== params.user.id) throw new AppError({ status: 409, code: 'ID_TAKEN', message: '记录编号冲突，请重新生成后再提交' })
    return { kind: created ? 'created' : 'existing', record: toRecord(row, params.user.displayName) }
  }

  async update(params: { user: User; id: string; version: number; input: CreateMediationRequest }): Promise<UpdateMediationResult> {
    const current = await this.deps.repository.findById(params.id)
    if (!current || params.user.role !== 'volunteer' || current.volunteer_id !== params.user.id) throw AppError.notFound('没有这条记录')
    if (params.input.id !== params.id) throw new AppError({ status: 400, code: 'VALIDATION_FAILED', message: '记录编号和地址不一致', fields: [{ path: 'record.id', message: '应与地址中的编号相同' }] })
    const now = this.deps.now()
    if (now.toISOString() > editableUntil(current.created_at)) {
      throw new AppError({ status: 409, code: 'EDIT_WINDOW_CLOSED', message: '记录超过 7 天，不能再修改；如需更正请联系司法所' })
    }
    if (params.version !== current.version) return { kind: 'conflict', current: toRecord(current, params.user.displayName) }
    const row = { ...this.toRow({ user: params.user, input: params.input, version: current.version + 1, createdAt: current.created_at, updatedAt: now.toISOString(), fieldPrefix: 'record.' }), county: current.county }
    const saved = await this.deps.repository.update({ row, expectedVersion: params.version, changedBy: params.user.id })
    if (!saved) {
      const latest = await this.deps.repository.findById(params.id)
      return { kind: 'conflict', current: latest ? toRecord(latest, params.user.displayName) : null }
    }
    return { kind: 'updated', record: toRecord(saved, params.user.displayName) }
  }

  private async withNames(rows: MediationRow[]): Promise<MediationRecord[]> {
    const names = new Map((await this.deps.repository.volunteerNames([...new Set(rows.map((row) => row.volunteer_id))])).map((entry) => [entry.id, entry.display_name]))
    return rows.map((row) => toRecord(row, names.get(row.volunteer_id) ?? ''))
  }

  async get(params: { user: User; id: string }): Promise<MediationRecord> {
    const row = await this.deps.repository.findById(params.id)
    if (!row || !this.inScope(params.user, row)) throw AppError.notFound('没有这条记录')
    return (await this.withNames([row]))[0]
  }

  async list(params: { user: User }): Promise<{ records: MediationRecord[] }> {
    return { records: await this.withNames(await this.deps.repository.list({ scope: this.scopeOf(params.user), limit: 500 })) }
  }

  async followUps(params: { user: User; withinDays?: number }) {
    if (params.user.role !== 'volunteer') return { followUps: [] }
    // a China date: between 00:00 and 08:00 the UTC date would still be yesterday's
    const horizon = chinaDate({ now: this.deps.now(), offsetDays: params.withinDays ?? 7 })
    const rows = await this.deps.repository.list({ scope: { volunteerId: params.user.id }, limit: 500 })
    return {
      followUps: rows
        .map((row) => toRecord(row, params.user.displayName))
        .flatMap((record) => record.followUps.map((followUp) => ({ ...followUp, recordId: record.id, village: record.village, disputeType: record.disputeType })))
        .filter((followUp) => followUp.dueOn <= horizon)
        .sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
    }
  }

  async stats(params: { user: User; from?: string; to?: string }): Promise<MediationStatsResponse> {
    const scope = this.scopeOf(params.user)
    const rows = await this.deps.repository.list({ scope, fromMonth: params.from, toMonth: params.to })
    return computeStats({
      records: rows.map((row) => ({ kind: row.kind, disputeType: row.dispute_type, outcome: row.outcome, town: row.town, month: row.month })),
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
      header: ['编号', '类型', '乡镇', '村（社区）', '日期或月份', '纠纷类型', '来源', '当事人数', '当事人', '简要情况', '结果', '转交给', '协议', '涉及金额（元）', '法律明白人', '登记时间', '版本'],
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
        record.volunteerName,
        record.createdAt,
        record.version,
      ]),
    })
  }
}
