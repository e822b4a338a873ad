import { endpointPath } from '../../../contracts/endpoint'
import { getReport, listReports } from '../../../contracts/endpoints/public'
import { listTowns } from '../../../contracts/endpoints/stations'
import type { ReportSummary } from '../../../contracts/reports-api'
import { HOME_APP_DATA_KEYS, holdsAppData, homeWarmPaths, startHomeDocument } from '../../../client/document/home-document'
import { DEVICE_BOOKINGS_STORAGE_KEY } from '../../../client/services/device-bookings'
import { LEGACY_SESSION_STORAGE_KEYS, SESSION_STORAGE_KEY } from '../../../client/services/session'
import { DOCUMENT_TAKEOVER_KEY, type DocumentTakeover } from '../../../client/services/document-takeover'
import { writeFirstScreen } from '../../../server/h5/first-screen'
import { homeDocument } from '../../../server/h5/home-document'

const INDEX_HTML =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>法治通</title><script defer="defer" src="/js/taro.1a2b3c4d.js"></script><script defer="defer" src="/js/app.2dc926a6.js"></script>' +
  '<link href="/css/app.6e7c5db1.css" rel="stylesheet"></head><body><div id="app"></div></body></html>'

const summary: ReportSummary = { id: '2023-abc', county: '测试县', title: '测试县2023年度法治政府建设情况报告', year: 2023, publisher: null, publishedAt: '2024-02-29' }
/** 23:30 China time: the China day is already the next UTC day's date */
const NOW = new Date('2026-12-07T23:30:00+08:00')
const WRITTEN_AT = new Date('2026-12-07T07:30:00+08:00')

type TakeoverWindow = Window & { [DOCUMENT_TAKEOVER_KEY]?: DocumentTakeover }

/** 首页 as the BFF answers it, loaded into this jsdom document, and the document's script started on it. */
function loadHome(params: { directory?: { stale: boolean; fetchedAt: string | null } } = {}): { win: TakeoverWindow } {
  const screen = homeDocument({ county: { name: '测试土家族自治县', shortName: '测试县' }, latestReport: summary, headlines: [], directory: params.directory ?? { stale: false, fetchedAt: null }, now: WRITTEN_AT, appBoot: 'on-demand' })
  const html = writeFirstScreen({ indexHtml: INDEX_HTML, screen, origin: 'https://example.org', documentScript: '/js/document.0011aabb.js' })
  document.documentElement.innerHTML = html.replace(/^<!doctype html><html[^>]*>/i, '').replace(/<\/html>$/i, '')
  const win = window as TakeoverWindow
  startHomeDocument({ doc: document, win, now: () => NOW })
  return { win }
}

function scriptSources(): (string | null)[] {
  return [...document.querySelectorAll('script[src]')].map((script) => script.getAttribute('src'))
}

function stored(value: unknown): string {
  return JSON.stringify({ data: value })
}

afterEach(() => {
  localStorage.clear()
  delete (window as TakeoverWindow)[DOCUMENT_TAKEOVER_KEY]
  jest.restoreAllMocks()
})

describe('holdsAppData', () => {
  const read = (entries: Record<string, string>) => (key: string) => entries[key] ?? null

  it('reads the keys the app itself keeps its bookings and sign-ins under', () => {
    expect(HOME_APP_DATA_KEYS).toEqual({ bookings: DEVICE_BOOKINGS_STORAGE_KEY, sessions: SESSION_STORAGE_KEY, legacyVolunteerSession: LEGACY_SESSION_STORAGE_KEYS.volunteer })
  })

  it('is true for a booking made on this phone that has not started (首页 shows 我的下一次预约), false once it has', () => {
    const booking = (slotStart: string) => read({ 'fzt.bookings': stored([{ code: 'K7Q2M9', phoneLast4: '8000', slotStart }]) })
    expect(holdsAppData({ read: booking('2026-12-08T09:00:00+08:00'), now: NOW })).toBe(true)
    expect(holdsAppData({ read: booking('2026-12-07T09:00:00+08:00'), now: NOW })).toBe(false)
    // an older version kept no time: the app asks the BFF
    expect(holdsAppData({ read: read({ 'fzt.bookings': stored([{ code: 'K7Q2M9' }]) }), now: NOW })).toBe(true)
  })

  it('is true for a signed-in 法律明白人 (首页 shows 待回访), not for staff alone or an expired sign-in', () => {
    const sessions = (...entries: unknown[]) => read({ 'fzt.session': stored({ v: 1, sessions: entries }) })
    expect(holdsAppData({ read: sessions({ role: 'volunteer', token: 't', expiresAt: '2026-12-14T00:00:00+08:00' }), now: NOW })).toBe(true)
    expect(holdsAppData({ read: sessions({ role: 'staff', token: 't', expiresAt: '2026-12-14T00:00:00+08:00' }), now: NOW })).toBe(false)
    expect(holdsAppData({ read: sessions({ role: 'volunteer', token: 't', expiresAt: '2026-12-07T23:00:00+08:00' }), now: NOW })).toBe(false)
    expect(holdsAppData({ read: read({ 'fzt.volunteerSession': stored({ role: 'volunteer', token: 't' }) }), now: NOW })).toBe(true)
  })

  it('is false on a phone with nothing, or with what it cannot read', () => {
    expect(holdsAppData({ read: read({}), now: NOW })).toBe(false)
    expect(holdsAppData({ read: read({ 'fzt.bookings': 'not json', 'fzt.session': stored('x') }), now: NOW })).toBe(false)
    expect(holdsAppData({ read: read({ 'fzt.bookings': stored([]) }), now: NOW })).toBe(false)
  })
})

