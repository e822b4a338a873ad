import type { StationsService } from '../stations/stations.service'
import type { TownRegistry } from '../stations/towns'
import type { AppMetrics } from '../metrics/metrics'
import type { MediationRepository } from './mediation.repository'
import { MediationFollowUps } from './mediation-follow-ups.service'
import { MediationRecording } from './mediation-recording.service'
import { MediationRecords } from './mediation-records.service'
import { MediationReports } from './mediation-reports.service'

export type { CreateMediationResult, UpdateMediationResult } from './mediation-recording.service'

export type MediationsDeps = {
  repository: MediationRepository
  stations: StationsService
  registries: () => readonly TownRegistry[]
  now: () => Date
  /** records and follow-ups synced, counted for /metrics */
  metrics?: AppMetrics
}

/**
 * 法律明白人 mediation logs, made of the parts beside it; routes and 首页 call this one object. Who
 * sees what: a volunteer their own records, station staff their station's town, an administrator
 * their county; anything outside that is 404, as if absent (./mediation-records.service).
 */
export class MediationsService {
  private readonly records: MediationRecords
  private readonly recording: MediationRecording
  private readonly visits: MediationFollowUps
  private readonly reports: MediationReports

  constructor(deps: MediationsDeps) {
    this.records = new MediationRecords(deps)
    this.recording = new MediationRecording(deps, this.records)
    this.visits = new MediationFollowUps(deps, this.records)
    this.reports = new MediationReports(deps, this.records)
  }

  // —— reading records in the user's scope (./mediation-records.service) ——
  readonly get: MediationRecords['get'] = (params) => this.records.get(params)
  readonly list: MediationRecords['list'] = (params) => this.records.list(params)

  // —— recording and editing (./mediation-recording.service) ——
  readonly create: MediationRecording['create'] = (params) => this.recording.create(params)
  readonly update: MediationRecording['update'] = (params) => this.recording.update(params)

  // —— 回访 (./mediation-follow-ups.service) ——
  readonly createFollowUp: MediationFollowUps['createFollowUp'] = (params) => this.visits.createFollowUp(params)
  readonly followUps: MediationFollowUps['followUps'] = (params) => this.visits.followUps(params)

  // —— statistics and export (./mediation-reports.service) ——
  readonly stats: MediationReports['stats'] = (params) => this.reports.stats(params)
  readonly exportCsv: MediationReports['exportCsv'] = (params) => this.reports.exportCsv(params)
}
