import { redactSecrets, redactUrl, summariseError } from '../../server/logging'
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

describe('redactSecrets: outside text (WeChat errmsg, error messages) as a log line or stored row may hold it', () => {
  it('drops the value after a credential name, tokens, mobiles and URL queries; keeps WeChat’s rid and the words', () => {
    const echoed =
      'invalid code, hints: [ appid: wx8f3c9e2a1d04f6e8 secret: b7f3c9e2a1d04f6e8c5b3a2d1e0f9c8b js_code: 0a1B2c3D4e5F ] rid: 6561a2b3-0a1b2c3d-4e5f6a7b'
    expect(redactSecrets(echoed)).toBe('invalid code, hints: [ appid: [redacted] secret: [redacted] js_code: [redacted] ] rid: 6561a2b3-0a1b2c3d-4e5f6a7b')
    expect(redactSecrets('see https://u:p@api.example/send?access_token=T0K3N "touser":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" 13800138000')).toBe(
      'see https://api.example/send "touser":"[redacted]" [redacted]',
    )
    expect(redactSecrets('access_token is invalid or not latest')).toBe('access_token is invalid or not latest')
    expect(redactSecrets('failed for TOKEN-1', { known: ['TOKEN-1'] })).toBe('failed for [redacted]')
  })

  it('an error’s message and the stack that repeats it are redacted alike', () => {
    const summary = summariseError(new Error('could not read https://h.example/d.csv?access_key=S3CRET-0a1b2c3d4e5f6a7b8c9d'))
    expect(summary.message).toBe('could not read https://h.example/d.csv')
    expect(summary.stack).toContain('could not read https://h.example/d.csv')
    expect(JSON.stringify(summary)).not.toContain('S3CRET')
  })

  it('a reason logged as a string keeps its (redacted) text, not only {"type":"string"}', () => {
    expect(summariseError('名录无法读取 https://h.example/d.csv?key=S3CRET')).toEqual({ type: 'string', message: '名录无法读取 https://h.example/d.csv' })
  })
})
