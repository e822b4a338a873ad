import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { Request, Response } from 'express'

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/** One body in the encodings a phone may ask for, compressed once. */
export interface EncodedBodies {
  identity: Buffer
  br: Buffer
  gzip: Buffer
}

/**
 * Compressed copies of large, often-read answers (the report detail), keyed by a version such as
 * the ETag: compressed once per version, so compression costs no throughput. Bounded, oldest out.
 */
export class EncodedBodyCache {
  private readonly entries = new Map<string, Promise<EncodedBodies>>()

  constructor(private readonly maxEntries = 32) {}

  get(params: { key: string; body: string }): Promise<EncodedBodies> {
    const cached = this.entries.get(params.key)
    if (cached) return cached
    const identity = Buffer.from(params.body, 'utf8')
    // off the event loop (zlib's thread pool); quality 11: compressed once, read thousands of times
    const encoded = Promise.all([brotli(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }), gzip(identity, { level: 9 })]).then(
      ([br, gz]) => ({ identity, br, gzip: gz }),
    )
    this.entries.set(params.key, encoded)
    encoded.catch(() => this.entries.delete(params.key))
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string)
    return encoded
  }
}

/** Sends the best encoding the client accepts (br, then gzip, else none), with `Vary`. */
export function sendEncoded(params: { req: Request; res: Response; bodies: EncodedBodies; contentType: string }): void {
  const { req, res, bodies } = params
  const encoding = req.acceptsEncodings(['br', 'gzip', 'identity'])
  res.vary('Accept-Encoding')
  res.type(params.contentType)
  if (encoding === 'br' || encoding === 'gzip') {
    res.set('Content-Encoding', encoding)
    res.send(bodies[encoding])
    return
  }
  res.send(bodies.identity)
}
