import { endpointPath } from '../../../contracts/endpoint'
import { getReport, listReports } from '../../../contracts/endpoints/public'
import { listTowns } from '../../../contracts/endpoints/stations'
import type { ReportDetailResponse } from '../../../contracts/reports-api'
import { documentWarmPaths, startReaderDocument, storedFontScale, topmostAnchor } from '../../../client/document/reader-document'
import { DOCUMENT_TAKEOVER_KEY, type DocumentTakeover } from '../../../client/services/document-takeover'
import { writeFirstScreen } from '../../../server/h5/first-screen'
import { reportDocument } from '../../../server/h5/report-document'

const INDEX_HTML =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>法治通</title><script defer="defer" src="/js/taro.1a2b3c4d.js"></script><script defer="defer" src="/js/app.2dc926a6.js"></script>' +
  '<link href="/css/app.6e7c5db1.css" rel="stylesheet"></head><body><div id="app"></div></body></html>'

const report: ReportDetailResponse = {
  id: '2023-abc',
  county: '测试县',
  title: '测试县2023年度法治政府建设情况报告',
  year: 2023,
  meta: { indexNo: null, docNo: null, topic: null, genre: null, publisher: null, writtenAt: null, publishedAt: null },
  headerLines: [],
  preamble: ['2023年，测试县全力推进法治政府建设。'],
  sections: [{ id: 's1', level: 1, marker: '一、', title: '工作成效', paragraphs: ['办理法律援助案件1175件。'], children: [] }],
  closing: [],
  figures: [],
  comparisons: [],
  wxacode: false,
}

/** The reader's page as the BFF answers it, loaded into this jsdom document, and the document's script started on it. */
function loadDocument(): { win: Window & { [DOCUMENT_TAKEOVER_KEY]?: DocumentTakeover } } {
  const html = writeFirstScreen({
    indexHtml: INDEX_HTML,
    screen: reportDocument({ report }),
    origin: 'https://example.org',
    documentScript: '/js/document.0011aabb.js',
  })
  document.documentElement.innerHTML = html.replace(/^<!doctype html><html[^>]*>/i, '').replace(/<\/html>$/i, '')
  const win = window as Window & { [DOCUMENT_TAKEOVER_KEY]?: DocumentTakeover }
  startReaderDocument({ doc: document, win })
  return { win }
}

afterEach(() => {
  localStorage.clear()
  delete (window as Window & { [DOCUMENT_TAKEOVER_KEY]?: DocumentTakeover })[DOCUMENT_TAKEOVER_KEY]
})

describe('topmostAnchor', () => {
  it('takes the element nearest the top of the screen that is still on it, a paragraph partly scrolled past included', () => {
    expect(
      topmostAnchor({
        candidates: [
          { id: 's1', top: -900, bottom: 400 },
          { id: 's1-p0', top: -40, bottom: 120 },
          { id: 's1-p1', top: 130, bottom: 300 },
          { id: 'gone', top: -300, bottom: -10 },
        ],
      }),
    ).toEqual({ anchor: 's1-p0', offset: -40 })
  })

  it('gives nothing when nothing is on screen', () => {
    expect(topmostAnchor({ candidates: [{ id: 'gone', top: -300, bottom: 0 }] })).toBeNull()
  })
})

describe('storedFontScale', () => {
  it("reads 大字模式 as Taro's H5 storage keeps it, and falls back to the standard size for anything else", () => {
    expect(storedFontScale('{"data":1.5}')).toBe(1.5)
    expect(storedFontScale('{"data":1.25}')).toBe(1.25)
    expect(storedFontScale('{"data":3}')).toBe(1)
    expect(storedFontScale('not json')).toBe(1)
    expect(storedFontScale(null)).toBe(1)
  })
})

describe('documentWarmPaths', () => {
  it('are the paths the contracts declare for the report list, a report and the towns', () => {
    expect(documentWarmPaths('2023 a/b')).toEqual([listReports.path, endpointPath(getReport.path, { id: '2023 a/b' }), listTowns.path])
  })
})

describe('the reader document, handed from the BFF to its script', () => {
  it('offers 复制链接 and search, and applies 大字模式 chosen on 我的', () => {
    localStorage.setItem('fzt.fontScale', JSON.stringify({ data: 1.5 }))
    loadDocument()
    expect(document.querySelector('[data-action="copy-link"]')?.hasAttribute('hidden')).toBe(false)
    expect(document.getElementById('report-search')?.hasAttribute('hidden')).toBe(false)
    expect(document.documentElement.classList.contains('fzt-scale-150')).toBe(true)
    expect(document.querySelector('#first-screen .page')?.classList.contains('scale-150')).toBe(true)
    // nothing of the app is loaded yet
    expect([...document.querySelectorAll('script[src]')].map((script) => script.getAttribute('src'))).toEqual(['/js/document.0011aabb.js'])
  })

  it('a tap on search loads the app’s scripts in their order, once, and leaves what was asked and where the reader was', () => {
    const { win } = loadDocument()
    const search = document.querySelector('[data-boot="search"]') as HTMLElement
    search.click()
    search.click()
    const scripts = [...document.querySelectorAll('script[src]')] as HTMLScriptElement[]
    expect(scripts.map((script) => script.getAttribute('src'))).toEqual(['/js/document.0011aabb.js', '/js/taro.1a2b3c4d.js', '/js/app.2dc926a6.js'])
    expect(scripts.slice(1).every((script) => script.async === false)).toBe(true)
    expect(win[DOCUMENT_TAKEOVER_KEY]?.action).toBe('search')
    expect(search.textContent).toBe('正在打开搜索…')
  })

  it('does not offer search when the page has no app scripts to load', () => {
    document.documentElement.innerHTML = `<head></head><body><div id="first-screen" class="first-screen">${reportDocument({ report }).bodyHtml}</div></body>`
    startReaderDocument({ doc: document, win: window })
    expect(document.getElementById('report-search')?.hasAttribute('hidden')).toBe(true)
  })
})
