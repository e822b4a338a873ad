import * as z from 'zod/mini'
import { defineEndpoint } from '../endpoint'
import { nearestQuerySchema, nearestResponseSchema, stationIdSchema } from '../station'
import { stationDetailResponseSchema, stationPageQuerySchema, stationPageResponseSchema, townListResponseSchema } from '../stations-api'

/** The station directory: lists, the nearest stations, one station, its poster and 小程序码. */

const stationParams = z.object({ id: stationIdSchema })

export const listStations = defineEndpoint({
  method: 'GET',
  path: '/api/stations',
  summary: '服务站名录（可按层级、乡镇、关键词筛选，分页）',
  tag: 'stations',
  query: stationPageQuerySchema,
  responses: { 200: stationPageResponseSchema },
  errors: [],
})

export const nearestStations = defineEndpoint({
  method: 'GET',
  path: '/api/stations/nearest',
  summary: '离一个位置最近的服务站（位置只用于这次计算，不保存）',
  tag: 'stations',
  query: nearestQuerySchema,
  responses: { 200: nearestResponseSchema },
  errors: [],
})

export const listTowns = defineEndpoint({
  method: 'GET',
  path: '/api/stations/towns',
  summary: '乡镇（街道）列表及各自的服务站数',
  tag: 'stations',
  responses: { 200: townListResponseSchema },
  errors: [],
})

export const getStation = defineEndpoint({
  method: 'GET',
  path: '/api/stations/:id',
  summary: '一个服务站，附本县报告里的数字和服务网络',
  tag: 'stations',
  params: stationParams,
  responses: { 200: stationDetailResponseSchema },
  errors: ['NOT_FOUND'],
})

export const getStationPoster = defineEndpoint({
  method: 'GET',
  path: '/api/stations/:id/poster',
  summary: '服务站的可打印海报（HTML，含网页二维码和小程序码）',
  tag: 'stations',
  params: stationParams,
  responses: { 200: { raw: 'text/html', description: '可打印的 A4 海报' } },
  errors: ['NOT_FOUND'],
})

export const getStationWxacode = defineEndpoint({
  method: 'GET',
  path: '/api/stations/:id/wxacode',
  summary: '服务站的小程序码（PNG 或 JPEG）',
  tag: 'scenes',
  params: stationParams,
  responses: { 200: { raw: 'image/*', description: '小程序码图片' } },
  errors: ['NOT_FOUND', 'WXACODE_UNAVAILABLE', 'WXACODE_FAILED'],
})
