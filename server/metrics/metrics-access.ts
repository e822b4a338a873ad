import { createHash, timingSafeEqual } from 'node:crypto'
import { BlockList, isIPv4, isIPv6 } from 'node:net'

/**
 * Who may read /metrics: a client on this machine, or anyone with METRICS_TOKEN. Pure: the route
 * (./metrics.routes.ts) gives it the socket's address and the request's headers.
 */

const LOOPBACK = new BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')

/** 127.0.0.0/8 and ::1, in any spelling, IPv4-mapped ones too (`::ffff:127.0.0.1`, how a dual-stack socket shows an IPv4 peer). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  if (isIPv4(address)) return LOOPBACK.check(address, 'ipv4')
  return isIPv6(address) && LOOPBACK.check(address, 'ipv6')
}

/** The token as compared: its SHA-256, so both sides have 32 bytes and the comparison's time says nothing. */
export function metricsTokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

export type MetricsAccess = 'loopback' | 'token' | 'no-token' | 'wrong-token'

/**
 * - A token that is sent is checked, from anywhere: a right one admits, a wrong one is refused
 *   even on this machine (a stale token in the scraper's config should show, not pass silently).
 * - Without one, only a request whose socket is on this machine and that did not come through a
 *   proxy. A proxy on this machine (nginx on 127.0.0.1) makes every client of the internet a
 *   loopback socket; what tells it apart is the header it adds (X-Forwarded-For, Forwarded,
 *   X-Real-IP). Whether TRUST_PROXY believes that header does not matter here: a local client
 *   that adds one only loses its own access, and a proxy that is not configured in TRUST_PROXY
 *   still forwards from 127.0.0.1.
 * Comparisons are of SHA-256 digests with timingSafeEqual: equal lengths, no early exit.
 */
export function metricsAccess(params: {
  socketAddress: string | undefined
  proxied: boolean
  authorization: string | undefined
  tokenHash: Buffer | null
}): MetricsAccess {
  if (params.authorization !== undefined) {
    const bearer = /^Bearer +(\S+) *$/i.exec(params.authorization)
    const given = metricsTokenHash(bearer ? bearer[1] : '')
    const expected = params.tokenHash ?? metricsTokenHash('')
    const same = timingSafeEqual(given, expected)
    return bearer !== null && params.tokenHash !== null && same ? 'token' : 'wrong-token'
  }
  return isLoopbackAddress(params.socketAddress) && !params.proxied ? 'loopback' : 'no-token'
}
