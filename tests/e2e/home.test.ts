import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { startBff, type BffProcess } from '../support/bff-process'
import { describeInBrowser, launchChromium, tap } from './support/browser'
import { requireH5Build, visible } from './support/page-helpers'

jest.setTimeout(240_000)

const SMALL_PHONE: BrowserContextOptions = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', serviceWorkers: 'block' }
const ENTRY_LABELS = ['看报告', '找服务站', '预约法律援助', '法律明白人记一笔']

interface Box {
  label: string
  top: number
  bottom: number
  height: number
}

/** The entries, the 12348 line and where the visible screen ends (the tab bar's top), once the app has replaced the first screen. */
async function firstScreenBoxes(page: Page): Promise<{ entries: Box[]; hotline: Box; screenBottom: number }> {
  await page.waitForFunction(() => document.getElementById('first-screen') === null, undefined, { timeout: 30_000 })
  await visible(page.getByTestId('latest-report-title')).waitFor({ timeout: 30_000 })
  return page.evaluate(() => {
    const shown = (element: Element) => (element as HTMLElement).offsetParent !== null
    const box = (element: Element, label: string) => {
      const rect = element.getBoundingClientRect()
      return { label, top: rect.top, bottom: rect.bottom, height: rect.height }
    }
    const entries = Array.from(document.querySelectorAll('[data-testid^="home-entry-"]'))
      .filter(shown)
      .map((element) => box(element, element.querySelector('.home-entry-label')?.textContent ?? ''))
    const hotline = Array.from(document.querySelectorAll('[data-testid="home-hotline"]')).find(shown)
    const tabBar = document.querySelector('.weui-tabbar')
    return {
      entries,
      hotline: box(hotline as Element, hotline?.textContent ?? ''),
      screenBottom: tabBar ? tabBar.getBoundingClientRect().top : window.innerHeight,
    }
  })
}

