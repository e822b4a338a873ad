import { healthResponseSchema, type HealthResponse } from '../../contracts/health'
import { homeResponseSchema, type HomeResponse } from '../../contracts/home'
import {
  reportDetailResponseSchema,
  reportListResponseSchema,
  reportSearchResponseSchema,
  type ReportDetailResponse,
  type ReportListResponse,
  type ReportSearchResponse,
} from '../../contracts/reports-api'
import { sceneTargetSchema, type SceneTarget } from '../../contracts/scenes'
import { apiBaseUrl, request } from './http'

export function fetchHealth(): Promise<HealthResponse> {
  return request({ path: '/api/health', schema: healthResponseSchema, timeoutMs: 5_000 })
}

/** 首页 in one call; the booking codes this device holds bring back the next booking. */
export function fetchHome(params: { bookingCodes?: readonly string[] } = {}): Promise<HomeResponse> {
  const codes = (params.bookingCodes ?? []).slice(0, 20)
  return request({ path: codes.length > 0 ? `/api/home?bookings=${codes.join(',')}` : '/api/home', schema: homeResponseSchema })
}

export function fetchReports(): Promise<ReportListResponse> {
  return request({ path: '/api/reports', schema: reportListResponseSchema })
}

export function fetchReport(id: string): Promise<ReportDetailResponse> {
  return request({ path: `/api/reports/${encodeURIComponent(id)}`, schema: reportDetailResponseSchema })
}

export function searchReport(params: { id: string; query: string }): Promise<ReportSearchResponse> {
  return request({ path: `/api/reports/${encodeURIComponent(params.id)}/search?q=${encodeURIComponent(params.query)}`, schema: reportSearchResponseSchema })
}

/** An image URL (not a request): the QR code of one of the app's own pages. */
export function qrImageUrl(params: { path: string; format?: 'svg' | 'png' }): string {
  return `${apiBaseUrl()}/api/qr?path=${encodeURIComponent(params.path)}&format=${params.format ?? 'png'}`
}

/** An image URL: the 小程序码 of a report or station (404 when the county has no mini program). */
export function wxacodeImageUrl(params: { kind: 'report' | 'station'; id: string }): string {
  return `${apiBaseUrl()}/api/${params.kind === 'report' ? 'reports' : 'stations'}/${encodeURIComponent(params.id)}/wxacode`
}

/** Where a scanned 小程序码's scene leads. */
export function resolveScene(scene: string): Promise<SceneTarget> {
  return request({ path: `/api/scenes/${encodeURIComponent(scene)}`, schema: sceneTargetSchema })
}
