import { stationVerification, type GeoPoint, type NearestStation, type Station, type StationVerification } from '../../contracts/station'
import { haversineMeters } from './geo'

/**
 * In-memory nearest-station search: a static k-d tree over the located stations as points on the
 * unit sphere (x, y, z). The straight-line (chord) distance between two such points grows with
 * the great-circle distance, so the k nearest by chord are the k nearest on the sphere: correct
 * across the antimeridian and near the poles, unlike a planar tree over longitude and latitude,
 * and a query costs a few multiplications per visited point where the search over longitude and
 * latitude used before (geokdbush) spent trigonometry and two objects on every tree node. What a
 * query reads sits in a few typed arrays slot by slot: on bench/nearest.bench.ts most of the old
 * query's time was cache misses on station objects. 570,000 stations: ~40 → ~11 CPU µs per query
 * (k = 5, 2026-12-07). The index is built whole or in slices (`startStationIndexBuild`), never mutated.
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

/** Points per k-d tree leaf, scanned one by one. On bench/nearest.bench.ts 8 to 32 measure within noise of each other. */
const NODE_SIZE = 16

const DEGREES = Math.PI / 180

/**
 * The tree, slot by slot: `coords` holds x, y, z of the point, `ids` its position among the located
 * stations, `latLng` its latitude and longitude, `ranks` its verification rank. What a query reads
 * lies in these few arrays, close together, rather than in station objects all over the heap.
 */
interface Tree {
  ids: Uint32Array
  coords: Float64Array
  latLng: Float64Array
  ranks: Uint8Array
}

/** One unfinished part of the tree: the slots `left`..`right`, split on `axis` (0 x, 1 y, 2 z). */
interface PendingRange {
  left: number
  right: number
  axis: number
}

/** An index being built: `step` does about `work` units (a unit: one point partitioned or converted) and says whether it is done. */
export interface StationIndexBuild {
  step(params: { work: number }): boolean
  /** the finished index; throws while `step` has not said done */
  index(): StationIndex
}

/**
 * Starts building the index of `stations` (taken as given: the caller must not change the array
 * meanwhile). Building in slices gives the same tree, slot for slot, as building in one go: each
 * part of the tree is partitioned once and the parts never overlap, so the order they are done in
 * does not matter.
 */
export function startStationIndexBuild(params: { stations: readonly Station[] }): StationIndexBuild {
  const located: Station[] = []
  const points: GeoPoint[] = []
  for (const station of params.stations) {
    if (station.location !== null) {
      located.push(station)
      points.push(station.location)
    }
  }
  const withoutLocation = params.stations.length - located.length
  const count = located.length
  const tree: Tree = { ids: new Uint32Array(count), coords: new Float64Array(count * 3), latLng: new Float64Array(count * 2), ranks: new Uint8Array(count) }
  let converted = 0
  const pending: PendingRange[] = count > 0 ? [{ left: 0, right: count - 1, axis: 0 }] : []
  let finished: StationIndex | null = null

  return {
    step({ work }) {
      if (finished) return true
      let done = 0
      while (converted < count && done < work) {
        const { lat, lng } = points[converted]
        const cosLat = Math.cos(lat * DEGREES)
        tree.ids[converted] = converted
        tree.coords[3 * converted] = cosLat * Math.cos(lng * DEGREES)
        tree.coords[3 * converted + 1] = cosLat * Math.sin(lng * DEGREES)
        tree.coords[3 * converted + 2] = Math.sin(lat * DEGREES)
        tree.latLng[2 * converted] = lat
        tree.latLng[2 * converted + 1] = lng
        tree.ranks[converted] = verificationRank[stationVerification(located[converted])]
        converted += 1
        done += 1
      }
      while (converted === count && pending.length > 0 && done < work) {
        const { left, right, axis } = pending.pop() as PendingRange
        if (right - left <= NODE_SIZE) continue
        const middle = (left + right) >> 1
        select({ tree, k: middle, left, right, axis })
        const next = (axis + 1) % 3
        pending.push({ left, right: middle - 1, axis: next }, { left: middle + 1, right, axis: next })
        done += right - left + 1
      }
      if (converted < count || pending.length > 0) return false
      finished = searchable({ tree, located, withoutLocation })
      return true
    },
    index() {
      if (!finished) throw new Error('the station index is not built yet')
      return finished
    },
  }
}

