import express from 'express'
import helmet, { type HelmetOptions } from 'helmet'
import request from 'supertest'
import { securityHeaders } from '../../../server/http/security-headers'

const options: HelmetOptions = {
  contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'sha256-abc='"], 'img-src': ["'self'", 'data:'] } },
}

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
