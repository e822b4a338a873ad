import type { Station } from '../../../contracts/station'
import type { StationDetailResponse } from '../../../contracts/stations-api'
import { cutText, deferAppScripts, stationFirstScreen, writeFirstScreen, type FirstScreen } from '../../../server/h5/first-screen'
import { escapeHtml } from '../../../server/html'
import { makeStation } from '../../support/station-fixture'

const HOSTILE_TITLE = `<script>alert(1)</script> & "引号" 'quote'`
const ESCAPED_TITLE = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot; &#39;quote&#39;'

/** The built index as Taro emits it (minified, inline rem script, deferred chunks). */
const INDEX_HTML =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta content="width=device-width,initial-scale=1,user-scalable=yes" name="viewport">' +
  '<meta name="description" content="法治通：公共法律服务，报告阅读、服务站查找、法律援助预约"><title>法治通</title>' +
  '<script>!function(n){n.document.documentElement.style.fontSize="20px"}(window);</script><script defer="defer" src="/js/app.2dc926a6.js"></script>' +
  '<noscript><style>html { font-size: 20px; }</style></noscript><link href="/css/app.6e7c5db1.css" rel="stylesheet"></head><body><noscript>请开启浏览器的 JavaScript 后再使用法治通。</noscript><div id="app"></div></body></html>'

function stationDetail(station: Station): StationDetailResponse {
  return { station, stale: false, reportFigures: null, network: { reported: null, listed: { centres: 1, workstations: 27, workrooms: 0 } } }
}

function screen(overrides: Partial<FirstScreen> = {}): FirstScreen {
  return {
    title: '报告 · 法治通',
    description: '说明',
    path: '/pages/report/index?id=2023-abc',
    ogType: 'article',
    bodyHtml: '<div class="page">正文</div>',
    ...overrides,
  }
}

function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((match) => match[1])
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and in attributes', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;')
  })
})

describe('cutText', () => {
  it('keeps text that fits and cuts longer text on a character boundary, ending with …', () => {
    expect(cutText({ text: '法治通', max: 3 })).toBe('法治通')
    expect(cutText({ text: '法治政府建设', max: 4 })).toBe('法治政…')
    expect(cutText({ text: '😀😀😀😀', max: 3 })).toBe('😀😀…')
  })
})

/** What a browser with JavaScript off shows: everything, the <noscript> content included. */
function noscriptParts(html: string): string {
  return [...html.matchAll(/<noscript>([\s\S]*?)<\/noscript>/g)].map((match) => match[1]).join('')
}

