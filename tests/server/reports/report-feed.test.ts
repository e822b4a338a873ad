import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ReportFeed } from '../../../server/reports/report-feed'
import { KyselyReportRepository } from '../../../server/reports/report.repository'
import { ReportsService } from '../../../server/reports/reports.service'
import { openStorage, type Storage } from '../../../server/storage/database'
import { createUpstreamClient } from '../../../server/upstream/upstream-client'
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream'
import { silentLogger } from '../support/test-app'

const lushanHtml = fs.readFileSync(path.resolve(__dirname, '../importers/fixtures/lushan-2023-page.html'))
const seedText = fs.readFileSync(path.resolve(__dirname, '../../../data/reports/xiushan-2023.txt'))

describe('ReportFeed (REPORTS_FEED_URL against a real HTTP server)', () => {
  let upstream: FakeUpstream
  let storage: Storage
  let dir: string
  let reports: ReportsService
  let pagesDown: boolean

  const feed = () =>
    new ReportFeed({
      feedUrl: `${upstream.baseUrl}/feed.json`,
      client: createUpstreamClient({ timeoutMs: 500, retries: 0 }),
      reports,
      logger: silentLogger,
      now: () => new Date('2026-11-26T08:00:00+08:00'),
    })

  beforeEach(async () => {
    pagesDown = false
    upstream = await startFakeUpstream()
    upstream.respond((req, res) => {
      if (req.url === '/feed.json') {
        if (req.headers['if-none-match'] === '"feed-1"') {
          res.writeHead(304)
          res.end()
          return
        }
        res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"feed-1"' })
        res.end(JSON.stringify({ reports: [`${upstream.baseUrl}/lushan.html`, { url: `${upstream.baseUrl}/xiushan.txt`, county: '秀山土家族苗族自治县' }] }))
        return
      }
      if (pagesDown && req.url === '/lushan.html') {
        res.writeHead(503)
        res.end()
        return
      }
      const body = req.url === '/lushan.html' ? lushanHtml : req.url === '/xiushan.txt' ? seedText : null
      res.writeHead(body ? 200 : 404, { 'Content-Type': req.url?.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' })
      res.end(body ?? '')
    })
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-feed-'))
    storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'feed.db') })
    reports = new ReportsService(new KyselyReportRepository(storage.db))
  })

  afterEach(async () => {
    await upstream.close()
    await storage.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('imports every report of the feed once, then only asks whether the feed changed', async () => {
    const poller = feed()
    const first = await poller.poll()
    expect(first).toMatchObject({ feedError: null, failed: [] })
    expect(first.imported).toHaveLength(2)
    expect((await reports.list()).map((report) => report.county).sort()).toEqual(['秀山土家族苗族自治县', '鹿山县'])

    const before = upstream.requests.length
    const second = await poller.poll()
    expect(second.imported).toEqual([])
    // one conditional request for the feed (304), no page fetched again
    expect(upstream.requests.slice(before).map((r) => r.url)).toEqual(['/feed.json'])
    expect(upstream.requests[upstream.requests.length - 1].headers['if-none-match']).toBe('"feed-1"')
  })

  it('when a page fails, imports the others and tries the failed one on the next poll', async () => {
    pagesDown = true
    const poller = feed()
    const first = await poller.poll()
    expect(first.imported).toHaveLength(1)
    expect(first.failed).toEqual([{ url: `${upstream.baseUrl}/lushan.html`, error: expect.stringContaining('503') }])
    pagesDown = false
    const second = await poller.poll()
    expect(second.imported).toHaveLength(1)
    expect(await reports.list()).toHaveLength(2)
  })

  it('when the feed is down or garbage, keeps serving what is stored and says why', async () => {
    const poller = feed()
    await poller.poll()
    upstream.respond((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('<html>维护中</html>')
    })
    const garbage = await poller.poll()
    expect(garbage.feedError).toBe('报告清单不是有效的 JSON')
    expect(poller.status().feed.stale).toBe(true)
    await upstream.close()
    const down = await poller.poll()
    expect(down.feedError).toMatch(/无法连接/)
    expect(await reports.list()).toHaveLength(2)
    upstream = await startFakeUpstream() // for afterEach
  })

  it('refuses a feed of the wrong shape', async () => {
    upstream.respond((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ items: ['javascript:alert(1)'] }))
    })
    const result = await feed().poll()
    expect(result.feedError).toMatch(/格式不对/)
    expect(result.imported).toEqual([])
  })
})
