import QRCode from 'qrcode'
import { getStation, getStationPoster, listStations, listTowns, nearestStations } from '../../contracts/endpoints/stations'
import { endpointRouter, ok, SENT } from '../http/endpoint-router'
import { linkOrigin, markRequestOrigin } from '../http/link-origin'
import { renderStationPoster } from './station-poster'
import type { Logger } from 'pino'
import type { ScenesService } from '../scenes/scenes.service'
import type { StationsService } from './stations.service'

export function stationsRoutes(deps: { service: StationsService; scenes: ScenesService; publicBaseUrl?: string; logger: Logger; checkResponses?: boolean }) {
  const { service } = deps
  const { router, route } = endpointRouter({ checkResponses: deps.checkResponses })
  route(listStations, { handle: ({ query }) => ok(service.list(query)) })
  route(nearestStations, { handle: ({ query }) => ok(service.nearest(query)) })
  route(listTowns, { handle: () => ok(service.towns()) })
  route(getStation, { handle: async ({ params }) => ok(await service.detail(params.id)) })
  route(getStationPoster, {
    handle: async ({ params, req, res }) => {
      const station = service.find(params.id)
      const { origin, fixed } = linkOrigin({ req, publicBaseUrl: deps.publicBaseUrl })
      const link = `${origin}/pages/station/index?id=${encodeURIComponent(station.id)}`
      const qrSvg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
      // a link taken from the request is this requester's own: no shared cache may keep it
      if (fixed) res.set('Cache-Control', 'public, max-age=3600')
      else markRequestOrigin(res, 'private, no-cache')
      res
        .type('html')
        .send(renderStationPoster({ station, qrSvg, link, wxacode: await posterWxacode({ scenes: deps.scenes, stationId: station.id, logger: deps.logger }) }))
      return SENT
    },
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
