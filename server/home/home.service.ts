import type { HomeResponse } from '../../contracts'
import type { ReportsService } from '../reports/reports.service'

/** Composes 首页 from the domains in one call, so a phone on 3G makes one round trip. */
export class HomeService {
  constructor(private readonly deps: { reports: ReportsService }) {}

  async home(): Promise<HomeResponse> {
    return { latestReport: await this.deps.reports.latest() }
  }
}
