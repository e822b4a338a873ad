import { endpointPath } from '../../../contracts/endpoint'
import { getReport, listReports } from '../../../contracts/endpoints/public'
import { listTowns } from '../../../contracts/endpoints/stations'
import type { ReportSummary } from '../../../contracts/reports-api'
import {
  followUpsCard,
  HOME_APP_DATA_KEYS,
  holdsAppData,
  homeRequestHeaders,
  homeWarmPaths,
  nextBookingCard,
  personalPart,
  startHomeDocument,
  storedNextBooking,
} from '../../../client/document/home-document'
import { DEVICE_BOOKINGS_STORAGE_KEY } from '../../../client/services/device-bookings'
import { LEGACY_SESSION_STORAGE_KEYS, SESSION_STORAGE_KEY } from '../../../client/services/session'
import { DOCUMENT_TAKEOVER_KEY, type DocumentTakeover } from '../../../client/services/document-takeover'
import { writeFirstScreen } from '../../../server/h5/first-screen'
import { homeDocument } from '../../../server/h5/home-document'

const INDEX_HTML =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>法治通</title><script defer="defer" src="/js/taro.1a2b3c4d.js"></script><script defer="defer" src="/js/app.2dc926a6.js"></script>' +
  '<link href="/css/app.6e7c5db1.css" rel="stylesheet"></head><body><div id="app"></div></body></html>'

const summary: ReportSummary = {
  id: '2023-abc',
  county: '测试县',
  title: '测试县2023年度法治政府建设情况报告',
  year: 2023,
  publisher: null,
  publishedAt: '2024-02-29',
}
/** 23:30 China time: the China day is already the next UTC day's date */
const NOW = new Date('2026-12-07T23:30:00+08:00')
const WRITTEN_AT = new Date('2026-12-07T07:30:00+08:00')

type TakeoverWindow = Window & { [DOCUMENT_TAKEOVER_KEY]?: DocumentTakeover }

/** 首页 as the BFF answers it, loaded into this jsdom document, and the document's script started on it. */
function loadHome(params: { directory?: { stale: boolean; fetchedAt: string | null } } = {}): { win: TakeoverWindow } {
  const screen = homeDocument({
    county: { name: '测试土家族自治县', shortName: '测试县' },
    latestReport: summary,
    headlines: [],
    directory: params.directory ?? { stale: false, fetchedAt: null },
    now: WRITTEN_AT,
    appBoot: 'on-demand',
  })
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
  delete (window as { fetch?: unknown }).fetch
  delete (window as TakeoverWindow)[DOCUMENT_TAKEOVER_KEY]
  jest.restoreAllMocks()
})

