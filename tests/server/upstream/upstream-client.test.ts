import { CachedSource } from '../../../server/upstream/cached-source'
import { createUpstreamClient, UpstreamError } from '../../../server/upstream/upstream-client'
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream'

let upstream: FakeUpstream
beforeEach(async () => {
  upstream = await startFakeUpstream()
})
afterEach(async () => {
  await upstream.close()
})

async function upstreamErrorOf(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof UpstreamError) return error
    throw error
  }
  throw new Error('expected an UpstreamError')
}

describe('createUpstreamClient().fetchText', () => {
  it('returns the body with its validators, then sends them back and understands 304', async () => {
    upstream.respond((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304)
        res.end()
        return
      }
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ETag: '"v1"', 'Last-Modified': 'Wed, 25 Nov 2026 08:00:00 GMT' })
      res.end('["第一份"]')
    })
    const client = createUpstreamClient({ timeoutMs: 1000 })
    const first = await client.fetchText({ url: `${upstream.baseUrl}/feed.json` })
    expect(first).toMatchObject({ status: 'ok', body: '["第一份"]', etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 08:00:00 GMT' })
    const second = await client.fetchText({ url: `${upstream.baseUrl}/feed.json`, etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 08:00:00 GMT' })
    expect(second).toEqual({ status: 'not-modified' })
    expect(upstream.requests[1].headers['if-modified-since']).toBe('Wed, 25 Nov 2026 08:00:00 GMT')
  })

  it('decodes a GBK page by its meta charset', async () => {
    const gbkBytes = Buffer.from([0xb7, 0xa8, 0xd6, 0xce]) // 法治 in GBK
    upstream.respond((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end(Buffer.concat([Buffer.from('<html><head><meta charset="gb2312"></head><body>'), gbkBytes, Buffer.from('</body></html>')]))
    })
    const result = await createUpstreamClient({ timeoutMs: 1000 }).fetchText({ url: `${upstream.baseUrl}/page.html` })
    expect(result.status === 'ok' && result.body).toContain('法治')
  })

  it('retries once after a 500 and succeeds', async () => {
    let calls = 0
    upstream.respond((_req, res) => {
      calls += 1
      res.writeHead(calls === 1 ? 500 : 200)
      res.end('ok')
    })
    const result = await createUpstreamClient({ timeoutMs: 1000 }).fetchText({ url: `${upstream.baseUrl}/x` })
    expect(result).toMatchObject({ status: 'ok', body: 'ok' })
    expect(calls).toBe(2)
  })

  it('after two 500s fails with a Chinese message naming the status', async () => {
    upstream.respond((_req, res) => {
      res.writeHead(500)
      res.end()
    })
    const error = await upstreamErrorOf(createUpstreamClient({ timeoutMs: 1000 }).fetchText({ url: `${upstream.baseUrl}/x` }))
    expect(error).toMatchObject({ reason: 'http', status: 500 })
    expect(error.message).toContain('500')
    expect(upstream.requests).toHaveLength(2)
  })

  it('does not retry a 404', async () => {
    const error = await upstreamErrorOf(createUpstreamClient({ timeoutMs: 1000 }).fetchText({ url: `${upstream.baseUrl}/missing` }))
    expect(error).toMatchObject({ reason: 'http', status: 404 })
    expect(upstream.requests).toHaveLength(1)
  })

  it('gives up on a server slower than the timeout, within about twice the timeout', async () => {
    upstream.respond((_req, res) => {
      setTimeout(() => {
        if (!res.destroyed) res.end('late')
      }, 3000).unref()
    })
    const started = Date.now()
    const error = await upstreamErrorOf(createUpstreamClient({ timeoutMs: 200 }).fetchText({ url: `${upstream.baseUrl}/slow` }))
    expect(error.reason).toBe('timeout')
    expect(error.message).toContain('超时')
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('reports an unreachable source', async () => {
    const url = `${upstream.baseUrl}/x`
    await upstream.close()
    upstream = await startFakeUpstream() // keep afterEach happy; the old port is closed
    const error = await upstreamErrorOf(createUpstreamClient({ timeoutMs: 500 }).fetchText({ url }))
    expect(error.reason).toBe('unreachable')
  })
})

describe('CachedSource', () => {
  const parseList = (body: string): string[] => {
    const value: unknown = JSON.parse(body)
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error('不是字符串列表')
    return value
  }
  const fixedNow = () => new Date('2026-11-26T08:00:00+08:00')

  it('serves the bundled fallback, marked stale, until a refresh succeeds', async () => {
    upstream.respond((_req, res) => {
      res.writeHead(200, { ETag: '"a"' })
      res.end('["远端"]')
    })
    const source = new CachedSource({
      url: `${upstream.baseUrl}/list`,
      client: createUpstreamClient({ timeoutMs: 500 }),
      parse: parseList,
      fallback: ['内置'],
      now: fixedNow,
    })
    expect(source.current()).toMatchObject({ value: ['内置'], stale: true, origin: 'fallback' })
    await expect(source.refresh()).resolves.toEqual({ status: 'updated' })
    expect(source.current()).toMatchObject({ value: ['远端'], stale: false, origin: 'upstream' })
  })

  it('keeps the last good value, marked stale, when the source then fails or returns garbage', async () => {
    upstream.respond((_req, res) => {
      res.writeHead(200)
      res.end('["好的"]')
    })
    const source = new CachedSource({
      url: `${upstream.baseUrl}/list`,
      client: createUpstreamClient({ timeoutMs: 300, retries: 0 }),
      parse: parseList,
      fallback: [],
      now: fixedNow,
    })
    await source.refresh()

    upstream.respond((_req, res) => {
      res.writeHead(200)
      res.end('{not json')
    })
    expect((await source.refresh()).status).toBe('failed')
    expect(source.current()).toMatchObject({ value: ['好的'], stale: true })

    upstream.respond((_req, res) => {
      res.writeHead(200)
      res.end('{"wrong": "schema"}')
    })
    expect(await source.refresh()).toEqual({ status: 'failed', error: '不是字符串列表' })
    expect(source.current()).toMatchObject({ value: ['好的'], stale: true, lastError: '不是字符串列表' })

    upstream.respond((_req, res) => {
      res.writeHead(500)
      res.end()
    })
    expect((await source.refresh()).status).toBe('failed')
    expect(source.current().value).toEqual(['好的'])
  })

  it('shares one request between concurrent refreshes', async () => {
    upstream.respond((_req, res) => {
      setTimeout(() => res.end('["一次"]'), 50)
    })
    const source = new CachedSource({
      url: `${upstream.baseUrl}/list`,
      client: createUpstreamClient({ timeoutMs: 500 }),
      parse: parseList,
      fallback: [],
      now: fixedNow,
    })
    await Promise.all([source.refresh(), source.refresh(), source.refresh()])
    expect(upstream.requests).toHaveLength(1)
  })
})
