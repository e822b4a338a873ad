import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Pool } from 'pg'
import request from 'supertest'
import { homeResponseSchema } from '../../../contracts'
import { reportListResponseSchema } from '../../../contracts/reports-api'
import { stationDetailResponseSchema } from '../../../contracts/stations-api'
import { importBundledReports } from '../../../server/reports/bundled-reports'
import { KyselyReportRepository } from '../../../server/reports/report.repository'
import { ReportsService } from '../../../server/reports/reports.service'
import { openStorage, type Storage } from '../../../server/storage/database'
import { proxiedPostgres, type CuttableProxy } from '../support/cuttable-proxy'
import { onPostgres, skipNote } from '../support/databases'
import { testDatabaseUrl } from '../support/storages'
import { buildTestApp, fixedNow, testDirectory } from '../support/test-app'

/**
 * The database goes away under a running BFF: what the BFF holds in memory (the reports it has
 * read, the station directory) is still served — the API and the H5 first screens — and what
 * needs the database is left out and said so (首页's personal part) or refused with 503 and
 * Retry-After (free places, writes). Once the database is back, everything is as before.
 */
jest.setTimeout(60_000)

const reportsDir = path.resolve(__dirname, '../../../data/reports')
const REPORT_TITLE = '秀山土家族苗族自治县2023年度法治政府建设情况报告'
const CENTRE_ID = '500241-centre'
const CENTRE_NAME = '秀山土家族苗族自治县公共法律服务中心'
const STATION_ID = '500241103-ws'
/** a place in Xiushan (GCJ-02) */
const XIUSHAN = { lat: 28.45, lng: 108.99, datum: 'gcj02' }
/** the smallest index.html the first screens are written into (the built one carries scripts too) */
const INDEX_HTML = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>法治通</title></head><body><div id="app"></div></body></html>'

