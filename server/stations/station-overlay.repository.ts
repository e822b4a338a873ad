import type { Kysely } from 'kysely'
import { stationFactsSchema, type StationFacts } from '../../contracts/station-keeping'
import type { DatabaseSchema, StationOverlaysTable } from '../storage/schema'
import type { OverlayState, StationOverlay } from './station-overlay'

/** Reading what stations keep (station_overlays): the directory applies it; server/station-keeping writes it. */

const facts = (text: string): StationFacts => stationFactsSchema.parse(JSON.parse(text))
export const factsOrNull = (text: string | null): StationFacts | null => (text === null ? null : facts(text))

export function toOverlay(row: StationOverlaysTable): StationOverlay | null {
  if (row.status !== 'verified' && row.status !== 'self_reported') return null
  const previous = row.previous === null ? null : (JSON.parse(row.previous) as OverlayState)
  return {
    stationId: row.station_id,
    county: row.county,
    facts: facts(row.facts),
    status: row.status === 'verified' ? 'verified' : 'self_reported',
    origin: row.origin === 'admin' ? 'admin' : 'staff',
    version: row.version,
    reportedAt: row.reported_at,
    reportedBy: row.reported_by,
    verifiedAt: row.verified_at,
    verifiedBy: row.verified_by,
    base: factsOrNull(row.base),
    previous:
      previous === null
        ? null
        : { ...previous, facts: stationFactsSchema.parse(previous.facts), base: previous.base === null ? null : stationFactsSchema.parse(previous.base) },
  }
}

/** Every overlay in force; the directory applies them (a hand-edited row that no longer parses is left out). */
export async function listOverlays(db: Kysely<DatabaseSchema>, where: { county?: string } = {}): Promise<StationOverlay[]> {
  let query = db.selectFrom('station_overlays').selectAll().where('status', '<>', 'none').orderBy('station_id')
  if (where.county !== undefined) query = query.where('county', '=', where.county)
  const rows = await query.execute()
  return rows.flatMap((row) => {
    try {
      const overlay = toOverlay(row)
      return overlay ? [overlay] : []
    } catch {
      return []
    }
  })
}

/**
 * Grows with every change of any overlay (each writes one history row, never deleted): comparing it
 * is how a BFF instance learns, cheaply, that another one changed an overlay.
 */
export async function overlayStamp(db: Kysely<DatabaseSchema>): Promise<number> {
  const row = await db
    .selectFrom('station_profile_history')
    .select((eb) => eb.fn.countAll<string | number>().as('changes'))
    .executeTakeFirst()
  return Number(row?.changes ?? 0)
}
