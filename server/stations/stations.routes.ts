import { Router } from 'express'
import QRCode from 'qrcode'
import { z } from 'zod'
import { nearestQuerySchema, stationIdSchema } from '../../contracts/station'
import { stationPageQuerySchema } from '../../contracts/stations-api'
import { parseInput } from '../http/validation'
import { renderStationPoster } from './station-poster'
import type { Logger } from 'pino'
import type { ScenesService } from '../scenes/scenes.service'
import type { StationsService } from './stations.service'

const stationParamsSchema = z.object({ id: stationIdSchema })

export function stationsRoutes(deps: { service: StationsService; scenes: ScenesService; publicBaseUrl?: string; logger: Logger }): Router {
  const { service } = deps
  const router = Router()
  router.get('/', (req, res) => {
    res.json(service.list(parseInput({ schema: stationPageQuerySchema, value: req.query, source: 'query' })))
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
    // a link taken from the Host header is this requester's own: no shared cache may keep it
    res.set('Cache-Control', deps.publicBaseUrl ? 'public, max-age=3600' : 'private, no-cache')
    res.type('html').send(renderStationPoster({ station, qrSvg, link, wxacode: await posterWxacode({ scenes: deps.scenes, stationId: station.id, logger: deps.logger }) }))
  })
  return router
}

/**
 * The 小程序码 embedded in the poster (a data: URL, so the printout does not depend on a second
 * request); null without WeChat or when WeChat fails, and the poster keeps the H5 QR alone.
 */
async function posterWxacode(params: { scenes: ScenesService; stationId: string; logger: Logger }): Promise<string | null> {
  if (!params.scenes.wxacodeAvailable) return null
  try {
    const { image, contentType } = await params.scenes.wxacode({ kind: 'station', targetId: params.stationId })
    return `data:${contentType};base64,${image.toString('base64')}`
  } catch {
    // the failure is logged where it happened; a poster without the 小程序码 is still a poster
    return null
  }
}
