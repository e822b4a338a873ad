import * as z from 'zod/mini'
import { defineEndpoint } from '../endpoint'
import { nearestQuerySchema, nearestResponseSchema, stationIdSchema } from '../station'
import { stationDetailResponseSchema, stationPageQuerySchema, stationPageResponseSchema, townListResponseSchema } from '../stations-api'

/** The station directory: lists, the nearest stations, one station, its poster and 小程序码. */

const stationParams = z.object({ id: stationIdSchema })

export const listStations = defineEndpoint({
  method: 'GET',
  path: '/api/stations',
  tag: 'stations',
  query: stationPageQuerySchema,
  responses: { 200: stationPageResponseSchema },
  errors: [],
  serviceWorker: 'keep',
})

export const nearestStations = defineEndpoint({
  method: 'GET',
  path: '/api/stations/nearest',
  tag: 'stations',
  query: nearestQuerySchema,
  responses: { 200: nearestResponseSchema },
  errors: [],
})

export const listTowns = defineEndpoint({
  method: 'GET',
  path: '/api/stations/towns',
  tag: 'stations',
  responses: { 200: townListResponseSchema },
  errors: [],
  serviceWorker: 'keep',
})

export const getStation = defineEndpoint({
  method: 'GET',
  path: '/api/stations/:id',
  tag: 'stations',
  params: stationParams,
  responses: { 200: stationDetailResponseSchema },
  errors: ['NOT_FOUND'],
  serviceWorker: 'keep',
})

export const getStationPoster = defineEndpoint({
  method: 'GET',
  path: '/api/stations/:id/poster',
  tag: 'stations',
  params: stationParams,
  responses: { 200: { raw: 'text/html', description: '可打印的 A4 海报' } },
  errors: ['NOT_FOUND'],
})

export const getStationWxacode = defineEndpoint({
  method: 'GET',
  path: '/api/stations/:id/wxacode',
  tag: 'scenes',
  params: stationParams,
  responses: { 200: { raw: 'image/*', description: '小程序码图片' } },
  errors: ['NOT_FOUND', 'WXACODE_UNAVAILABLE', 'WXACODE_FAILED'],
})
