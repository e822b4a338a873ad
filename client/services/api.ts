import type { HomeResponse } from '../../contracts/home'
import {
  getHome,
  getQrCode,
  getReport,
  getReportWxacode,
  listReports,
  resolveScene as resolveSceneEndpoint,
  searchReport as searchReportEndpoint,
} from '../../contracts/endpoints/public'
import { getStationWxacode } from '../../contracts/endpoints/stations'
import { endpointPath, queryString } from '../../contracts/endpoint'
import type { ReportDetailResponse, ReportListResponse, ReportSearchResponse } from '../../contracts/reports-api'
import type { SceneTarget } from '../../contracts/scenes'
import { apiBaseUrl, call } from './http'

/**
 * 首页 in one call; the bookings this device made (code and manage token) bring back the next one,
 * and a signed-in volunteer's token their due 回访.
 */
export function fetchHome(params: { heldBookings?: readonly { code: string; token: string }[]; volunteerToken?: string | null } = {}): Promise<HomeResponse> {
  const held = (params.heldBookings ?? []).slice(0, 20)
  // in headers, not the URL: a token in a query string ends up in proxies' access logs
  const headers: Record<string, string> = {}
  if (held.length > 0) headers['X-Booking-Tokens'] = held.map((entry) => `${entry.code}.${entry.token}`).join(',')
  if (params.volunteerToken) headers.Authorization = `Bearer ${params.volunteerToken}`
  return call(getHome, { headers: Object.keys(headers).length > 0 ? headers : undefined })
}

export function fetchReports(): Promise<ReportListResponse> {
  return call(listReports, {})
}

export function fetchReport(id: string): Promise<ReportDetailResponse> {
  return call(getReport, { params: { id } })
}

export function searchReport(params: { id: string; query: string }): Promise<ReportSearchResponse> {
  return call(searchReportEndpoint, { params: { id: params.id }, query: { q: params.query } })
}

/** An image URL (not a request): the QR code of one of the app's own pages. */
export function qrImageUrl(params: { path: string; format?: 'svg' | 'png' }): string {
  return `${apiBaseUrl()}${getQrCode.path}${queryString({ path: params.path, format: params.format ?? 'png' })}`
}

/** An image URL: the 小程序码 of a report or station (404 when the county has no mini program). */
export function wxacodeImageUrl(params: { kind: 'report' | 'station'; id: string }): string {
  return `${apiBaseUrl()}${endpointPath((params.kind === 'report' ? getReportWxacode : getStationWxacode).path, { id: params.id })}`
}

/** Where a scanned 小程序码's scene leads. */
export function resolveScene(scene: string): Promise<SceneTarget> {
  return call(resolveSceneEndpoint, { params: { scene } })
}
