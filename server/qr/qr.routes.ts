import QRCode from 'qrcode'
import { getQrCode } from '../../contracts/endpoints/public'
import { endpointRouter, SENT } from '../http/endpoint-router'
import { linkOrigin, markRequestOrigin } from '../http/link-origin'

/**
 * QR codes of the H5 deep links, for posters and the reader's "扫码在手机上打开". The link's origin
 * is PUBLIC_BASE_URL when set (behind a proxy), else the address this request came to (never an
 * arbitrary Host: see linkOrigin); such an answer is for that client alone (`private`, `Vary: Host`).
 */
export function qrRoutes(deps: { publicBaseUrl?: string }) {
  const { router, route } = endpointRouter()
  route(getQrCode, {
    handle: async ({ query: { path, format }, req, res }) => {
      const { origin, fixed } = linkOrigin({ req, publicBaseUrl: deps.publicBaseUrl })
      const link = `${origin}${path}`
      // M: survives a creased or slightly dirty printout; margins per the QR spec's quiet zone
      const options = { errorCorrectionLevel: 'M' as const, margin: 4 }
      if (fixed) res.set('Cache-Control', 'public, max-age=86400')
      else markRequestOrigin(res, 'private, max-age=86400')
      res.set('X-QR-Link', encodeURI(link))
      if (format === 'png') {
        res.type('png').send(await QRCode.toBuffer(link, { ...options, type: 'png', width: 512 }))
        return SENT
      }
      res.type('image/svg+xml').send(await QRCode.toString(link, { ...options, type: 'svg' }))
      return SENT
    },
  })
  return router
}
