import type { ReportFigureWithService, ReportSummary } from '../../../contracts/reports-api'
import { homeDocument } from '../../../server/h5/home-document'

const headline: ReportFigureWithService = {
  value: 12_345,
  unit: '件',
  approx: false,
  label: '矛盾纠纷',
  change: null,
  sectionId: 's1',
  quote: '化解矛盾纠纷12345件',
  service: 'mediation',
}
const summary: ReportSummary = {
  id: '2023-abc',
  county: '测试县',
  title: '测试县2023年度法治政府建设情况报告',
  year: 2023,
  publisher: '测试县人民政府',
  publishedAt: '2024-02-29',
}
const FRESH = { stale: false, fetchedAt: '2026-12-07T08:00:00.000Z' }
const NOW = new Date('2026-12-07T23:30:00+08:00')

function document(overrides: Partial<Parameters<typeof homeDocument>[0]> = {}) {
  return homeDocument({ county: null, latestReport: summary, headlines: [headline], directory: FRESH, now: NOW, appBoot: 'on-demand', ...overrides })
}

/** What a browser with JavaScript off shows: everything, the <noscript> content included. */
function noscriptParts(html: string): string {
  return [...html.matchAll(/<noscript>([\s\S]*?)<\/noscript>/g)].map((match) => match[1]).join('')
}

