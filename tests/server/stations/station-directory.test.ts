import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import request from 'supertest'
import { healthResponseSchema, homeResponseSchema, nearestResponseSchema, stationListResponseSchema } from '../../../contracts'
import { KyselyStationRepository } from '../../../server/stations/station.repository'
import { openStorage, type Storage } from '../../../server/storage/database'
import { createUpstreamClient } from '../../../server/upstream/upstream-client'
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream'
import { createStationDirectory } from '../../../server/stations/station-directory'
import { buildTestApp, bundledStationsDir, fixedNow, silentLogger, testDirectory } from '../support/test-app'

const mixedCsv = fs.readFileSync(path.resolve(__dirname, 'fixtures/mixed-directory.csv'), 'utf8')

/** Two located fictional stations in Xiushan, as a county site would publish them. */
const goodDirectory = JSON.stringify([
  {
    id: 'fx-a',
    name: '测试站甲（虚构）',
    tier: 'workstation',
    county: '秀山县',
    town: '中和街道',
    lat: 28.45,
    lng: 109.0,
    location_quality: 'surveyed',
    source: '测试（虚构）',
  },
  {
    id: 'fx-b',
    name: '测试站乙（虚构）',
    tier: 'workroom',
    county: '秀山县',
    town: '隘口镇',
    village: '示例村',
    lat: 28.6,
    lng: 109.1,
    location_quality: 'surveyed',
    source: '测试（虚构）',
  },
])

