import { redactUrl } from '../../server/logging'
import { createUpstreamClient } from '../../server/upstream/upstream-client'
import { startFakeUpstream } from '../support/fake-upstream'

describe('addresses of outside sources in logs and /api/health', () => {
  it('keep scheme, host and path, never the query or a password', () => {
    expect(redactUrl('https://user:pw@data.example.gov.cn/directory.json?key=S3CRET#x')).toBe('https://data.example.gov.cn/directory.json')
    expect(redactUrl('not a url?key=S3CRET')).toBe('not a url')
    expect(redactUrl('ftp://user:pw@[bad host/x?key=S3CRET')).toBe('ftp://[bad host/x')
  })

  it('an upstream failure’s message names the source without its access key', async () => {
    const upstream = await startFakeUpstream()
    upstream.respond((_req, res) => {
      res.writeHead(500)
      res.end()
    })
    const client = createUpstreamClient({ timeoutMs: 1000, retries: 0 })
    try {
      const failure = await client.fetchText({ url: `${upstream.baseUrl}/directory.json?key=S3CRET` }).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(Error)
      expect((failure as Error).message).toMatch(/directory\.json 返回了错误状态 500/)
      expect((failure as Error).message).not.toContain('S3CRET')
    } finally {
      await upstream.close()
    }
  })
})
