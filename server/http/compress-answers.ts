import zlib from 'node:zlib'
import compression from 'compression'
import type { RequestHandler } from 'express'
import { endpointMatcher } from './router-gate'

/**
 * An answer that fits one TCP segment gains nothing from compression (no round trip saved), while
 * compressing it costs the BFF more than the answer itself (measured: nearest with one station,
 * 1.2 KB, fell from 0.63× to 0.26× of a bare handler).
 */
const SMALLEST_COMPRESSED_ANSWER = 1400

/**
 * br or gzip for JSON answers larger than one TCP segment (`compression`), when the client can
 * decode them. A client that sends no Accept-Encoding skips the middleware's per-response
 * wrapping (~15 % of `GET /api/stations/nearest` throughput); its answer is plain either way.
 */
export function compressAnswers(options: { encodesItself?: ReadonlyArray<{ method: string; path: string }> } = {}): RequestHandler {
  // routes that send their own compressed copy (sendEncoded) and tag it: the filter below would
  // refuse them anyway, but only after the middleware had wrapped the response (~a tenth of
  // `GET /api/reports/:id`, bench/http-throughput.bench.ts); their small error answers are never compressed either
  const encodesItself = endpointMatcher(options.encodesItself ?? [])
  const compress = compression({
    threshold: SMALLEST_COMPRESSED_ANSWER,
    // an answer with its own ETag (the report detail) chose its encoding and tagged it (sendEncoded):
    // compressing it here would send other bytes under the same strong tag
    filter: (req, res) => res.getHeader('ETag') === undefined && compression.filter(req, res),
    // quality 4 with a window sized to API answers: a third less CPU per answer than the default 4 MB window
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: 18 } },
  })
  return (req, res, next) => {
    if (!req.headers['accept-encoding'] || encodesItself({ method: req.method, path: req.baseUrl + req.path })) {
      next()
      return
    }
    compress(req, res, next)
  }
}
