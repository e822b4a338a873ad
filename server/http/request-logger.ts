import type { Request, RequestHandler } from 'express'
import type { Logger } from 'pino'

/**
 * Logs are data too (../shared/DESIGN.md, Privacy and safety): a request line names the route
 * pattern (`/api/bookings/:code`), never the URL, whose path and query carry booking codes, the
 * last 4 digits of phones and positions (`/api/stations/nearest?lat=…&lng=…`).
 */

/** the pattern of the route that handled each request, recorded when the router matched it */
const patterns = new WeakMap<Request, string>()

/** a literal path word (`bookings`, `nearest`, `slots`); anything else may be a value someone sent */
const LITERAL_SEGMENT = /^[a-z][a-z-]*$/

function pathOnly(url: string): string {
  const end = url.search(/[?#]/)
  return end === -1 ? url : url.slice(0, end)
}

/**
 * A mount path as matched (`/api/stations/500241103-ws/slots` for `/api/stations/:id/slots`):
 * literal words stay, values become `:param`.
 */
function mountPattern(baseUrl: string): string {
  return baseUrl
    .split('/')
    .map((segment, index) => (index === 0 || LITERAL_SEGMENT.test(segment) ? segment : ':param'))
    .join('/')
}

/**
 * A path no route matched (404s, and requests refused before routing: 400, 413, 415): `/api/<domain>`
 * and `*` for every segment after it. Outside `/api` (the H5 app), literal words and `*`.
 */
export function unmatchedPath(url: string): string {
  const segments = pathOnly(url).split('/').slice(1)
  if (segments[0] === 'api') {
    const domain = segments[1] === undefined ? [] : [LITERAL_SEGMENT.test(segments[1]) ? segments[1] : '*']
    return `/${['api', ...domain, ...segments.slice(2).map(() => '*')].join('/')}`
  }
  return `/${segments.map((segment) => (LITERAL_SEGMENT.test(segment) ? segment : '*')).join('/')}`
}

/**
 * Records the route pattern as the router matches it. The router assigns `req.route` when a route
 * matches, while `req.baseUrl` is still the mount path of that route's router; by the time the
 * answer is sent after an error, both have been reset, so reading them then would be wrong.
 */
function recordRoutePattern(req: Request): void {
  let route: unknown = (req as { route?: unknown }).route
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: unknown) => {
      route = value
      const path = (value as { path?: unknown } | undefined)?.path
      if (typeof path === 'string') patterns.set(req, `${mountPattern(req.baseUrl)}${path === '/' ? '' : path}` || '/')
    },
  })
}

/** What a log line may say about a request's path: its route pattern, or the redacted path. */
export function routeLabel(req: Request): string {
  return patterns.get(req) ?? unmatchedPath(req.originalUrl ?? req.url)
}

/** A booking code in a log line: its first 2 characters, enough to tell two apart in one incident. */
export function redactCode(code: string): string {
  return `${code.slice(0, 2)}…`
}

export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint()
    recordRoutePattern(req)
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      logger.info({ method: req.method, route: routeLabel(req), status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request')
    })
    next()
  }
}
