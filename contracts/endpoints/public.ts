import * as z from 'zod/mini'
import { qrQuerySchema } from '../app-routes'
import { defineEndpoint } from '../endpoint'
import { healthResponseSchema } from '../health'
import { homeResponseSchema } from '../home'
import { bookingTokensHeaderSchema } from '../bookings'
import { reportDetailResponseSchema, reportIdSchema, reportListResponseSchema, reportSearchQuerySchema, reportSearchResponseSchema } from '../reports-api'
import { sceneSchema, sceneTargetSchema } from '../scenes'
import { homeQuerySchema } from '../stations-api'

/** The endpoints the main package calls: health, 首页, reports, scenes and QR codes. */

export const getHealth = defineEndpoint({
  method: 'GET',
  path: '/api/health',
  summary: '服务是否正常（含数据库和服务站名录的状态）',
  tag: 'health',
  responses: { 200: healthResponseSchema, 503: healthResponseSchema },
  errors: [],
})

export const getHome = defineEndpoint({
  method: 'GET',
  path: '/api/home',
  summary: '首页一次取齐：最新报告、最近的服务站、本机的预约、法律明白人的待回访',
  tag: 'home',
  query: homeQuerySchema,
  headers: z.object({ 'x-booking-tokens': z.optional(bookingTokensHeaderSchema) }),
  responses: { 200: homeResponseSchema },
  errors: ['RATE_LIMITED'],
})

export const listReports = defineEndpoint({
  method: 'GET',
  path: '/api/reports',
  summary: '报告列表',
  tag: 'reports',
  responses: { 200: reportListResponseSchema },
  errors: [],
})

const reportParams = z.object({ id: reportIdSchema })

export const getReport = defineEndpoint({
  method: 'GET',
  path: '/api/reports/:id',
  summary: '一份报告的全文（章节、数字和同比）；带 If-None-Match 时未变则 304',
  tag: 'reports',
  params: reportParams,
  responses: { 200: reportDetailResponseSchema, 304: null },
  errors: ['NOT_FOUND'],
})

export const searchReport = defineEndpoint({
  method: 'GET',
  path: '/api/reports/:id/search',
  summary: '在一份报告里搜索',
  tag: 'reports',
  params: reportParams,
  query: reportSearchQuerySchema,
  responses: { 200: reportSearchResponseSchema },
  errors: ['NOT_FOUND'],
})

export const getReportWxacode = defineEndpoint({
  method: 'GET',
  path: '/api/reports/:id/wxacode',
  summary: '报告的小程序码（PNG 或 JPEG）',
  tag: 'scenes',
  params: reportParams,
  responses: { 200: { raw: 'image/*', description: '小程序码图片' } },
  errors: ['NOT_FOUND', 'WXACODE_UNAVAILABLE', 'WXACODE_FAILED'],
})

export const resolveScene = defineEndpoint({
  method: 'GET',
  path: '/api/scenes/:scene',
  summary: '扫小程序码后：场景码指向的页面和参数',
  tag: 'scenes',
  params: z.object({ scene: sceneSchema }),
  responses: { 200: sceneTargetSchema },
  errors: ['SCENE_NOT_FOUND'],
})

export const getOpenApi = defineEndpoint({
  method: 'GET',
  path: '/api/openapi.json',
  summary: '本接口的 OpenAPI 3.1 说明（由 contracts/ 生成，供区县信息化人员和其他平台对接）',
  tag: 'health',
  responses: { 200: { raw: 'application/json', description: 'OpenAPI 3.1 文档' } },
  errors: [],
})

export const getQrCode = defineEndpoint({
  method: 'GET',
  path: '/api/qr',
  summary: '本应用一个页面的网页二维码（SVG 或 PNG）',
  tag: 'qr',
  query: qrQuerySchema,
  responses: { 200: { raw: 'image/svg+xml', description: 'SVG（format=svg）或 PNG（format=png）' } },
  errors: [],
})
