import type { ReportDetailResponse, ReportFigureWithService } from '../../../contracts/reports-api'
import { DESCRIPTION_MAX_CHARS, writeFirstScreen } from '../../../server/h5/first-screen'
import { reportDocument } from '../../../server/h5/report-document'

const HOSTILE_TITLE = `<script>alert(1)</script> & "引号" 'quote'`
const ESCAPED_TITLE = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot; &#39;quote&#39;'

const INDEX_HTML =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>法治通</title>' +
  '<script>!function(n){n.document.documentElement.style.fontSize="20px"}(window);</script><script defer="defer" src="/js/taro.1a2b3c4d.js"></script><script defer="defer" src="/js/app.2dc926a6.js"></script>' +
  '<link href="/css/app.6e7c5db1.css" rel="stylesheet"></head><body><noscript>请开启浏览器的 JavaScript 后再使用法治通。</noscript><div id="app"></div></body></html>'

function figure(overrides: Partial<ReportFigureWithService>): ReportFigureWithService {
  return { value: 1, unit: '件', approx: false, label: '件数', change: null, sectionId: 's2', quote: '1件', service: null, ...overrides }
}

function makeReport(overrides: Partial<ReportDetailResponse> = {}): ReportDetailResponse {
  return {
    id: '2023-abc',
    county: '测试县',
    title: '测试县2023年度法治政府建设情况报告',
    year: 2023,
    meta: { indexNo: '115/2024-00016', docNo: null, topic: '行政事务', genre: null, publisher: '测试县人民政府', writtenAt: '2024-02-29', publishedAt: null },
    headerLines: ['测试县人民政府', '关于2023年法治政府建设情况的报告'],
    preamble: ['2023年，测试县全力推进法治政府建设。'],
    sections: [
      {
        id: 's1',
        level: 1,
        marker: '一、',
        title: '工作成效',
        paragraphs: [],
        children: [
          { id: 's1-1', level: 2, marker: '（一）', title: '强服务', paragraphs: ['办理法律援助案件1175件。', '每周三14:00-17:30有律师值班。'], children: [] },
        ],
      },
      {
        id: 's2',
        level: 1,
        marker: '二、',
        title: '存在的问题',
        paragraphs: ['第二节的文字也在文档里。'],
        children: [{ id: 's2-1', level: 3, marker: '1.', title: '第三级', paragraphs: ['第三级的文字。'], children: [] }],
      },
    ],
    closing: ['测试县人民政府', '2024年2月29日'],
    figures: [figure({ value: 1175, label: '法律援助案件', sectionId: 's1-1', quote: '办理法律援助案件1175件', service: 'legal_aid' })],
    comparisons: [],
    wxacode: false,
    ...overrides,
  }
}

/** What a browser with JavaScript on shows: <noscript> content is never laid out there. */
function withScript(html: string): string {
  return html.replace(/<noscript>[\s\S]*?<\/noscript>/g, '')
}

/** The text a reader sees, tags dropped. */
function text(html: string): string {
  return html.replace(/<[^>]*>/g, '')
}