describe('StationDirectory with DIRECTORY_URL (a real HTTP server on 127.0.0.1)', () => {
  let upstream: FakeUpstream
  let storage: Storage
  let dir: string

  beforeEach(async () => {
    upstream = await startFakeUpstream()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-dir-'))
    storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'dir.db') })
  })
  afterEach(async () => {
    await upstream.close()
    await storage.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const directory = (timeoutMs = 300) =>
    testDirectory(storage, { url: `${upstream.baseUrl}/directory`, client: createUpstreamClient({ timeoutMs, retries: 1 }) })

  function serve(status: number, body: string, headers: Record<string, string> = {}) {
    upstream.respond((_req, res) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
      res.end(body)
    })
  }

  it('before the first answer serves the bundled snapshot, marked stale', async () => {
    const app = await buildTestApp(storage, { directory: await directory() })
    const body = stationListResponseSchema.parse((await request(app).get('/api/stations')).body)
    // the centre, 27 town workstations and 268 village workrooms
    expect(body.stations).toHaveLength(296)
    expect(body.stale).toBe(true)
  })

  it('overlays the published stations on the bundled ones and ranks the located ones', async () => {
    serve(200, goodDirectory, { ETag: '"d1"' })
    const stations = await directory()
    expect(await stations.refresh()).toEqual({ status: 'updated' })
    const app = await buildTestApp(storage, { directory: stations })
    const list = stationListResponseSchema.parse((await request(app).get('/api/stations')).body)
    expect(list.stale).toBe(false)
    expect(list.stations).toHaveLength(298)
    const nearest = nearestResponseSchema.parse((await request(app).get('/api/stations/nearest').query({ lat: 28.6, lng: 109.1, limit: 3 })).body)
    expect(nearest.stations.map((entry) => entry.station.id)).toEqual(['fx-b', 'fx-a', '500241-centre'])
  })

  it('asks again with If-None-Match and keeps the copy on 304', async () => {
    serve(200, goodDirectory, { ETag: '"d1"' })
    const stations = await directory()
    await stations.refresh()
    upstream.respond((req, res) => {
      res.writeHead(req.headers['if-none-match'] === '"d1"' ? 304 : 500)
      res.end()
    })
    expect(await stations.refresh()).toEqual({ status: 'not-modified' })
    expect(stations.snapshot()).toMatchObject({ stale: false })
    expect(stations.snapshot().stations).toHaveLength(298)
  })

  it.each([
    ['down', (up: FakeUpstream) => up.close()],
    [
      'answering 500',
      (up: FakeUpstream) =>
        up.respond((_req, res) => {
          res.writeHead(500)
          res.end()
        }),
    ],
    ['slower than the timeout', (up: FakeUpstream) => up.respond(() => undefined)],
    [
      'sending malformed JSON',
      (up: FakeUpstream) =>
        up.respond((_req, res) => {
          res.writeHead(200)
          res.end('[{"name": ')
        }),
    ],
    [
      'sending the wrong schema',
      (up: FakeUpstream) =>
        up.respond((_req, res) => {
          res.writeHead(200, { 'Content-Type': 'application/json' })
          res.end(JSON.stringify({ items: [{ title: 'x' }] }))
        }),
    ],
  ])('when the upstream is %s, keeps serving the last good copy within 2 s, marked stale', async (_name, breakUpstream) => {
    serve(200, goodDirectory)
    const stations = await directory(300)
    await stations.refresh()
    await breakUpstream(upstream)
    const started = Date.now()
    expect((await stations.refresh())?.status).toBe('failed')
    const app = await buildTestApp(storage, { directory: stations })
    const list = stationListResponseSchema.parse((await request(app).get('/api/stations')).body)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(list.stale).toBe(true)
    expect(list.stations.map((station) => station.id)).toEqual(expect.arrayContaining(['fx-a', 'fx-b']))
    const health = healthResponseSchema.parse((await request(app).get('/api/health')).body)
    expect(health.directory?.upstream).toMatchObject({ stale: true, lastError: expect.any(String) })
    if (_name === 'down') upstream = await startFakeUpstream() // a fresh one for afterEach to close
  })

  it('GET /api/home says the directory is fresh while the upstream answers, and stale since the last good copy when it is down', async () => {
    serve(200, goodDirectory)
    const stations = await directory(300)
    await stations.refresh()
    const app = await buildTestApp(storage, { directory: stations })
    const fresh = homeResponseSchema.parse((await request(app).get('/api/home')).body)
    expect(fresh.directory.stale).toBe(false)
    const fetchedAt = fresh.directory.fetchedAt
    expect(fetchedAt).toEqual(expect.any(String))

    upstream.respond((_req, res) => {
      res.writeHead(503)
      res.end()
    })
    expect((await stations.refresh())?.status).toBe('failed')
    const stale = homeResponseSchema.parse((await request(app).get('/api/home')).body)
    // the time of the copy still served, not of the failed attempt; nothing about the upstream's address or error
    expect(stale.directory).toEqual({ stale: true, fetchedAt })
    expect(JSON.stringify(stale)).not.toContain(upstream.baseUrl)
  })

  // issue 23 row 1: before the fix /api/health answered `directory.upstream.url` whole, and rows without
  // a source column were stored and served with `source: "名录 <the whole URL>"`, user, password and key included
  it('GET /api/health (no sign-in), /api/stations and the logs name DIRECTORY_URL by scheme, host and path only, never its user, password or access_key', async () => {
    const lines: string[] = []
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) })
    const secretUrl = (base: string) => `${base.replace('http://', 'http://feeduser:PASSW0RD@')}/directory.json?access_key=AK-S3CRET&x=1`
    const noSource = JSON.stringify([
      {
        id: 'fx-c',
        name: '测试站丙（虚构）',
        tier: 'workroom',
        county: '秀山县',
        town: '隘口镇',
        village: '示例村',
        lat: 28.6,
        lng: 109.1,
        location_quality: 'surveyed',
      },
    ])
    serve(200, noSource)
    const secret = /feeduser|PASSW0RD|AK-S3CRET|access_key/
    const stations = await createStationDirectory({
      stationsDir: bundledStationsDir,
      repository: new KyselyStationRepository(storage.db),
      logger,
      now: fixedNow,
      upstream: { url: secretUrl(upstream.baseUrl), client: createUpstreamClient({ timeoutMs: 300, retries: 0 }) },
    })
    expect(await stations.refresh()).toEqual({ status: 'updated' })
    const app = await buildTestApp(storage, { directory: stations })
    const healthAnswer = await request(app).get('/api/health')
    const health = healthResponseSchema.parse(healthAnswer.body)
    expect(health.directory?.upstream?.url).toBe(`${upstream.baseUrl}/directory.json`)
    expect(JSON.stringify(healthAnswer.body)).not.toMatch(secret)
    const list = await request(app).get('/api/stations')
    expect(JSON.stringify(list.body)).toContain('测试站丙（虚构）')
    expect(JSON.stringify(list.body)).not.toMatch(secret)

    // a failing upstream: the error in /api/health and in the log line name the document the same way
    upstream.respond((_req, res) => {
      res.writeHead(500)
      res.end()
    })
    expect((await stations.refresh())?.status).toBe('failed')
    const failed = await request(app).get('/api/health')
    expect(failed.body.directory.upstream.lastError).toContain('/directory.json')
    expect(JSON.stringify(failed.body)).not.toMatch(secret)
    await upstream.close()
    expect((await stations.refresh())?.status).toBe('failed')
    expect(JSON.stringify((await request(app).get('/api/health')).body)).not.toMatch(secret)
    expect(lines.join('')).toContain('station directory not refreshed')
    expect(lines.join('')).not.toMatch(secret)
    upstream = await startFakeUpstream() // a fresh one for afterEach to close
  })

  it('keeps good rows, rejects bad ones, and shows the reasons in /api/health', async () => {
    upstream.respond((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8' })
      res.end(mixedCsv)
    })
    const stations = await directory()
    await stations.refresh()
    const app = await buildTestApp(storage, { directory: stations })
    const health = healthResponseSchema.parse((await request(app).get('/api/health')).body)
    const rejected = health.directory?.upstream?.rejectedRows ?? []
    expect(rejected.map((row) => row.row)).toEqual([3, 4, 5, 6, 7])
    expect(rejected.find((row) => row.row === 6)?.reasons.join()).toContain('写反')
    const list = stationListResponseSchema.parse((await request(app).get('/api/stations')).body)
    expect(list.stations.some((station) => station.village === '示例村')).toBe(true)
  })

  it('serves stations an administrator imported, after the next refresh', async () => {
    const stations = await testDirectory(storage)
    await new KyselyStationRepository(storage.db).upsertMany({
      stations: [
        {
          id: 'fx-imported',
          name: '导入站（虚构）',
          tier: 'workroom',
          county: '秀山土家族苗族自治县',
          town: '梅江镇',
          village: '示例村',
          address: null,
          phone: null,
          hours: { text: '周一 9:00-12:00', isDefault: false },
          services: [],
          location: null,
          locationQuality: 'unknown',
          source: '测试（虚构）',
          verifiedAt: null,
        },
      ],
      importedAt: fixedNow().toISOString(),
    })
    expect(stations.snapshot().stations.some((station) => station.id === 'fx-imported')).toBe(false)
    await stations.refresh()
    expect(stations.snapshot().stations.some((station) => station.id === 'fx-imported')).toBe(true)
  })

  describe('bounds (DIRECTORY_MAX_BYTES, DIRECTORY_MAX_ROWS)', () => {
    const bounded = (limits: { maxBytes: number; maxRows: number }) =>
      createStationDirectory({
        stationsDir: bundledStationsDir,
        repository: new KyselyStationRepository(storage.db),
        logger: silentLogger,
        now: fixedNow,
        upstream: { url: `${upstream.baseUrl}/directory`, client: createUpstreamClient({ timeoutMs: 5000, retries: 1 }) },
        limits,
      })

    it('refuses a document over maxBytes without downloading it, keeps the last good copy and says why in /api/health', async () => {
      serve(200, goodDirectory)
      const stations = await bounded({ maxBytes: 64 * 1024, maxRows: 100 })
      expect(await stations.refresh()).toEqual({ status: 'updated' })

      // 64 MB offered in 64 KB writes, each after the previous one drained
      const total = 64 * 1024 * 1024
      let sent = 0
      let requests = 0
      upstream.respond((_req, res) => {
        requests += 1
        res.writeHead(200, { 'Content-Type': 'application/json' })
        const chunk = Buffer.alloc(64 * 1024, 0x20)
        const pump = () => {
          while (sent < total * requests && !res.destroyed) {
            sent += chunk.length
            if (!res.write(chunk)) {
              res.once('drain', pump)
              return
            }
          }
          if (!res.destroyed) res.end()
        }
        res.on('close', () => res.removeAllListeners('drain'))
        pump()
      })
      const outcome = await stations.refresh()
      expect(outcome).toMatchObject({ status: 'failed', error: expect.stringContaining('太大') })
      // too large is not worth a retry, and reading stopped long before the end
      expect(requests).toBe(1)
      expect(sent).toBeLessThan(total / 4)

      const app = await buildTestApp(storage, { directory: stations })
      const health = healthResponseSchema.parse((await request(app).get('/api/health')).body)
      expect(health.directory?.upstream).toMatchObject({ stale: true, lastError: expect.stringContaining('65,536 字节') })
      const list = stationListResponseSchema.parse((await request(app).get('/api/stations')).body)
      expect(list.stations.map((station) => station.id)).toEqual(expect.arrayContaining(['fx-a', 'fx-b']))
    })

    it('refuses a document with more rows than maxRows as a whole', async () => {
      serve(200, goodDirectory)
      const stations = await bounded({ maxBytes: 1_000_000, maxRows: 2 })
      expect(await stations.refresh()).toEqual({ status: 'updated' })
      const three = JSON.parse(goodDirectory) as object[]
      serve(
        200,
        JSON.stringify([
          ...three,
          { id: 'fx-c', name: '测试站丙（虚构）', tier: 'workroom', county: '秀山县', town: '隘口镇', village: '另一村', source: '测试（虚构）' },
        ]),
      )
      expect(await stations.refresh()).toMatchObject({ status: 'failed', error: expect.stringContaining('超过 2 行的上限') })
      const app = await buildTestApp(storage, { directory: stations })
      const health = healthResponseSchema.parse((await request(app).get('/api/health')).body)
      expect(health.directory?.upstream?.lastError).toContain('DIRECTORY_MAX_ROWS')
      expect(stations.snapshot().stations.some((station) => station.id === 'fx-c')).toBe(false)
      expect(stations.snapshot().stations.some((station) => station.id === 'fx-a')).toBe(true)
    })

    it('does not parse the same body again when the upstream sends no ETag or Last-Modified', async () => {
      serve(200, goodDirectory)
      const stations = await bounded({ maxBytes: 1_000_000, maxRows: 100 })
      expect(await stations.refresh()).toEqual({ status: 'updated' })
      const before = stations.snapshot()
      expect(await stations.refresh()).toEqual({ status: 'not-modified' })
      expect(stations.snapshot().index).toBe(before.index)
      // a changed body is read again
      serve(200, JSON.stringify((JSON.parse(goodDirectory) as object[]).slice(0, 1)))
      expect(await stations.refresh()).toEqual({ status: 'updated' })
      expect(stations.snapshot().stations.some((station) => station.id === 'fx-b')).toBe(false)
    })
  })
})
