import path from 'node:path'
import request from 'supertest'
import { homeResponseSchema } from '../../../contracts'
import type { FirstScreen } from '../../../server/h5/first-screen'
import { escapeHtml } from '../../../server/html'
import { FirstScreenService, type PageScreen } from '../../../server/h5/first-screen.service'
import { figurePhrase, formatFigureValue } from '../../../contracts/report-text'
import { importBundledReports } from '../../../server/reports/bundled-reports'
import { KyselyReportRepository } from '../../../server/reports/report.repository'
import { ReportsService } from '../../../server/reports/reports.service'
import { StationsService } from '../../../server/stations/stations.service'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow, testDirectory } from '../support/test-app'

const reportsDir = path.resolve(__dirname, '../../../data/reports')
const SEED_TITLE = '秀山土家族苗族自治县2023年度法治政府建设情况报告'
const CENTRE_ID = '500241-centre'
const CENTRE_NAME = '秀山土家族苗族自治县公共法律服务中心'

function screenOf(answer: PageScreen): FirstScreen | null {
  if (answer.missing) throw new Error('expected a page, got missing')
  return answer.screen
}

describeEachStorage('first screens of the H5 pages', (storage: () => Storage) => {
  let seedId: string
  let reports: ReportsService
  let service: FirstScreenService

  beforeAll(async () => {
    reports = new ReportsService(new KyselyReportRepository(storage().db))
    ;[seedId] = await importBundledReports({ service: reports, reportsDir, now: fixedNow() })
    const stations = new StationsService({ directory: await testDirectory(storage()), reports, now: fixedNow })
    service = new FirstScreenService({ reports, stations, now: fixedNow })
  })

  it('gives 首页 the latest report’s title and the headline figures /api/home shows', async () => {
    const { headlines } = homeResponseSchema.parse((await request(await buildTestApp(storage())).get('/api/home')).body)
    expect(headlines.length).toBeGreaterThan(0)
    for (const pathname of ['/', '/pages/home/index']) {
      const screen = screenOf(await service.screenFor({ pathname, query: {} }))
      expect(screen?.bodyHtml).toContain(`<h2 class="subtitle" data-testid="latest-report-title">${SEED_TITLE}</h2>`)
      for (const figure of headlines) {
        expect(screen?.bodyHtml).toContain(
          `<span class="headline-value">${formatFigureValue(figure.value)}<span class="headline-unit">${escapeHtml(figure.unit ?? '')}</span></span><span class="headline-label">${escapeHtml(figurePhrase({ figure }) ?? figure.label)}</span>`,
        )
      }
      expect(screen?.bodyHtml).toContain(`<a class="card card-accent" id="home-report" href="/pages/report/index?id=${seedId}" data-testid="latest-report">`)
      // a phone that opens 首页 plainly gets the document; the app comes when asked for
      expect(screen?.appBoot).toBe('on-demand')
    }
  })

  it('starts the app with 首页 when the link carries a code only the app reads (?scene=, ?q=), not for what WeChat adds to a shared link', async () => {
    for (const query of [{ scene: 'r=K7Q2' }, { q: encodeURIComponent('https://example.org/pages/report/index?id=x') }])
      expect(screenOf(await service.screenFor({ pathname: '/', query }))?.appBoot).toBe('at-once')
    expect(screenOf(await service.screenFor({ pathname: '/', query: { from: 'singlemessage', isappinstalled: '0' } }))?.appBoot).toBe('on-demand')
  })

  it('gives the reader the report’s title, its 索引号 row and its first section heading', async () => {
    const screen = screenOf(await service.screenFor({ pathname: '/pages/report/index', query: { id: seedId } }))
    const [first] = (await reports.detail(seedId)).detail.sections
    expect(screen?.title).toBe(`${SEED_TITLE} · 法治通`)
    expect(screen?.path).toBe(`/pages/report/index?id=${seedId}`)
    expect(screen?.bodyHtml).toContain(`<h1 class="title report-title">${SEED_TITLE}</h1>`)
    expect(screen?.bodyHtml).toContain(
      '<div class="meta-row"><span class="meta-label">索引号</span><span class="meta-value"><span class="nowrap">11500241358692734W/</span><span class="nowrap">2024-00016</span></span></div>',
    )
    expect(screen?.bodyHtml).toContain(
      `<div class="report-section report-level-1" id="${first.id}"><h2 class="report-heading report-heading-1">${first.marker}${first.title}</h2>`,
    )
    expect(screen?.description.startsWith('2023年，秀山县深入践行习近平法治思想')).toBe(true)
  })

  it('gives a station’s page the county centre’s name', async () => {
    const screen = screenOf(await service.screenFor({ pathname: '/pages/station/index', query: { id: CENTRE_ID } }))
    expect(screen?.title).toBe(`${CENTRE_NAME} · 法治通`)
    expect(screen?.bodyHtml).toContain(`<h1 class="title station-title">${CENTRE_NAME}</h1>`)
    // the bundled entry is nobody's confirmed fact: the page's label
    expect(screen?.bodyHtml).toContain('<strong class="verification-badge verification-badge-unverified">未核实</strong>')
  })

  it('says missing for a report or station id nobody has, so the page answers 404', async () => {
    expect(await service.screenFor({ pathname: '/pages/report/index', query: { id: 'no-such-id' } })).toEqual({ missing: true })
    expect(await service.screenFor({ pathname: '/pages/station/index', query: { id: 'no-such-station' } })).toEqual({ missing: true })
  })

  it('says missing for a malformed id (nobody can have it)', async () => {
    expect(await service.screenFor({ pathname: '/pages/report/index', query: { id: [seedId, seedId] } })).toEqual({ missing: true })
    expect(await service.screenFor({ pathname: '/pages/station/index', query: { id: '../etc/passwd' } })).toEqual({ missing: true })
  })

  it('gives no screen, and nothing missing, for a link without an id (a 小程序码 lands with ?scene= and the app resolves it)', async () => {
    expect(await service.screenFor({ pathname: '/pages/report/index', query: {} })).toEqual({ missing: false, screen: null })
    expect(await service.screenFor({ pathname: '/pages/report/index', query: { scene: 'r=K7Q2' } })).toEqual({ missing: false, screen: null })
  })

  it('gives nothing for any other page', async () => {
    expect(await service.screenFor({ pathname: '/pages/stations/index', query: {} })).toEqual({ missing: false, screen: null })
    expect(await service.screenFor({ pathname: '/no/such/page', query: { id: seedId } })).toEqual({ missing: false, screen: null })
  })
})

describe('first screens of the H5 pages when a service fails', () => {
  it('lets a failure other than not found through', async () => {
    const broken = { detail: () => Promise.reject(new Error('database down')) } as unknown as ReportsService
    const service = new FirstScreenService({ reports: broken, stations: {} as StationsService, now: fixedNow })
    await expect(service.screenFor({ pathname: '/pages/report/index', query: { id: '2023-abc' } })).rejects.toThrow('database down')
  })
})
