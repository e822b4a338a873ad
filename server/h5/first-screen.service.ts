import { canonicalPathname } from '../../contracts/app-routes'
import { reportIdSchema } from '../../contracts/reports-api'
import { stationIdSchema } from '../../contracts/station'
import { AppError } from '../http/app-error'
import { headlineFigures } from '../reports/report-insights'
import type { ReportsService } from '../reports/reports.service'
import type { StationsService } from '../stations/stations.service'
import { homeFirstScreen, reportFirstScreen, stationFirstScreen, type FirstScreen } from './first-screen'

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

/** Which first screen an H5 URL gets, from the same services the API answers with. */
export class FirstScreenService {
  constructor(private readonly deps: { reports: ReportsService; stations: StationsService }) {}

  /** `null` for any other page, a missing or malformed id, or one nobody has; other failures are thrown. */
  async screenFor(params: { pathname: string; query: Record<string, unknown> }): Promise<FirstScreen | null> {
    try {
      switch (pageOf(params.pathname)) {
        case 'home':
          return await this.home()
        case 'report': {
          const id = reportIdSchema.safeParse(params.query.id)
          return id.success ? reportFirstScreen({ report: (await this.deps.reports.detail(id.data)).detail }) : null
        }
        case 'station': {
          const id = stationIdSchema.safeParse(params.query.id)
          return id.success ? stationFirstScreen({ detail: await this.deps.stations.detail(id.data) }) : null
        }
        default:
          return null
      }
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return null
      throw error
    }
  }

  /** What `GET /api/home` shows of the latest report: its summary and its headline figures. */
  private async home(): Promise<FirstScreen> {
    const latestReport = await this.deps.reports.latest()
    const county = this.deps.stations.county(latestReport?.county ?? null)
    if (!latestReport) return homeFirstScreen({ county, latestReport: null, headlines: [] })
    const { detail } = await this.deps.reports.detail(latestReport.id)
    return homeFirstScreen({ county, latestReport, headlines: headlineFigures({ figures: detail.figures }) })
  }
}
