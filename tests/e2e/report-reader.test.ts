import type { Locator, Page } from 'playwright-core'
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat'
import { servedH5ForSuite } from './support/h5-suite'
import { describeInBrowser, newPhonePage, screenshotPath, tap } from './support/browser'

jest.setTimeout(90_000)

const SEED_TITLE = '秀山土家族苗族自治县2023年度法治政府建设情况报告'

async function isInViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect()
    return box.top >= 0 && box.top < window.innerHeight
  })
}

/** Waits until the element has not moved for 150 ms (a smooth scroll, of whatever container, has ended). */
async function settled(locator: Locator): Promise<void> {
  const top = () => locator.evaluate((element) => element.getBoundingClientRect().top)
  let last = await top()
  for (let still = 0; still < 3;) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    const now = await top()
    still = now === last ? still + 1 : 0
    last = now
  }
}

async function fontSize(locator: Locator): Promise<number> {
  return locator.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))
}

describeInBrowser('report reader (H5, phone screen)', () => {
  const { bff, browser } = servedH5ForSuite()
  let page: Page
  beforeAll(async () => {
    page = await newPhonePage(browser)
  })

  it('opens from 首页, shows metadata, TOC jumps to 四, search lands on the paragraph, elder mode enlarges the text', async () => {
    await page.goto(bff.baseUrl)
    await page.getByTestId('headline-figures').waitFor({ timeout: 20_000 })
    await tap(page.getByText('阅读全文', { exact: true }))

    await page.getByTestId('report-meta').waitFor({ timeout: 20_000 })
    expect(page.url()).toMatch(/\/pages\/report\/index\?id=/)
    await page.getByTestId('report-meta').getByText('11500241358692734W/2024-00016').waitFor()
    await page.getByText('发文字号').waitFor()
    expect(await page.getByTestId('report-meta').getByText('未标注').count()).toBe(1)

    // 数说 and the committee chart
    await page.getByTestId('figure-grid').getByText('为困难群众提供法律援助', { exact: true }).waitFor()
    await page.getByRole('img', { name: /村居调委会 9457件/ }).waitFor()

    // TOC → 四
    await tap(page.getByTestId('toc-toggle'))
    await tap(page.getByTestId('toc').getByText(/^四、/))
    const sectionFour = page.locator('#s4')
    await page.waitForFunction(() => {
      const box = document.querySelector('#s4')?.getBoundingClientRect()
      return box !== undefined && box.top >= 0 && box.top < window.innerHeight / 2
    })
    // where the jump ends, once the smooth scroll has: the heading whole, just below the top (it used
    // to end 15 px cut off, which the check above, made mid-scroll, could not see)
    await settled(sectionFour)
    expect(await isInViewport(sectionFour)).toBe(true)

    // search 法律援助 → the paragraph of (二)2 (the search box loads when asked for); the TOC jump's
    // smooth scroll must end first, or a tap aimed at the button lands where it was (slow CI machines)
    await settled(page.getByTestId('open-search'))
    await tap(page.getByTestId('open-search'))
    await page.locator('.search-input input, input.search-input, .search-input').first().click()
    await page.keyboard.type('法律援助')
    await tap(page.getByText('搜索', { exact: true }))
    const results = page.getByTestId('search-results')
    await results.getByText(/找到 \d+ 处/).waitFor()
    // the count is the number of highlighted marks (it used to count paragraphs: 找到 1 处 beside two marks)
    const summary = (await results.getByTestId('search-summary').textContent()) ?? ''
    expect(Number(/找到 (\d+) 处/.exec(summary)?.[1])).toBe(await results.locator('.search-mark').count())
    // the query sits in the middle of its box, tall enough for the whole line (it sat at the top, cut)
    const inputBoxes = await page
      .locator('.search-input')
      .first()
      .evaluate((host) => {
        const input = host.querySelector('input') ?? host
        const outer = host.getBoundingClientRect()
        const inner = input.getBoundingClientRect()
        return {
          outerMid: outer.top + outer.height / 2,
          innerMid: inner.top + inner.height / 2,
          innerHeight: inner.height,
          fontSize: parseFloat(getComputedStyle(input).fontSize),
        }
      })
    expect(Math.abs(inputBoxes.outerMid - inputBoxes.innerMid)).toBeLessThanOrEqual(2)
    expect(inputBoxes.innerHeight).toBeGreaterThanOrEqual(inputBoxes.fontSize * 1.5)
    await tap(results.locator('.search-hit').first())
    const focused = page.locator('.report-paragraph-focused')
    await focused.waitFor()
    expect(await focused.textContent()).toContain('法律援助1175')
    // where the hit lands, the words searched for are marked, as in the results
    const landed = focused.getByTestId('landed-mark')
    expect(await landed.count()).toBeGreaterThan(0)
    expect(new Set(await landed.allTextContents())).toEqual(new Set(['法律援助']))
    expect(await landed.first().evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(255, 229, 143)')
    await page.waitForFunction(() => {
      const box = document.querySelector('.report-paragraph-focused')?.getBoundingClientRect()
      return box !== undefined && box.top >= 0 && box.top < window.innerHeight
    })
    const before = await fontSize(focused)
    await page.waitForTimeout(600)
    await page.screenshot({ path: screenshotPath('reader-search-result') })

    // elder mode on 我的, then back to the reader
    await page.goto(`${bff.baseUrl}/pages/me/index`)
    await tap(page.getByTestId('font-scale-1.5'))
    await page.goBack()
    await page.goto(page.url())
    await page.getByTestId('report-meta').waitFor({ timeout: 20_000 })
    const paragraph = page.locator('.report-paragraph').filter({ hasText: '法律援助1175' })
    expect(await fontSize(paragraph)).toBeCloseTo(before * 1.5, 0)
    await page.waitForTimeout(600)
    await page.screenshot({ path: screenshotPath('reader-elder-mode') })
  })

  it('a shared link with a section opens the reader at that section', async () => {
    const reports = (await (await fetch(`${bff.baseUrl}/api/reports`)).json()) as { reports: { id: string }[] }
    await page.goto(`${bff.baseUrl}/pages/report/index?id=${reports.reports[0].id}&section=s3`)
    await page.getByText(SEED_TITLE).first().waitFor({ timeout: 20_000 })
    await page.waitForFunction(() => {
      const box = document.querySelector('#s3')?.getBoundingClientRect()
      return box !== undefined && box.top >= 0 && box.top < window.innerHeight
    })
    // where the jump ends, not mid-scroll: a jump still running would also scroll the next test's page away
    await settled(page.locator('#s3'))
    expect(await page.locator('#s3').evaluate((element) => element.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0)
  })

  it('shows the QR code of the page, drawn by /api/qr; without a mini program, the H5 code alone, and no 小程序码 is asked for', async () => {
    const qrResponses: number[] = []
    const wxacodeRequests: string[] = []
    page.on('response', (response) => {
      if (response.url().includes('/api/qr')) qrResponses.push(response.status())
    })
    page.on('request', (request) => {
      if (request.url().includes('/wxacode')) wxacodeRequests.push(request.url())
    })
    await tap(page.getByText('二维码', { exact: true }))
    await page.getByText('扫码在手机上打开').waitFor()
    await page.waitForFunction(() => {
      const image = document.querySelector('[data-testid="qr-h5"] img') as HTMLImageElement | null
      return image !== null && image.complete && image.naturalWidth > 0
    })
    expect(qrResponses).toContain(200)
    await page.getByText('手机相机扫一扫 · 网页').waitFor()
    // this BFF has no WeChat and the report says so: no 小程序码 half, and no request that would answer 404
    expect(await page.getByTestId('qr-wxacode').count()).toBe(0)
    await page.waitForTimeout(300)
    expect(wxacodeRequests).toEqual([])
  })

  it('once the title has scrolled away, 目录 and 回到顶部 sit in a bar at the bottom, big, covering no text at the end', async () => {
    const { reports } = (await (await fetch(`${bff.baseUrl}/api/reports`)).json()) as { reports: { id: string }[] }
    await page.goto(`${bff.baseUrl}/pages/report/index?id=${reports[0].id}`)
    await page.getByTestId('report-meta').waitFor({ timeout: 20_000 })
    // (a page load of the reader is its document, whose bar is there but hidden until the title has gone)
    expect(await page.getByTestId('reader-dock').isVisible()).toBe(false)
    // down to 四 by the top 目录
    await tap(page.getByTestId('toc-toggle'))
    await tap(page.getByTestId('toc').getByText(/^四、/))
    const dock = page.getByTestId('reader-dock')
    await dock.waitFor({ timeout: 10_000 })
    const viewport = page.viewportSize() ?? { width: 375, height: 740 }
    for (const testId of ['dock-toc-toggle', 'back-to-top']) {
      const box = await page.getByTestId(testId).boundingBox()
      expect(box?.height).toBeGreaterThanOrEqual(48)
      expect(box?.width).toBeGreaterThanOrEqual(viewport.width * 0.4)
      // within a thumb's reach: the bottom edge
      expect((box?.y ?? 0) + (box?.height ?? 0)).toBeGreaterThan(viewport.height - 24)
    }
    // the floating 目录 opens above the bar and jumps
    await tap(page.getByTestId('dock-toc-toggle'))
    await tap(page.getByTestId('dock-toc').getByText(/^二、/))
    await page.waitForFunction(() => {
      const box = document.querySelector('#s2')?.getBoundingClientRect()
      return box !== undefined && box.top >= 0 && box.top < window.innerHeight / 2
    })
    await settled(page.locator('#s2'))
    expect(await page.getByTestId('dock-toc').isVisible()).toBe(false)
    // at the very end, the last words stand above the bar, not under it
    await page.evaluate(() => {
      const scroller = document.querySelector('.taro_page') as HTMLElement | null
      if (scroller) scroller.scrollTop = scroller.scrollHeight
      window.scrollTo(0, document.documentElement.scrollHeight)
    })
    const lastParagraph = page.locator('.report-body .report-paragraph').last()
    await settled(lastParagraph)
    const lastWords = await lastParagraph.boundingBox()
    const bar = await dock.boundingBox()
    expect((lastWords?.y ?? 0) + (lastWords?.height ?? 0)).toBeLessThanOrEqual(bar?.y ?? 0)
    await page.screenshot({ path: screenshotPath('reader-dock') })
    // 回到顶部: the title is back in sight, and the bar goes
    await tap(page.getByTestId('back-to-top'))
    await page.waitForFunction(() => {
      const box = document.querySelector('.report-title')?.getBoundingClientRect()
      return box !== undefined && box.top >= 0 && box.top < window.innerHeight / 2
    })
    await page.getByTestId('reader-dock').waitFor({ state: 'hidden', timeout: 5_000 })
  })

  it('after a QR landing, 找服务站 › opens the finder on top of the reader: 返回 comes back to the reader, not out of the app', async () => {
    const { reports } = (await (await fetch(`${bff.baseUrl}/api/reports`)).json()) as { reports: { id: string }[] }
    // a fresh tab, opened by a scanned code straight onto the reader
    const landed = await newPhonePage(browser)
    await landed.goto(`${bff.baseUrl}/pages/report/index?id=${reports[0].id}`)
    await landed.getByTestId('report-meta').waitFor({ timeout: 20_000 })
    const link = landed.getByTestId('figure-grid').getByText('找服务站 ›').first()
    await tap(link)
    await landed.waitForURL(/\/pages\/stations\/index$/, { timeout: 10_000 })
    await landed.locator('.weui-tabbar').filter({ visible: true }).first().waitFor({ timeout: 10_000 })
    await landed.goBack()
    await landed.waitForURL(/\/pages\/report\/index\?id=/, { timeout: 10_000 })
    expect(landed.url()).not.toBe('about:blank')
    // the reader is shown again (the router drops the one it left, after its page transition)
    await landed.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid="report-meta"]')).filter((element) => (element as HTMLElement).offsetParent !== null).length === 1,
      undefined,
      { timeout: 20_000 },
    )
    await landed.close()
  })

  it('a broken link (bad percent-encoding) says so in words and leads back to 首页, never a blank page', async () => {
    await page.goto(`${bff.baseUrl}/pages/report/index?id=2023-x&section=%E4%B8`)
    await page.getByText('这个链接不完整或有误', { exact: false }).first().waitFor({ timeout: 20_000 })
    await tap(page.getByTestId('back-home').filter({ visible: true }).first())
    await page.waitForURL(/\/pages\/home\/index|\/$/, { timeout: 20_000 })
  })
})

