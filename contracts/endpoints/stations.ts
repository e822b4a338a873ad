import { defineEndpoint, endpointGroup } from '../endpoint'
import { nearestQuerySchema, nearestResponseSchema } from '../station'
import { stationDetailResponseSchema, stationPageQuerySchema, stationPageResponseSchema, townListResponseSchema } from '../stations-api'
import { stationParams, wxacodeEndpoint } from './groups'

/** The station directory: lists, the nearest stations, one station, its poster and 小程序码. */

export const listStations = defineEndpoint('GET', '/api/stations', {
  tag: 'stations',
  query: stationPageQuerySchema,
  responses: { 200: stationPageResponseSchema },
  serviceWorker: 'keep',
})

export const nearestStations = defineEndpoint('GET', '/api/stations/nearest', {
  tag: 'stations',
  query: nearestQuerySchema,
  responses: { 200: nearestResponseSchema },
})

export const listTowns = defineEndpoint('GET', '/api/stations/towns', { tag: 'stations', responses: { 200: townListResponseSchema }, serviceWorker: 'keep' })

/** One station by its id; an unknown id is 404. */
const stationEndpoint = endpointGroup({ tag: 'stations', params: stationParams, errors: ['NOT_FOUND'] })

export const getStation = stationEndpoint('GET', '/api/stations/:id', { responses: { 200: stationDetailResponseSchema }, serviceWorker: 'keep' })

export const getStationPoster = stationEndpoint('GET', '/api/stations/:id/poster', {
  responses: { 200: { raw: 'text/html', description: '可打印的 A4 海报' } },
})

export const getStationWxacode = wxacodeEndpoint('GET', '/api/stations/:id/wxacode', { params: stationParams })