describe('stationFirstScreen', () => {
  it('shows 暂无 and the 12348 hotline for a station without a phone', () => {
    const { bodyHtml } = stationFirstScreen({ detail: stationDetail(makeStation()) })
    expect(bodyHtml).toContain(
      '<div class="fact"><span class="fact-label">电话</span><div class="fact-value"><span class="fact-missing">暂无</span><span class="fact-hint">可以拨打全国公共法律服务热线：</span>' +
        '<a class="button" href="tel:12348">拨打 12348 法律服务热线</a></div></div>',
    )
    expect(bodyHtml).toContain('<div class="fact"><span class="fact-label">地址</span><span class="fact-value fact-missing">暂无</span></div>')
  })

  it('gives each of a station’s numbers its own tel link', () => {
    const { bodyHtml, description } = stationFirstScreen({ detail: stationDetail(makeStation({ phone: '023-1234567、12348', address: '隘口镇隘口社区' })) })
    expect([...bodyHtml.matchAll(/<a class="button call-button" href="(tel:[^"]*)">([^<]*)<\/a>/g)].map((match) => [match[1], match[2]])).toEqual([
      ['tel:023-1234567', '拨打 023-1234567'],
      ['tel:12348', '拨打 12348'],
    ])
    expect(description).toBe('公共法律服务工作站：隘口镇公共法律服务工作站（秀山土家族苗族自治县 · 隘口镇）。地址：隘口镇隘口社区。电话：023-1234567、12348。')
  })

  it('names the tier, the station and its place, says it is unverified and hints at default hours', () => {
    const { bodyHtml, title, path } = stationFirstScreen({ detail: stationDetail(makeStation()) })
    expect(title).toBe('隘口镇公共法律服务工作站 · 法治通')
    expect(path).toBe('/pages/station/index?id=500241103-ws')
    expect(bodyHtml).toContain(
      '<div class="page"><div class="station-page"><span class="station-tier station-tier-workstation">公共法律服务工作站</span>' +
        '<h1 class="title station-title">隘口镇公共法律服务工作站</h1><span class="muted">秀山土家族苗族自治县 · 隘口镇</span>' +
        '<div class="station-verification"><strong class="verification-badge verification-badge-unverified">未核实</strong>' +
        '<span class="station-note">服务站信息还没有经司法局核实，去之前可以先拨打 12348 问清楚。</span></div>',
    )
    expect(bodyHtml).toContain('<span class="fact-hint">（默认时间，未核实，去之前请先打 12348 确认）</span>')
    expect(bodyHtml).toContain('<div class="service-chips"><span class="service-chip">法律咨询</span><span class="service-chip">人民调解</span></div>')
  })

  it('labels the facts as the station page does: 已核实 with the day, 服务站自报, 未核实 — never 未经核实 for a self-report', () => {
    const verification = (station: Station) =>
      /<div class="station-verification">(.*?)<\/div>/.exec(stationFirstScreen({ detail: stationDetail(station) }).bodyHtml)?.[1]
    expect(verification(makeStation({ verification: 'verified', verifiedAt: '2026-11-30' }))).toBe(
      '<strong class="verification-badge verification-badge-verified">已核实（2026年11月30日）</strong>',
    )
    expect(verification(makeStation({ verification: 'self_reported', phone: '023-76661234' }))).toBe(
      '<strong class="verification-badge verification-badge-self_reported">服务站自报</strong><span class="station-note">电话、地址等由服务站自己填写，县司法局还没有核实。</span>',
    )
    // a self-report that changed a verified station's facts is not verified, whatever its old day says
    expect(verification(makeStation({ verification: 'self_reported', verifiedAt: '2025-01-02' }))).toContain('>服务站自报<')
    expect(verification(makeStation({ verification: 'unverified' }))).toContain('>未核实<')
    // an entry without a label (not from the BFF) is read from its day
    expect(verification(makeStation({ verifiedAt: '2026-01-05' }))).toContain('>已核实（2026年1月5日）<')
    for (const station of [makeStation({ verification: 'self_reported' }), makeStation({ verification: 'verified', verifiedAt: '2026-11-30' })]) {
      expect(stationFirstScreen({ detail: stationDetail(station) }).bodyHtml).not.toContain('未经核实')
      expect(stationFirstScreen({ detail: stationDetail(station) }).bodyHtml).not.toContain('还没有经司法局核实')
    }
  })

  it('dials the main number of one with an extension and says the extension in words', () => {
    const { bodyHtml } = stationFirstScreen({ detail: stationDetail(makeStation({ phone: '023-76661234转801、13800138000', verification: 'self_reported' })) })
    expect(bodyHtml).toContain(
      '<div class="call-buttons"><div class="call-entry"><a class="button call-button" href="tel:023-76661234">拨打 023-76661234</a><span class="call-extension">接通后请转分机 801</span></div>' +
        '<div class="call-entry"><a class="button call-button" href="tel:13800138000">拨打 13800138000</a></div></div>',
    )
  })

  it('escapes a hostile station name in its heading and in the map link', () => {
    const { bodyHtml } = stationFirstScreen({
      detail: stationDetail(makeStation({ name: HOSTILE_TITLE, location: { lat: 28.4, lng: 109 }, locationQuality: 'approximate' })),
    })
    expect(bodyHtml).toContain(`<h1 class="title station-title">${ESCAPED_TITLE}</h1>`)
    expect(bodyHtml).not.toContain('<script')
    expect(bodyHtml).toContain('href="https://uri.amap.com/marker?position=109,28.4&amp;name=')
  })
})

