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

/** 首页 in one call; the bookings this device made (code and manage token) bring back the next one. */
export function fetchHome(params: { heldBookings?: readonly { code: string; token: string }[] } = {}): Promise<HomeResponse> {
  const held = (params.heldBookings ?? []).slice(0, 20)
  // in a header, not the URL: a token in a query string ends up in proxies' access logs
  return request({ path: '/api/home', schema: homeResponseSchema, headers: held.length > 0 ? { 'X-Booking-Tokens': held.map((entry) => `${entry.code}.${entry.token}`).join(',') } : undefined })
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
