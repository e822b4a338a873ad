import type { HomeResponse } from '../../contracts'
import { headlineFigures } from '../reports/report-insights'
import type { ReportsService } from '../reports/reports.service'

/** Composes 首页 from the domains in one call, so a phone on 3G makes one round trip. */
export class HomeService {
  constructor(private readonly deps: { reports: ReportsService }) {}

  async home(): Promise<HomeResponse> {
    const latest = await this.deps.reports.latestStored()
    if (!latest) return { latestReport: null, headlines: [] }
    const { source: _source, contentHash: _hash, document, importedAt: _importedAt, ...summary } = latest
    return { latestReport: summary, headlines: headlineFigures({ figures: document.figures }) }
  }
}
