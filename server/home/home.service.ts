import type { HomeResponse } from '../../contracts'
import type { Datum } from '../../contracts/station'
import { headlineFigures } from '../reports/report-insights'
import type { ReportsService } from '../reports/reports.service'
import type { BookingsService } from '../bookings/bookings.service'
import type { StationsService } from '../stations/stations.service'

const HOME_NEAREST_LIMIT = 3

/** Composes 首页 from the domains in one call, so a phone on 3G makes one round trip. */
export class HomeService {
  constructor(private readonly deps: { reports: ReportsService; stations: StationsService; bookings: BookingsService }) {}

  async home(params: { position?: { lat: number; lng: number; datum: Datum }; bookingCodes?: readonly string[] }): Promise<HomeResponse> {
    const nearestStations = params.position ? this.deps.stations.nearest({ ...params.position, limit: HOME_NEAREST_LIMIT }).stations : []
    const nextBooking = await this.deps.bookings.nextBookingFor(params.bookingCodes ?? [])
    const latest = await this.deps.reports.latestStored()
    if (!latest) return { latestReport: null, headlines: [], nearestStations, nextBooking }
    const { source: _source, contentHash: _hash, document, importedAt: _importedAt, ...summary } = latest
    return { latestReport: summary, headlines: headlineFigures({ figures: document.figures }), nearestStations, nextBooking }
  }
}
