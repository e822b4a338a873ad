import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BrowserContextOptions, Locator, Page } from 'playwright-core'
import { servedH5ForSuite } from './support/h5-suite'
import { describeInBrowser, tap } from './support/browser'
import { isAppScript, visible } from './support/page-helpers'

jest.setTimeout(240_000)

const SMALL_PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 667 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  serviceWorkers: 'block',
}
const ENTRY_LABELS = ['看报告', '找服务站', '预约法律援助', '法律明白人记一笔']

/** A tap in the middle of the screen: at the bottom edge, the fixed tab bar would take it. */
async function tapCentred(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible' })
  await locator.evaluate((element) => element.scrollIntoView({ block: 'center' }))
  await tap(locator)
}

interface Box {
  label: string
  top: number
  bottom: number
  height: number
}

/**
 * The entries, the 12348 line and where the visible screen ends (the tab bar's top), as 首页 paints:
 * the BFF's document (server/h5/home-document.ts), with the document's script run (大字模式).
 */
async function firstScreenBoxes(page: Page): Promise<{ entries: Box[]; hotline: Box; screenBottom: number }> {
  await page.waitForLoadState('load')
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
    const tabBar = Array.from(document.querySelectorAll('.document-tabbar, .weui-tabbar')).find((element) => element.getBoundingClientRect().height > 0)
    return {
      entries,
      hotline: box(hotline as Element, hotline?.textContent ?? ''),
      screenBottom: tabBar ? tabBar.getBoundingClientRect().top : window.innerHeight,
    }
  })
}

