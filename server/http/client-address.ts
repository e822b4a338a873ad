import { isIPv4, isIPv6 } from 'node:net'
import type { Request } from 'express'

/** Eight 16-bit groups of an IPv6 address (an embedded IPv4 tail becomes two groups); undefined when malformed. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase()
  const zone = text.indexOf('%')
  if (zone >= 0) text = text.slice(0, zone)
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (tail) {
    const [a, b, c, d] = tail[1].split('.').map(Number)
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const part = (half: string) => (half === '' ? [] : half.split(':').map((group) => parseInt(group, 16)))
  const head = part(halves[0])
  const rest = halves.length === 2 ? part(halves[1]) : []
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0
  const groups = [...head, ...Array<number>(Math.max(0, fill)).fill(0), ...rest]
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined
}

/**
 * The key per-address limits count under. An IPv6 client is given a whole /64 by its carrier and can
 * pick any address inside it, so all of a /64 is one client; an IPv4-mapped IPv6 address
 * (`::ffff:1.2.3.4`, how a dual-stack socket shows an IPv4 peer) is that IPv4 address.
 */
export function clientAddressKey(address: string | undefined): string {
  if (!address) return 'unknown'
  if (isIPv4(address)) return address
  if (!isIPv6(address)) return address
  const groups = ipv6Groups(address)
  if (!groups) return address
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff
  if (mapped) return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.')
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`
}

/** The client's address key for a request (req.ip honours TRUST_PROXY); every per-address limit uses this. */
export const clientKey = (req: Request): string => clientAddressKey(req.ip)
