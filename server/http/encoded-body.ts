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
    const encoded = Promise.all([
      brotli(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
      gzip(identity, { level: 9 }),
    ]).then(([br, gz]) => ({ identity, br, gzip: gz }))
    this.entries.set(params.key, encoded)
    encoded.catch(() => this.entries.delete(params.key))
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string)
    return encoded
  }
}

/** What each encoding adds to the version's tag: a cache that keys by tag never mixes the three bodies. */
const TAG_SUFFIX = { br: '-br', gzip: '-gz', identity: '' } as const

/** The entity tags of an If-None-Match list (`W/` prefixes dropped: a GET compares weakly). */
function listedTags(header: string | undefined): string[] {
  if (!header) return []
  return header.split(',').map((tag) => tag.trim().replace(/^W\//, ''))
}

/**
 * Sends the best encoding the client accepts (br, then gzip, else none), with `Vary: Accept-Encoding`.
 * With a `version`, each encoding carries its own strong ETag (`"v-br"`, `"v-gz"`, `"v"`): the three
 * bodies differ byte for byte, and a strong tag promises identical bytes. A phone that holds the
 * encoding it would get now is answered 304, also with Vary.
 */
export function sendEncoded(params: { req: Request; res: Response; bodies: EncodedBodies; contentType: string; version?: string }): void {
  const { req, res, bodies } = params
  const accepted = req.acceptsEncodings(['br', 'gzip', 'identity'])
  const encoding = accepted === 'br' || accepted === 'gzip' ? accepted : 'identity'
  res.vary('Accept-Encoding')
  if (params.version !== undefined) {
    const etag = `"${params.version}${TAG_SUFFIX[encoding]}"`
    res.set('ETag', etag)
    const held = listedTags(req.headers['if-none-match'])
    if (held.includes(etag) || held.includes('*')) {
      res.status(304).end()
      return
    }
  }
  res.type(params.contentType)
  if (encoding !== 'identity') {
    res.set('Content-Encoding', encoding)
    res.send(bodies[encoding])
    return
  }
  res.send(bodies.identity)
}