/** The app's scripts (Taro's runtime, the app, its chunks) this page has asked for: the document's own is not one. */
function appScriptRequests(page: Page): string[] {
  const requested: string[] = []
  page.on('request', (request) => {
    if (isAppScript(request.url())) requested.push(new URL(request.url()).pathname)
  })
  return requested
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
  const { bff, browser } = servedH5ForSuite()

  it.each([
    { size: '标准', scale: 1 },
    { size: '大', scale: 1.25 },
    { size: '特大', scale: 1.5 },
  ])('in $size, the county, the four entries and the 12348 line are on the first screen without scrolling, each ≥ 44 px high', async ({ scale }) => {
    const context = await browser.newContext(SMALL_PHONE)
    await context.addInitScript((value) => window.localStorage.setItem('fzt.fontScale', JSON.stringify({ data: value })), scale)
    const page = await context.newPage()
    const appScripts = appScriptRequests(page)
    await page.goto(`${bff.baseUrl}/`)
    const { entries, hotline, screenBottom } = await firstScreenBoxes(page)
    // a phone with nothing of its own reads 首页 as a document: none of the app is fetched
    expect(appScripts).toEqual([])

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
    const headlines = await page
      .locator('.headline')
      .filter({ visible: true })
      .evaluateAll((tiles) =>
        tiles.map((tile) => ({
          unit: tile.querySelector('.headline-unit')?.textContent ?? '',
          label: tile.querySelector('.headline-label')?.textContent ?? '',
        })),
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
    const icons = await firstScreen
      .locator('.home-entry-icon')
      .evaluateAll((elements) =>
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

  it('when the phone has no network and 首页 is the copy it kept, says 离线 and from when', async () => {
    const context = await browser.newContext(SMALL_PHONE)
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/`)
    await firstScreenBoxes(page)
    // the phone says it is offline (the page itself still comes from the BFF here, as the worker's kept copy would)
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'onLine', { get: () => false, configurable: true }))
    await page.reload()
    const notice = visible(page.getByTestId('service-notice'))
    await notice.waitFor({ timeout: 30_000 })
    expect(await notice.textContent()).toMatch(/^离线：显示的是 今天 .+ \d{2}:\d{2} 保存的内容，数据可能不是最新。$/)
    expect(await visible(page.getByTestId('latest-report-title')).textContent()).toContain('2023年度法治政府建设情况报告')
    await context.close()
  })

  it('when the app shows 首页 and only the API stops answering (the phone online), shows the saved copy and says 服务暂时连不上, not 离线', async () => {
    const context = await browser.newContext(SMALL_PHONE)
    const page = await context.newPage()
    // 首页 in the app, reached from another tab: its answer is saved on the phone
    await page.goto(`${bff.baseUrl}/pages/reports/index`)
    await visible(page.getByTestId('report-list')).waitFor({ timeout: 30_000 })
    await tap(page.locator('.weui-tabbar__item', { hasText: '首页' }))
    await visible(page.getByTestId('latest-report-title')).waitFor({ timeout: 30_000 })
    await page.waitForFunction(() => localStorage.getItem('fzt.home') !== null, undefined, { timeout: 20_000 })
    await page.route('**/api/home*', (route) => route.abort('connectionrefused'))
    await page.goto(`${bff.baseUrl}/pages/reports/index`)
    await visible(page.getByTestId('report-list')).waitFor({ timeout: 30_000 })
    await tap(page.locator('.weui-tabbar__item', { hasText: '首页' }))
    const notice = visible(page.getByTestId('service-notice'))
    await notice.waitFor({ timeout: 30_000 })
    expect(await notice.textContent()).toMatch(/^服务暂时连不上：显示的是 今天 .+ \d{2}:\d{2} 保存的内容，数据可能不是最新。$/)
    await context.close()
  })

  it('shows 我的下一次预约 after booking and 回到首页 without a reload, and no longer once the booking is cancelled', async () => {
    const context = await browser.newContext(SMALL_PHONE)
    const page = await context.newPage()
    const homeAnswers: number[] = []
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/api/home') homeAnswers.push(response.status())
    })
    await page.goto(`${bff.baseUrl}/`)
    await visible(page.getByTestId('latest-report-title')).waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('next-booking').count()).toBe(0)

    // 找服务站 (a link of 首页's document: the app starts there) → 隘口镇 → its workstation → 预约法律援助
    await tapCentred(visible(page.getByTestId('home-entry-stations')))
    await page.waitForURL(/\/pages\/stations\/index/, { timeout: 20_000 })
    // a mark on this document: it is still there at the end only if nothing reloaded the page
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }))
    await tapCentred(visible(page.getByTestId('town-button').filter({ hasText: '隘口镇' })))
    const townList = visible(page.getByTestId('town-station-list'))
    await townList.waitFor({ timeout: 20_000 })
    // the finder scrolls itself to the picker after a tap (300 ms): let it finish before aiming
    await page.waitForTimeout(700)
    await tapCentred(townList.getByTestId('station-row').filter({ hasText: '隘口镇公共法律服务工作站' }).getByTestId('station-row-open'))
    await page.waitForURL(/\/pages\/station\/index\?id=500241103-ws/, { timeout: 20_000 })
    await tapCentred(visible(page.getByTestId('book-button')))
    await visible(page.getByTestId('precheck')).waitFor({ timeout: 20_000 })
    await tapCentred(visible(page.getByTestId('next-button'))) // 跳过，下一步
    await tapCentred(visible(page.getByTestId('matter-labor_wages')))
    await tapCentred(visible(page.getByTestId('next-button')))
    await tapCentred(visible(page.getByTestId('slot-button')).first())
    await tapCentred(visible(page.getByTestId('next-button')))
    const name = visible(page.getByTestId('name-input')).locator('input')
    await name.click()
    await name.fill('张三')
    const phone = visible(page.getByTestId('phone-input')).locator('input')
    await phone.click()
    await phone.fill('13800138777')
    await tapCentred(visible(page.getByTestId('consent')))
    await tapCentred(visible(page.getByTestId('submit-button')))
    await tapCentred(visible(page.getByText('回到首页', { exact: true })))

    const card = visible(page.getByTestId('next-booking'))
    await card.waitFor({ timeout: 20_000 })
    expect(await card.textContent()).toContain('我的下一次预约')
    expect(await card.textContent()).toContain('隘口镇公共法律服务工作站')
    const code = /预约码 ([2-9A-HJ-NP-Z]{8})/.exec((await card.textContent()) ?? '')?.[1]
    expect(code).toBeDefined()
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)

    // the card → 查找预约 → 取消预约 → 首页
    await tapCentred(card)
    await tapCentred(visible(page.getByTestId('cancel-button')))
    await tapCentred(visible(page.getByTestId('cancel-form')).getByText('时间不合适', { exact: true }))
    await tapCentred(visible(page.getByTestId('confirm-cancel')))
    await visible(page.getByText('预约已取消。需要的话可以重新预约。')).waitFor({ timeout: 20_000 })
    await tapCentred(visible(page.getByTestId('h5-header-home')))
    await visible(page.getByTestId('latest-report-title')).waitFor({ timeout: 20_000 })
    await page.waitForFunction(
      () => !Array.from(document.querySelectorAll('[data-testid="next-booking"]')).some((element) => (element as HTMLElement).offsetParent !== null),
      undefined,
      { timeout: 20_000 },
    )
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
    // the document asks nothing; the app asks once after the booking, once after the cancel: not on every page shown
    expect(homeAnswers).toEqual([200, 200])
    await context.close()
  })
})

describeInBrowser('H5 首页 with the county directory upstream down', () => {
  let directory: { url: string; close: () => Promise<void> }
  // the upstream first: the BFF is started with its address
  beforeAll(async () => {
    directory = await startDownDirectory()
  })
  const { bff, browser } = servedH5ForSuite(() => ({ env: { DIRECTORY_URL: directory.url } }))
  afterAll(async () => {
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
