import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { apiErrorSchema, healthResponseSchema } from '../../contracts'
import type { Storage } from '../../server/storage/database'
import { describeEachStorage } from './support/storages'
import { buildTestApp } from './support/test-app'

function expectErrorShape(body: unknown) {
  const parsed = apiErrorSchema.safeParse(body)
  expect(parsed.success).toBe(true)
  // user-facing messages are Chinese
  expect(parsed.data?.error.message).toMatch(/\p{Script=Han}/u)
}

describeEachStorage('the BFF', (storage: () => Storage) => {
  describe('GET /api/health', () => {
    it('names the storage in use and the version', async () => {
      const response = await request(await buildTestApp(storage())).get('/api/health')
      expect(response.status).toBe(200)
      expect(healthResponseSchema.parse(response.body)).toEqual({
        status: 'ok',
        storage: storage().kind,
        version: 'test',
        // the bundled Xiushan directory: the centre, 27 town workstations and 268 village workrooms, only the centre located
        directory: { stations: 296, withoutLocation: 295, upstream: null },
      })
    })

    it('sends an API answer the API’s security headers (OWASP’s REST set, a CSP that allows nothing), and a page’s to the poster it prints', async () => {
      const app = await buildTestApp(storage())
      const response = await request(app).get('/api/health')
      expect(response.headers['x-content-type-options']).toBe('nosniff')
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'")
      expect(response.headers['x-frame-options']).toBe('DENY')
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
      expect(response.headers['x-powered-by']).toBeUndefined()
      // a refusal of the API too (404, 400)
      expect((await request(app).get('/api/no-such-thing')).headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'")
      const poster = await request(app).get('/api/stations/500241-centre/poster')
      expect(poster.status).toBe(200)
      expect(poster.headers['content-security-policy']).toContain("default-src 'self'")
      expect(poster.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'")
      expect(poster.headers['x-content-type-options']).toBe('nosniff')
    })
  })

  describe('bad input on a write request', () => {
    it('when the JSON is malformed, answers 400 with the error shape', async () => {
      const response = await request(await buildTestApp(storage()))
        .post('/api/bookings')
        .set('Content-Type', 'application/json')
        .send('{"name": "张三",')
      expect(response.status).toBe(400)
      expectErrorShape(response.body)
      expect(response.body.error.code).toBe('INVALID_JSON')
    })

    it('when the content type is not JSON, answers 415 naming Content-Type', async () => {
      const response = await request(await buildTestApp(storage()))
        .post('/api/bookings')
        .set('Content-Type', 'text/plain')
        .send('name=张三')
      expect(response.status).toBe(415)
      expectErrorShape(response.body)
      expect(response.body.error.fields).toEqual([{ path: 'Content-Type', message: expect.any(String) }])
    })

    it('when the body is larger than the limit, answers 413', async () => {
      const response = await request(await buildTestApp(storage()))
        .post('/api/bookings')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ description: '很'.repeat(20_000) }))
      expect(response.status).toBe(413)
      expectErrorShape(response.body)
    })

    it('when the JSON is a bare string (not an object or array), answers 400', async () => {
      const response = await request(await buildTestApp(storage()))
        .patch('/api/anything')
        .set('Content-Type', 'application/json')
        .send('"text"')
      expect(response.status).toBe(400)
      expectErrorShape(response.body)
    })
  })

  describe('unknown /api paths', () => {
    it('answer a JSON 404, not the H5 app', async () => {
      const response = await request(await buildTestApp(storage())).get('/api/no-such-thing')
      expect(response.status).toBe(404)
      expect(response.type).toBe('application/json')
      expectErrorShape(response.body)
    })
  })
})

describe('serving the built H5 app', () => {
  let h5Dist: string
  let storage: Storage
  beforeAll(async () => {
    h5Dist = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-h5-'))
    fs.mkdirSync(path.join(h5Dist, 'js'))
    fs.writeFileSync(
      path.join(h5Dist, 'index.html'),
      '<!doctype html><html><head><script>window.rem=1</script><script src="/js/app.js"></script></head><body><div id="app"></div></body></html>',
    )
    fs.writeFileSync(path.join(h5Dist, 'js', 'app.js'), 'console.log("app")')
    const { openStorage } = await import('../../server/storage/database')
    storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(h5Dist, 'test.db') })
  })
  afterAll(async () => {
    await storage.close()
    fs.rmSync(h5Dist, { recursive: true, force: true })
  })

  it('serves assets and answers every app route with the index', async () => {
    const app = await buildTestApp(storage, { h5Dist })
    const asset = await request(app).get('/js/app.js')
    expect(asset.status).toBe(200)
    expect(asset.text).toContain('console.log')
    for (const route of ['/', '/pages/reports/index', '/pages/privacy/index?from=me']) {
      const page = await request(app).get(route)
      expect(page.status).toBe(200)
      expect(page.type).toBe('text/html')
      expect(page.text).toContain('<div id="app">')
    }
  })

  it('allows the inline start-up script by its hash and no other inline script', async () => {
    const response = await request(await buildTestApp(storage, { h5Dist })).get('/')
    const csp = String(response.headers['content-security-policy'])
    const { createHash } = await import('node:crypto')
    const hash = createHash('sha256').update('window.rem=1').digest('base64')
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`)
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
  })
})
