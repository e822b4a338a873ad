import { createHash } from 'node:crypto'
import { once } from 'node:events'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import path from 'node:path'
import request from 'supertest'
import { homeResponseSchema, reportListResponseSchema } from '../../../contracts'
import { structuredReportSchema } from '../../../contracts/report'
import { importBundledReports } from '../../../server/reports/bundled-reports'
import { KyselyReportRepository } from '../../../server/reports/report.repository'
import { ReportsService } from '../../../server/reports/reports.service'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'
import { WechatClient } from '../../../server/wechat/wechat-client'

const reportsDir = path.resolve(__dirname, '../../../data/reports')
const SEED_TITLE = '秀山土家族苗族自治县2023年度法治政府建设情况报告'

describeEachStorage('reports API', (storage: () => Storage) => {
  let seedId: string
  beforeAll(async () => {
    const service = new ReportsService(new KyselyReportRepository(storage().db))
    ;[seedId] = await importBundledReports({ service, reportsDir, now: new Date('2026-11-26T08:00:00+08:00') })
  })

  it('imports the bundled seed on first start only', async () => {
    const service = new ReportsService(new KyselyReportRepository(storage().db))
    expect(seedId).toBeDefined()
    expect(await importBundledReports({ service, reportsDir, now: new Date() })).toEqual([])
  })

  describe('GET /api/reports', () => {
    it('lists the seed with its county, publisher and published date', async () => {
      const response = await request(await buildTestApp(storage())).get('/api/reports')
      expect(response.status).toBe(200)
      const { reports } = reportListResponseSchema.parse(response.body)
      expect(reports).toContainEqual({
        id: seedId,
        county: '秀山土家族苗族自治县',
        title: SEED_TITLE,
        year: 2023,
        publisher: '秀山县人民政府',
        publishedAt: '2024-02-29',
      })
    })
  })

  describe('GET /api/reports/:id', () => {
    it('answers the structured report', async () => {
      const response = await request(await buildTestApp(storage())).get(`/api/reports/${seedId}`)
      expect(response.status).toBe(200)
      const report = structuredReportSchema.parse(response.body)
      expect(report.title).toBe(SEED_TITLE)
      expect(report.sections).toHaveLength(4)
    })

    it('sends a strong ETag and answers 304 to a phone that already has this version', async () => {
      const app = await buildTestApp(storage())
      const first = await request(app).get(`/api/reports/${seedId}`)
      expect(first.headers.etag).toMatch(/^"[0-9a-f]{64}(-gz)?"$/)
      const again = await request(app).get(`/api/reports/${seedId}`).set('If-None-Match', first.headers.etag)
      expect(again.status).toBe(304)
      expect(again.text).toBe('')
    })

    it('gives br, gzip and identity each its own strong ETag with Vary: Accept-Encoding, and answers 304 only to the encoding a phone holds', async () => {
      const server = (await buildTestApp(storage())).listen(0, '127.0.0.1')
      await once(server, 'listening')
      const { port } = server.address() as AddressInfo
      try {
        const get = (headers: Record<string, string>) =>
          new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
            const req = http.get({ host: '127.0.0.1', port, path: `/api/reports/${seedId}`, headers }, (res) => {
              const chunks: Buffer[] = []
              res.on('data', (chunk: Buffer) => chunks.push(chunk))
              res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
            })
            req.on('error', reject)
          })
        const asked = { br: { 'Accept-Encoding': 'br' }, gzip: { 'Accept-Encoding': 'gzip' }, identity: {} }
        const answers = { br: await get(asked.br), gzip: await get(asked.gzip), identity: await get(asked.identity) }
        expect(answers.br.headers['content-encoding']).toBe('br')
        expect(answers.gzip.headers['content-encoding']).toBe('gzip')
        expect(answers.identity.headers['content-encoding']).toBeUndefined()
        expect(zlib.brotliDecompressSync(answers.br.body)).toEqual(answers.identity.body)
        expect(zlib.gunzipSync(answers.gzip.body)).toEqual(answers.identity.body)
        const tags = Object.values(answers).map((answer) => answer.headers.etag)
        expect(new Set(tags).size).toBe(3)
        for (const [encoding, answer] of Object.entries(answers)) {
          expect(answer.status).toBe(200)
          expect(answer.headers.etag).toMatch(/^"[^W]/)
          expect(answer.headers.vary).toMatch(/Accept-Encoding/i)
          const again = await get({ ...asked[encoding as keyof typeof asked], 'If-None-Match': answer.headers.etag ?? '' })
          expect(again.status).toBe(304)
          expect(again.body.length).toBe(0)
          expect(again.headers.etag).toBe(answer.headers.etag)
          expect(again.headers.vary).toMatch(/Accept-Encoding/i)
        }
        // a proxy holding the gzip body must not get 304 for a phone that would get br or nothing
        expect((await get({ ...asked.br, 'If-None-Match': answers.gzip.headers.etag ?? '' })).status).toBe(200)
        expect((await get({ ...asked.identity, 'If-None-Match': answers.br.headers.etag ?? '' })).status).toBe(200)
        // a client that accepts deflate alone gets the plain body under the plain tag, never deflated under it
        const deflateOnly = await get({ 'Accept-Encoding': 'deflate' })
        expect(deflateOnly.headers['content-encoding']).toBeUndefined()
        expect(deflateOnly.headers.etag).toBe(answers.identity.headers.etag)
        expect(deflateOnly.body).toEqual(answers.identity.body)
        // a list of tags, as a cache holding two bodies sends
        expect((await get({ ...asked.gzip, 'If-None-Match': `${answers.br.headers.etag}, ${answers.gzip.headers.etag}` })).status).toBe(304)
      } finally {
        server.close()
      }
    })

    it('says wxacode: false without WeChat, true with it, under different ETags (a phone never keeps the other answer)', async () => {
      const without = await request(await buildTestApp(storage())).get(`/api/reports/${seedId}`)
      expect(without.body.wxacode).toBe(false)
      const wechat = new WechatClient({ apiBase: 'http://127.0.0.1:9', appId: 'wx-test', secret: 's3cret', timeoutMs: 200, now: () => new Date() })
      const withWechat = await request(await buildTestApp(storage(), { wechat })).get(`/api/reports/${seedId}`)
      expect(withWechat.body.wxacode).toBe(true)
      expect(withWechat.headers.etag).not.toBe(without.headers.etag)
    })

    it('for an unknown id, answers 404 with the error shape', async () => {
      const response = await request(await buildTestApp(storage())).get('/api/reports/no-such-id')
      expect(response.status).toBe(404)
      expect(response.body.error.message).toBe('没有这份报告')
    })
  })

  describe('typography and the source text', () => {
    const ASCII_BETWEEN_HAN = /\p{Script=Han}\s*[,:;]\s*\p{Script=Han}/u
    const texts = (report: {
      title: string
      headerLines: string[]
      preamble: string[]
      closing: string[]
      sections: Array<{ title: string; paragraphs: string[]; children: unknown[] }>
    }): string[] => {
      const out = [report.title, ...report.headerLines, ...report.preamble, ...report.closing]
      const visit = (section: { title: string; paragraphs: string[]; children: unknown[] }): void => {
        out.push(section.title, ...section.paragraphs)
        ;(section.children as Array<typeof section>).forEach(visit)
      }
      report.sections.forEach(visit)
      return out
    }

    it('GET /api/reports/:id titles and paragraphs have no ASCII comma, colon or semicolon between Chinese characters', async () => {
      const seed = fs.readFileSync(path.join(reportsDir, 'xiushan-2023.txt'), 'utf8')
      expect(seed).toMatch(ASCII_BETWEEN_HAN)
      const response = await request(await buildTestApp(storage())).get(`/api/reports/${seedId}`)
      const report = structuredReportSchema.parse(response.body)
      const shown = texts(report)
      expect(shown.filter((text) => ASCII_BETWEEN_HAN.test(text))).toEqual([])
      expect(report.preamble[0]).toMatch(/^2023年，秀山县/u)
      expect(report.figures.filter((figure) => ASCII_BETWEEN_HAN.test(figure.quote))).toEqual([])
    })

    it('GET /api/reports/:id/source answers the imported text byte for byte as text/plain', async () => {
      const seed = fs.readFileSync(path.join(reportsDir, 'xiushan-2023.txt'))
      const response = await request(await buildTestApp(storage()))
        .get(`/api/reports/${seedId}/source`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => done(null, Buffer.concat(chunks)))
        })
      expect(response.status).toBe(200)
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(Buffer.compare(response.body as Buffer, seed)).toBe(0)
    })

    it('GET /api/reports/:id/source answers 404 for an unknown id', async () => {
      const response = await request(await buildTestApp(storage())).get('/api/reports/no-such-id/source')
      expect(response.status).toBe(404)
      expect(response.body.error.message).toBe('没有这份报告')
    })

    it('typesets a report stored before its source was kept, when it is read', async () => {
      const service = new ReportsService(new KyselyReportRepository(storage().db))
      const { report } = await service.importReport({
        input: '松川县2023年度法治政府建设情况报告\n一、成效\n办理案件5件,调解10件;如下:',
        county: '松川县',
        source: 'test:legacy',
        now: new Date(),
      })
      const legacy = { ...report.document, sections: [{ ...report.document.sections[0], paragraphs: ['办理案件5件,调解10件;如下:'] }] }
      await storage()
        .db.updateTable('reports')
        .set({ document: JSON.stringify(legacy), source_text: null, content_hash: 'legacy' })
        .where('id', '=', report.id)
        .execute()
      const app = await buildTestApp(storage())
      const detail = await request(app).get(`/api/reports/${report.id}`)
      expect(detail.body.sections[0].paragraphs).toEqual(['办理案件5件，调解10件；如下：'])
      // a phone holding the untypeset version (ETag of the stored hash) gets the new text, not a 304
      expect(detail.headers.etag).not.toBe('"legacy"')
      expect((await request(app).get(`/api/reports/${report.id}`).set('If-None-Match', '"legacy"')).status).toBe(200)
      expect(
        (
          await request(app)
            .get(`/api/reports/${report.id}`)
            .set('If-None-Match', detail.headers.etag as string)
        ).status,
      ).toBe(304)
      const source = await request(app).get(`/api/reports/${report.id}/source`)
      expect(source.status).toBe(404)
      await storage().db.deleteFrom('reports').where('id', '=', report.id).execute()
    })
  })

  describe('GET /api/home', () => {
    it('names the latest report', async () => {
      const response = await request(await buildTestApp(storage())).get('/api/home')
      expect(homeResponseSchema.parse(response.body).latestReport?.title).toBe(SEED_TITLE)
    })

    it('names the county from its township registry, with the short name people use, and when it was composed', async () => {
      const home = homeResponseSchema.parse((await request(await buildTestApp(storage())).get('/api/home')).body)
      expect(home.county).toEqual({ name: '秀山土家族苗族自治县', shortName: '秀山县' })
      expect(home.generatedAt).toBe(fixedNow().toISOString())
      // the bundled directory has no upstream: nothing to warn about
      expect(home.directory).toEqual({ stale: false, fetchedAt: null })
    })

    it('gives three headline figures', async () => {
      const home = homeResponseSchema.parse((await request(await buildTestApp(storage())).get('/api/home')).body)
      expect(home.headlines.map((figure) => figure.value)).toEqual([1175, 1350, 14913])
    })
  })
})

/**
 * The county report exactly as published (shared/seed/xiushan-2023-report.txt beside the checkout,
 * 11,611 bytes): its SHA-256 is kept here so the check runs in every copy of the repository, with
 * or without ../shared beside it, rather than being skipped where that folder is missing.
 */
const PUBLISHED_REPORT_SHA256 = 'd2bab1f499622be80b6f9808dfd2cd3717265b0ac100bec59893fc953fc53738'

describe('the bundled seed', () => {
  it('is the county report as published, unchanged (its SHA-256)', () => {
    const bundled = fs.readFileSync(path.join(reportsDir, 'xiushan-2023.txt'))
    expect(createHash('sha256').update(bundled).digest('hex')).toBe(PUBLISHED_REPORT_SHA256)
  })
})
