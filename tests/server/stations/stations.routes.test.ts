import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import request from 'supertest'
import {
  homeResponseSchema,
  nearestResponseSchema,
  stationDetailResponseSchema,
  stationListResponseSchema,
  stationPageResponseSchema,
  townListResponseSchema,
} from '../../../contracts'
import { importBundledReports } from '../../../server/reports/bundled-reports'
import { KyselyReportRepository } from '../../../server/reports/report.repository'
import { ReportsService } from '../../../server/reports/reports.service'
import { gcj02ToWgs84 } from '../../../server/stations/geo'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'

const COUNTY_SEAT_GCJ02 = { lat: 28.444772, lng: 108.996043 }
const CENTRE_ID = '500241-centre'

describeEachStorage('stations API', (storage: () => Storage) => {
  beforeAll(async () => {
    await importBundledReports({
      service: new ReportsService(new KyselyReportRepository(storage().db)),
      reportsDir: path.resolve(__dirname, '../../../data/reports'),
      now: fixedNow(),
    })
  })

  describe('GET /api/stations', () => {
    it('lists the bundled directory: the county centre first, then the 27 town workstations, then the 268 village workrooms', async () => {
      const response = await request(await buildTestApp(storage())).get('/api/stations')
      const body = stationListResponseSchema.parse(response.body)
      expect(body.stations).toHaveLength(296)
      expect(body.stations[0].id).toBe(CENTRE_ID)
      expect(body.stations.map((station) => station.tier)).toEqual(['centre', ...Array<string>(27).fill('workstation'), ...Array<string>(268).fill('workroom')])
      expect(body.stale).toBe(false)
    })

    it('finds a town’s workstation and workrooms by its former name (孝溪乡 → 清溪场街道)', async () => {
      const response = await request(await buildTestApp(storage()))
        .get('/api/stations')
        .query({ town: '孝溪乡' })
      const { stations } = stationListResponseSchema.parse(response.body)
      expect(new Set(stations.map((station) => station.town))).toEqual(new Set(['清溪场街道']))
      expect(stations.map((station) => station.tier)).toEqual(['workstation', ...Array<string>(24).fill('workroom')])
    })

    it('filters by tier and by free text', async () => {
      const app = await buildTestApp(storage())
      const centres = stationListResponseSchema.parse((await request(app).get('/api/stations').query({ tier: 'centre' })).body)
      expect(centres.stations.map((station) => station.id)).toEqual([CENTRE_ID])
      const text = stationListResponseSchema.parse((await request(app).get('/api/stations').query({ q: '隘口' })).body)
      expect(new Set(text.stations.map((station) => station.town))).toEqual(new Set(['隘口镇']))
      expect(text.stations[0].id).toBe('500241103-ws')
      expect(text.stations).toHaveLength(12)
    })

    it('finds a village workroom by the village’s name, whole or without 村', async () => {
      const app = await buildTestApp(storage())
      for (const q of ['坝芒村', '坝芒']) {
        const { stations } = stationListResponseSchema.parse((await request(app).get('/api/stations').query({ q })).body)
        expect(stations.map((station) => [station.id, station.name, station.town, station.village])).toEqual([
          ['500241103212-wr', '坝芒村公共法律服务工作室', '隘口镇', '坝芒村'],
        ])
      }
      const workrooms = stationPageResponseSchema.parse((await request(app).get('/api/stations').query({ q: '社区', tier: 'workroom', pageSize: 5 })).body)
      expect(workrooms.total).toBeGreaterThan(50)
      expect(workrooms.stations.every((station) => station.village?.endsWith('社区'))).toBe(true)
    })

    it('refuses an unknown tier with 400 naming the field', async () => {
      const response = await request(await buildTestApp(storage()))
        .get('/api/stations')
        .query({ tier: 'palace' })
      expect(response.status).toBe(400)
      expect(response.body.error.fields[0].path).toBe('tier')
    })

    it('pages the listing (?page, ?pageSize) in listing order, with the total', async () => {
      const app = await buildTestApp(storage())
      const all = stationPageResponseSchema.parse((await request(app).get('/api/stations')).body)
      // a call that names no page is answered whole (up to 1000), as the client's 选服务站 expects
      expect(all).toMatchObject({ page: 1, pageSize: 1000, total: 296 })
      expect(all.stations).toHaveLength(296)
      const second = stationPageResponseSchema.parse((await request(app).get('/api/stations').query({ page: 2, pageSize: 10 })).body)
      expect(second).toMatchObject({ page: 2, pageSize: 10, total: 296 })
      expect(second.stations.map((station) => station.id)).toEqual(all.stations.slice(10, 20).map((station) => station.id))
      const last = stationPageResponseSchema.parse((await request(app).get('/api/stations').query({ page: 30, pageSize: 10 })).body)
      expect(last.stations).toHaveLength(6)
      expect(last.stations.map((station) => station.id)).toEqual(all.stations.slice(290).map((station) => station.id))
      const beyond = stationPageResponseSchema.parse((await request(app).get('/api/stations').query({ page: 31, pageSize: 10 })).body)
      expect(beyond).toMatchObject({ stations: [], total: 296 })
      // page alone: pages of 100, every station once over the three pages
      const pages = await Promise.all(
        [1, 2, 3].map(async (page) => stationPageResponseSchema.parse((await request(app).get('/api/stations').query({ page })).body)),
      )
      expect(pages.map((answer) => [answer.pageSize, answer.total, answer.stations.length])).toEqual([
        [100, 296, 100],
        [100, 296, 100],
        [100, 296, 96],
      ])
      expect(pages.flatMap((answer) => answer.stations.map((station) => station.id))).toEqual(all.stations.map((station) => station.id))
      // filters count before paging
      expect(stationPageResponseSchema.parse((await request(app).get('/api/stations').query({ tier: 'workstation', pageSize: 5 })).body)).toMatchObject({
        total: 27,
        pageSize: 5,
      })
    })

    it.each([
      [{ page: '0' }, 'page'],
      [{ page: 'abc' }, 'page'],
      [{ page: '1.5' }, 'page'],
      [{ page: '-1' }, 'page'],
      [{ pageSize: '0' }, 'pageSize'],
      [{ pageSize: '1001' }, 'pageSize'],
      [{ pageSize: '' }, 'pageSize'],
      [{ page: ['1', '2'] }, 'page'],
    ])('refuses bad paging %j with 400 naming %s, in Chinese', async (query, field) => {
      const response = await request(await buildTestApp(storage()))
        .get('/api/stations')
        .query(query)
      expect(response.status).toBe(400)
      expect(response.body.error.fields.map((entry: { path: string }) => entry.path)).toEqual([field])
      expect(response.body.error.fields[0].message).toMatch(/\p{Script=Han}/u)
    })
  })

  describe('GET /api/stations/nearest', () => {
    it('ranks only located stations and says how many could not be ranked', async () => {
      const response = await request(await buildTestApp(storage()))
        .get('/api/stations/nearest')
        .query({ lat: 28.5, lng: 109.0 })
      const body = nearestResponseSchema.parse(response.body)
      expect(body.stations.map((entry) => entry.station.id)).toEqual([CENTRE_ID])
      expect(body.withoutLocation).toBe(295)
      expect(body.datum).toBe('gcj02')
    })

    it('from a village of the county, says nothing about being outside it', async () => {
      const app = await buildTestApp(storage())
      // 隘口镇, about 20 km from the county seat, and 50 km out (the next county's edge)
      for (const place of [
        { lat: 28.33, lng: 108.88 },
        { lat: 28.9, lng: 109.0 },
      ]) {
        const body = nearestResponseSchema.parse((await request(app).get('/api/stations/nearest').query(place).expect(200)).body)
        expect(body.outsideArea).toBeNull()
      }
    })

    it('from Guangzhou (a migrant worker asking), says the position is far outside 秀山县, naming the county from its registry, and still lists its stations', async () => {
      const body = nearestResponseSchema.parse(
        (
          await request(await buildTestApp(storage()))
            .get('/api/stations/nearest')
            .query({ lat: 23.13, lng: 113.26, datum: 'wgs84' })
            .expect(200)
        ).body,
      )
      expect(body.outsideArea).toEqual({ county: '秀山土家族苗族自治县', countyShortName: '秀山县', distanceMeters: expect.any(Number) })
      expect(body.outsideArea?.distanceMeters).toBeGreaterThan(700_000)
      expect(body.outsideArea?.distanceMeters).toBeLessThan(800_000)
      expect(body.stations.map((entry) => entry.station.id)).toEqual([CENTRE_ID])
    })

    it('converts a WGS-84 position (a browser’s) to GCJ-02 before measuring', async () => {
      const app = await buildTestApp(storage())
      const wgs84 = gcj02ToWgs84(COUNTY_SEAT_GCJ02)
      const converted = nearestResponseSchema.parse(
        (
          await request(app)
            .get('/api/stations/nearest')
            .query({ ...wgs84, datum: 'wgs84' })
        ).body,
      )
      expect(converted.stations[0].distanceMeters).toBeLessThan(1)
      // the same numbers read as GCJ-02 are a few hundred metres off: the datum matters
      const unconverted = nearestResponseSchema.parse(
        (
          await request(app)
            .get('/api/stations/nearest')
            .query({ ...wgs84, datum: 'gcj02' })
        ).body,
      )
      expect(unconverted.stations[0].distanceMeters).toBeGreaterThan(300)
    })

    it.each([
      [{ lng: 109 }, 'lat'],
      [{ lat: 'north', lng: 109 }, 'lat'],
      [{ lat: 28, lng: 109, limit: 500 }, 'limit'],
      [{ lat: 28, lng: 109, datum: 'bd09' }, 'datum'],
    ])('refuses %j with 400 naming %s', async (query, field) => {
      const response = await request(await buildTestApp(storage()))
        .get('/api/stations/nearest')
        .query(query)
      expect(response.status).toBe(400)
      expect(response.body.error.fields.map((f: { path: string }) => f.path)).toContain(field)
    })
  })

  describe('GET /api/stations/towns', () => {
    it('offers the county’s 27 townships for the picker, each with its villages and station count', async () => {
      const body = townListResponseSchema.parse((await request(await buildTestApp(storage())).get('/api/stations/towns')).body)
      const [xiushan] = body.counties
      expect(body.counties).toHaveLength(1)
      expect(xiushan.county).toBe('秀山土家族苗族自治县')
      expect(xiushan.towns).toHaveLength(27)
      const aikou = xiushan.towns.find((town) => town.name === '隘口镇')
      expect(aikou).toMatchObject({ name: '隘口镇', stationCount: 12 })
      expect(aikou?.villages).toEqual(aikou?.villageDetails.map((village) => village.name))
      expect(aikou?.villageDetails).toContainEqual({ name: '坝芒村', code: '500241103212', stationId: '500241103212-wr' })
      expect(aikou?.villageDetails).toHaveLength(11)
    })

    it('lists Xiushan’s 268 villages, each under its township with its workroom', async () => {
      const app = await buildTestApp(storage())
      const [xiushan] = townListResponseSchema.parse((await request(app).get('/api/stations/towns')).body).counties
      const { stations: all } = stationListResponseSchema.parse((await request(app).get('/api/stations')).body)
      const townCode = new Map(all.filter((station) => station.tier === 'workstation').map((station) => [station.town, station.id.slice(0, 9)]))
      const villages = xiushan.towns.flatMap((town) => town.villageDetails.map((village) => ({ town: town.name, ...village })))
      expect(villages).toHaveLength(268)
      expect(new Set(villages.map((village) => village.code)).size).toBe(268)
      for (const village of villages) {
        expect(village.code?.slice(0, 9)).toBe(townCode.get(village.town))
        expect(village.stationId).toBe(`${village.code}-wr`)
        expect(all.find((station) => station.id === village.stationId)).toMatchObject({ tier: 'workroom', town: village.town, village: village.name })
      }
      expect(Object.fromEntries(xiushan.towns.map((town) => [town.name, town.villages.length]))).toMatchObject({
        中和街道: 12,
        清溪场街道: 24,
        隘口镇: 11,
        梅江镇: 18,
        岑溪乡: 6,
      })
      // each township's count: its workstation and its villages' workrooms
      for (const town of xiushan.towns) expect(town.stationCount).toBe(1 + town.villages.length)
    })
  })

  describe('GET /api/stations/:id', () => {
    it('adds the county’s legal-aid and mediation figures and the network as reported vs as listed', async () => {
      const response = await request(await buildTestApp(storage())).get('/api/stations/500241103-ws')
      const body = stationDetailResponseSchema.parse(response.body)
      expect(body.station.name).toBe('隘口镇公共法律服务工作站')
      expect(body.network.reported).toMatchObject({ workstations: 19, workrooms: 268 })
      expect(body.network.listed).toEqual({ centres: 1, workstations: 27, workrooms: 268 })
      expect(body.reportFigures?.legalAid.map((figure) => figure.value)).toContain(1175)
      expect(body.reportFigures?.mediation.map((figure) => figure.value)).toEqual(expect.arrayContaining([1350, 14913]))
    })

    it('answers 404 for an unknown station and 400 for a malformed id', async () => {
      const app = await buildTestApp(storage())
      expect((await request(app).get('/api/stations/no-such-station')).status).toBe(404)
      expect((await request(app).get('/api/stations/%3Cscript%3E')).status).toBe(400)
    })
  })

  describe('GET /api/stations/:id/poster', () => {
    it('without PUBLIC_BASE_URL, a forged Host: evil.example is not printed: the QR link names the address the request came to', async () => {
      const server = (await buildTestApp(storage())).listen(0, '127.0.0.1')
      await once(server, 'listening')
      const { port } = server.address() as AddressInfo
      try {
        const answer = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
          http
            .get({ host: '127.0.0.1', port, path: '/api/stations/500241103-ws/poster', headers: { Host: 'evil.example' } }, (res) => {
              let body = ''
              res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
              res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
            })
            .on('error', reject)
        })
        expect(answer.status).toBe(200)
        expect(answer.body).not.toContain('evil.example')
        expect(answer.body).toContain(`http://127.0.0.1:${port}/pages/station/index?id=500241103-ws`)
        expect(answer.headers['cache-control']).toBe('private, no-cache')
        expect(answer.headers.vary).toMatch(/\bHost\b/)
      } finally {
        server.close()
      }
    })

    it('prints an A4 page with the name, hours marked as default, the 12348 hotline (not 请先电话确认 beside no phone) and a QR code', async () => {
      const response = await request(await buildTestApp(storage(), { publicBaseUrl: 'https://fzt.example.cn' })).get('/api/stations/500241103-ws/poster')
      expect(response.status).toBe(200)
      expect(response.type).toBe('text/html')
      expect(response.text).toContain('@page { size: A4')
      expect(response.text).toContain('隘口镇公共法律服务工作站')
      expect(response.text).toContain('（默认开放时间，来之前可拨 12348 问清楚）')
      expect(response.text).toContain('12348 公共法律服务热线（本站暂无电话）')
      expect(response.text).not.toContain('请先电话确认')
      expect(response.text).toMatch(/<svg[\s\S]*<\/svg>/)
      expect(response.text).toContain('https://fzt.example.cn/pages/station/index?id=500241103-ws')
      expect(response.headers['cache-control']).toBe('public, max-age=3600')
    })
  })

  describe('GET /api/home?lat&lng', () => {
    it('adds the nearest stations when a position is given, and none without', async () => {
      const app = await buildTestApp(storage())
      const withPosition = homeResponseSchema.parse((await request(app).get('/api/home').query({ lat: 28.45, lng: 109 })).body)
      expect(withPosition.nearestStations.map((entry) => entry.station.id)).toEqual([CENTRE_ID])
      const without = homeResponseSchema.parse((await request(app).get('/api/home')).body)
      expect(without.nearestStations).toEqual([])
      expect((await request(app).get('/api/home').query({ lat: 28.45 })).status).toBe(400)
    })
  })
})