describe('writeFirstScreen', () => {
  it('leaves the index alone when there is no screen', () => {
    expect(writeFirstScreen({ indexHtml: INDEX_HTML, screen: null, origin: 'https://example.org' })).toBe(INDEX_HTML)
  })

  it('keeps exactly the index’s inline scripts and inserts the screen right before the app root', () => {
    const html = writeFirstScreen({ indexHtml: INDEX_HTML, screen: screen(), origin: 'https://example.org' })
    expect(inlineScripts(html)).toEqual(inlineScripts(INDEX_HTML))
    expect(html).toContain('<div id="first-screen" class="first-screen"><div class="page">正文</div></div><div id="app"></div>')
  })

  it('replaces the title and the description and adds Open Graph tags and the canonical link', () => {
    const html = writeFirstScreen({ indexHtml: INDEX_HTML, screen: screen({ title: '报告 $& · 法治通' }), origin: 'https://example.org' })
    expect(html.match(/<title>/g)).toHaveLength(1)
    expect(html).toContain('<title>报告 $&amp; · 法治通</title>')
    expect(html.match(/name="description"/g)).toHaveLength(1)
    expect(html).toContain('<meta name="description" content="说明">')
    expect(html).toContain('<meta property="og:description" content="说明">')
    expect(html).toContain('<meta property="og:type" content="article">')
    expect(html).toContain('<meta property="og:url" content="https://example.org/pages/report/index?id=2023-abc">')
    expect(html).toContain('<meta property="og:site_name" content="法治通">')
    expect(html).toContain('<link rel="canonical" href="https://example.org/pages/report/index?id=2023-abc">')
    expect(html.indexOf('<meta charset="utf-8">')).toBeLessThan(html.indexOf('<title>'))
    expect(html.indexOf('<title>')).toBeLessThan(html.indexOf('<script'))
  })

  it('on a document page, leaves the app out: its scripts become data for the document’s own script, which takes the place of the first', () => {
    const html = writeFirstScreen({
      indexHtml: INDEX_HTML,
      screen: screen({ appBoot: 'on-demand' }),
      origin: 'https://example.org',
      documentScript: '/js/document.1234abcd.js',
    })
    expect([...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((match) => match[1])).toEqual(['/js/document.1234abcd.js'])
    expect(html).toContain('<div id="first-screen" class="first-screen" data-app-scripts="[&quot;/js/app.2dc926a6.js&quot;]">')
    // the inline script (root font size, allowed by the CSP's hash) stays, and nothing inline is added
    expect(inlineScripts(html)).toEqual(inlineScripts(INDEX_HTML))
    // without the document's script built, the page starts the app as before
    const unbuilt = writeFirstScreen({ indexHtml: INDEX_HTML, screen: screen({ appBoot: 'on-demand' }), origin: 'https://example.org', documentScript: null })
    expect(unbuilt).toContain('<script defer="defer" src="/js/app.2dc926a6.js"></script>')
    expect(unbuilt).not.toContain('data-app-scripts')
    // other pages start the app with the page
    expect(
      writeFirstScreen({ indexHtml: INDEX_HTML, screen: screen(), origin: 'https://example.org', documentScript: '/js/document.1234abcd.js' }),
    ).not.toContain('document.1234abcd')
  })

  it('keeps the app’s scripts in their order, each once', () => {
    const { html, appScripts } = deferAppScripts({
      html: '<head><script defer src="/js/taro.1.js"></script><script defer="defer" src="/js/app.2.js"></script></head>',
      documentScript: '/js/document.3.js',
    })
    expect(appScripts).toEqual(['/js/taro.1.js', '/js/app.2.js'])
    expect(html).toBe('<head><script defer="defer" src="/js/document.3.js"></script></head>')
  })

  it('drops the index’s own <noscript>, which would lie hidden under the screen: the screen brings its own, visible one', () => {
    const html = writeFirstScreen({ indexHtml: INDEX_HTML, screen: screen(), origin: 'https://example.org' })
    expect(html).not.toContain('请开启浏览器的 JavaScript 后再使用法治通')
    // the head's, which keeps the root font size with JavaScript off, stays
    expect(html).toContain('<noscript><style>html { font-size: 20px; }</style></noscript>')
    expect(writeFirstScreen({ indexHtml: INDEX_HTML, screen: null, origin: 'https://example.org' })).toContain(
      '<noscript>请开启浏览器的 JavaScript 后再使用法治通。</noscript>',
    )
  })
})

describe('the first screens with JavaScript off', () => {
  it('a station’s page says so before its facts, and keeps its hours’ time ranges whole', () => {
    const station = makeStation()
    const { bodyHtml } = stationFirstScreen({ detail: stationDetail({ ...station, hours: { ...station.hours, text: '周一至周五 9:00-12:00、14:00-17:30' } }) })
    expect(noscriptParts(bodyHtml)).toContain('这个浏览器没有开启 JavaScript')
    expect(bodyHtml).toContain('周一至周五 <span class="nowrap">9:00-12:00</span>、<span class="nowrap">14:00-17:30</span>')
  })
})
