import { chinaDate } from '../../contracts/china-time'
import type { CreateMediationRequest, MediationRecord } from '../../contracts/mediations'
import type { ApiErrorField } from '../../contracts'
import type { User } from '../auth/user.repository'
import { AppError } from '../errors/app-error'
import { isRegistryCounty, resolveTown } from '../stations/towns'
import type { MediationRow } from './mediation.repository'
import type { MediationRecords } from './mediation-records.service'
import type { MediationsDeps } from './mediations.service'
import { editableUntil, maskNumbersInSummary, mediationDateProblem } from './mediation-rules'

/** A village or community as people write it: Chinese characters, digits, brackets, `·`. */
const PLACE_NAME = /^[\p{Script=Han}0-9０-９()（）·]+$/u

/** A record sent once more (a retried sync) returns what is stored: `existing`, not `created`. */
export type CreateMediationResult = { kind: 'created' | 'existing'; record: MediationRecord }

/** `conflict`: the record changed since the editor's version; `current` is what is stored now (null: gone). */
export type UpdateMediationResult = { kind: 'updated'; record: MediationRecord } | { kind: 'conflict'; current: MediationRecord | null }

/** The row a volunteer's record is stored as, in the town already checked; summaries keep no numbers. */
function mediationRow(params: {
  user: User
  input: CreateMediationRequest
  town: string
  version: number
  createdAt: string
  updatedAt: string
}): MediationRow {
  const { input, user } = params
  const common = {
    id: input.id,
    kind: input.kind,
    version: params.version,
    volunteer_id: user.id,
    county: user.county ?? '',
    town: params.town,
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

/** A volunteer records a mediation or a month's zero report, and edits it while the edit window is open. */
export class MediationRecording {
  constructor(
    private readonly deps: Pick<MediationsDeps, 'repository' | 'stations' | 'registries' | 'now' | 'metrics'>,
    private readonly records: MediationRecords,
  ) {}

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
    const { town } = this.checkedPlaceAndDate({ user: params.user, input: params.input, fieldPrefix: params.fieldPrefix ?? '' })
    return mediationRow({ ...params, town })
  }

  /** A client-generated id makes a retried sync store once: an existing id returns what is stored. */
  async create(params: { user: User; input: CreateMediationRequest }): Promise<CreateMediationResult> {
    if (params.user.role !== 'volunteer') throw AppError.notFound()
    const existing = await this.deps.repository.findById(params.input.id)
    if (existing) {
      if (existing.volunteer_id !== params.user.id) throw AppError.of('ID_TAKEN', { fields: [{ path: 'id', message: '已被使用' }] })
      this.deps.metrics?.mediationSynced('existing')
      return { kind: 'existing', record: await this.records.withFollowUps(existing, params.user.displayName) }
    }
    const now = this.deps.now().toISOString()
    const { created, row } = await this.deps.repository.insert({
      row: this.toRow({ user: params.user, input: params.input, version: 1, createdAt: now, updatedAt: now }),
      changedBy: params.user.id,
    })
    if (!created && row.volunteer_id !== params.user.id) throw AppError.of('ID_TAKEN')
    this.deps.metrics?.mediationSynced(created ? 'created' : 'existing')
    return { kind: created ? 'created' : 'existing', record: await this.records.withFollowUps(row, params.user.displayName) }
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
    if (params.version !== current.version) return { kind: 'conflict', current: await this.records.withFollowUps(current, params.user.displayName) }
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
      return { kind: 'conflict', current: latest ? await this.records.withFollowUps(latest, params.user.displayName) : null }
    }
    return { kind: 'updated', record: await this.records.withFollowUps(saved, params.user.displayName) }
  }
}
