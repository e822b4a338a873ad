import { Router } from 'express'
import QRCode from 'qrcode'
import { z } from 'zod'
import { nearestQuerySchema, stationIdSchema, stationListQuerySchema } from '../../contracts/station'
import { parseInput } from '../http/validation'
import { renderStationPoster } from './station-poster'
import type { StationsService } from './stations.service'

const stationParamsSchema = z.object({ id: stationIdSchema })

export function stationsRoutes(deps: { service: StationsService; publicBaseUrl?: string }): Router {
  const { service } = deps
  const router = Router()
  router.get('/', (req, res) => {
    res.json(service.list(parseInput({ schema: stationListQuerySchema, value: req.query, source: 'query' })))
  })
  router.get('/nearest', (req, res) => {
    res.json(service.nearest(parseInput({ schema: nearestQuerySchema, value: req.query, source: 'query' })))
  })
  router.get('/towns', (_req, res) => {
    res.json(service.towns())
  })
  router.get('/:id', async (req, res) => {
    const { id } = parseInput({ schema: stationParamsSchema, value: req.params, source: 'params' })
    res.json(await service.detail(id))
  })
  router.get('/:id/poster', async (req, res) => {
    const { id } = parseInput({ schema: stationParamsSchema, value: req.params, source: 'params' })
    const station = service.find(id)
    const origin = deps.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`
    const link = `${origin.replace(/\/+$/, '')}/pages/station/index?id=${encodeURIComponent(station.id)}`
    const qrSvg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
    res.type('html').send(renderStationPoster({ station, qrSvg, link }))
  })
  return router
}
