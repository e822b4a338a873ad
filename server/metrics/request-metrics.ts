import type { Request, RequestHandler, Response } from 'express'
import { routePattern } from '../http/request-logger'
import type { AppMetrics } from './metrics'

/** When the request reached the BFF (performance.now(): a number, no allocation); a symbol no header or body can set. */
const ARRIVED = Symbol('arrived')

/** An API path (any case, as Express routes it): `/api`, `/api/…`, `/api?…`. */
const API_PATH = /^\/api(?:[/?#]|$)/i

/**
 * The label of an answered request: the route pattern it matched (`/api/bookings/:code`), never
 * the URL. An API path no route took is `unmatched` — its words are a client's, and would make a
 * series per guess; the H5 app is `h5-page` (its HTML) or `h5-file` (scripts, images, robots.txt).
 * Positional, unlike the rest of the code: it runs for every answer, and a parameter object is an
 * allocation per request.
 */
export function requestRouteLabel(pattern: string | undefined, url: string, contentType: unknown): string {
  if (pattern !== undefined) return pattern
  if (API_PATH.test(url)) return 'unmatched'
  if (url === '/metrics' || url.startsWith('/metrics?')) return '/metrics'
  return typeof contentType === 'string' && contentType.startsWith('text/html') ? 'h5-page' : 'h5-file'
}

/**
 * Times every answer into the histogram of `metrics`. One listener function for all answers (the
 * response knows its request) and a number on the request: the per-request cost of the BFF's
 * throughput benchmark (bench/http-throughput.bench.ts) stays a property write and one listener.
 * An answer never finished (the client went away first) is not counted.
 */
export function timeRequests(metrics: AppMetrics): RequestHandler {
  function observeAnswer(this: Response): void {
    const req = this.req as Request & { [ARRIVED]?: number }
    const arrived = req[ARRIVED]
    if (arrived === undefined) return
    const route = requestRouteLabel(routePattern(req), req.originalUrl, this.getHeader('Content-Type'))
    metrics.observeRequest(route, req.method, this.statusCode, (performance.now() - arrived) / 1000)
  }
  return (req, res, next) => {
    ;(req as Request & { [ARRIVED]?: number })[ARRIVED] = performance.now()
    res.on('finish', observeAnswer)
    next()
  }
}
