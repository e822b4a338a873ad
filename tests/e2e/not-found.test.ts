import type { BrowserContextOptions, Page } from 'playwright-core'
import { servedH5ForSuite } from './support/h5-suite'
import { describeInBrowser, tap } from './support/browser'
import { expectPhoneLayout, visible } from './support/page-helpers'

jest.setTimeout(120_000)

/** a fresh phone each time: no service worker yet, so the server's own answer (and status) is what the page gets */
const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  serviceWorkers: 'block',
}
const AIKOU = '500241103-ws'

/** 首页, 报告 and 服务站 are there, big enough to tap, and 首页 leads to 首页. */
async function expectWaysOn(page: Page): Promise<void> {
  const links = visible(page.getByTestId('not-found-links'))
  await links.waitFor({ timeout: 30_000 })
  expect((await links.getByRole('link').allTextContents()).map((text) => text.trim())).toEqual(['首页', '报告', '服务站'])
  for (const box of await Promise.all((await links.getByRole('link').all()).map((link) => link.boundingBox()))) expect(box?.height).toBeGreaterThanOrEqual(44)
  await tap(links.getByRole('link', { name: '报告' }))
  await page.waitForURL(/\/pages\/reports\/index$/, { timeout: 10_000 })
}

describeInBrowser('H5: a way out of every deep landing, and 找不到页面 for what does not exist', () => {
  const { bff, browser } = servedH5ForSuite({ env: { RATE_LIMIT: 'off' } })
  let reportId: string

  beforeAll(async () => {
    const { reports } = (await (await fetch(`${bff.baseUrl}/api/reports`)).json()) as { reports: { id: string }[] }
    reportId = reports[0].id
  })

  async function landOn(path: string): Promise<{ page: Page; status: number | undefined; close: () => Promise<void> }> {
    const context = await browser.newContext(PHONE)
    const page = await context.newPage()
    const answer = await page.goto(`${bff.baseUrl}${path}`)
    return { page, status: answer?.status(), close: () => context.close() }
  }

  it.each([
    { name: 'a report', path: () => `/pages/report/index?id=${encodeURIComponent(reportId)}`, ready: 'report-meta' },
    { name: 'a station', path: () => `/pages/station/index?id=${AIKOU}`, ready: 'station-name' },
  ])('landing on $name from a QR code shows 首页 at the top (no 返回: nothing to go back to), and 首页 leads to 首页', async ({ path, ready }) => {
    const { page, close } = await landOn(path())
    await visible(page.getByTestId(ready)).waitFor({ timeout: 30_000 })
    const header = visible(page.getByTestId('h5-header'))
    await header.waitFor()
    expect(await header.getByTestId('h5-header-back').count()).toBe(0)
    const home = header.getByTestId('h5-header-home')
    expect((await home.textContent())?.trim()).toBe('首页')
    const box = await home.boundingBox()
    expect(box?.height).toBeGreaterThanOrEqual(44)
    expect(box?.y).toBeLessThan(30)
    expect(await home.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(17)
    await expectPhoneLayout(page)
    await tap(home)
    // the app switches to its 首页 tab; the reader's document links to the front door, 首页's document
    await page.waitForURL(/^[^?#]*\/(pages\/home\/index)?$/, { timeout: 10_000 })
    expect(new URL(page.url()).pathname).toBe(ready === 'report-meta' ? '/' : '/pages/home/index')
    await visible(page.getByTestId('headline-figures')).waitFor({ timeout: 30_000 })
    // 首页 is a tab page: it has the tab bar and no header (the reader's goes once the page transition ends)
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll<HTMLElement>('[data-testid="h5-header"]')).every((element) => element.offsetParent === null),
      undefined,
      { timeout: 5_000 },
    )
    expect(await visible(page.getByTestId('h5-header')).count()).toBe(0)
    await close()
  })

  it('a page opened from inside the app has 返回 too, which goes back to where the resident was', async () => {
    const { page, close } = await landOn(`/pages/station/index?id=${AIKOU}`)
    await visible(page.getByTestId('station-name')).waitFor({ timeout: 30_000 })
    await tap(visible(page.getByText('看报告原文')))
    await page.waitForURL(/\/pages\/report\/index\?id=/, { timeout: 10_000 })
    await visible(page.getByTestId('report-meta')).waitFor({ timeout: 30_000 })
    const back = visible(page.getByTestId('h5-header-back'))
    await back.waitFor({ timeout: 10_000 })
    expect((await back.textContent())?.trim()).toContain('返回')
    expect((await back.boundingBox())?.height).toBeGreaterThanOrEqual(44)
    await tap(back)
    await page.waitForURL(/\/pages\/station\/index\?id=/, { timeout: 10_000 })
    await visible(page.getByTestId('station-name')).waitFor()
    await close()
  })

  it.each([
    // the reader is a document: the app takes over when search is asked for
    {
      name: 'the reader',
      path: () => `/pages/report/index?id=${encodeURIComponent(reportId)}`,
      api: /\/api\/reports\/[^/?]+$/,
      title: '.report-title',
      boot: 'open-search',
    },
    { name: 'a station', path: () => `/pages/station/index?id=${AIKOU}`, api: /\/api\/stations\/[^/?]+$/, title: '.station-title', boot: null },
  ])(
    'on $name, the title does not jump when the app takes over from the pre-written first screen (the header has its room there)',
    async ({ path, api, title, boot }) => {
      const context = await browser.newContext(PHONE)
      const page = await context.newPage()
      // the page's data is held back, so the pre-written copy stays on screen until it has been measured
      let release: () => void = () => undefined
      const held = new Promise<void>((resolve) => (release = resolve))
      await page.route(api, async (route) => {
        await held
        await route.continue()
      })
      await page.goto(`${bff.baseUrl}${path()}`)
      const before = await page.locator('#first-screen h1').evaluate((element) => element.getBoundingClientRect().top)
      release()
      if (boot) await tap(page.getByTestId(boot))
      await page.waitForFunction(() => document.getElementById('first-screen') === null, undefined, { timeout: 30_000 })
      await visible(page.getByTestId('h5-header')).waitFor()
      const after = await visible(page.locator(title)).evaluate((element) => element.getBoundingClientRect().top)
      expect(before).toBeGreaterThan(48)
      expect(Math.abs(after - before)).toBeLessThanOrEqual(1)
      await context.close()
    },
  )

  it('/no/such/page answers HTTP 404 and shows 找不到页面 with 首页, 报告 and 服务站', async () => {
    const { page, status, close } = await landOn('/no/such/page')
    expect(status).toBe(404)
    await visible(page.getByText('找不到这个页面')).waitFor({ timeout: 30_000 })
    expect(await page.title()).toContain('找不到页面')
    await expectPhoneLayout(page)
    await expectWaysOn(page)
    await close()
  })

  /** Opens `path` in a fresh phone, counting the page's own requests to the API path `api`. */
  async function landCounting(path: string, api: RegExp): Promise<{ page: Page; status: number | undefined; calls: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext(PHONE)
    const page = await context.newPage()
    const calls: string[] = []
    page.on('request', (request) => {
      if (api.test(new URL(request.url()).pathname)) calls.push(request.url())
    })
    const answer = await page.goto(`${bff.baseUrl}${path}`)
    return { page, status: answer?.status(), calls, close: () => context.close() }
  }

  it('a report id nobody has says 找不到这份报告, with the three ways on', async () => {
    const { page, status, calls, close } = await landCounting('/pages/report/index?id=2023-no-such-report', /^\/api\/reports\/2023-no-such-report$/)
    // the page route says so too (browsers, crawlers, link checkers), and the app asks for the report once
    expect(status).toBe(404)
    await visible(page.getByText(/找不到这份报告/)).waitFor({ timeout: 30_000 })
    await page.waitForTimeout(500)
    expect(calls).toHaveLength(1)
    expect(await visible(page.getByText('重试')).count()).toBe(0)
    await expectWaysOn(page)
    await close()
  })

  it('a station id nobody has says 找不到这个服务站, with the three ways on', async () => {
    const { page, status, calls, close } = await landCounting('/pages/station/index?id=500241999-ws', /^\/api\/stations\/500241999-ws$/)
    expect(status).toBe(404)
    await visible(page.getByText(/找不到这个服务站/)).waitFor({ timeout: 30_000 })
    await page.waitForTimeout(500)
    expect(calls).toHaveLength(1)
    expect(await visible(page.getByText('重试')).count()).toBe(0)
    await expectWaysOn(page)
    await close()
  })
})
