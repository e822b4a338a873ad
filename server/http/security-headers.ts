import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestHandler } from 'express'
import helmet, { type HelmetOptions } from 'helmet'

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
