import type { MediationRecord, MediationStatsResponse } from '../../contracts/mediations'
import type { User } from '../auth/user.repository'
import { AppError } from '../errors/app-error'
import type { FollowUpRow, MediationRow, MediationScope } from './mediation.repository'
import type { MediationsDeps } from './mediations.service'
import { toRecord } from './mediation-view'

/** Where a user's view of the records reaches, with the name and level its statistics are titled by. */
export type ScopeOfUser = MediationScope & { level: MediationStatsResponse['scope']['level']; name: string }

/**
 * Records as a user may read them: a volunteer their own, station staff their station's town, an
 * administrator their county; anything outside that is 404, as if absent.
 */
export class MediationRecords {
  constructor(private readonly deps: Pick<MediationsDeps, 'repository' | 'stations'>) {}

  scopeOf(user: User): ScopeOfUser {
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

  async withFollowUps(row: MediationRow, volunteerName: string): Promise<MediationRecord> {
    return toRecord(row, volunteerName, await this.deps.repository.followUpsOf([row.id]))
  }

  async withNames(rows: MediationRow[]): Promise<MediationRecord[]> {
    const names = new Map(
      (await this.deps.repository.volunteerNames([...new Set(rows.map((row) => row.volunteer_id))])).map((entry) => [entry.id, entry.display_name]),
    )
    const followUps = await this.followUpsByRecord(rows)
    return rows.map((row) => toRecord(row, names.get(row.volunteer_id) ?? '', followUps.get(row.id)))
  }

  /** Only successful mediations have follow-ups: the others are not looked up. */
  async followUpsByRecord(rows: readonly MediationRow[]): Promise<Map<string, FollowUpRow[]>> {
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
}
