import { randomUUID } from 'node:crypto'
import type { Correction, CorrectionRequest } from '../../contracts/station-keeping'
import type { User } from '../auth/user.repository'
import { AppError } from '../errors/app-error'
// the call-back phone never leaves the BFF whole (an administrator's 回电 is the one exception)
import { maskPhone } from '../bookings/booking-view'
import type { StationDirectory } from '../stations/station-directory'
import type { CorrectionRecord, StationKeepingRepository } from './station-keeping.repository'

export function toCorrection(record: CorrectionRecord): Correction {
  return {
    id: record.id,
    stationId: record.stationId,
    field: record.field,
    message: record.message,
    callbackPhone: record.callbackPhone === null ? null : maskPhone(record.callbackPhone),
    createdAt: record.createdAt,
    status: record.resolvedAt === null ? 'open' : 'resolved',
    resolvedAt: record.resolvedAt,
    resolvedBy: record.resolvedBy === null ? null : { name: record.resolvedBy.name, role: 'admin' },
    note: record.note,
    reports: record.reports,
  }
}

/**
 * Open corrections one station may have at once. A real station gets a handful between two visits
 * of the county; a flood fills only its own station's share (the same words fold into one, counted),
 * and the county's queue lists the newest first, so a real report elsewhere stays on top.
 */
export const OPEN_CORRECTIONS_PER_STATION = 20

export type RevealResult = { kind: 'revealed'; phone: string } | { kind: 'none' }

export type ResolveResult = { kind: 'resolved'; correction: Correction } | { kind: 'already_resolved' }

/**
 * Residents' 信息有误 reports: anyone may send one about a listed station (limited per address by
 * the route); it waits in the county's queue until an administrator resolves it with a note.
 */
export class CorrectionsService {
  constructor(private readonly deps: { repository: StationKeepingRepository; directory: StationDirectory; now: () => Date }) {}

  async report(params: { stationId: string; request: CorrectionRequest }): Promise<Correction> {
    const station = this.deps.directory.snapshot().byId.get(params.stationId)
    if (!station) throw AppError.notFound('没有这个服务站')
    const record: CorrectionRecord = {
      id: randomUUID(),
      stationId: station.id,
      county: station.county,
      field: params.request.field,
      message: params.request.message,
      callbackPhone: params.request.callbackPhone ?? null,
      createdAt: this.deps.now().toISOString(),
      resolvedAt: null,
      resolvedBy: null,
      note: null,
      reports: 1,
    }
    const filed = await this.deps.repository.fileCorrection({ record, openPerStation: OPEN_CORRECTIONS_PER_STATION })
    if (filed.kind === 'full') {
      throw AppError.of('CORRECTIONS_FULL', { limit: 'corrections-open-per-station' })
    }
    return toCorrection(filed.record)
  }

  async open(params: { county: string; limit: number }): Promise<Correction[]> {
    return (await this.deps.repository.openCorrections(params)).map(toCorrection)
  }

  /**
   * 回电: an administrator of the correction's county sees its whole call-back number, and the look
   * is recorded (who, when). Answers are masked everywhere else; none left (not given, or erased) is `none`.
   */
  async revealPhone(params: { user: User; id: string }): Promise<RevealResult> {
    const record = await this.deps.repository.findCorrection(params.id)
    if (!record || params.user.role !== 'admin' || params.user.county === null || params.user.county !== record.county) throw AppError.notFound('没有这条纠错')
    const phone = await this.deps.repository.revealCorrectionPhone({ id: record.id, by: params.user.id, at: this.deps.now().toISOString() })
    return phone === null ? { kind: 'none' } : { kind: 'revealed', phone }
  }

  /** An administrator of the correction's county resolves it once; another county's is 404. */
  async resolve(params: { user: User; id: string; note: string }): Promise<ResolveResult> {
    const record = await this.deps.repository.findCorrection(params.id)
    if (!record || params.user.role !== 'admin' || params.user.county === null || params.user.county !== record.county) throw AppError.notFound('没有这条纠错')
    if (record.resolvedAt !== null) return { kind: 'already_resolved' }
    const at = this.deps.now().toISOString()
    const by = { id: params.user.id, name: params.user.displayName }
    if (!(await this.deps.repository.resolveCorrection({ id: record.id, by, note: params.note, at }))) return { kind: 'already_resolved' }
    return { kind: 'resolved', correction: toCorrection({ ...record, resolvedAt: at, resolvedBy: by, note: params.note }) }
  }
}