describe('homeDocument', () => {
  it("leads with the county's services: its name as the heading, four entries with icons, and the 12348 line", () => {
    const { bodyHtml, title } = document({ county: { name: '测试土家族自治县', shortName: '测试县' } })
    expect(title).toBe('测试县公共法律服务 · 法治通')
    expect(bodyHtml).toContain('<h1 class="home-heading" data-testid="home-heading">测试县公共法律服务</h1>')
    const entries = [
      ...bodyHtml.matchAll(
        /<a class="home-entry" href="([^"]+)" data-testid="home-entry-\w+"><span class="home-entry-icon" style="background-image:url\(&quot;data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+&quot;\)"><\/span><span class="home-entry-words"><span class="home-entry-label">([^<]+)<\/span>/g,
      ),
    ]
    expect(entries.map((match) => [match[2], match[1]])).toEqual([
      ['看报告', '/pages/reports/index'],
      ['找服务站', '/pages/stations/index'],
      ['预约法律援助', '/packageBooking/pages/book/index'],
      ['法律明白人记一笔', '/packageVolunteer/pages/log/index'],
    ])
    expect(bodyHtml).toMatch(
      /<a class="home-hotline" href="tel:12348" data-testid="home-hotline"><span class="home-hotline-icon" style="[^"]+"><\/span><span class="home-hotline-label">拨打 12348 法律服务热线<\/span><\/a>/,
    )
    // the services, then the nearest-station card, then the report, as the app's page orders them
    expect(bodyHtml.indexOf('home-entries')).toBeLessThan(bodyHtml.indexOf('id="home-nearest"'))
    expect(bodyHtml.indexOf('id="home-nearest"')).toBeLessThan(bodyHtml.indexOf('最新报告'))
  })

  it('shows the latest report with its headline figures, the whole card a link to read it', () => {
    const { bodyHtml, path } = document()
    expect(path).toBe('/')
    expect(bodyHtml).toContain(
      '<a class="card card-accent" id="home-report" href="/pages/report/index?id=2023-abc" data-testid="latest-report"><span class="muted">最新报告 · 2024-02-29 发布</span><h2 class="subtitle" data-testid="latest-report-title">测试县2023年度法治政府建设情况报告</h2><span class="muted">测试县人民政府</span>' +
        '<div class="headline-grid" data-testid="headline-figures"><div class="headline"><span class="headline-value">12,345<span class="headline-unit">件</span></span><span class="headline-label">矛盾纠纷</span></div></div>' +
        '<span class="button">阅读全文</span></a>',
    )
  })

  it('a headline figure the source printed without a unit reads by its phrase, not a bare label', () => {
    const unitless: ReportFigureWithService = {
      value: 1175,
      unit: null,
      approx: false,
      label: '法律援助',
      change: null,
      sectionId: 's1',
      quote: '今年以来，为困难群众提供法律援助1175挽回经济损失1929万余元。',
      service: 'legal_aid',
    }
    const { bodyHtml } = document({ headlines: [unitless, headline] })
    expect(bodyHtml).toContain(
      '<span class="headline-value">1175<span class="headline-unit"></span></span><span class="headline-label">为困难群众提供法律援助</span>',
    )
    expect(bodyHtml).toContain('<span class="headline-label">矛盾纠纷</span>')
  })

  it('says no report has been imported when there is none, and still offers help', () => {
    const { bodyHtml } = document({ latestReport: null, headlines: [] })
    expect(bodyHtml).toContain('<p class="notice">还没有导入任何报告。</p>')
    expect(bodyHtml).toContain('href="/pages/stations/index"')
    expect(bodyHtml).toContain('href="/packageBooking/pages/book/index"')
    expect(bodyHtml).toContain('<a class="home-hotline" href="tel:12348"')
  })

  it('says nothing about the service while all is well, and the app’s words when the directory could not be refreshed (China time, at 23:30+08:00)', () => {
    expect(document().bodyHtml).not.toContain('service-notice')
    // fetched at 07:30 China time on the same China day as NOW (23:30): 今天, not the UTC date
    const { bodyHtml } = document({ directory: { stale: true, fetchedAt: '2026-12-06T23:30:00.000Z' } })
    expect(bodyHtml).toContain(
      '<div class="notice" role="status" data-testid="service-notice" data-directory-fetched-at="2026-12-06T23:30:00.000Z">服务站名录暂时无法更新：显示的是 今天 12月7日 周一 07:30 取得的名录，数据可能不是最新。</div>',
    )
    expect(document({ directory: { stale: true, fetchedAt: null } }).bodyHtml).toContain('>服务站名录暂时无法更新：数据可能不是最新。</div>')
  })

  it('offers 用我的位置查找 as the app does, to load the app; with JavaScript off, the towns and villages instead', () => {
    const { bodyHtml } = document()
    expect(bodyHtml).toContain(
      '<button class="button document-button" type="button" data-boot="locate" data-testid="home-nearest-locate" data-needs-script="">用我的位置查找</button>',
    )
    expect(bodyHtml).toContain('<noscript><style>[data-needs-script] { display: none !important; }</style></noscript>')
    expect(noscriptParts(bodyHtml)).toContain('<a class="button button-secondary" href="/pages/stations/index">按乡镇、村查找</a>')
  })

  it('draws the tab bar as links, 首页 selected, with the app’s own icons in the HTML', () => {
    const { bodyHtml } = document()
    const tabs = [
      ...bodyHtml.matchAll(
        /<a class="(document-tabbar-item[^"]*)" href="([^"]+)"[^>]*><img class="document-tabbar-icon" src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt=""><span class="document-tabbar-label">([^<]+)<\/span><\/a>/g,
      ),
    ]
    expect(tabs.map((match) => [match[3], match[2], match[1].includes('selected')])).toEqual([
      ['首页', '/pages/home/index', true],
      ['报告', '/pages/reports/index', false],
      ['服务站', '/pages/stations/index', false],
      ['我的', '/pages/me/index', false],
    ])
  })

  it('says with JavaScript off that the report and the towns work, and where to call, under its heading', () => {
    const { bodyHtml } = document()
    const noscript = noscriptParts(bodyHtml)
    expect(noscript).toContain('data-testid="noscript-note"')
    expect(noscript).toContain('这个浏览器没有开启 JavaScript')
    expect(noscript).toContain('12348')
    expect(bodyHtml.indexOf('data-testid="noscript-note"')).toBeLessThan(bodyHtml.indexOf('home-entries'))
  })

  it('writes when it was written, and passes on how the app is to start', () => {
    expect(document().bodyHtml).toContain(`data-written-at="${NOW.toISOString()}"`)
    expect(document().appBoot).toBe('on-demand')
    expect(document({ appBoot: 'at-once' }).appBoot).toBe('at-once')
  })
})
