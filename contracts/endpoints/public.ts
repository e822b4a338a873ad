import * as z from 'zod/mini'
import { qrQuerySchema } from '../app-routes'
import { defineEndpoint, endpointGroup } from '../endpoint'
import { healthResponseSchema } from '../health'
import { homeResponseSchema } from '../home'
import { bookingTokensHeaderSchema } from '../bookings'
import { reportDetailResponseSchema, reportIdSchema, reportListResponseSchema, reportSearchQuerySchema, reportSearchResponseSchema } from '../reports-api'
import { sceneSchema, sceneTargetSchema } from '../scenes'
import { homeQuerySchema } from '../stations-api'
import { wxacodeEndpoint } from './groups'

/** The endpoints the main package calls: health, 首页, reports, scenes and QR codes. */

export const getHealth = defineEndpoint('GET', '/api/health', { tag: 'health', responses: { 200: healthResponseSchema, 503: healthResponseSchema } })

export const getHome = defineEndpoint('GET', '/api/home', {
  tag: 'home',
  query: homeQuerySchema,
  headers: z.object({ 'x-booking-tokens': z.optional(bookingTokensHeaderSchema) }),
  responses: { 200: homeResponseSchema },
  errors: ['RATE_LIMITED'],
})

export const listReports = defineEndpoint('GET', '/api/reports', { tag: 'reports', responses: { 200: reportListResponseSchema }, serviceWorker: 'keep' })

const reportParams = z.object({ id: reportIdSchema })
/** One report by its id; an unknown id is 404. */
const reportEndpoint = endpointGroup({ tag: 'reports', params: reportParams, errors: ['NOT_FOUND'] })

export const getReport = reportEndpoint('GET', '/api/reports/:id', { responses: { 200: reportDetailResponseSchema, 304: null }, serviceWorker: 'keep' })

export const searchReport = reportEndpoint('GET', '/api/reports/:id/search', { query: reportSearchQuerySchema, responses: { 200: reportSearchResponseSchema } })

export const getReportSource = reportEndpoint('GET', '/api/reports/:id/source', {
  responses: { 200: { raw: 'text/plain', description: '导入时的原文，逐字节不变（UTF-8）' } },
})

export const getReportWxacode = wxacodeEndpoint('GET', '/api/reports/:id/wxacode', { params: reportParams })

export const resolveScene = defineEndpoint('GET', '/api/scenes/:scene', {
  tag: 'scenes',
  params: z.object({ scene: sceneSchema }),
  responses: { 200: sceneTargetSchema },
  errors: ['SCENE_NOT_FOUND'],
})

export const getOpenApi = defineEndpoint('GET', '/api/openapi.json', {
  tag: 'health',
  responses: { 200: { raw: 'application/json', description: 'OpenAPI 3.1 文档' } },
})

export const getQrCode = defineEndpoint('GET', '/api/qr', {
  tag: 'qr',
  query: qrQuerySchema,
  responses: { 200: { raw: 'image/svg+xml', description: 'SVG（format=svg）或 PNG（format=png）' } },
})