/** The whole index in one go (tests, small directories, start-up); a large directory while serving: `buildStationIndexSliced`. */
export function buildStationIndex(params: { stations: readonly Station[] }): StationIndex {
  const build = startStationIndexBuild(params)
  build.step({ work: Number.POSITIVE_INFINITY })
  return build.index()
}

/**
 * About 3 ms of building on the development machine (570,000 stations take ~30 slices): short
 * enough that a request waits no longer than one slice.
 */
export const INDEX_SLICE_WORK = 40_000

/** The index built in slices with `pause` (a turn of the event loop) between them. */
export async function buildStationIndexSliced(params: { stations: readonly Station[]; pause: () => Promise<void>; work?: number }): Promise<StationIndex> {
  const build = startStationIndexBuild({ stations: params.stations })
  while (!build.step({ work: params.work ?? INDEX_SLICE_WORK })) await params.pause()
  return build.index()
}

function swap(tree: Tree, i: number, j: number): void {
  const { ids, coords, latLng, ranks } = tree
  const id = ids[i]
  ids[i] = ids[j]
  ids[j] = id
  const rank = ranks[i]
  ranks[i] = ranks[j]
  ranks[j] = rank
  for (let axis = 0; axis < 3; axis += 1) {
    const value = coords[3 * i + axis]
    coords[3 * i + axis] = coords[3 * j + axis]
    coords[3 * j + axis] = value
  }
  for (let part = 0; part < 2; part += 1) {
    const value = latLng[2 * i + part]
    latLng[2 * i + part] = latLng[2 * j + part]
    latLng[2 * j + part] = value
  }
}

/**
 * Floyd–Rivest selection (as kdbush does it in two dimensions): afterwards slot `k` holds the point
 * that sorted order on `axis` would put there, smaller or equal ones before it, larger or equal after.
 */
function select(params: { tree: Tree; k: number; left: number; right: number; axis: number }): void {
  const { tree, k, axis } = params
  const { coords } = tree
  let { left, right } = params
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1
      const m = k - left + 1
      const z = Math.log(n)
      const s = 0.5 * Math.exp((2 * z) / 3)
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1)
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd))
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd))
      select({ tree, k, left: newLeft, right: newRight, axis })
    }
    const t = coords[3 * k + axis]
    let i = left
    let j = right
    swap(tree, left, k)
    if (coords[3 * right + axis] > t) swap(tree, left, right)
    while (i < j) {
      swap(tree, i, j)
      i += 1
      j -= 1
      while (coords[3 * i + axis] < t) i += 1
      while (coords[3 * j + axis] > t) j -= 1
    }
    if (coords[3 * left + axis] === t) swap(tree, left, j)
    else {
      j += 1
      swap(tree, j, right)
    }
    if (j <= k) left = j + 1
    if (k <= j) right = j - 1
  }
}

/**
 * The query being searched and its k nearest slots so far, sorted by (squared chord, position).
 * One per process, reused: a search runs to its end before the next starts, so a query allocates
 * nothing while it walks the tree (and no closure: tsx names every function it creates).
 */
const search: {
  ids: Uint32Array
  coords: Float64Array
  x: number
  y: number
  z: number
  size: number
  capacity: number
  bound: number
  distances: Float64Array
  slots: Uint32Array
} = {
  ids: new Uint32Array(0),
  coords: new Float64Array(0),
  x: 0,
  y: 0,
  z: 0,
  size: 0,
  capacity: 0,
  /** the squared chord a point must not exceed to be kept: Infinity until `capacity` are kept */
  bound: Number.POSITIVE_INFINITY,
  distances: new Float64Array(0),
  /** the slots kept, nearest first */
  slots: new Uint32Array(0),
}

const EMPTY_IDS = new Uint32Array(0)
const EMPTY_COORDS = new Float64Array(0)

