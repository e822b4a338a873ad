import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestHandler } from 'express'
import helmet, { type HelmetOptions } from 'helmet'
import { endpointMatcher } from './router-gate'

/**
 * What an API answer (JSON, an image, a CSV) carries: the set of the OWASP REST Security Cheat
 * Sheet. helmet's other headers (DNS prefetch, download options, origin-agent cluster, opener
 * policy, the page's CSP) govern documents a browser renders; an API answer is never one, and a
 * CSP of `default-src 'none'` is stricter than a page's. The fifteen headers were the largest cost a
 * CPU profile of `GET /api/stations/nearest` showed beyond a bare handler (without any, the route
 * measured 0.74–0.80× the bare handler against 0.61–0.69× with them). The API's own documents (the
 * station's poster) get a page's set.
 */
export const API_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
]

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/')
}

/**
 * Security headers by what is answered: the API's set (API_SECURITY_HEADERS) for `/api`, except
 * the endpoints in `apiDocuments` (HTML for a browser), which get the pages' set (helmet's, see
 * securityHeaders) as every page does.
 */
export function securityHeadersByAnswer(params: { pages: HelmetOptions; apiDocuments: ReadonlyArray<{ method: string; path: string }> }): RequestHandler {
  const pages = securityHeaders(params.pages)
  const isApiDocument = endpointMatcher(params.apiDocuments)
  return (req, res, next) => {
    if (!isApiPath(req.path) || isApiDocument(req)) {
      pages(req, res, next)
      return
    }
    for (const [name, value] of API_SECURITY_HEADERS) res.setHeader(name, value)
    next()
  }
}

/**
 * helmet's security headers, worked out once instead of on every answer. helmet runs as a chain of
 * eleven middlewares that format the same headers again for each request (~10 % of a small API
 * answer's cost, bench/http-throughput.bench.ts); with directives that are strings (no per-request
 * nonce) its output never changes, so it is recorded once here and replayed. Directives that are
 * functions would depend on the request: those are refused rather than frozen.
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  const directives = typeof options.contentSecurityPolicy === 'object' ? Object.values(options.contentSecurityPolicy.directives ?? {}) : []
  if (directives.some((value) => typeof value === 'function' || (Array.isArray(value) && value.some((entry) => typeof entry === 'function')))) {
    throw new Error('securityHeaders records fixed headers; a directive computed per request needs helmet itself')
  }
  const set: Array<[string, string | number | readonly string[]]> = []
  const removed: string[] = []
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, value])
    },
    removeHeader(name: string) {
      removed.push(name)
    },
  }
  let finished = false
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error))
    finished = true
  })
  if (!finished) throw new Error('helmet did not finish synchronously; its headers cannot be recorded')
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value)
    for (const name of removed) res.removeHeader(name)
    next()
  }
}
