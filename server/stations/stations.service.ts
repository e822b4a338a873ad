import type { ReportFigureWithService } from '../../contracts/reports-api'
import type { GeoPoint, NearestQuery, NearestResponse, Station, StationListQuery, StationTier } from '../../contracts/station'
import {
  STATION_PAGE_SIZE_DEFAULT,
  STATION_PAGE_SIZE_MAX,
  type StationDetailResponse,
  type StationNetwork,
  type StationPageQuery,
  type StationPageResponse,
  type TownListResponse,
} from '../../contracts/stations-api'
import { AppError } from '../errors/app-error'
import { withServices } from '../reports/report-insights'
import type { StoredReport } from '../reports/report.repository'
import type { ReportsService } from '../reports/reports.service'
import { isDatabaseUnavailable } from '../storage/database'
import { haversineMeters, wgs84ToGcj02 } from './geo'
import type { StationDirectory } from './station-directory'
import { resolveTown, townList, type TownRegistry } from './towns'

const tierOrder: Record<StationTier, number> = { centre: 0, workstation: 1, workroom: 2 }

// one collator: localeCompare(…, 'zh-CN') builds one per comparison, slow on large directories
const chinese = new Intl.Collator('zh-CN')

function byTierThenName(a: Station, b: Station): number {
  return tierOrder[a.tier] - tierOrder[b.tier] || chinese.compare(a.town ?? '', b.town ?? '') || chinese.compare(a.name, b.name)
}

/** Each directory's stations in listing order, sorted once per directory rather than per request. */
const sortedDirectories = new WeakMap<readonly Station[], Station[]>()

function inListingOrder(stations: readonly Station[]): Station[] {
  let sorted = sortedDirectories.get(stations)
  if (!sorted) {
    sorted = [...stations].sort(byTierThenName)
    sortedDirectories.set(stations, sorted)
  }
  return sorted
}

/** The official name for a town as typed or as an older dataset spells it (孝溪乡 → 清溪场街道). */
export function officialTownName(params: { name: string; registries: readonly TownRegistry[] }): string {
  for (const registry of params.registries) {
    const match = resolveTown({ name: params.name, registry })
    if (match) return match.town.name
  }
  return params.name.trim()
}

/** Directory listing: by tier, town (current or former name) and free text. */
export function filterStations(params: { stations: readonly Station[]; query: StationListQuery; registries: readonly TownRegistry[] }): Station[] {
  const { query } = params
  const town = query.town ? officialTownName({ name: query.town, registries: params.registries }) : null
  const text = query.q?.trim().toLowerCase() ?? null
  return inListingOrder(params.stations).filter(
    (station) =>
      (!query.tier || station.tier === query.tier) &&
      (town === null || station.town === town) &&
      (text === null || [station.name, station.town, station.village, station.address].some((field) => field?.toLowerCase().includes(text))),
  )
}

/** The network as the latest report states it: counts printed next to 工作站 / 工作室 / 中心. */
export function reportedNetwork(params: { figures: readonly ReportFigureWithService[] }): {
  centres: number | null
  workstations: number | null
  workrooms: number | null
} {
  const find = (pattern: RegExp) => params.figures.find((figure) => figure.unit !== '%' && pattern.test(figure.label))?.value ?? null
  return { centres: find(/公共法律服务中心$/u), workstations: find(/公共法律服务工作站$/u), workrooms: find(/公共法律服务工作室$/u) }
}

/**
 * The county a deployment's 首页 names: the one the latest report is about when a registry knows
 * it (by name or alias), else the first registry; its short name is the first alias that ends in
 * 县/区/市 (`秀山县`), which is how people say it.
 */
export function servedCounty(params: { registries: readonly TownRegistry[]; reportCounty: string | null }): { name: string; shortName: string } | null {
  const { registries, reportCounty } = params
  const registry =
    (reportCounty ? registries.find((candidate) => candidate.county.name === reportCounty || candidate.county.aliases.includes(reportCounty)) : undefined) ??
    registries[0]
  if (!registry) return null
  const shortName = registry.county.aliases.find((alias) => /[县区市]$/u.test(alias) && alias.length < registry.county.name.length) ?? registry.county.name
  return { name: registry.county.name, shortName }
}

