import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { importBundledReports } from '../../../server/reports/bundled-reports'
import { KyselyReportRepository } from '../../../server/reports/report.repository'
import { ReportsService } from '../../../server/reports/reports.service'
import { openStorage, type Storage } from '../../../server/storage/database'
import { buildTestApp } from '../support/test-app'

const repoRoot = path.resolve(__dirname, '../../..')
const h5Dist = path.join(repoRoot, 'dist/h5')

interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  /** the bytes as they crossed the wire, not decompressed */
  body: Buffer
}

/** A plain HTTP GET that shows the encoded body (fetch and supertest decompress on their own). */
function rawGet(params: { baseUrl: string; path: string; headers?: Record<string, string> }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    http
      .get(`${params.baseUrl}${params.path}`, { headers: params.headers ?? {} }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      })
      .on('error', reject)
  })
}

function decode(answer: RawAnswer): Buffer {
  if (answer.headers['content-encoding'] === 'br') return zlib.brotliDecompressSync(answer.body)
  if (answer.headers['content-encoding'] === 'gzip') return zlib.gunzipSync(answer.body)
  return answer.body
}

describe('the BFF serving the built H5 app', () => {
  let storage: Storage
  let dataDir: string
  let server: http.Server
  let baseUrl: string
  let reportId: string
  let entryScript: string

  beforeAll(async () => {
    if (!fs.existsSync(path.join(h5Dist, 'index.html'))) throw new Error('dist/h5 is missing: run `npm run build:h5` (npm test builds it when stale)')
    entryScript = /<script[^>]+src="\/(js\/app\.[0-9a-f]{8}\.js)"/.exec(fs.readFileSync(path.join(h5Dist, 'index.html'), 'utf8'))?.[1] ?? ''
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-h5-routes-'))
    storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dataDir, 'test.db') })
    ;[reportId] = await importBundledReports({
      service: new ReportsService(new KyselyReportRepository(storage.db)),
      reportsDir: path.join(repoRoot, 'data/reports'),
      now: new Date('2026-11-26T08:00:00+08:00'),
    })
    const app = await buildTestApp(storage, { h5Dist })
    server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server?.close()
    await storage?.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  describe('GET a hashed script', () => {
    it('with Accept-Encoding: br, answers the precompressed brotli file, cached for a year and immutable', async () => {
      expect(entryScript).not.toBe('')
      const answer = await rawGet({ baseUrl, path: `/${entryScript}`, headers: { 'Accept-Encoding': 'gzip, deflate, br' } })
      expect(answer.status).toBe(200)
      expect(answer.headers['content-encoding']).toBe('br')
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(answer.headers.vary).toMatch(/Accept-Encoding/i)
      expect(answer.headers['content-type']).toMatch(/javascript/)
      const original = fs.readFileSync(path.join(h5Dist, entryScript))
      expect(answer.body.length).toBeLessThan(original.length / 2)
      expect(decode(answer).equals(original)).toBe(true)
    })

    it('with gzip only, answers gzip; with no Accept-Encoding, the plain file', async () => {
      const gz = await rawGet({ baseUrl, path: `/${entryScript}`, headers: { 'Accept-Encoding': 'gzip' } })
      expect(gz.headers['content-encoding']).toBe('gzip')
      expect(decode(gz).equals(fs.readFileSync(path.join(h5Dist, entryScript)))).toBe(true)
      const plain = await rawGet({ baseUrl, path: `/${entryScript}` })
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.body.equals(fs.readFileSync(path.join(h5Dist, entryScript)))).toBe(true)
    })

    it('a missing chunk (an old build asked for it) is a 404, never the app page', async () => {
      const answer = await rawGet({ baseUrl, path: '/js/app.00000000.js' })
      expect(answer.status).toBe(404)
      expect(answer.headers['content-type']).not.toMatch(/html/)
    })
  })

  describe('files whose name does not change with their content', () => {
    it.each(['/service-worker.js', '/index.html'])('%s is revalidated on every visit (no-cache)', async (file) => {
      const answer = await rawGet({ baseUrl, path: file, headers: { 'Accept-Encoding': 'br' } })
      expect(answer.status).toBe(200)
      expect(answer.headers['cache-control']).toBe('no-cache')
      expect(answer.headers['content-encoding']).toBe('br')
    })
  })

  describe('GET /api/reports/:id', () => {
    it('answers brotli from the cached compressed copy, with its own ETag, and 304 when the phone has it', async () => {
      const plain = await rawGet({ baseUrl, path: `/api/reports/${reportId}` })
      const br = await rawGet({ baseUrl, path: `/api/reports/${reportId}`, headers: { 'Accept-Encoding': 'br, gzip' } })
      expect(br.headers['content-encoding']).toBe('br')
      expect(br.headers.vary).toMatch(/Accept-Encoding/i)
      // other bytes, another strong tag
      expect(br.headers.etag).toBe(String(plain.headers.etag).replace(/"$/, '-br"'))
      expect(br.body.length).toBeLessThan(plain.body.length / 4)
      expect(JSON.parse(decode(br).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')))
      const gz = await rawGet({ baseUrl, path: `/api/reports/${reportId}`, headers: { 'Accept-Encoding': 'gzip' } })
      expect(gz.headers['content-encoding']).toBe('gzip')
      expect(decode(gz).equals(plain.body)).toBe(true)
      const again = await rawGet({ baseUrl, path: `/api/reports/${reportId}`, headers: { 'Accept-Encoding': 'br', 'If-None-Match': String(br.headers.etag) } })
      expect(again.status).toBe(304)
      expect(again.body.length).toBe(0)
    })
  })

  describe('other JSON answers', () => {
    it('GET /api/stations (over 1 KB) comes back compressed; an error answer stays readable JSON', async () => {
      const answer = await rawGet({ baseUrl, path: '/api/stations', headers: { 'Accept-Encoding': 'br, gzip' } })
      expect(answer.headers['content-encoding']).toBe('br')
      expect(JSON.parse(decode(answer).toString('utf8')).stations.length).toBeGreaterThan(0)
      const missing = await rawGet({ baseUrl, path: '/api/reports/no-such-report', headers: { 'Accept-Encoding': 'br' } })
      expect(missing.status).toBe(404)
      expect(JSON.parse(decode(missing).toString('utf8')).error.code).toBe('NOT_FOUND')
    })

    it('an answer that fits one TCP segment (nearest, 1 station located) is sent as it is', async () => {
      const answer = await rawGet({
        baseUrl,
        path: '/api/stations/nearest?lat=28.45&lng=109.0&limit=5&datum=wgs84',
        headers: { 'Accept-Encoding': 'br, gzip' },
      })
      expect(answer.status).toBe(200)
      expect(answer.body.length).toBeLessThan(1400)
      expect(answer.headers['content-encoding']).toBeUndefined()
      expect(JSON.parse(answer.body.toString('utf8')).stations.length).toBeGreaterThan(0)
    })
  })

  describe('app pages', () => {
    it('the reader page is HTML with the report in it, compressed and revalidated', async () => {
      const answer = await rawGet({ baseUrl, path: `/pages/report/index?id=${reportId}`, headers: { 'Accept-Encoding': 'br' } })
      expect(answer.status).toBe(200)
      expect(answer.headers['content-type']).toMatch(/text\/html/)
      // without PUBLIC_BASE_URL its links name the address this request came to: this requester's own
      expect(answer.headers['cache-control']).toBe('private, no-cache')
      expect(answer.headers.vary).toMatch(/\bHost\b/)
      expect(answer.headers['content-encoding']).toBe('br')
      const html = decode(answer).toString('utf8')
      expect(html).toContain('<div id="first-screen"')
      expect(html).toContain('秀山土家族苗族自治县2023年度法治政府建设情况报告')
      expect(html).toContain(`<link rel="canonical" href="${baseUrl}/pages/report/index?id=${reportId}">`)
    })

    it('without PUBLIC_BASE_URL, a forged Host: evil.example never reaches og:url or the canonical link', async () => {
      const answer = await rawGet({ baseUrl, path: `/pages/report/index?id=${reportId}`, headers: { Host: 'evil.example' } })
      expect(answer.status).toBe(200)
      const html = answer.body.toString('utf8')
      expect(html).not.toContain('evil.example')
      expect(html).toContain(`<meta property="og:url" content="${baseUrl}/pages/report/index?id=${reportId}">`)
      expect(html).toContain(`<link rel="canonical" href="${baseUrl}/pages/report/index?id=${reportId}">`)
      expect(answer.headers['cache-control']).toBe('private, no-cache')
      expect(answer.headers.vary).toMatch(/\bHost\b/)
    })

    it('with PUBLIC_BASE_URL, og:url and canonical carry it whatever the Host, and the page is not private', async () => {
      const app = await buildTestApp(storage, { h5Dist, publicBaseUrl: 'https://fzt.example.cn' })
      const fixed = app.listen(0, '127.0.0.1')
      await new Promise((resolve) => fixed.once('listening', resolve))
      try {
        const answer = await rawGet({
          baseUrl: `http://127.0.0.1:${(fixed.address() as AddressInfo).port}`,
          path: `/pages/report/index?id=${reportId}`,
          headers: { Host: 'evil.example' },
        })
        const html = answer.body.toString('utf8')
        expect(html).not.toContain('evil.example')
        expect(html).toContain(`<link rel="canonical" href="https://fzt.example.cn/pages/report/index?id=${reportId}">`)
        expect(answer.headers['cache-control']).toBe('no-cache')
      } finally {
        fixed.close()
      }
    })

    it.each([
      ['a report id nobody has', '/pages/report/index?id=nope'],
      ['a station id nobody has', '/pages/station/index?id=500241999-ws'],
      ['a malformed station id', '/pages/station/index?id=..%2Fetc'],
    ])('%s answers 404 with the app (which says 找不到), without a first screen', async (_name, pathname) => {
      const answer = await rawGet({ baseUrl, path: pathname })
      expect(answer.status).toBe(404)
      expect(answer.headers['cache-control']).toBe('no-cache')
      expect(answer.body.toString('utf8')).not.toContain('id="first-screen"')
      expect(answer.body.toString('utf8')).toContain('<div id="app">')
    })

    it('a reader link without an id yet (a 小程序码 scene, resolved by the app) is still 200', async () => {
      expect((await rawGet({ baseUrl, path: '/pages/report/index?scene=r%3DK7Q2' })).status).toBe(200)
    })
  })

  describe('GET /no/such/page', () => {
    it('answers 404 with the app, revalidated, so it can show 找不到页面', async () => {
      const answer = await rawGet({ baseUrl, path: '/no/such/page' })
      expect(answer.status).toBe(404)
      expect(answer.headers['content-type']).toMatch(/text\/html/)
      expect(answer.headers['cache-control']).toBe('no-cache')
      const html = answer.body.toString('utf8')
      expect(html).toContain('<div id="app">')
      expect(html).toContain(`/${entryScript}`)
      expect(html).not.toContain('id="first-screen"')
    })

    it.each(['/pages/unknown/index', '/pages/report', '/pages/report/index/extra', '/packageBooking/pages/nope/index', '/api-docs'])(
      '%s is no page of the app either: 404',
      async (pathname) => {
        expect((await rawGet({ baseUrl, path: pathname })).status).toBe(404)
      },
    )
  })

  describe('every app page, and /', () => {
    it.each([
      '/',
      '/pages/home/index',
      '/pages/stations/index',
      '/pages/station/index/',
      '/pages/not-found/index',
      '/packageBooking/pages/book/index',
      '/packageVolunteer/pages/login/index/',
    ])('%s answers 200 with the app (a trailing slash is the same page)', async (pathname) => {
      const answer = await rawGet({ baseUrl, path: pathname })
      expect(answer.status).toBe(200)
      expect(answer.headers['content-type']).toMatch(/text\/html/)
      expect(answer.body.toString('utf8')).toContain('<div id="app">')
    })

    it('/ and a trailing slash still get their first screen', async () => {
      expect((await rawGet({ baseUrl, path: '/' })).body.toString('utf8')).toContain('id="first-screen"')
      expect((await rawGet({ baseUrl, path: `/pages/report/index/?id=${reportId}` })).body.toString('utf8')).toContain('id="first-screen"')
    })
  })

  describe('GET /robots.txt', () => {
    it('is plain text that allows the public pages and keeps crawlers out of the API and the staff and volunteer pages', async () => {
      const answer = await rawGet({ baseUrl, path: '/robots.txt' })
      expect(answer.status).toBe(200)
      expect(answer.headers['content-type']).toMatch(/^text\/plain/)
      const lines = answer.body.toString('utf8').trim().split('\n')
      // every line is a field robots.txt defines (RFC 9309): no HTML, no stray text
      for (const line of lines) expect(line).toMatch(/^(User-agent|Allow|Disallow): \S+$/)
      expect(lines[0]).toBe('User-agent: *')
      expect(lines).toEqual(
        expect.arrayContaining([
          'Allow: /',
          'Disallow: /api/',
          'Disallow: /packageVolunteer/',
          'Disallow: /packageBooking/pages/staff/',
          'Disallow: /pages/not-found/',
        ]),
      )
    })
  })
})
