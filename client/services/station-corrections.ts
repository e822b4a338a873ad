import { reportStationCorrection } from '../../contracts/endpoints/station-keeping'
import type { Correction, CorrectionRequest } from '../../contracts/station-keeping'
import { call } from './http'

/**
 * `POST /api/stations/:id/corrections` (信息有误): which fact is wrong and what the resident says;
 * a call-back number only when they give one. No sign-in. 429 RATE_LIMITED per address. Only the
 * 信息有误 page (packageBooking) imports this, so the station-keeping contract stays out of main.
 */
export function reportStationError(id: string, report: CorrectionRequest): Promise<Correction> {
  return call(reportStationCorrection, { params: { id }, body: report })
}