/**
 * How far beyond its farthest located station a county's area reaches. The bundled directory
 * locates few stations (Xiushan: the centre only), so the margin carries the county's own size:
 * Xiushan is about 80 km north to south, its centre in the middle; 60 km keeps every village (and
 * the next county's edge, from where the centre is still the place to go) inside.
 */
export const OUTSIDE_AREA_MARGIN_METERS = 60_000

/** A county's area as its located stations span it: the centre's place (or their midpoint) and the farthest one. */
export interface CountyArea {
  county: string
  middle: GeoPoint
  radiusMeters: number
}

/** Each county's area, from the stations that have a place. */
export function countyAreas(params: { stations: readonly Station[] }): Map<string, CountyArea> {
  const located = new Map<string, { centre: GeoPoint | null; points: GeoPoint[] }>()
  for (const station of params.stations) {
    if (!station.location) continue
    const entry = located.get(station.county) ?? { centre: null, points: [] }
    const point = { lat: station.location.lat, lng: station.location.lng }
    entry.points.push(point)
    if (station.tier === 'centre' && !entry.centre) entry.centre = point
    located.set(station.county, entry)
  }
  const areas = new Map<string, CountyArea>()
  for (const [county, entry] of located) {
    const middle = entry.centre ?? {
      lat: entry.points.reduce((sum, point) => sum + point.lat, 0) / entry.points.length,
      lng: entry.points.reduce((sum, point) => sum + point.lng, 0) / entry.points.length,
    }
    const radiusMeters = Math.max(0, ...entry.points.map((point) => haversineMeters({ from: middle, to: point })))
    areas.set(county, { county, middle, radiusMeters })
  }
  return areas
}

/** `秀山县` for `秀山土家族苗族自治县`: the registry's first alias ending in 县/区/市, else the name. */
export function countyShortName(params: { county: string; registries: readonly TownRegistry[] }): string {
  const registry = params.registries.find((candidate) => candidate.county.name === params.county)
  return registry?.county.aliases.find((alias) => /[县区市]$/u.test(alias) && alias.length < params.county.length) ?? params.county
}

/**
 * Whether `point` lies far outside the county of its nearest station (see
 * OUTSIDE_AREA_MARGIN_METERS) — a migrant worker asking from Guangdong is told the county's
 * stations are not near, rather than "nearest: 1,444 km".
 */
export function outsideArea(params: {
  point: GeoPoint
  nearestCounty: string | null
  areas: ReadonlyMap<string, CountyArea>
  registries: readonly TownRegistry[]
}): NearestResponse['outsideArea'] {
  const area = params.nearestCounty ? params.areas.get(params.nearestCounty) : undefined
  if (!area) return null
  const distanceMeters = haversineMeters({ from: params.point, to: area.middle })
  if (distanceMeters <= area.radiusMeters + OUTSIDE_AREA_MARGIN_METERS) return null
  return {
    county: area.county,
    countyShortName: countyShortName({ county: area.county, registries: params.registries }),
    distanceMeters: Math.round(distanceMeters),
  }
}

/** Built once per directory, not per request (the nearest search has a throughput budget). */
const areasOfDirectory = new WeakMap<readonly Station[], Map<string, CountyArea>>()

function areasOf(stations: readonly Station[]): Map<string, CountyArea> {
  let areas = areasOfDirectory.get(stations)
  if (!areas) {
    areas = countyAreas({ stations })
    areasOfDirectory.set(stations, areas)
  }
  return areas
}

export class StationsService {
  constructor(private readonly deps: { directory: StationDirectory; reports: ReportsService; now: () => Date }) {}

