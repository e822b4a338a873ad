import type { Request, RequestHandler, Response } from 'express'
import type { Logger } from 'pino'

/**
 * Logs are data too (../shared/DESIGN.md, Privacy and safety): a request line names the route
 * pattern (`/api/bookings/:code`), never the URL, whose path and query carry booking codes, the
 * last 4 digits of phones and positions (`/api/stations/nearest?lat=…&lng=…`).
 */

/** Where a request keeps what the router matched and when it arrived (symbols: no name a body or header can set). */
const ROUTE = Symbol('route')
const MATCHED_BASE = Symbol('matched base URL')
const MATCHED_PATH = Symbol('matched route path')
const STARTED = Symbol('started')

interface Recorded {
  [ROUTE]?: unknown
  [MATCHED_BASE]?: string
  [MATCHED_PATH]?: string
  [STARTED]?: bigint
}

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

/** The request prototypes (one per Express app) whose `route` is recorded as the router assigns it. */
const recordingPrototypes = new WeakSet<object>()

/**
 * Records the route pattern as the router matches it. The router assigns `req.route` when a route
 * matches, while `req.baseUrl` is still the mount path of that route's router; by the time the
 * answer is sent after an error, both have been reset, so reading them then would be wrong. The
 * accessor is defined once on the app's request prototype rather than on every request (which
 * cost a property definition, two closures and a WeakMap entry per request), and the pattern is
 * only worked out when a line is written.
 */
function recordRoutePatterns(req: Request): void {
  const prototype = Object.getPrototypeOf(req) as object | null
  if (prototype === null || recordingPrototypes.has(prototype)) return
  recordingPrototypes.add(prototype)
  Object.defineProperty(prototype, 'route', {
    configurable: true,
    enumerable: true,
    get(this: Recorded) {
      return this[ROUTE]
    },
    set(this: Recorded & { baseUrl?: string }, value: unknown) {
      this[ROUTE] = value
      const path = (value as { path?: unknown } | undefined)?.path
      // only requests this logger saw (the API), as when each request got its own accessor
      if (typeof path === 'string' && this[STARTED] !== undefined) {
        this[MATCHED_BASE] = this.baseUrl ?? ''
        this[MATCHED_PATH] = path
      }
    },
  })
}

/**
 * The route pattern an API request matched (`/api/bookings/:code`), or undefined when no route
 * matched. Routers mounted at the root (all of the BFF's) give the route's own path string: no
 * new string per request, which the metrics' histogram (server/metrics) relies on.
 */
export function routePattern(req: Request): string | undefined {
  const recorded = req as Request & Recorded
  const path = recorded[MATCHED_PATH]
  if (path === undefined) return undefined
  const base = recorded[MATCHED_BASE]
  if (!base) return path || '/'
  return `${mountPattern(base)}${path === '/' ? '' : path}` || '/'
}

/** What a log line may say about a request's path: its route pattern, or the redacted path. */
export function routeLabel(req: Request): string {
  return routePattern(req) ?? unmatchedPath(req.originalUrl ?? req.url)
}

/** A booking code in a log line: its first 2 characters, enough to tell two apart in one incident. */
export function redactCode(code: string): string {
  return `${code.slice(0, 2)}…`
}

export function requestLogger(logger: Logger): RequestHandler {
  // one listener for every answer (the response knows its request), not a closure per request
  function logAnswer(this: Response): void {
    // a logger set above info (load tests) would drop the line: do not build it
    if (!logger.isLevelEnabled('info')) return
    const req = this.req as Request & Recorded
    const ms = Number(process.hrtime.bigint() - (req[STARTED] ?? 0n)) / 1e6
    logger.info({ method: req.method, route: routeLabel(req), status: this.statusCode, ms: Math.round(ms * 10) / 10 }, 'request')
  }
  return (req, res, next) => {
    ;(req as Request & Recorded)[STARTED] = process.hrtime.bigint()
    recordRoutePatterns(req)
    res.on('finish', logAnswer)
    next()
  }
}
