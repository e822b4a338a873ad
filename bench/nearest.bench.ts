/**
 * Nearest-station search at national scale (DESIGN.md, Budgets: aim ≤ 15 µs per query in process and
 * ≥ 1000× a linear scan, for about 570,000 stations). Deterministic: the stations and queries come
 * from a seeded generator. Reports; asserts nothing.
 *
 *   npx tsx bench/nearest.bench.ts
 */
import { performance } from 'node:perf_hooks'
import type { GeoPoint, Station } from '../contracts/station'
import { CHINA_EXTENT, haversineMeters } from '../server/stations/geo'
import { buildStationIndex } from '../server/stations/station-index'

export interface NearestBenchResult {
  stations: number
  buildMs: number
  indexUsPerQuery: number
  linearUsPerQuery: number
  speedup: number
}

/** ~570,000 public legal service platforms nationwide (司法部, 2022). */
const STATION_COUNT = 570_000
/** ~2,900 county centres: stations cluster around them as they do around county seats. */
const CLUSTER_COUNT = 2_900
/** ±0.35° ≈ ±35 km around a cluster centre, about the size of a county. */
const CLUSTER_SPREAD_DEGREES = 0.35
const INDEX_QUERIES = 5_000
const LINEAR_QUERIES = 200
const WARM_UP_QUERIES = 500
const K = 5
const SEED = 570_000