describeInBrowser('report reader with a mini program configured (H5, fake WeChat on 127.0.0.1)', () => {
  let wechat: FakeWechat
  // the fake WeChat first: the BFF is started with its address
  beforeAll(async () => {
    wechat = await startFakeWechat({ appId: 'wx-e2e', secret: 'e2e-secret', codes: {} })
  })
  const { bff, browser } = servedH5ForSuite(() => ({ env: { WECHAT_APPID: 'wx-e2e', WECHAT_SECRET: 'e2e-secret', WECHAT_API_BASE: wechat.baseUrl } }))
  afterAll(async () => {
    await wechat?.close()
  })

  it('the 二维码 card shows both codes, each labelled: the 小程序码 for WeChat and the H5 code for any camera', async () => {
    const page = await newPhonePage(browser)
    const { reports } = (await (await fetch(`${bff.baseUrl}/api/reports`)).json()) as { reports: { id: string }[] }
    await page.goto(`${bff.baseUrl}/pages/report/index?id=${reports[0].id}`)
    await page.getByText(SEED_TITLE).first().waitFor({ timeout: 20_000 })
    await tap(page.getByText('二维码', { exact: true }))
    for (const testId of ['qr-wxacode', 'qr-h5']) {
      await page.waitForFunction((id) => {
        const image = document.querySelector(`[data-testid="${id}"] img`) as HTMLImageElement | null
        return image !== null && image.complete && image.naturalWidth > 0
      }, testId)
    }
    await page.getByText('微信扫一扫 · 小程序').waitFor()
    await page.getByText('手机相机扫一扫 · 网页').waitFor()
    expect(wechat.wxacodeRequests.map((call) => call.body.page)).toEqual(['pages/report/index'])
    await page.screenshot({ path: screenshotPath('report-qr-both-codes') })
  })
})