onPostgres(`PostgreSQL unreachable under a running BFF: reads held in memory go on${skipNote}`, () => {
  const schema = `away_${randomBytes(4).toString('hex')}`
  let admin: Pool
  let proxy: CuttableProxy
  let storage: Storage
  let h5Dist: string
  let reportId: string

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl, max: 1 })
    await admin.query(`create schema ${schema}`)
    let viaProxy: string
    ;({ proxy, url: viaProxy } = await proxiedPostgres({ databaseUrl: testDatabaseUrl! }))
    storage = await openStorage({ kind: 'postgres', databaseUrl: viaProxy, searchPath: schema }, { onConnectionError: () => undefined })
    ;[reportId] = await importBundledReports({ service: new ReportsService(new KyselyReportRepository(storage.db)), reportsDir, now: fixedNow() })
    h5Dist = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-away-h5-'))
    fs.writeFileSync(path.join(h5Dist, 'index.html'), INDEX_HTML)
  })

  afterAll(async () => {
    await storage?.close()
    await proxy?.cut()
    await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.end()
    fs.rmSync(h5Dist, { recursive: true, force: true })
  })

  it('serves reports, stations, 首页’s public part and the H5 first screens; refuses slots and writes with 503 and Retry-After; and is whole again when the database is back', async () => {
    const app = await buildTestApp(storage, { h5Dist })
    const booking = { stationId: STATION_ID, slotStart: '2026-11-27T14:00:00+08:00', matter: 'other', name: '断库', phone: '13800000001', consent: true }
    const made = await request(app).post('/api/bookings').set('Idempotency-Key', randomUUID()).send(booking)
    expect(made.status).toBe(201)
    const tokens = `${made.body.code as string}.${made.body.manageToken as string}`
    // the app has been serving: a phone opened 首页 (which reads the latest report)
    const before = homeResponseSchema.parse((await request(app).get('/api/home').query(XIUSHAN).set('X-Booking-Tokens', tokens)).body)
    expect(before.nextBooking?.code).toBe(made.body.code)
    expect(before.personal).toBeUndefined()

    const port = proxy.port
    await proxy.cut()

    // reports: the list, one report and a search in it, from memory
    const list = await request(app).get('/api/reports')
    expect(list.status).toBe(200)
    const listed = reportListResponseSchema.parse(list.body)
    expect(listed.reports.map((report) => report.title)).toContain(REPORT_TITLE)
    expect(listed.stale).toBe(true)
    const report = await request(app).get(`/api/reports/${reportId}`)
    expect(report.status).toBe(200)
    expect(report.body.title).toBe(REPORT_TITLE)
    const search = await request(app).get(`/api/reports/${reportId}/search`).query({ q: '法律援助' })
    expect(search.status).toBe(200)
    expect(search.body.total).toBeGreaterThan(0)

    // stations: the directory, the nearest and one station with its county's report figures
    expect((await request(app).get('/api/stations')).status).toBe(200)
    const nearest = await request(app).get('/api/stations/nearest').query(XIUSHAN)
    expect(nearest.status).toBe(200)
    expect(nearest.body.stations.length).toBeGreaterThan(0)
    const station = await request(app).get(`/api/stations/${CENTRE_ID}`)
    expect(station.status).toBe(200)
    const detail = stationDetailResponseSchema.parse(station.body)
    expect(detail.station.name).toBe(CENTRE_NAME)
    expect(detail.reportFigures?.reportTitle).toBe(REPORT_TITLE)
    expect(detail.reports).toBeUndefined()

    // 首页: the public part, and the personal part said to be unavailable (not "no booking")
    const home = await request(app).get('/api/home').query(XIUSHAN).set('X-Booking-Tokens', tokens)
    expect(home.status).toBe(200)
    const partial = homeResponseSchema.parse(home.body)
    expect(partial.personal).toBe('unavailable')
    expect(partial.nextBooking).toBeNull()
    expect(partial.county?.shortName).toBe('秀山县')
    expect(partial.latestReport?.title).toBe(REPORT_TITLE)
    expect(partial.headlines).toEqual(before.headlines)
    expect(partial.nearestStations.length).toBeGreaterThan(0)
    expect(partial.reports).toBeUndefined()

    // the H5 pages keep their first screen
    for (const [page, text] of [
      [`/pages/report/index?id=${reportId}`, `<h1 class="title report-title">${REPORT_TITLE}</h1>`],
      [`/pages/station/index?id=${CENTRE_ID}`, `<h1 class="title station-title">${CENTRE_NAME}</h1>`],
      ['/', REPORT_TITLE],
    ]) {
      const html = await request(app).get(page)
      expect(html.status).toBe(200)
      expect(html.text).toContain('id="first-screen"')
      expect(html.text).toContain(text)
    }

    // free places live in the database only: 503, in Chinese, with Retry-After
    const slots = await request(app).get(`/api/stations/${STATION_ID}/slots`)
    expect(slots.status).toBe(503)
    expect(slots.body.error.code).toBe('DATABASE_UNAVAILABLE')
    expect(slots.body.error.message).toMatch(/时段/)
    expect(Number(slots.headers['retry-after'])).toBeGreaterThan(0)
    // writes too
    const refused = await request(app)
      .post('/api/bookings')
      .set('Idempotency-Key', randomUUID())
      .send({ ...booking, phone: '13800000002' })
    expect(refused.status).toBe(503)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    // a report nobody has read since the start cannot be told from one that does not exist: 503, not 404
    const unknown = await request(app).get('/api/reports/2023-0000000000')
    expect(unknown.status).toBe(503)
    expect(Number(unknown.headers['retry-after'])).toBeGreaterThan(0)

    // the database comes back on the same address: whole answers again, without a restart
    await proxy.open(port)
    const again = homeResponseSchema.parse((await request(app).get('/api/home').query(XIUSHAN).set('X-Booking-Tokens', tokens)).body)
    expect(again.personal).toBeUndefined()
    expect(again.nextBooking?.code).toBe(made.body.code)
    // reports are read from memory for up to 5 s after the database was last found away (Retry-After says 5 s too)
    const deadline = Date.now() + 7000
    let stale = reportListResponseSchema.parse((await request(app).get('/api/reports')).body).stale
    while (stale && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      stale = reportListResponseSchema.parse((await request(app).get('/api/reports')).body).stale
    }
    expect(stale).toBeUndefined()
    expect((await request(app).get(`/api/stations/${STATION_ID}/slots`)).status).toBe(200)
    expect((await request(app).get('/api/reports/2023-0000000000')).status).toBe(404)
    expect(
      (
        await request(app)
          .post('/api/bookings')
          .set('Idempotency-Key', randomUUID())
          .send({ ...booking, phone: '13800000003' })
      ).status,
    ).toBe(201)
  })

  it('a BFF that read no report before the database went away says the report part is unavailable rather than “no report”, and still shows the station', async () => {
    const directory = await testDirectory(storage)
    const port = proxy.port
    await proxy.cut()
    try {
      // started while the database is away: its reports were never read
      const app = await buildTestApp(storage, { directory, h5Dist })
      const station = await request(app).get(`/api/stations/${CENTRE_ID}`)
      expect(station.status).toBe(200)
      const detail = stationDetailResponseSchema.parse(station.body)
      expect(detail.station.name).toBe(CENTRE_NAME)
      expect(detail.reports).toBe('unavailable')
      expect(detail.reportFigures).toBeNull()
      expect(detail.network.reported).toBeNull()
      expect(detail.network.listed.centres).toBe(1)

      const home = await request(app).get('/api/home').query(XIUSHAN)
      expect(home.status).toBe(200)
      const partial = homeResponseSchema.parse(home.body)
      expect(partial.reports).toBe('unavailable')
      expect(partial.latestReport).toBeNull()
      expect(partial.county?.shortName).toBe('秀山县')
      expect(partial.nearestStations.length).toBeGreaterThan(0)

      const list = await request(app).get('/api/reports')
      expect(list.status).toBe(503)
      expect(Number(list.headers['retry-after'])).toBeGreaterThan(0)
      const html = await request(app).get(`/pages/station/index?id=${CENTRE_ID}`)
      expect(html.status).toBe(200)
      expect(html.text).toContain(`<h1 class="title station-title">${CENTRE_NAME}</h1>`)
      // 首页's first screen would say "no report": the app's own page instead
      const index = await request(app).get('/')
      expect(index.status).toBe(200)
      expect(index.text).not.toContain('id="first-screen"')
    } finally {
      await proxy.open(port)
    }
  })
})
