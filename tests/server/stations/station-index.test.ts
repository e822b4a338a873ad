import fc from 'fast-check'
import type { Datum, GeoPoint, NearestStation, Station } from '../../../contracts/station'
import { CHINA_EXTENT, haversineMeters, wgs84ToGcj02 } from '../../../server/stations/geo'
import { buildStationIndex, buildStationIndexSliced, startStationIndexBuild } from '../../../server/stations/station-index'
import { makeStation, XIUSHAN_BOUNDS } from './support'

type Bounds = { minLat: number; maxLat: number; minLng: number; maxLng: number }

const pointIn = (bounds: Bounds) =>
  fc.record({
    lat: fc.double({ min: bounds.minLat, max: bounds.maxLat, noNaN: true }),
    lng: fc.double({ min: bounds.minLng, max: bounds.maxLng, noNaN: true }),
  })

/** A few fixed points drawn again and again, so station sets hold exact duplicates (two stations in one building). */
const SHARED_POINTS: GeoPoint[] = [
  { lat: 28.444772, lng: 108.996043 },
  { lat: 28.5, lng: 109.1 },
  { lat: 39.9, lng: 116.4 },
]

const stationPoint = fc.oneof(
  { weight: 4, arbitrary: pointIn(CHINA_EXTENT) },
  { weight: 4, arbitrary: pointIn(XIUSHAN_BOUNDS) },
  { weight: 1, arbitrary: fc.constantFrom(...SHARED_POINTS) },
  { weight: 1, arbitrary: fc.constant(null) },
)

const stationSets = fc
  .array(stationPoint, { minLength: 0, maxLength: 300 })
  .map((points) => points.map((location, index) => makeStation({ id: `s${index}`, location })))

const queryPoint = fc.oneof(pointIn(CHINA_EXTENT), pointIn(XIUSHAN_BOUNDS), fc.constantFrom(...SHARED_POINTS))

function bruteForceNearest(params: { stations: readonly Station[]; query: GeoPoint; limit: number }): NearestStation[] {
  return params.stations
    .flatMap((station, order) =>
      station.location === null ? [] : [{ station, order, distanceMeters: haversineMeters({ from: params.query, to: station.location }) }],
    )
    .sort((a, b) => a.distanceMeters - b.distanceMeters || a.order - b.order)
    .slice(0, params.limit)
    .map(({ station, distanceMeters }) => ({ station, distanceMeters }))
}

/** Distances closer than this (1 mm) count as a tie: which of the tied stations is returned may differ. */
const TIE_METERS = 1e-3

/**
 * Same stations in the same order, allowing ties: rank by rank the distances agree and each is the
 * true distance to the station returned; the ids agree exactly up to the last group of stations
 * at the same distance, where the index may pick other members of the group than the brute force
 * (both are right).
 */
function expectSameNearest(params: { actual: NearestStation[]; expected: NearestStation[]; query: GeoPoint }) {
  const { actual, expected, query } = params
  expect(actual).toHaveLength(expected.length)
  if (expected.length === 0) return
  actual.forEach((entry, rank) => {
    expect(entry.station.location).not.toBeNull()
    expect(entry.distanceMeters).toBe(haversineMeters({ from: query, to: entry.station.location as GeoPoint }))
    expect(Math.abs(entry.distanceMeters - expected[rank].distanceMeters)).toBeLessThan(TIE_METERS)
  })
  const lastTieStarts = expected[expected.length - 1].distanceMeters - TIE_METERS
  const idsBeforeLastTie = (list: NearestStation[]) => list.filter((entry) => entry.distanceMeters < lastTieStarts).map((entry) => entry.station.id)
  expect(idsBeforeLastTie(actual)).toEqual(idsBeforeLastTie(expected))
  expect(new Set(actual.map((entry) => entry.station.id)).size).toBe(actual.length)
}

/** The query as the caller passes it to the index: GCJ-02, converted from WGS-84 when that is what the device gave. */
function toIndexDatum(params: { point: GeoPoint; datum: Datum }): GeoPoint {
  return params.datum === 'wgs84' ? wgs84ToGcj02(params.point) : params.point
}

