import net from 'node:net'
import type { Request, Response } from 'express'

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is 127.0.0.1; brackets go. */
function plainAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase()
  return bare.startsWith('::ffff:') && net.isIPv4(bare.slice(7)) ? bare.slice(7) : bare
}

function isLoopback(address: string): boolean {
  return address === '::1' || /^127\./.test(address)
}

/**
 * The origin written into links that leave the BFF (QR codes, posters, og:url and canonical).
 *
 * PUBLIC_BASE_URL when set: nothing the client sends has a say. Without it the Host header is the
 * client's choice (`Host: evil.example` would put evil.example on a printed poster or in a page's
 * canonical link), so it is believed only when it names the address and port this connection
 * arrived at (`192.168.1.5:3000`, or `localhost` on a loopback connection); any other Host gets
 * that address instead. `fixed: false` means the answer depends on the connection and its Host:
 * see `markRequestOrigin`.
 */
export function linkOrigin(params: { req: Request; publicBaseUrl?: string }): { origin: string; fixed: boolean } {
  if (params.publicBaseUrl !== undefined) return { origin: params.publicBaseUrl.replace(/\/+$/, ''), fixed: true }
  const { req } = params
  const local = plainAddress(req.socket.localAddress ?? '127.0.0.1')
  const localPort = req.socket.localPort ?? 80
  const defaultPort = req.protocol === 'https' ? 443 : 80
  const host = req.get('host')
  if (host) {
    try {
      const named = new URL(`http://${host}`)
      const port = named.port === '' ? defaultPort : Number(named.port)
      const hostname = plainAddress(named.hostname)
      const sameAddress = hostname === local || (hostname === 'localhost' && isLoopback(local))
      // `new URL` has checked the Host's syntax, so the echoed origin is a well-formed one
      if (sameAddress && port === localPort) return { origin: `${req.protocol}://${named.host}`, fixed: false }
    } catch {
      // not a host at all: the connection's own address below
    }
  }
  const address = net.isIPv6(local) ? `[${local}]` : local
  return { origin: `${req.protocol}://${address}${localPort === defaultPort ? '' : `:${localPort}`}`, fixed: false }
}

/**
 * An answer whose links came from the request (no PUBLIC_BASE_URL) is this requester's own: no
 * shared cache keeps it, and a private cache keys it by Host.
 */
export function markRequestOrigin(res: Response, cacheControl: string): void {
  res.set('Cache-Control', cacheControl).vary('Host')
}