/** mulberry32: a tiny seeded PRNG, so every run measures the same data. */
function seededRandom(params: { seed: number }): () => number {
  let state = params.seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function clamp(params: { value: number; min: number; max: number }): number {
  return Math.min(params.max, Math.max(params.min, params.value))
}

function syntheticDirectory(params: { random: () => number }): { stations: Station[]; clusters: GeoPoint[] } {
  const { random } = params
  const inExtent = (): GeoPoint => ({
    lat: CHINA_EXTENT.minLat + random() * (CHINA_EXTENT.maxLat - CHINA_EXTENT.minLat),
    lng: CHINA_EXTENT.minLng + random() * (CHINA_EXTENT.maxLng - CHINA_EXTENT.minLng),
  })
  const clusters = Array.from({ length: CLUSTER_COUNT }, inExtent)
  const stations = Array.from({ length: STATION_COUNT }, (_, index): Station => {
    const cluster = clusters[Math.floor(random() * clusters.length)]
    const location = {
      lat: clamp({ value: cluster.lat + (random() * 2 - 1) * CLUSTER_SPREAD_DEGREES, min: CHINA_EXTENT.minLat, max: CHINA_EXTENT.maxLat }),
      lng: clamp({ value: cluster.lng + (random() * 2 - 1) * CLUSTER_SPREAD_DEGREES, min: CHINA_EXTENT.minLng, max: CHINA_EXTENT.maxLng }),
    }
    return {
      id: `bench-${index}`,
      name: `合成站点 ${index}`,
      tier: 'workroom',
      county: '合成县',
      town: '合成镇',
      village: null,
      address: null,
      phone: null,
      hours: { text: '周一至周五 9:00-12:00，14:00-17:30', isDefault: true },
      services: [],
      location,
      locationQuality: 'approximate',
      source: 'bench (synthetic)',
      verifiedAt: null,
    }
  })
  return { stations, clusters }
}

/** Half the queries near a cluster (people live where stations are), half anywhere in the extent. */
function syntheticQueries(params: { random: () => number; clusters: GeoPoint[]; count: number }): GeoPoint[] {
  const { random, clusters } = params
  return Array.from({ length: params.count }, (_, index): GeoPoint => {
    if (index % 2 === 0) {
      const cluster = clusters[Math.floor(random() * clusters.length)]
      return { lat: cluster.lat + (random() * 2 - 1) * 0.5, lng: cluster.lng + (random() * 2 - 1) * 0.5 }
    }
    return {
      lat: CHINA_EXTENT.minLat + random() * (CHINA_EXTENT.maxLat - CHINA_EXTENT.minLat),
      lng: CHINA_EXTENT.minLng + random() * (CHINA_EXTENT.maxLng - CHINA_EXTENT.minLng),
    }
  })
}

interface LinearScanData {
  ids: string[]
  lat: Float64Array
  lng: Float64Array
  cosLat: Float64Array
}

const DEGREES = Math.PI / 180

function linearScanData(params: { stations: readonly Station[] }): LinearScanData {
  const located = params.stations.filter((station): station is Station & { location: GeoPoint } => station.location !== null)
  return {
    ids: located.map((station) => station.id),
    lat: Float64Array.from(located, (station) => station.location.lat),
    lng: Float64Array.from(located, (station) => station.location.lng),
    cosLat: Float64Array.from(located, (station) => Math.cos(station.location.lat * DEGREES)),
  }
}

/**
 * What the index replaces, written to be as fast as a scan can be (a fair baseline): coordinates in
 * typed arrays, cos(lat) precomputed, ranking by the haversine term without asin/sqrt (same
 * order), keeping the k best in a small sorted list; metres only for the k winners.
 */
function linearNearest(params: { data: LinearScanData; query: GeoPoint; k: number }): Array<{ id: string; distanceMeters: number }> {
  const { data, query, k } = params
  const queryCosLat = Math.cos(query.lat * DEGREES)
  const bestTerm: number[] = []
  const bestPosition: number[] = []
  for (let position = 0; position < data.ids.length; position += 1) {
    const sinHalfLat = Math.sin((data.lat[position] - query.lat) * DEGREES * 0.5)
    const sinHalfLng = Math.sin((data.lng[position] - query.lng) * DEGREES * 0.5)
    const term = sinHalfLat * sinHalfLat + queryCosLat * data.cosLat[position] * sinHalfLng * sinHalfLng
    if (bestTerm.length === k && term >= bestTerm[k - 1]) continue
    let slot = bestTerm.length
    while (slot > 0 && bestTerm[slot - 1] > term) slot -= 1
    bestTerm.splice(slot, 0, term)
    bestPosition.splice(slot, 0, position)
    if (bestTerm.length > k) {
      bestTerm.pop()
      bestPosition.pop()
    }
  }
  return bestPosition.map((position) => ({
    id: data.ids[position],
    distanceMeters: haversineMeters({ from: query, to: { lat: data.lat[position], lng: data.lng[position] } }),
  }))
}

export async function runNearestBench(): Promise<NearestBenchResult> {
  const random = seededRandom({ seed: SEED })
  const { stations, clusters } = syntheticDirectory({ random })
  const queries = syntheticQueries({ random, clusters, count: INDEX_QUERIES })

  const buildStart = performance.now()
  const index = buildStationIndex({ stations })
  const buildMs = performance.now() - buildStart

  for (const query of queries.slice(0, WARM_UP_QUERIES)) index.nearest({ ...query, limit: K })
  let checksum = 0
  const indexStart = performance.now()
  for (const query of queries) checksum += index.nearest({ ...query, limit: K }).length
  const indexUsPerQuery = ((performance.now() - indexStart) * 1000) / queries.length

  const scanData = linearScanData({ stations })
  const linearQueries = queries.slice(0, LINEAR_QUERIES)
  for (const query of linearQueries.slice(0, 5)) linearNearest({ data: scanData, query, k: K })
  let disagreements = 0
  const linearStart = performance.now()
  const linearAnswers = linearQueries.map((query) => linearNearest({ data: scanData, query, k: K }))
  const linearUsPerQuery = ((performance.now() - linearStart) * 1000) / linearQueries.length

  // the two must find the same stations, or the comparison means nothing
  linearQueries.forEach((query, position) => {
    const fromIndex = index.nearest({ ...query, limit: K }).map((entry) => entry.distanceMeters)
    const fromScan = linearAnswers[position].map((entry) => entry.distanceMeters)
    if (fromIndex.length !== fromScan.length || fromIndex.some((distance, rank) => Math.abs(distance - fromScan[rank]) > 1e-6)) disagreements += 1
  })
  if (disagreements > 0) throw new Error(`index and linear scan disagree on ${disagreements} of ${linearQueries.length} queries`)
  if (checksum !== queries.length * K) throw new Error(`expected ${K} results per query`)

  return { stations: stations.length, buildMs, indexUsPerQuery, linearUsPerQuery, speedup: linearUsPerQuery / indexUsPerQuery }
}

function printTable(result: NearestBenchResult): void {
  const rows: Array<[string, string, string]> = [
    ['stations', result.stations.toLocaleString('en-US'), ''],
    ['build index', `${result.buildMs.toFixed(0)} ms`, ''],
    [
      `nearest k=${K}, index (${INDEX_QUERIES.toLocaleString('en-US')} queries)`,
      `${result.indexUsPerQuery.toFixed(1)} µs/query`,
      result.indexUsPerQuery <= 15 ? 'within ≤ 15 µs' : 'OVER the 15 µs budget',
    ],
    [`nearest k=${K}, linear scan, typed arrays (${LINEAR_QUERIES} queries)`, `${result.linearUsPerQuery.toFixed(0)} µs/query`, ''],
    ['speed-up', `${result.speedup.toFixed(0)}×`, result.speedup >= 1000 ? 'meets ≥ 1000×' : 'BELOW the 1000× budget'],
  ]
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)))
  process.stdout.write('nearest station search (bench/nearest.bench.ts)\n')
  for (const row of rows) process.stdout.write(`  ${row[0].padEnd(widths[0])}  ${row[1].padStart(widths[1])}  ${row[2]}\n`)
}

if (require.main === module) {
  runNearestBench().then(printTable, (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  })
}
