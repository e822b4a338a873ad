import { createHash } from 'node:crypto'
import type { UpstreamClient } from './upstream-client'

export interface SourceSnapshot<T> {
  value: T
  /** when this value was fetched or loaded; null for the bundled fallback */
  fetchedAt: Date | null
  /** true when the last refresh failed, or when only the bundled fallback has been served */
  stale: boolean
  origin: 'upstream' | 'fallback'
  lastError: string | null
}

export type RefreshOutcome = { status: 'updated' } | { status: 'not-modified' } | { status: 'failed'; error: string }

/**
 * One outside source kept in memory: refreshed with conditional requests, parsed by the caller's
 * schema, and on any failure (down, slow, 500, garbage) the last good value — or the bundled
 * snapshot — keeps being served, marked stale.
 */
export class CachedSource<T> {
  private snapshot: SourceSnapshot<T>
  private etag: string | null = null
  private lastModified: string | null = null
  /** digest of the body behind the current value: an unchanged body is not parsed again (sources without ETag) */
  private bodyDigest: string | null = null
  private inFlight: Promise<RefreshOutcome> | null = null

  constructor(
    private readonly params: {
      url: string
      client: UpstreamClient
      /** throws (with a Chinese message) when the body is not acceptable; may yield to the event loop */
      parse: (body: string, contentType: string | null) => T | Promise<T>
      /** largest body accepted (bytes); a larger one is a failed refresh and the last good value stays */
      maxBytes?: number
      fallback: T
      now: () => Date
      onChange?: (value: T) => void
    },
  ) {
    this.snapshot = { value: params.fallback, fetchedAt: null, stale: true, origin: 'fallback', lastError: null }
  }

  current(): SourceSnapshot<T> {
    return this.snapshot
  }

  /** Concurrent callers share one request. */
  refresh(): Promise<RefreshOutcome> {
    this.inFlight ??= this.doRefresh().finally(() => {
      this.inFlight = null
    })
    return this.inFlight
  }

  private async doRefresh(): Promise<RefreshOutcome> {
    try {
      const result = await this.params.client.fetchText({
        url: this.params.url,
        etag: this.etag,
        lastModified: this.lastModified,
        maxBytes: this.params.maxBytes,
      })
      if (result.status === 'not-modified') return this.notModified()
      const digest = await digestOf(result.body)
      if (digest === this.bodyDigest && this.snapshot.origin === 'upstream') {
        // the same bytes again (a source that sends no ETag / Last-Modified): nothing to parse
        this.etag = result.etag
        this.lastModified = result.lastModified
        return this.notModified()
      }
      const value = await this.params.parse(result.body, result.contentType)
      this.etag = result.etag
      this.lastModified = result.lastModified
      this.bodyDigest = digest
      this.snapshot = { value, fetchedAt: this.params.now(), stale: false, origin: 'upstream', lastError: null }
      this.params.onChange?.(value)
      return { status: 'updated' }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      this.snapshot = { ...this.snapshot, stale: true, lastError: message }
      return { status: 'failed', error: message }
    }
  }

  private notModified(): RefreshOutcome {
    this.snapshot = { ...this.snapshot, stale: this.snapshot.origin === 'fallback', fetchedAt: this.params.now(), lastError: null }
    return { status: 'not-modified' }
  }
}

/** Hashing is done in slices so a document of many megabytes never holds the event loop long. */
const DIGEST_SLICE_CHARS = 1 << 20

async function digestOf(body: string): Promise<string> {
  const hash = createHash('sha256')
  for (let start = 0; start < body.length; start += DIGEST_SLICE_CHARS) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve))
    hash.update(body.slice(start, start + DIGEST_SLICE_CHARS))
  }
  return hash.digest('hex')
}
