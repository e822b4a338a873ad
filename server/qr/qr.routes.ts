import QRCode from 'qrcode'
import { getQrCode } from '../../contracts/endpoints/public'
import { endpointRouter, SENT } from '../http/endpoint-router'

/**
 * QR codes of the H5 deep links, for posters and the reader's "扫码在手机上打开". The link's origin
 * is PUBLIC_BASE_URL when set (behind a proxy), else the origin this request came to. That origin
 * comes from the Host header, which the client chooses: such an answer is for that client alone
 * (`private`), so a shared cache never hands a code pointing at someone's forged Host to others.
 */
export function qrRoutes(deps: { publicBaseUrl?: string }) {
  const { router, route } = endpointRouter()
  route(getQrCode, {
    handle: async ({ query: { path, format }, req, res }) => {
      const fixedOrigin = deps.publicBaseUrl !== undefined
      const origin = deps.publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`
      const link = `${origin.replace(/\/+$/, '')}${path}`
      // M: survives a creased or slightly dirty printout; margins per the QR spec's quiet zone
      const options = { errorCorrectionLevel: 'M' as const, margin: 4 }
      res.set('Cache-Control', fixedOrigin ? 'public, max-age=86400' : 'private, max-age=86400').set('X-QR-Link', encodeURI(link))
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