function startSearch(params: { tree: Tree; point: GeoPoint; capacity: number }): void {
  const { lat, lng } = params.point
  const cosLat = Math.cos(lat * DEGREES)
  search.ids = params.tree.ids
  search.coords = params.tree.coords
  search.x = cosLat * Math.cos(lng * DEGREES)
  search.y = cosLat * Math.sin(lng * DEGREES)
  search.z = Math.sin(lat * DEGREES)
  if (search.distances.length < params.capacity) {
    search.distances = new Float64Array(params.capacity)
    search.slots = new Uint32Array(params.capacity)
  }
  search.capacity = params.capacity
  search.size = 0
  search.bound = Number.POSITIVE_INFINITY
}

function offer(distance: number, slot: number): void {
  const { distances, slots, ids } = search
  let at = search.size
  if (at === search.capacity) {
    // as near as the farthest kept: the earlier station in the given order stays
    if (distance === distances[at - 1] && ids[slot] > ids[slots[at - 1]]) return
    at -= 1
  } else {
    search.size += 1
  }
  while (at > 0 && (distances[at - 1] > distance || (distances[at - 1] === distance && ids[slots[at - 1]] > ids[slot]))) {
    distances[at] = distances[at - 1]
    slots[at] = slots[at - 1]
    at -= 1
  }
  distances[at] = distance
  slots[at] = slot
  if (search.size === search.capacity) search.bound = distances[search.size - 1]
}

/** Depth-first k-nearest search: the query's side of each split first, the other side only if it can hold a point as near as the farthest kept. */
function visit(left: number, right: number, axis: number): void {
  const { coords, x, y, z } = search
  if (right - left <= NODE_SIZE) {
    for (let slot = left; slot <= right; slot += 1) {
      const dx = coords[3 * slot] - x
      const dy = coords[3 * slot + 1] - y
      const dz = coords[3 * slot + 2] - z
      const distance = dx * dx + dy * dy + dz * dz
      if (distance <= search.bound) offer(distance, slot)
    }
    return
  }
  const middle = (left + right) >> 1
  const dx = coords[3 * middle] - x
  const dy = coords[3 * middle + 1] - y
  const dz = coords[3 * middle + 2] - z
  const distance = dx * dx + dy * dy + dz * dz
  if (distance <= search.bound) offer(distance, middle)
  const split = axis === 0 ? dx : axis === 1 ? dy : dz
  const next = axis === 2 ? 0 : axis + 1
  // split > 0: the query lies below the middle point on this axis, so the lower half is its side
  if (split > 0) {
    visit(left, middle - 1, next)
    if (split * split <= search.bound) visit(middle + 1, right, next)
  } else {
    visit(middle + 1, right, next)
    if (split * split <= search.bound) visit(left, middle - 1, next)
  }
}

function searchable(params: { tree: Tree; located: Station[]; withoutLocation: number }): StationIndex {
  const { tree, located, withoutLocation } = params
  const { ids, latLng, ranks } = tree
  const count = located.length
  return {
    locatedCount: count,
    withoutLocation,
    nearest(query) {
      const limit = Math.max(0, Math.floor(query.limit))
      if (limit === 0 || count === 0) return []
      const from: GeoPoint = { lat: query.lat, lng: query.lng }
      startSearch({ tree, point: from, capacity: Math.min(count, limit + TIE_WINDOW) })
      visit(0, count - 1, 0)
      // the process-wide search state must not keep this tree alive once the directory has a newer one
      search.ids = EMPTY_IDS
      search.coords = EMPTY_COORDS
      const ranked: Array<{ position: number; distanceMeters: number; shown: number; rank: number }> = []
      for (let index = 0; index < search.size; index += 1) {
        const slot = search.slots[index]
        const distanceMeters = haversineMeters({ from, to: { lat: latLng[2 * slot], lng: latLng[2 * slot + 1] } })
        ranked.push({ position: ids[slot], distanceMeters, shown: shownDistance(distanceMeters), rank: ranks[slot] })
      }
      return ranked
        .sort((a, b) => a.shown - b.shown || a.rank - b.rank || a.distanceMeters - b.distanceMeters || a.position - b.position)
        .slice(0, limit)
        .map(({ position, distanceMeters }) => ({ station: located[position], distanceMeters }))
    },
  }
}
