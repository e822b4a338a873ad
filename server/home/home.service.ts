import type { HomeResponse } from '../../contracts'
import { AppError } from '../errors/app-error'
import type { Datum } from '../../contracts/station'
import { headlineFigures } from '../reports/report-insights'
import type { StoredReport } from '../reports/report.repository'
import type { ReportsService } from '../reports/reports.service'
import { isDatabaseUnavailable } from '../storage/database'
import type { AuthService } from '../auth/auth.service'
import type { BookingsService } from '../bookings/bookings.service'
import type { MediationsService } from '../mediations/mediations.service'
import type { StationsService } from '../stations/stations.service'

const HOME_NEAREST_LIMIT = 3

/** Composes 首页 from the domains in one call, so a phone on 3G makes one round trip. */
export class HomeService {
  constructor(
    private readonly deps: {
      reports: ReportsService
      stations: StationsService
      bookings: BookingsService
      mediations: MediationsService
      auth: AuthService
      now: () => Date
    },
  ) {}

  /** A signed-in volunteer also gets their due 回访 and 司法确认 prompts; an expired token just gets none. */
  private async followUps(token: string | null): Promise<HomeResponse['followUps']> {
    if (!token) return []
    let user
    try {
      user = await this.deps.auth.authenticate(token)
    } catch (error) {
      // an expired or revoked sign-in just shows no prompts; anything else (the database) is an error
      if (error instanceof AppError && error.status === 401) return []
      throw error
    }
    return (await this.deps.mediations.followUps({ user })).followUps
  }

  /** The device's next booking and a volunteer's prompts; `unavailable` while the database is away (never "none"). */
  private async personal(params: {
    heldBookings: readonly { code: string; token: string }[]
    token: string | null
  }): Promise<Pick<HomeResponse, 'nextBooking' | 'followUps' | 'personal'>> {
    try {
      return { nextBooking: await this.deps.bookings.nextBookingFor(params.heldBookings), followUps: await this.followUps(params.token) }
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error
      return { nextBooking: null, followUps: [], personal: 'unavailable' }
    }
  }

  /** The latest report (from memory while the database is away); `unavailable` when none can be had. */
  private async latestReport(): Promise<{ latest: StoredReport | null; unavailable: boolean }> {
    try {
      return { latest: await this.deps.reports.latestStored(), unavailable: false }
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error
      return { latest: null, unavailable: true }
    }
  }

  /**
   * The public part (county, latest report, nearest stations, the directory's state) comes from
   * memory when the database is away; the personal part then says it could not be loaded.
   */
  async home(params: {
    position?: { lat: number; lng: number; datum: Datum }
    heldBookings?: readonly { code: string; token: string }[]
    token?: string | null
  }): Promise<HomeResponse> {
    const nearestStations = params.position ? this.deps.stations.nearest({ ...params.position, limit: HOME_NEAREST_LIMIT }).stations : []
    const personal = await this.personal({ heldBookings: params.heldBookings ?? [], token: params.token ?? null })
    const { latest, unavailable } = await this.latestReport()
    const service = {
      county: this.deps.stations.county(latest?.county ?? null),
      generatedAt: this.deps.now().toISOString(),
      directory: this.deps.stations.freshness(),
      ...(unavailable ? { reports: 'unavailable' as const } : {}),
    }
    if (!latest) return { ...service, latestReport: null, headlines: [], nearestStations, ...personal }
    const { source: _source, contentHash: _hash, document, importedAt: _importedAt, ...summary } = latest
    return { ...service, latestReport: summary, headlines: headlineFigures({ figures: document.figures }), nearestStations, ...personal }
  }
}