  /** One page of the listing; without `page` and `pageSize`, the first STATION_PAGE_SIZE_MAX (see the contract). */
  list(query: StationPageQuery): StationPageResponse {
    const snapshot = this.deps.directory.snapshot()
    const matching = filterStations({ stations: snapshot.stations, query, registries: this.deps.directory.registries })
    const page = query.page ?? 1
    const pageSize = query.pageSize ?? (query.page === undefined ? STATION_PAGE_SIZE_MAX : STATION_PAGE_SIZE_DEFAULT)
    return {
      stations: matching.slice((page - 1) * pageSize, page * pageSize),
      stale: snapshot.stale,
      generatedAt: snapshot.generatedAt.toISOString(),
      page,
      pageSize,
      total: matching.length,
    }
  }

  /** Browsers give WGS-84; stations are stored in GCJ-02, so the point is converted first. */
  nearest(query: NearestQuery): NearestResponse {
    const snapshot = this.deps.directory.snapshot()
    const point = query.datum === 'wgs84' ? wgs84ToGcj02({ lat: query.lat, lng: query.lng }) : { lat: query.lat, lng: query.lng }
    const stations = snapshot.index.nearest({ ...point, limit: query.limit })
    return {
      stations,
      datum: query.datum,
      stale: snapshot.stale,
      withoutLocation: snapshot.index.withoutLocation,
      outsideArea: outsideArea({
        point,
        nearestCounty: stations[0]?.station.county ?? null,
        areas: areasOf(snapshot.stations),
        registries: this.deps.directory.registries,
      }),
    }
  }

  /** Whether the served directory is the last good copy of an upstream that cannot be fetched now. */
  freshness(): { stale: boolean; fetchedAt: string | null } {
    const upstream = this.deps.directory.status().upstream
    return { stale: upstream?.stale ?? false, fetchedAt: upstream?.fetchedAt ?? null }
  }

  county(reportCounty: string | null): { name: string; shortName: string } | null {
    return servedCounty({ registries: this.deps.directory.registries, reportCounty })
  }

  /** Built once per directory (the mediation log asks on every record), not per request. */
  private townsOf: { stations: readonly Station[]; counties: TownListResponse['counties'] } | null = null

  towns(): TownListResponse {
    const snapshot = this.deps.directory.snapshot()
    if (this.townsOf?.stations !== snapshot.stations)
      this.townsOf = { stations: snapshot.stations, counties: townList({ stations: snapshot.stations, registries: this.deps.directory.registries }) }
    return { counties: this.townsOf.counties, stale: snapshot.stale }
  }

  find(id: string): Station {
    const station = this.deps.directory.snapshot().stations.find((candidate) => candidate.id === id)
    if (!station) throw AppError.notFound('没有这个服务站')
    return station
  }

  async detail(id: string): Promise<StationDetailResponse> {
    const snapshot = this.deps.directory.snapshot()
    const station = this.find(id)
    const county = snapshot.stations.filter((candidate) => candidate.county === station.county)
    const listed = { centres: 0, workstations: 0, workrooms: 0 }
    for (const candidate of county) listed[candidate.tier === 'centre' ? 'centres' : candidate.tier === 'workstation' ? 'workstations' : 'workrooms'] += 1

    // the database away with no report in memory: the station without its county's figures, and says so
    let report: StoredReport | null
    let reportsUnavailable = false
    try {
      report = await this.deps.reports.latestStoredForCounty(station.county)
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error
      report = null
      reportsUnavailable = true
    }
    const figures = report ? withServices({ figures: report.document.figures }) : []
    const network: StationNetwork = { reported: report ? { reportId: report.id, reportTitle: report.title, ...reportedNetwork({ figures }) } : null, listed }
    return {
      station,
      stale: snapshot.stale,
      reportFigures: report
        ? {
            reportId: report.id,
            reportTitle: report.title,
            legalAid: figures.filter((figure) => figure.service === 'legal_aid'),
            mediation: figures.filter((figure) => figure.service === 'mediation'),
          }
        : null,
      network,
      ...(reportsUnavailable ? { reports: 'unavailable' as const } : {}),
    }
  }
}