describe('holdsAppData', () => {
  const read = (entries: Record<string, string>) => (key: string) => entries[key] ?? null

  it('reads the keys the app itself keeps its bookings and sign-ins under', () => {
    expect(HOME_APP_DATA_KEYS).toEqual({
      bookings: DEVICE_BOOKINGS_STORAGE_KEY,
      sessions: SESSION_STORAGE_KEY,
      legacyVolunteerSession: LEGACY_SESSION_STORAGE_KEYS.volunteer,
    })
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

describe('homeRequestHeaders, storedNextBooking and personalPart', () => {
  const read = (entries: Record<string, string>) => (key: string) => entries[key] ?? null
  const tokenA = 'a'.repeat(43)
  const tokenB = 'b'.repeat(43)
  const phone = read({
    'fzt.bookings': stored([
      { code: 'LATER234', manageToken: tokenA, stationName: '乙站', slotStart: '2026-12-20T09:00:00+08:00' },
      { code: 'SOONER23', manageToken: tokenB, stationName: '甲站', slotStart: '2026-12-08T07:30:00+08:00' },
      // looked up here, not made here: no token, nothing to prove
      { code: 'LOOKED23', stationName: '丙站', slotStart: '2026-12-08T08:00:00+08:00' },
    ]),
    'fzt.session': stored({
      v: 1,
      sessions: [
        { role: 'staff', token: 'staff-token', expiresAt: '2026-12-14T00:00:00+08:00' },
        { role: 'volunteer', token: 'volunteer-token', expiresAt: '2026-12-14T00:00:00+08:00' },
      ],
    }),
  })

  it('asks as the app does: the held bookings’ CODE.TOKEN pairs and the volunteer’s token, in headers', () => {
    expect(homeRequestHeaders({ read: phone, now: NOW })).toEqual({
      'X-Booking-Tokens': `LATER234.${tokenA},SOONER23.${tokenB}`,
      Authorization: 'Bearer volunteer-token',
    })
    expect(homeRequestHeaders({ read: read({}), now: NOW })).toEqual({})
  })

  it('takes the soonest booking made here that has not started (07:30 tomorrow, China time, asked at 23:30)', () => {
    expect(storedNextBooking({ read: phone, now: NOW })).toEqual({
      code: 'SOONER23',
      stationName: '甲站',
      slotStart: '2026-12-08T07:30:00+08:00',
      status: 'booked',
    })
    expect(storedNextBooking({ read: phone, now: new Date('2026-12-08T07:31:00+08:00') })?.code).toBe('LATER234')
  })

  it('reads /api/home’s personal part, and nothing from what is not an answer', () => {
    const followUp = { kind: 'visit_7d', dueOn: '2026-12-07', label: '7 天回访', recordId: 'r1', village: '坝芒村', disputeType: null }
    expect(personalPart({ nextBooking: null, followUps: [followUp], personal: 'unavailable' })).toEqual({
      nextBooking: null,
      followUps: [followUp],
      unavailable: true,
    })
    expect(personalPart('<html>')).toBeNull()
    expect(personalPart({ error: { code: 'RATE_LIMITED' } })).toBeNull()
  })

  it('draws 待回访 as the app’s 首页 does: the first three lines, how many more, and the way to the records', () => {
    const followUps = ['坝芒村', '隘口村', '溶溪村', '富裕村'].map((village) => ({
      kind: 'visit_7d' as const,
      dueOn: '2026-12-07',
      label: '7 天回访',
      recordId: village,
      village,
      disputeType: null,
    }))
    const card = followUpsCard({ doc: document, followUps, now: NOW })
    expect(card.getAttribute('href')).toBe('/packageVolunteer/pages/records/index')
    expect([...card.children].map((child) => child.textContent)).toEqual([
      '法律明白人',
      '待回访 4 件',
      '坝芒村 · 7 天回访 · 今天到期',
      '隘口村 · 7 天回访 · 今天到期',
      '溶溪村 · 7 天回访 · 今天到期',
      '还有 1 件',
      '去记回访',
    ])
    // text, never markup: a village name is data
    const hostile = nextBookingCard({
      doc: document,
      booking: { code: 'K7Q2M9AB', stationName: '<img src=x onerror=alert(1)>', slotStart: '2026-12-09T09:00:00+08:00', status: 'booked' },
      unchecked: false,
      now: NOW,
    })
    expect(hostile.querySelector('img')).toBeNull()
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

  it('on a phone with a booking to come, shows it at once from what the phone stored, asks /api/home for its state, and loads nothing of the app', async () => {
    const token = 'a'.repeat(43)
    localStorage.setItem(
      'fzt.bookings',
      stored([{ code: 'K7Q2M9AB', phoneLast4: '8000', manageToken: token, stationName: '隘口镇公共法律服务工作站', slotStart: '2026-12-09T09:00:00+08:00' }]),
    )
    const asked: { url: string; headers: Record<string, string> }[] = []
    // the BFF's answer as it would come: the booking cancelled in the meantime (from another phone)
    const answer = { followUps: [], nextBooking: null }
    Object.assign(window, {
      fetch: (url: string, init: { headers: Record<string, string> }) => (
        asked.push({ url, headers: init.headers }),
        Promise.resolve({ ok: true, json: () => Promise.resolve(answer) })
      ),
    })
    const { win } = loadHome()
    expect(document.querySelector('[data-testid="next-booking"]')?.textContent).toBe(
      '我的下一次预约隘口镇公共法律服务工作站后天 12月9日 周三 09:00预约码 K7Q2M9AB',
    )
    expect(document.querySelector('[data-testid="next-booking"]')?.getAttribute('href')).toBe('/packageBooking/pages/lookup/index?code=K7Q2M9AB')
    // before the nearest-station card, as the app's page places it
    expect(document.querySelector('[data-personal]')?.nextElementSibling?.id).toBe('home-nearest')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(asked).toEqual([{ url: '/api/home', headers: { 'X-Booking-Tokens': `K7Q2M9AB.${token}` } }])
    expect(document.querySelector('[data-testid="next-booking"]')).toBeNull()
    expect(scriptSources()).toEqual(['/js/document.0011aabb.js'])
    expect(win[DOCUMENT_TAKEOVER_KEY]).toBeUndefined()
  })

  it('when /api/home does not answer, keeps the stored booking and says its state could not be checked', async () => {
    localStorage.setItem(
      'fzt.bookings',
      stored([
        { code: 'K7Q2M9AB', phoneLast4: '8000', manageToken: 'a'.repeat(43), stationName: '隘口镇公共法律服务工作站', slotStart: '2026-12-09T09:00:00+08:00' },
      ]),
    )
    Object.assign(window, { fetch: () => Promise.reject(new TypeError('Failed to fetch')) })
    loadHome()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(document.querySelector('[data-testid="next-booking"]')?.textContent).toContain('暂时查不到这个预约的最新状态')
  })

  it('a tap on 用我的位置查找 loads the app’s scripts in their order, once, and leaves the app the search and where the card was', () => {
    const { win } = loadHome()
    // where the cards are on screen (jsdom lays nothing out): the nearest-station card 120 px down
    const boxes: Record<string, { top: number; bottom: number }> = { 'home-nearest': { top: 120, bottom: 300 }, 'home-report': { top: 316, bottom: 640 } }
    for (const [id, box] of Object.entries(boxes))
      jest
        .spyOn(document.getElementById(id) as HTMLElement, 'getBoundingClientRect')
        .mockReturnValue({ ...box, left: 0, right: 375, width: 375, height: box.bottom - box.top, x: 0, y: box.top, toJSON: () => box })
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
    expect(document.querySelector('[data-testid="service-notice"]')?.textContent).toBe(
      '服务站名录暂时无法更新：显示的是 12月6日 周日 07:30 取得的名录，数据可能不是最新。',
    )
  })

  it('without the app’s scripts to load, offers the towns instead of the position', () => {
    document.documentElement.innerHTML = `<head></head><body><div id="first-screen" class="first-screen">${homeDocument({ county: null, latestReport: summary, headlines: [], directory: { stale: false, fetchedAt: null }, now: WRITTEN_AT, appBoot: 'on-demand' }).bodyHtml}</div></body>`
    startHomeDocument({ doc: document, win: window, now: () => NOW })
    expect(document.querySelector('[data-testid="home-nearest-locate"]')).toBeNull()
    expect(document.querySelector('#home-nearest a.button')?.getAttribute('href')).toBe('/pages/stations/index')
  })
})
