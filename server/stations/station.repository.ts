import type { Kysely } from 'kysely'
import { stationSchema, type Station } from '../../contracts/station'
import type { DatabaseSchema } from '../storage/schema'
import type { StationOverlay } from './station-overlay'
import { listOverlays, overlayStamp } from './station-overlay.repository'

export interface StationRepository {
  /** Inserts or replaces by id, all in one transaction; returns how many were new. */
  upsertMany(params: { stations: readonly Station[]; importedAt: string }): Promise<{ created: number; updated: number }>
  list(): Promise<Station[]>
  /** what stations' staff and the county keep over the directory (server/stations/station-overlay.ts) */
  listOverlays(): Promise<StationOverlay[]>
  /** changes whenever any overlay changes; cheap to read */
  overlayStamp(): Promise<number>
}

export class KyselyStationRepository implements StationRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async upsertMany(params: { stations: readonly Station[]; importedAt: string }): Promise<{ created: number; updated: number }> {
    return this.db.transaction().execute(async (trx) => {
      let created = 0
      let updated = 0
      for (const station of params.stations) {
        const existing = await trx.selectFrom('stations').select('id').where('id', '=', station.id).executeTakeFirst()
        const row = { id: station.id, county: station.county, station: JSON.stringify(station), imported_at: params.importedAt }
        await trx
          .insertInto('stations')
          .values(row)
          .onConflict((conflict) => conflict.column('id').doUpdateSet({ county: row.county, station: row.station, imported_at: row.imported_at }))
          .execute()
        if (existing) updated += 1
        else created += 1
      }
      return { created, updated }
    })
  }

  listOverlays(): Promise<StationOverlay[]> {
    return listOverlays(this.db)
  }

  overlayStamp(): Promise<number> {
    return overlayStamp(this.db)
  }

  async list(): Promise<Station[]> {
    const rows = await this.db.selectFrom('stations').select(['station']).orderBy('id').execute()
    // stored rows were validated on import; parsing again guards against a hand-edited database
    return rows.flatMap((row) => {
      const parsed = stationSchema.safeParse(JSON.parse(row.station))
      return parsed.success ? [parsed.data] : []
    })
  }
}