/** A county's directory that is down: every request answers 503. */
async function startDownDirectory(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(503, { 'Content-Type': 'text/plain' })
    res.end('维护中')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/directory.json`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

describeInBrowser('H5 首页 on a 375 × 667 phone', () => {
  let bff: BffProcess
  let browser: Browser

  beforeAll(async () => {
    requireH5Build()
    bff = await startBff()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await bff?.stop()
    bff?.cleanup()
  })

  it.each([
    { size: '标准', scale: 1 },
    { size: '大', scale: 1.25 },
    { size: '特大', scale: 1.5 },
  ])('in $size, the county, the four entries and the 12348 line are on the first screen without scrolling, each ≥ 44 px high', async ({ scale }) => {
    const context = await browser.newContext(SMALL_PHONE)
    await context.addInitScript((value) => window.localStorage.setItem('fzt.fontScale', JSON.stringify({ data: value })), scale)
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/`)
    const { entries, hotline, screenBottom } = await firstScreenBoxes(page)

    expect(await visible(page.getByTestId('home-heading')).textContent()).toBe('秀山县公共法律服务')
    expect(entries.map((entry) => entry.label)).toEqual(ENTRY_LABELS)
    expect(await page.evaluate(() => window.scrollY)).toBe(0)
    for (const box of [...entries, hotline]) {
      expect(box.top).toBeGreaterThanOrEqual(0)
      // named, so a failure says which entry fell below the fold
      expect({ label: box.label, belowTheFold: box.bottom > screenBottom + 0.5 }).toEqual({ label: box.label, belowTheFold: false })
      expect(box.height).toBeGreaterThanOrEqual(44)
    }
    expect(hotline.label).toContain('拨打 12348 法律服务热线')
    // below them, the report's three headline figures, each with its unit or, where the source lost it, its phrase
    const headlines = await page.locator('.headline').filter({ visible: true }).evaluateAll((tiles) =>
      tiles.map((tile) => ({ unit: tile.querySelector('.headline-unit')?.textContent ?? '', label: tile.querySelector('.headline-label')?.textContent ?? '' })),
    )
    expect(headlines).toHaveLength(3)
    expect(headlines[0]).toEqual({ unit: '', label: '为困难群众提供法律援助' })
    for (const headline of headlines) expect(headline.unit !== '' || headline.label.length >= 6).toBe(true)
    // all is well: no status card, no notice
    expect(await page.getByText('服务正常').count()).toBe(0)
    expect(await page.getByTestId('service-notice').count()).toBe(0)
    await context.close()
  })

  it('the first HTML writes the same first screen: the county, the four entries with their links, and the 12348 line', async () => {
    const context = await browser.newContext({ ...SMALL_PHONE, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/`)
    const firstScreen = page.locator('#first-screen')
    expect(await firstScreen.locator('h1').textContent()).toBe('秀山县公共法律服务')
    const entries = firstScreen.locator('a.home-entry')
    expect(await entries.locator('.home-entry-label').allTextContents()).toEqual(ENTRY_LABELS)
    expect(await entries.evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual([
      '/pages/reports/index',
      '/pages/stations/index',
      '/packageBooking/pages/book/index',
      '/packageVolunteer/pages/log/index',
    ])
    // the icons are in the HTML itself (data: URLs): no request before they paint, and they take room
    const icons = await firstScreen.locator('.home-entry-icon').evaluateAll((elements) =>
      elements.map((element) => ({ image: getComputedStyle(element).backgroundImage.slice(0, 31), drawn: element.getBoundingClientRect().width >= 24 })),
    )
    expect(icons).toEqual(Array(4).fill({ image: 'url("data:image/svg+xml;base64,', drawn: true }))
    expect(await firstScreen.locator('a.home-hotline').getAttribute('href')).toBe('tel:12348')
    await context.close()
  })

  it('法律明白人记一笔 leads a volunteer who is not signed in to the sign-in page', async () => {
    const context = await browser.newContext(SMALL_PHONE)
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/`)
    await firstScreenBoxes(page)
    await tap(visible(page.getByTestId('home-entry-volunteer')))
    await page.waitForURL(/\/packageVolunteer\/pages\/login\/index/, { timeout: 30_000 })
    await visible(page.getByText('邀请码')).waitFor({ timeout: 30_000 })
    await context.close()
  })

  it('when the API cannot be reached after a visit, shows the copy saved on the phone with 离线 and its time', async () => {
    const context = await browser.newContext(SMALL_PHONE)
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/`)
    await firstScreenBoxes(page)
    // the signal drops for the API (the page itself still loads from the BFF)
    await page.route('**/api/home*', (route) => route.abort('internetdisconnected'))
    await page.reload()
    const notice = visible(page.getByTestId('service-notice'))
    await notice.waitFor({ timeout: 30_000 })
    expect(await notice.textContent()).toMatch(/^离线：显示的是 今天 .+ \d{2}:\d{2} 保存的内容，数据可能不是最新。$/)
    expect(await visible(page.getByTestId('latest-report-title')).textContent()).toContain('2023年度法治政府建设情况报告')
    await context.close()
  })
})

describeInBrowser('H5 首页 with the county directory upstream down', () => {
  let bff: BffProcess
  let browser: Browser
  let directory: { url: string; close: () => Promise<void> }

  beforeAll(async () => {
    requireH5Build()
    directory = await startDownDirectory()
    bff = await startBff({ env: { DIRECTORY_URL: directory.url } })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await bff?.stop()
    bff?.cleanup()
    await directory?.close()
  })

  it('says plainly that the station list may not be current, and still leads with the four entries', async () => {
    const context = await browser.newContext(SMALL_PHONE)
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/`)
    const { entries } = await firstScreenBoxes(page)
    expect(entries.map((entry) => entry.label)).toEqual(ENTRY_LABELS)
    const notice = visible(page.getByTestId('service-notice'))
    await notice.waitFor({ timeout: 30_000 })
    expect(await notice.textContent()).toBe('服务站名录暂时无法更新：数据可能不是最新。')
    expect(await page.getByText('服务正常').count()).toBe(0)
    await context.close()
  })
})
