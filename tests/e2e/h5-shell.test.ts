import { randomBytes } from 'node:crypto'
import { Pool } from 'pg'
import type { Page } from 'playwright-core'
import { servedH5ForSuite } from './support/h5-suite'
import { describeInBrowser, newPhonePage, screenshotPath, tap } from './support/browser'
import { isAppScript, visible } from './support/page-helpers'

jest.setTimeout(90_000)

const SEED_TITLE = '秀山土家族苗族自治县2023年度法治政府建设情况报告'

async function fontSizeOf(page: Page, text: string): Promise<number> {
  return page
    .getByText(text, { exact: true })
    .first()
    .evaluate((element) => parseFloat(getComputedStyle(element).fontSize))
}

describeInBrowser('H5 app served by the BFF (SQLite)', () => {
  const { bff, browser } = servedH5ForSuite()

  it('renders 首页 as a document: the report title in the HTML, no API call and none of the app’s scripts', async () => {
    const page = await newPhonePage(browser)
    const apiCalls: string[] = []
    const appScripts: string[] = []
    page.on('request', (request) => {
      const { pathname } = new URL(request.url())
      if (pathname.startsWith('/api/')) apiCalls.push(pathname)
      if (isAppScript(request.url())) appScripts.push(pathname)
    })
    const consoleErrors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
    await page.goto(bff.baseUrl)
    await page.getByText(SEED_TITLE).first().waitFor({ timeout: 20_000 })
    await page.getByText('法律明白人记一笔').first().waitFor()
    await page.waitForLoadState('load')
    // what the page needs is in its HTML; the service's health is not the resident's business
    // (the service worker's warming of the report for offline use starts when the phone is idle, not before)
    expect(apiCalls.filter((pathname) => pathname === '/api/home' || pathname === '/api/health')).toEqual([])
    expect(appScripts).toEqual([])
    // CSP must not have blocked the document's own script
    expect(consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([])
    await page.waitForTimeout(600)
    await page.screenshot({ path: screenshotPath('h5-home'), fullPage: true })
    await page.close()
  })

  it("taps every tab without a Content-Security-Policy violation (Taro's javascript: tab links are not followed), and each tab shows its page", async () => {
    const page = await newPhonePage(browser)
    // every violation the page sees, as the browser reports it (and as the console prints it)
    await page.addInitScript(() => {
      const seen: string[] = []
      Object.assign(window, { __cspViolations: seen })
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`))
    })
    const cspMessages: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) cspMessages.push(message.text())
    })
    await page.goto(bff.baseUrl)
    await page.getByText(SEED_TITLE).first().waitFor({ timeout: 20_000 })
    const tabs: [string, string][] = [
      ['报告', 'report-list'],
      ['服务站', 'town-picker'],
      ['我的', 'find-booking-link'],
      ['首页', 'home-heading'],
    ]
    for (const [label, shows] of tabs) {
      // the first tap is on 首页's document (its tab bar is links), the others on the app's (Taro's)
      await tap(page.locator('.weui-tabbar__item, .document-tabbar-item', { hasText: label }).filter({ visible: true }))
      await visible(page.getByTestId(shows)).waitFor({ timeout: 20_000 })
      expect(new URL(page.url()).origin).toBe(bff.baseUrl)
    }
    // and once more by mouse click, as on a desktop browser
    await page.locator('.weui-tabbar__item', { hasText: '服务站' }).click()
    await visible(page.getByTestId('town-picker')).waitFor({ timeout: 20_000 })
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([])
    expect(cspMessages).toEqual([])
    await page.close()
  })

  it('opens a deep link to a tab page directly (browser router fallback)', async () => {
    const page = await newPhonePage(browser)
    await page.goto(`${bff.baseUrl}/pages/reports/index`)
    await page.getByTestId('report-list').getByText(SEED_TITLE).waitFor({ timeout: 20_000 })
    await page.close()
  })

  it('switches 大字模式 on 我的, enlarges the text and remembers it after a reload', async () => {
    const page = await newPhonePage(browser)
    await page.goto(`${bff.baseUrl}/pages/me/index`)
    await page.getByText('大字模式').waitFor({ timeout: 20_000 })
    const before = await fontSizeOf(page, '大字模式')
    expect(
      await page
        .locator('.weui-tabbar__label')
        .first()
        .evaluate((element) => parseFloat(getComputedStyle(element).fontSize)),
    ).toBeLessThan(15)
    await tap(page.getByTestId('font-scale-1.5'))
    await page.waitForFunction(
      ([text, expected]) =>
        [...document.querySelectorAll('*')].some(
          (el) => el.textContent === text && el.children.length === 0 && Math.abs(parseFloat(getComputedStyle(el).fontSize) - Number(expected)) < 1,
        ),
      ['大字模式', before * 1.5] as const,
    )
    expect(await fontSizeOf(page, '大字模式')).toBeCloseTo(before * 1.5, 0)

    await page.reload()
    await page.getByText('大字模式').waitFor({ timeout: 20_000 })
    expect(await fontSizeOf(page, '大字模式')).toBeCloseTo(before * 1.5, 0)

    // the tab bar (Taro's, outside the page) follows: its labels at ≥ 15 px, the whole label on screen
    const label = page.locator('.weui-tabbar__label').filter({ hasText: '我的' }).first()
    await page.waitForFunction(() => {
      const element = document.querySelector('.weui-tabbar__label')
      return element !== null && parseFloat(getComputedStyle(element).fontSize) >= 15
    })
    expect(await label.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(15)
    const labelBox = await label.boundingBox()
    expect((labelBox?.y ?? Infinity) + (labelBox?.height ?? 0)).toBeLessThanOrEqual(page.viewportSize()?.height ?? 0)

    // tap targets stay at least 44 px tall
    const box = await page.getByTestId('font-scale-1').boundingBox()
    expect(box?.height).toBeGreaterThanOrEqual(44)
    await page.waitForTimeout(600)
    await page.screenshot({ path: screenshotPath('h5-me-elder-mode'), fullPage: true })

    await tap(page.getByText('隐私说明'))
    await page.getByText('我们收集什么').waitFor()
    await page.close()
  })

  it('when the BFF is unreachable, shows a Chinese message and a 重试 button instead of a blank page', async () => {
    // no service worker: once it controls the page, its requests pass page.route by (Chromium) and
    // reach the BFF, so whether the API "failed" would depend on how fast the worker took over
    const page = await newPhonePage(browser, { serviceWorkers: 'block' })
    // 首页 in the app (the document asks no API): from another tab, on a phone with no copy of 首页 saved yet
    await page.goto(`${bff.baseUrl}/pages/reports/index`)
    await page.getByTestId('report-list').getByText(SEED_TITLE).waitFor({ timeout: 20_000 })
    expect(await page.evaluate(() => localStorage.getItem('fzt.home'))).toBeNull()
    await page.route('**/api/**', (route) => route.abort('internetdisconnected'))
    await tap(page.locator('.weui-tabbar__item', { hasText: '首页' }))
    // the phone is online, the API is not: the message blames the server (or the signal), not the phone
    await page.getByText(/连不上服务器/).waitFor({ timeout: 20_000 })
    await page.unroute('**/api/**')
    await tap(page.getByText('重试', { exact: true }))
    await page.getByTestId('latest-report-title').filter({ hasText: SEED_TITLE }).waitFor({ timeout: 20_000 })
    await page.close()
  })
})

const testDatabaseUrl = process.env.TEST_DATABASE_URL
const describeOnPostgres = testDatabaseUrl
  ? describeInBrowser
  : (title: string, suite: () => void) => describe.skip(`${title} (skipped: TEST_DATABASE_URL is not set)`, suite)

describeOnPostgres('H5 app served by the BFF (PostgreSQL)', () => {
  const schema = `e2e_${randomBytes(5).toString('hex')}`
  // the schema first: the BFF is started in it, and it is dropped once the BFF has stopped
  beforeAll(async () => {
    const admin = new Pool({ connectionString: testDatabaseUrl, max: 1 })
    await admin.query(`create schema ${schema}`)
    await admin.end()
  })
  const separator = testDatabaseUrl?.includes('?') ? '&' : '?'
  const { bff, browser } = servedH5ForSuite({
    env: { DATABASE_URL: `${testDatabaseUrl}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}` },
  })
  afterAll(async () => {
    const admin = new Pool({ connectionString: testDatabaseUrl, max: 1 })
    await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.end()
  })

  it('reports postgres in /api/health and renders the same 首页', async () => {
    const health = (await (await fetch(`${bff.baseUrl}/api/health`)).json()) as { storage: string }
    expect(health.storage).toBe('postgres')
    const page = await newPhonePage(browser)
    await page.goto(bff.baseUrl)
    await page.getByText(SEED_TITLE).first().waitFor({ timeout: 20_000 })
    await page.close()
  })
})
