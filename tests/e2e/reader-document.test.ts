import type { Page } from 'playwright-core'
import { servedH5ForSuite } from './support/h5-suite'
import { describeInBrowser, newPhonePage, screenshotPath, tap } from './support/browser'
import { isAppScript } from './support/page-helpers'

jest.setTimeout(90_000)

const SEED_TITLE = '秀山土家族苗族自治县2023年度法治政府建设情况报告'

describeInBrowser('the report reader as a document (H5, phone screen)', () => {
  const { bff, browser } = servedH5ForSuite()
  let reportUrl: string
  beforeAll(async () => {
    const { reports } = (await (await fetch(`${bff.baseUrl}/api/reports`)).json()) as { reports: { id: string }[] }
    reportUrl = `${bff.baseUrl}/pages/report/index?id=${encodeURIComponent(reports[0].id)}`
  })

  async function openReader(): Promise<{ page: Page; appChunks: string[]; apiCalls: string[] }> {
    // no service worker: a worker left by another page would fetch chunks on its own
    const page = await newPhonePage(browser, { serviceWorkers: 'block' })
    const appChunks: string[] = []
    const apiCalls: string[] = []
    page.on('request', (request) => {
      if (isAppScript(request.url())) appChunks.push(new URL(request.url()).pathname)
      if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(new URL(request.url()).pathname)
    })
    await page.goto(reportUrl)
    await page.getByTestId('report-meta').waitFor()
    return { page, appChunks, apiCalls }
  }

  it('loads with 0 app chunks; a tap on search boots the app with search open where the button was (the reader not moved), and the search works', async () => {
    const { page, appChunks, apiCalls } = await openReader()
    // the whole report is there, to its last part, and the document's script has run (search shown)
    await page.getByText('四、2024年推进法治政府建设的工作思路').first().waitFor({ state: 'attached' })
    await page.getByTestId('open-search').waitFor()
    await page.waitForLoadState('networkidle')
    expect(appChunks).toEqual([])
    expect(apiCalls).toEqual([])

    // the reader has scrolled: the search button sits 120 px from the top of the screen, not where
    // the page starts it (so an app that came up at its own top would show it elsewhere)
    const natural = await page.evaluate(() => document.getElementById('report-search')?.getBoundingClientRect().top ?? NaN)
    await page.evaluate(() => window.scrollBy(0, (document.getElementById('report-search')?.getBoundingClientRect().top ?? 0) - 120))
    const before = await page.evaluate(() => document.getElementById('report-search')?.getBoundingClientRect().top ?? NaN)
    expect(Math.abs(before - 120)).toBeLessThanOrEqual(1)
    expect(Math.abs(natural - before)).toBeGreaterThan(100)
    expect(appChunks).toEqual([])

    await tap(page.getByTestId('open-search'))
    // the app boots and takes over: the document's copy goes
    await page.locator('#first-screen').waitFor({ state: 'detached', timeout: 30_000 })
    expect(appChunks.length).toBeGreaterThan(0)
    // search is open where the button was, and the reader has not been moved
    const input = page.locator('.search-input input, input.search-input').first()
    await input.waitFor()
    const after = await page.evaluate(() => document.getElementById('report-search')?.getBoundingClientRect().top ?? NaN)
    expect(Math.abs(after - before)).toBeLessThanOrEqual(2)
    await page.screenshot({ path: screenshotPath('reader-document-takeover') })

    await input.click()
    await page.keyboard.type('法律援助')
    await tap(page.getByText('搜索', { exact: true }))
    await page
      .getByTestId('search-results')
      .getByText(/找到 \d+ 处/)
      .waitFor()
    await page.close()
  })

  it('with JavaScript off, has every section, a 目录 whose links land, and 12348', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    await page.goto(reportUrl)
    await page.getByText(SEED_TITLE).first().waitFor()
    // every part of the report, as the API has it
    const { reports } = (await (await fetch(`${bff.baseUrl}/api/reports`)).json()) as { reports: { id: string }[] }
    const detail = (await (await fetch(`${bff.baseUrl}/api/reports/${encodeURIComponent(reports[0].id)}`)).json()) as {
      sections: { marker: string; title: string }[]
    }
    expect(await page.locator('.report-heading-1').allTextContents()).toEqual(detail.sections.map((section) => `${section.marker}${section.title}`))
    await page.getByTestId('noscript-note').waitFor()
    await page.getByTestId('toc-toggle').click()
    await page.getByTestId('toc').getByText(/^四、/).click()
    await page.waitForFunction(() => {
      const box = document.querySelector('#s4')?.getBoundingClientRect()
      return box !== undefined && box.top >= 0 && box.top < 40
    })
    expect(await page.locator('a[href="tel:12348"]').count()).toBeGreaterThan(0)
    await context.close()
  })

  it('opens 二维码 and 目录 without the app, and the dock comes up once the title has scrolled away', async () => {
    const { page, appChunks } = await openReader()
    await tap(page.getByTestId('qr-toggle'))
    await page.getByText('扫码在手机上打开').waitFor()
    await page.waitForFunction(() => {
      const image = document.querySelector('[data-testid="qr-h5"] img') as HTMLImageElement | null
      return image !== null && image.complete && image.naturalWidth > 0
    })
    expect(await page.getByTestId('reader-dock').isVisible()).toBe(false)
    await tap(page.getByTestId('toc-toggle'))
    await tap(page.getByTestId('toc').getByText(/^四、/))
    await page.getByTestId('reader-dock').waitFor()
    await tap(page.getByTestId('dock-toc-toggle'))
    await tap(page.getByTestId('dock-toc').getByText(/^二、/))
    await page.waitForFunction(() => {
      const box = document.querySelector('#s2')?.getBoundingClientRect()
      return box !== undefined && box.top >= 0 && box.top < 40
    })
    expect(await page.getByTestId('dock-toc').isVisible()).toBe(false)
    await tap(page.getByTestId('back-to-top'))
    await page.waitForFunction(() => window.scrollY === 0)
    expect(appChunks).toEqual([])
    await page.close()
  })
})
