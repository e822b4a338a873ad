import { healthResponseSchema, type HealthResponse } from '../../contracts/health'
import { homeResponseSchema, type HomeResponse } from '../../contracts/home'
import { reportListResponseSchema, type ReportListResponse } from '../../contracts/reports-api'
import { request } from './http'

export function fetchHealth(): Promise<HealthResponse> {
  return request({ path: '/api/health', schema: healthResponseSchema, timeoutMs: 5_000 })
}

export function fetchHome(): Promise<HomeResponse> {
  return request({ path: '/api/home', schema: homeResponseSchema })
}

export function fetchReports(): Promise<ReportListResponse> {
  return request({ path: '/api/reports', schema: reportListResponseSchema })
}
