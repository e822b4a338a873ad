import express from 'express'
import helmet, { type HelmetOptions } from 'helmet'
import request from 'supertest'
import { API_SECURITY_HEADERS, securityHeaders, securityHeadersByAnswer } from '../../../server/http/security-headers'

const options: HelmetOptions = { contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'sha256-abc='"], 'img-src': ["'self'", 'data:'] } } }

/** The answer's headers without those that differ from request to request or come from Express. */
async function headersOf(app: express.Express, path: string): Promise<Record<string, unknown>> {
  const answer = await request(app).get(path)
  const { date: _date, etag: _etag, connection: _connection, 'keep-alive': _keepAlive, ...rest } = answer.headers as Record<string, unknown>
  return rest
}

function appWith(middleware: express.RequestHandler): express.Express {
  const app = express()
  app.use(middleware)
  app.get('/ok', (_req, res) => void res.json({ ok: true }))
  return app
}

describe('securityHeaders', () => {
  it('sends exactly the headers helmet sends with the same options, on every answer', async () => {
    const recorded = appWith(securityHeaders(options))
    const live = appWith(helmet(options))
    for (const path of ['/ok', '/missing']) expect(await headersOf(recorded, path)).toEqual(await headersOf(live, path))
    expect((await request(recorded).get('/ok')).headers['content-security-policy']).toContain("script-src 'self' 'sha256-abc='")
    expect((await request(recorded).get('/ok')).headers['x-powered-by']).toBeUndefined()
  })

  it('refuses a directive computed per request, which cannot be recorded once', () => {
    expect(() => securityHeaders({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", () => "'nonce-x'"] } } })).toThrow()
  })
})

describe('securityHeadersByAnswer', () => {
  function byAnswer(): express.Express {
    const app = express()
    app.use(securityHeadersByAnswer({ pages: options, apiDocuments: [{ method: 'GET', path: '/api/stations/:id/poster' }] }))
    app.get('/api/ok', (_req, res) => void res.json({ ok: true }))
    app.get('/api/stations/:id/poster', (_req, res) => void res.type('html').send('<p>海报</p>'))
    app.get('/page', (_req, res) => void res.type('html').send('<p>页面</p>'))
    return app
  }

  it('sends an API answer exactly the API set, and nothing of a page’s', async () => {
    const headers = await headersOf(byAnswer(), '/api/ok')
    for (const [name, value] of API_SECURITY_HEADERS) expect(headers[name.toLowerCase()]).toBe(value)
    for (const pageOnly of ['x-dns-prefetch-control', 'x-download-options', 'origin-agent-cluster', 'cross-origin-opener-policy'])
      expect(headers[pageOnly]).toBeUndefined()
  })

  it('sends pages and the API’s own documents (also asked for with HEAD) what helmet sends', async () => {
    const live = appWith(helmet(options))
    const expected = await headersOf(live, '/ok')
    const { 'content-type': _type, 'content-length': _length, ...pageHeaders } = expected
    for (const path of ['/page', '/api/stations/500241-centre/poster']) expect(await headersOf(byAnswer(), path)).toMatchObject(pageHeaders)
    const head = await request(byAnswer()).head('/api/stations/500241-centre/poster')
    expect(head.headers['content-security-policy']).toContain("script-src 'self' 'sha256-abc='")
  })
})