describe('buildStationIndex', () => {
  describe('nearest', () => {
    it('agrees with a brute-force scan on random points in both datums', () => {
      fc.assert(
        fc.property(stationSets, queryPoint, fc.integer({ min: 1, max: 50 }), fc.constantFrom<Datum>('gcj02', 'wgs84'), (stations, point, limit, datum) => {
          const index = buildStationIndex({ stations })
          const query = toIndexDatum({ point, datum })
          expectSameNearest({ actual: index.nearest({ ...query, limit }), expected: bruteForceNearest({ stations, query, limit }), query })
        }),
        { numRuns: 400 },
      )
    })

    it('agrees with a brute-force scan on 3,000 stations and 200 queries', () => {
      const stationsAndQueries = fc.sample(
        fc.tuple(
          fc.array(stationPoint, { minLength: 3000, maxLength: 3000 }),
          fc.array(fc.tuple(queryPoint, fc.constantFrom<Datum>('gcj02', 'wgs84')), { minLength: 200, maxLength: 200 }),
        ),
        { numRuns: 1, seed: 20240229 },
      )[0]
      const stations = stationsAndQueries[0].map((location, index) => makeStation({ id: `s${index}`, location }))
      const index = buildStationIndex({ stations })
      for (const [point, datum] of stationsAndQueries[1]) {
        const query = toIndexDatum({ point, datum })
        expectSameNearest({ actual: index.nearest({ ...query, limit: 5 }), expected: bruteForceNearest({ stations, query, limit: 5 }), query })
      }
    })

    it('agrees with a brute-force scan anywhere on Earth, across the antimeridian and near the poles', () => {
      const earth = { minLat: -90, maxLat: 90, minLng: -180, maxLng: 180 }
      const edges = fc.oneof(
        pointIn(earth),
        pointIn({ minLat: -10, maxLat: 10, minLng: 170, maxLng: 180 }),
        pointIn({ minLat: -10, maxLat: 10, minLng: -180, maxLng: -170 }),
        pointIn({ minLat: 80, maxLat: 90, minLng: -180, maxLng: 180 }),
      )
      fc.assert(
        fc.property(fc.array(edges, { minLength: 1, maxLength: 200 }), edges, fc.integer({ min: 1, max: 20 }), (points, query, limit) => {
          const stations = points.map((location, index) => makeStation({ id: `e${index}`, location }))
          expectSameNearest({
            actual: buildStationIndex({ stations }).nearest({ ...query, limit }),
            expected: bruteForceNearest({ stations, query, limit }),
            query,
          })
        }),
        { numRuns: 300 },
      )
    })

    it('picks the station where a browser user stands only once the WGS-84 position is converted', () => {
      // two stations ~560 m apart in Xiushan: one where the user really is (GCJ-02), one where the raw WGS-84 reading lands
      const deviceWgs84 = { lat: 28.4461, lng: 108.9922 }
      const atDevice = wgs84ToGcj02(deviceWgs84)
      const stations = [makeStation({ id: 'where-the-raw-point-lands', location: deviceWgs84 }), makeStation({ id: 'where-the-device-is', location: atDevice })]
      const index = buildStationIndex({ stations })
      expect(index.nearest({ ...wgs84ToGcj02(deviceWgs84), limit: 1 })[0].station.id).toBe('where-the-device-is')
      expect(index.nearest({ ...deviceWgs84, limit: 1 })[0].station.id).toBe('where-the-raw-point-lands')
    })

    it('returns nearest first with distances in metres', () => {
      const stations = [
        makeStation({ id: 'far', location: { lat: 28.6, lng: 109.0 } }),
        makeStation({ id: 'near', location: { lat: 28.45, lng: 109.0 } }),
        makeStation({ id: 'middle', location: { lat: 28.5, lng: 109.0 } }),
      ]
      const result = buildStationIndex({ stations }).nearest({ lat: 28.444772, lng: 108.996043, limit: 5 })
      expect(result.map((entry) => entry.station.id)).toEqual(['near', 'middle', 'far'])
      expect(result[0].distanceMeters).toBeGreaterThan(600)
      expect(result[0].distanceMeters).toBeLessThan(800)
    })

    it('breaks ties by the order the stations were given in', () => {
      const shared = { lat: 28.5, lng: 109.1 }
      const stations = ['c', 'a', 'b'].map((id) => makeStation({ id, location: shared }))
      expect(
        buildStationIndex({ stations })
          .nearest({ lat: 28.4, lng: 109, limit: 3 })
          .map((entry) => entry.station.id),
      ).toEqual(['c', 'a', 'b'])
    })

    it('ignores stations without a location and counts them', () => {
      const stations = [
        makeStation({ id: 'located', location: { lat: 28.5, lng: 109 } }),
        makeStation({ id: 'unknown-1', location: null }),
        makeStation({ id: 'unknown-2', location: null }),
      ]
      const index = buildStationIndex({ stations })
      expect(index.withoutLocation).toBe(2)
      expect(index.locatedCount).toBe(1)
      expect(index.nearest({ lat: 28.4, lng: 109, limit: 10 }).map((entry) => entry.station.id)).toEqual(['located'])
    })

    it('answers nothing for an empty directory, a directory without locations, or a limit of 0', () => {
      expect(buildStationIndex({ stations: [] }).nearest({ lat: 28.4, lng: 109, limit: 5 })).toEqual([])
      const unlocated = buildStationIndex({ stations: [makeStation({ id: 'x', location: null })] })
      expect(unlocated.nearest({ lat: 28.4, lng: 109, limit: 5 })).toEqual([])
      expect(unlocated.withoutLocation).toBe(1)
      expect(buildStationIndex({ stations: [makeStation({ id: 'y', location: { lat: 28.5, lng: 109 } })] }).nearest({ lat: 28.4, lng: 109, limit: 0 })).toEqual(
        [],
      )
    })

    it('answers the same built in slices of any size as built in one go', () => {
      fc.assert(
        fc.property(
          stationSets,
          fc.array(queryPoint, { minLength: 1, maxLength: 10 }),
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: 1, max: 30 }),
          (stations, queries, work, limit) => {
            const whole = buildStationIndex({ stations })
            const build = startStationIndexBuild({ stations })
            let steps = 1
            while (!build.step({ work })) steps += 1
            const sliced = build.index()
            // converting the points alone takes more than one step when there are more of them than one step's work
            if (whole.locatedCount > work) expect(steps).toBeGreaterThan(1)
            expect([sliced.locatedCount, sliced.withoutLocation]).toEqual([whole.locatedCount, whole.withoutLocation])
            for (const query of queries) expect(sliced.nearest({ ...query, limit })).toEqual(whole.nearest({ ...query, limit }))
          },
        ),
        { numRuns: 200 },
      )
    })

    it('gives up the event loop between slices and is not ready before its last one', async () => {
      const stations = Array.from({ length: 3000 }, (_, index) =>
        makeStation({
          id: `s${index}`,
          location: { lat: XIUSHAN_BOUNDS.minLat + (index % 50) * 0.01, lng: XIUSHAN_BOUNDS.minLng + Math.floor(index / 50) * 0.01 },
        }),
      )
      const build = startStationIndexBuild({ stations })
      expect(build.step({ work: 100 })).toBe(false)
      expect(() => build.index()).toThrow()
      let pauses = 0
      const sliced = await buildStationIndexSliced({
        stations,
        work: 1000,
        pause: async () => {
          pauses += 1
        },
      })
      // 3,000 points converted and about 12 levels of 3,000 partitioned, 1,000 at a time
      expect(pauses).toBeGreaterThan(10)
      const query = { lat: 28.5, lng: 109, limit: 5 }
      expect(sliced.nearest(query)).toEqual(buildStationIndex({ stations }).nearest(query))
    })

    it('can be rebuilt from a changed directory without affecting the old index', () => {
      const before = [makeStation({ id: 'old', location: { lat: 28.5, lng: 109 } })]
      const oldIndex = buildStationIndex({ stations: before })
      const newIndex = buildStationIndex({ stations: [...before, makeStation({ id: 'new', location: { lat: 28.41, lng: 109 } })] })
      expect(oldIndex.nearest({ lat: 28.4, lng: 109, limit: 1 })[0].station.id).toBe('old')
      expect(newIndex.nearest({ lat: 28.4, lng: 109, limit: 1 })[0].station.id).toBe('new')
    })
  })
})
