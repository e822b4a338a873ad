import { around } from 'geokdbush'
import KDBush from 'kdbush'
import { stationVerification, type GeoPoint, type NearestStation, type Station, type StationVerification } from '../../contracts/station'
import { haversineMeters } from './geo'

/**
 * In-memory nearest-station search: a static k-d tree (kdbush) over the located stations, searched
 * on the sphere by geokdbush (great-circle distance, correct across the antimeridian and near the
 * poles, unlike a planar k-d tree). Building is cheap enough (~0.3-0.4 s for 570,000 points) to rebuild
 * whenever the directory changes; the index is never mutated.
 */

export interface StationIndex {
  /**
   * The `limit` nearest located stations to a GCJ-02 point, nearest first. Among stations the app
   * shows at the same distance (`shownDistance`), verified ones come first, then self-reported,
   * then unverified; remaining ties are broken by the order the stations were given in, so the
   * answer is deterministic.
   */
  nearest(query: { lat: number; lng: number; limit: number }): NearestStation[]
  /** stations that have a location and can be ranked */
  readonly locatedCount: number
  /** stations the directory lists without a location; `nearest` cannot return them */
  readonly withoutLocation: number
}

/**
 * A distance as the app shows it (client/services/stations.ts formatDistance): whole metres under
 * 1 km, tenths of a kilometre under 10 km, whole kilometres beyond. Two stations the app shows at
 * the same distance are equally near to the person reading it.
 */
export function shownDistance(meters: number): number {
  const rounded = Math.max(0, Math.round(meters))
  if (rounded < 1000) return rounded
  const hundreds = Math.round(rounded / 100)
  return hundreds < 100 ? hundreds * 100 : Math.round(rounded / 1000) * 1000
}

const verificationRank: Record<StationVerification, number> = { verified: 0, self_reported: 1, unverified: 2 }

/**
 * Candidates beyond `limit` read from the tree, so that a verified station shown at the same
 * distance as the last one returned can take its place (more than this many at that one distance
 * is not a real directory).
 */
const TIE_WINDOW = 8

/** Points per k-d tree leaf. On bench/nearest.bench.ts, 8 to 64 (kdbush's default) measure within noise of each other. */
const NODE_SIZE = 16

export function buildStationIndex(params: { stations: readonly Station[] }): StationIndex {
  const located: Array<{ station: Station; location: GeoPoint }> = []
  for (const station of params.stations) {
    if (station.location !== null) located.push({ station, location: station.location })
  }
  const withoutLocation = params.stations.length - located.length

  // kdbush cannot hold zero points; an empty directory simply answers nothing
  if (located.length === 0) {
    return { nearest: () => [], locatedCount: 0, withoutLocation }
  }

  const tree = new KDBush(located.length, NODE_SIZE, Float64Array)
  for (const { location } of located) tree.add(location.lng, location.lat)
  tree.finish()

  return {
    locatedCount: located.length,
    withoutLocation,
    nearest(query) {
      const limit = Math.max(0, Math.floor(query.limit))
      if (limit === 0) return []
      const from: GeoPoint = { lat: query.lat, lng: query.lng }
      const positions = around(tree, query.lng, query.lat, limit + TIE_WINDOW)
      return positions
        .map((position) => {
          const distanceMeters = haversineMeters({ from, to: located[position].location })
          return { position, distanceMeters, shown: shownDistance(distanceMeters), rank: verificationRank[stationVerification(located[position].station)] }
        })
        .sort((a, b) => a.shown - b.shown || a.rank - b.rank || a.distanceMeters - b.distanceMeters || a.position - b.position)
        .slice(0, limit)
        .map(({ position, distanceMeters }) => ({ station: located[position].station, distanceMeters }))
    },
  }
}
