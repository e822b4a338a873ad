import { canonicalPathname } from '../../contracts/app-routes'
import { reportIdSchema } from '../../contracts/reports-api'
import { stationIdSchema } from '../../contracts/station'
import { AppError } from '../errors/app-error'
import { headlineFigures } from '../reports/report-insights'
import type { ReportsService } from '../reports/reports.service'
import type { StationsService } from '../stations/stations.service'
import { isDatabaseUnavailable } from '../storage/database'
import { stationFirstScreen, type FirstScreen } from './first-screen'
import { homeDocument } from './home-document'
import { reportDocument } from './report-document'

type PageKind = 'home' | 'report' | 'station'

const pages: Readonly<Record<string, PageKind>> = {
  '/': 'home',
  '/pages/home/index': 'home',
  '/pages/report/index': 'report',
  '/pages/station/index': 'station',
}

function pageOf(pathname: string): PageKind | null {
  const path = canonicalPathname(pathname)
  return Object.hasOwn(pages, path) ? pages[path] : null
}

/**
 * What an H5 URL gets: its first screen (null when the page has none, or when the link names no id
 * yet, as a 小程序码's `?scene=` does), or `missing` when it names a report or station nobody has —
 * the page route then answers 404, and the app says 找不到 with its ways on.
 */
export type PageScreen = { missing: false; screen: FirstScreen | null } | { missing: true }

/** What 首页's link may carry that only the app reads (useHomeLanding). */
const HOME_CODE_KEYS = ['scene', 'q'] as const

const NONE: PageScreen = { missing: false, screen: null }
const MISSING: PageScreen = { missing: true }

/** Which first screen an H5 URL gets, from the same services the API answers with. */
export class FirstScreenService {
  constructor(private readonly deps: { reports: ReportsService; stations: StationsService; now: () => Date }) {}

  /** A malformed id is missing too (nobody can have it); failures other than 404 are thrown. */
  async screenFor(params: { pathname: string; query: Record<string, unknown> }): Promise<PageScreen> {
    const page = pageOf(params.pathname)
    if (page === null) return NONE
    if (page === 'home') {
      try {
        // a 小程序码's `?scene=` or a scanned link's `?q=` is for the app, which reads it at once
        // (client/hooks/use-landing.ts); anything else (WeChat's `?from=singlemessage`) is still 首页
        const carriesCode = HOME_CODE_KEYS.some((key) => params.query[key] !== undefined)
        return { missing: false, screen: await this.home({ appBoot: carriesCode ? 'at-once' : 'on-demand' }) }
      } catch (error) {
        // the database away with no report in memory: the app's own 首页, not a first screen saying "no report"
        if (isDatabaseUnavailable(error)) return NONE
        throw error
      }
    }
    const id = params.query.id
    if (id === undefined || id === '') return NONE
    try {
      if (page === 'report') {
        const parsed = reportIdSchema.safeParse(id)
        return parsed.success ? { missing: false, screen: reportDocument({ report: (await this.deps.reports.detail(parsed.data)).detail }) } : MISSING
      }
      const parsed = stationIdSchema.safeParse(id)
      return parsed.success ? { missing: false, screen: stationFirstScreen({ detail: await this.deps.stations.detail(parsed.data) }) } : MISSING
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return MISSING
      throw error
    }
  }

  /** What `GET /api/home` shows a phone with nothing of its own: the county, the latest report with its headline figures, the directory's freshness. */
  private async home(params: { appBoot: 'at-once' | 'on-demand' }): Promise<FirstScreen> {
    const latestReport = await this.deps.reports.latest()
    const county = this.deps.stations.county(latestReport?.county ?? null)
    const shared = { county, directory: this.deps.stations.freshness(), now: this.deps.now(), appBoot: params.appBoot }
    if (!latestReport) return homeDocument({ ...shared, latestReport: null, headlines: [] })
    const { detail } = await this.deps.reports.detail(latestReport.id)
    return homeDocument({ ...shared, latestReport, headlines: headlineFigures({ figures: detail.figures }) })
  }
}