describe('homeWarmPaths', () => {
  it('are the paths the contracts declare for the report list, the latest report and the towns', () => {
    expect(homeWarmPaths('2023 a/b')).toEqual([listReports.path, endpointPath(getReport.path, { id: '2023 a/b' }), listTowns.path])
    expect(homeWarmPaths(null)).toEqual([listReports.path, listTowns.path])
  })
})

describe('首页’s document, handed from the BFF to its script', () => {
  it('on a phone with nothing of its own, loads nothing of the app and applies 大字模式 chosen on 我的', () => {
    localStorage.setItem('fzt.fontScale', stored(1.25))
    loadHome()
    expect(scriptSources()).toEqual(['/js/document.0011aabb.js'])
    expect(document.documentElement.classList.contains('fzt-scale-125')).toBe(true)
    expect(document.querySelector('#first-screen .page')?.classList.contains('scale-125')).toBe(true)
    expect(document.querySelector('[data-testid="service-notice"]')).toBeNull()
  })

  it('on a phone with a booking to come, loads the app at once, with nothing asked of it', () => {
    localStorage.setItem('fzt.bookings', stored([{ code: 'K7Q2M9', slotStart: '2026-12-09T09:00:00+08:00' }]))
    const { win } = loadHome()
    expect(scriptSources()).toEqual(['/js/document.0011aabb.js', '/js/taro.1a2b3c4d.js', '/js/app.2dc926a6.js'])
    expect(win[DOCUMENT_TAKEOVER_KEY]).toBeUndefined()
  })

  it('a tap on 用我的位置查找 loads the app’s scripts in their order, once, and leaves the app the search and where the card was', () => {
    const { win } = loadHome()
    // where the cards are on screen (jsdom lays nothing out): the nearest-station card 120 px down
    const boxes: Record<string, { top: number; bottom: number }> = { 'home-nearest': { top: 120, bottom: 300 }, 'home-report': { top: 316, bottom: 640 } }
    for (const [id, box] of Object.entries(boxes)) jest.spyOn(document.getElementById(id) as HTMLElement, 'getBoundingClientRect').mockReturnValue({ ...box, left: 0, right: 375, width: 375, height: box.bottom - box.top, x: 0, y: box.top, toJSON: () => box })
    const locate = document.querySelector('[data-testid="home-nearest-locate"]') as HTMLElement
    locate.click()
    locate.click()
    const scripts = [...document.querySelectorAll('script[src]')] as HTMLScriptElement[]
    expect(scripts.map((script) => script.getAttribute('src'))).toEqual(['/js/document.0011aabb.js', '/js/taro.1a2b3c4d.js', '/js/app.2dc926a6.js'])
    expect(scripts.slice(1).every((script) => script.async === false)).toBe(true)
    expect(win[DOCUMENT_TAKEOVER_KEY]).toEqual({ action: 'locate', anchor: 'home-nearest', offset: 120 })
    expect(locate.textContent).toBe('正在查找…')
  })

  it('when the app’s scripts do not arrive (no signal), says so, puts the button back, and tries again on the next tap', () => {
    loadHome()
    const locate = document.querySelector('[data-testid="home-nearest-locate"]') as HTMLElement
    locate.click()
    document.querySelector('script[src="/js/taro.1a2b3c4d.js"]')?.dispatchEvent(new Event('error'))
    expect(locate.textContent).toBe('用我的位置查找')
    expect(document.querySelector('.document-toast')?.textContent).toBe('没有连上网络，请稍后再试，或到“服务站”按乡镇、村查找')
    locate.click()
    expect(scriptSources().filter((src) => src === '/js/taro.1a2b3c4d.js')).toHaveLength(1)
    expect(locate.textContent).toBe('正在查找…')
  })

  it('says 离线 and from when, in China time, when the phone opens the copy it kept with no signal', () => {
    jest.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(false)
    loadHome()
    expect(document.querySelector('[data-testid="service-notice"]')?.textContent).toBe('离线：显示的是 今天 12月7日 周一 07:30 保存的内容，数据可能不是最新。')
    // placed where the app's page shows its notice: right after the services
    expect(document.querySelector('.home-services')?.nextElementSibling?.getAttribute('data-testid')).toBe('service-notice')
  })

  it('says the directory’s notice in the phone’s today, so a kept page read on a later day does not say 今天', () => {
    const fetchedAt = '2026-12-05T23:30:00.000Z' // 12月6日 07:30 China time
    loadHome({ directory: { stale: true, fetchedAt } })
    expect(document.querySelector('[data-testid="service-notice"]')?.textContent).toBe('服务站名录暂时无法更新：显示的是 12月6日 周日 07:30 取得的名录，数据可能不是最新。')
  })

  it('without the app’s scripts to load, offers the towns instead of the position', () => {
    document.documentElement.innerHTML = `<head></head><body><div id="first-screen" class="first-screen">${homeDocument({ county: null, latestReport: summary, headlines: [], directory: { stale: false, fetchedAt: null }, now: WRITTEN_AT, appBoot: 'on-demand' }).bodyHtml}</div></body>`
    startHomeDocument({ doc: document, win: window, now: () => NOW })
    expect(document.querySelector('[data-testid="home-nearest-locate"]')).toBeNull()
    expect(document.querySelector('#home-nearest a.button')?.getAttribute('href')).toBe('/pages/stations/index')
  })
})