describe('reportDocument', () => {
  it('holds the whole report: every section at every level, every paragraph, the closing lines — with or without JavaScript', () => {
    const { bodyHtml } = reportDocument({ report: makeReport() })
    for (const words of [
      '2023年，测试县全力推进法治政府建设。',
      '一、工作成效',
      '（一）强服务',
      '每周三',
      '二、存在的问题',
      '第二节的文字也在文档里。',
      '1.第三级',
      '第三级的文字。',
      '2024年2月29日',
    ]) {
      expect(text(withScript(bodyHtml))).toContain(words)
    }
    expect(bodyHtml).toContain('<p class="report-closing">2024年2月29日</p>')
  })

  it("gives sections and paragraphs the app's ids, so #s2 works here and the app finds the same paragraph", () => {
    const { bodyHtml } = reportDocument({ report: makeReport() })
    expect(bodyHtml).toContain(
      '<div class="report-section report-level-1" id="s2"><h2 class="report-heading report-heading-1">二、存在的问题</h2><p class="report-paragraph" id="s2-p0">第二节的文字也在文档里。</p>',
    )
    expect(bodyHtml).toContain('<p class="report-paragraph" id="preamble-p0">')
    expect(bodyHtml).toContain('<p class="report-paragraph" id="s1-1-p1">每周三<span class="nowrap">14:00-17:30</span>有律师值班。</p>')
    expect(bodyHtml).toContain('<p class="report-paragraph" id="s1-1-p0">办理法律援助案件<span class="figure-mark">1175件</span>。</p>')
    // every id once
    const ids = [...bodyHtml.matchAll(/\bid="([^"]+)"/g)].map((match) => match[1])
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('lists parts and their sections in the 目录, each a link to an anchor that exists, in a <details> that opens without a script', () => {
    const { bodyHtml } = reportDocument({ report: makeReport() })
    const toc =
      /<details class="document-fold" data-testid="toc-fold"><summary[^>]*>目录<\/summary><nav class="card toc" data-testid="toc" aria-label="目录">(.*?)<\/nav><\/details>/.exec(
        bodyHtml,
      )
    expect(toc).not.toBeNull()
    const links = [...(toc?.[1] ?? '').matchAll(/<a class="toc-item toc-level-(\d)" href="#([^"]+)">([^<]+)<\/a>/g)].map((match) => [
      match[3],
      match[2],
      match[1],
    ])
    expect(links).toEqual([
      ['一、工作成效', 's1', '1'],
      ['（一）强服务', 's1-1', '2'],
      ['二、存在的问题', 's2', '1'],
    ])
    for (const [, anchor] of links) expect(bodyHtml).toContain(`id="${anchor}"`)
  })

  it('offers 12348 as a call and the four tabs as links, and 首页 at the top', () => {
    const { bodyHtml } = reportDocument({ report: makeReport() })
    expect(bodyHtml).toContain('<a class="button" href="tel:12348">拨打 12348 法律服务热线</a>')
    expect([...bodyHtml.matchAll(/<a class="document-tab" href="([^"]+)">([^<]+)<\/a>/g)].map((match) => [match[2], match[1]])).toEqual([
      ['首页', '/pages/home/index'],
      ['报告', '/pages/reports/index'],
      ['服务站', '/pages/stations/index'],
      ['我的', '/pages/me/index'],
    ])
    expect(bodyHtml.indexOf('data-testid="h5-header-home"')).toBeLessThan(bodyHtml.indexOf('report-title'))
  })

  it('shows 数说: a figure about a service is a real link to it; beyond eight, the rest open under 看全部', () => {
    const figures = [
      figure({ value: 1175, label: '法律援助案件', sectionId: 's1-1', service: 'legal_aid' }),
      ...Array.from({ length: 9 }, (_, index) => figure({ value: index + 10, label: `第${index}项` })),
    ]
    const { bodyHtml } = reportDocument({ report: makeReport({ figures }) })
    expect(bodyHtml).toContain('<a class="figure-tile figure-tile-link" href="/packageBooking/pages/book/index">')
    expect(bodyHtml).toContain('预约法律援助 ›')
    const first = /data-testid="figure-grid">(.*?)<\/div><details/.exec(bodyHtml)?.[1] ?? ''
    expect(first.match(/class="figure-tile/g)).toHaveLength(8)
    expect(bodyHtml).toContain('<summary class="button button-secondary">看全部 10 个数字</summary>')
    expect(bodyHtml).toContain('第8项')
  })

  it('draws the 二维码 card as the app does: the H5 code always, the 小程序码 only where the county has a mini program, loaded only when opened', () => {
    const without = reportDocument({ report: makeReport() }).bodyHtml
    expect(without).toContain(
      'data-testid="qr-h5"><img class="qr-image" src="/api/qr?path=%2Fpages%2Freport%2Findex%3Fid%3D2023-abc&amp;format=png" alt="手机相机扫一扫 · 网页" loading="lazy"',
    )
    expect(without).not.toContain('qr-wxacode')
    expect(without).not.toContain('/wxacode')
    const withCode = reportDocument({ report: makeReport({ wxacode: true }) }).bodyHtml
    expect(withCode).toContain('data-testid="qr-wxacode"><img class="qr-image" src="/api/reports/2023-abc/wxacode"')
  })

  it('hides what only works with a script (复制链接, search) when JavaScript is off, and the dock until the script shows it', () => {
    const { bodyHtml } = reportDocument({ report: makeReport() })
    expect(bodyHtml).toContain('<button class="button button-secondary" type="button" data-action="copy-link" data-needs-script="">复制链接</button>')
    expect(bodyHtml).toContain('<div class="card search" id="report-search" data-needs-script="">')
    expect(bodyHtml).toContain('<noscript><style>[data-needs-script] { display: none !important; }</style></noscript>')
    expect(bodyHtml).toMatch(/<div class="report-dock-layer" data-dock="" hidden="">/)
    expect(bodyHtml).toContain('data-boot="search"')
  })

  it('with JavaScript off, says so under the title, before the metadata', () => {
    const { bodyHtml } = reportDocument({ report: makeReport() })
    expect(bodyHtml).toContain('这个浏览器没有开启 JavaScript：报告全文都在下面')
    expect(bodyHtml.indexOf('noscript-note')).toBeLessThan(bodyHtml.indexOf('meta-table'))
  })

  it('escapes a hostile report title in the title, the heading and every tag written from it', () => {
    const first = reportDocument({ report: makeReport({ title: HOSTILE_TITLE }) })
    expect(first.bodyHtml).toContain(`<h1 class="title report-title">${ESCAPED_TITLE}</h1>`)
    expect(first.bodyHtml).not.toContain('<script')
    const html = writeFirstScreen({ indexHtml: INDEX_HTML, screen: first, origin: 'https://example.org', documentScript: '/js/document.0011aabb.js' })
    expect(html).toContain(`<title>${ESCAPED_TITLE} · 法治通</title>`)
    expect(html).not.toContain('alert(1)</script>')
    // the inline font-size script and the document's own: the app is not started with the page
    expect(html.match(/<script/g)).toHaveLength(2)
    expect(html).toContain('data-app-scripts="[&quot;/js/taro.1a2b3c4d.js&quot;,&quot;/js/app.2dc926a6.js&quot;]"')
  })

  it('shows the seven metadata rows of the page, 未标注 where the page gave nothing', () => {
    const { bodyHtml } = reportDocument({ report: makeReport() })
    const rows = [...bodyHtml.matchAll(/<div class="meta-row"><span class="meta-label">([^<]*)<\/span><span class="([^"]*)">(.*?)<\/span><\/div>/g)]
    expect(rows.map((row) => [row[1], row[2], row[3].replace(/<[^>]*>/g, '')])).toEqual([
      ['索引号', 'meta-value', '115/2024-00016'],
      ['发文字号', 'meta-value meta-missing', '未标注'],
      ['主题分类', 'meta-value', '行政事务'],
      ['体裁分类', 'meta-value meta-missing', '未标注'],
      ['发布机构', 'meta-value', '测试县人民政府'],
      ['成文日期', 'meta-value', '2024-02-29'],
      ['发布日期', 'meta-value meta-missing', '未标注'],
    ])
  })

  it('describes the report by its first preamble paragraph, cut to 120 characters, else by its first section paragraph', () => {
    const long = `${'法治'.repeat(80)}结尾`
    const { description, path, ogType } = reportDocument({ report: makeReport({ preamble: [long] }) })
    expect(Array.from(description)).toHaveLength(DESCRIPTION_MAX_CHARS)
    expect(description.endsWith('…')).toBe(true)
    expect(path).toBe('/pages/report/index?id=2023-abc')
    expect(ogType).toBe('article')
    expect(reportDocument({ report: makeReport({ preamble: [] }) }).description).toBe('办理法律援助案件1175件。')
  })
})
