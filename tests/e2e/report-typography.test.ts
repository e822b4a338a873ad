import type { Locator, Page } from 'playwright-core'
import { servedH5ForSuite } from './support/h5-suite'
import { describeInBrowser, newPhonePage, screenshotPath, tap } from './support/browser'

jest.setTimeout(120_000)

interface Typesetting {
  paragraphs: number
  /** paragraphs whose lines can be stretched: justified or letter-spaced */
  stretched: string[]
  chips: number
  /** figure chips (value + unit) broken over two lines */
  brokenChips: string[]
}

/** How the report text under `root` is set, as the browser computed it. */
async function typesetting(page: Page, root: string): Promise<Typesetting> {
  return page.evaluate((rootSelector) => {
    const scope = document.querySelector(rootSelector) ?? document.body
    const paragraphs = Array.from(scope.querySelectorAll('.report-paragraph'))
    const stretched = paragraphs
      .filter((paragraph) => {
        const style = getComputedStyle(paragraph)
        // justify stretches a line whose next run cannot break onto it (领 取 260 项)
        const justified = style.textAlign === 'justify'
        const spaced = style.letterSpacing !== 'normal' && parseFloat(style.letterSpacing) !== 0
        return justified || spaced
      })
      .map((paragraph) => (paragraph.textContent ?? '').slice(0, 20))
    const chips = Array.from(scope.querySelectorAll('.figure-mark'))
    const brokenChips = chips
      .filter((chip) => {
        const range = document.createRange()
        range.selectNodeContents(chip)
        // one box per line the chip's text sits on
        return chip.getClientRects().length !== 1 || new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top))).size !== 1
      })
      .map((chip) => chip.textContent ?? '')
    return { paragraphs: paragraphs.length, stretched, chips: chips.length, brokenChips }
  }, root)
}

describeInBrowser('report reader typeset as Chinese (H5, 375 px)', () => {
  const { bff, browser } = servedH5ForSuite()
  let page: Page
  let readerUrl: string
  beforeAll(async () => {
    page = await newPhonePage(browser)
    const { reports } = (await (await fetch(`${bff.baseUrl}/api/reports`)).json()) as { reports: { id: string }[] }
    readerUrl = `${bff.baseUrl}/pages/report/index?id=${encodeURIComponent(reports[0].id)}`
  })

  /** The reader with every section rendered (it renders the rest as the reader scrolls). */
  async function openReader(): Promise<void> {
    await page.goto(readerUrl)
    await page.getByTestId('report-meta').waitFor({ timeout: 20_000 })
    await page.locator('.report-paragraph').filter({ hasText: '法律援助1175' }).first().waitFor({ timeout: 20_000 })
  }

  it('no paragraph is justified or letter-spaced, and every figure chip keeps its value and unit on one line', async () => {
    await openReader()
    const set = await typesetting(page, '.taro_page')
    expect(set.paragraphs).toBeGreaterThan(10)
    expect(set.chips).toBeGreaterThan(10)
    expect(set.stretched).toEqual([])
    expect(set.brokenChips).toEqual([])
    await page.screenshot({ path: screenshotPath('reader-typography') })
  })

  it('in 大字模式 too, where more chips fall at the end of a line', async () => {
    await page.goto(`${bff.baseUrl}/pages/me/index`)
    await tap(page.getByTestId('font-scale-1.5'))
    await openReader()
    const set = await typesetting(page, '.taro_page')
    expect(set.chips).toBeGreaterThan(10)
    expect(set.stretched).toEqual([])
    expect(set.brokenChips).toEqual([])
    await page.goto(`${bff.baseUrl}/pages/me/index`)
    await tap(page.getByTestId('font-scale-1'))
  })

  it('the first screen the BFF writes (JavaScript off) is set the same way', async () => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      javaScriptEnabled: false,
    })
    const firstScreen = await context.newPage()
    await firstScreen.goto(readerUrl)
    await firstScreen.locator('#first-screen .report-paragraph').first().waitFor()
    const set = await typesetting(firstScreen, '#first-screen')
    expect(set.paragraphs).toBeGreaterThan(0)
    expect(set.chips).toBeGreaterThan(0)
    expect(set.stretched).toEqual([])
    expect(set.brokenChips).toEqual([])
    await context.close()
  })

  it('数说 names the unitless 1175 by its words, 为困难群众提供法律援助, and does not tell residents 原文缺单位', async () => {
    await openReader()
    const tile: Locator = page
      .getByTestId('figure-grid')
      .locator('.figure-tile')
      .filter({ has: page.locator('.figure-value', { hasText: /^1175$/ }) })
    await tile.waitFor()
    expect((await tile.locator('.figure-label').textContent())?.trim()).toBe('为困难群众提供法律援助')
    // that the source lost the unit is an editor's note, not shown to residents
    expect(await tile.textContent()).not.toContain('原文缺单位')
  })

  it.each([1, 1.5])('at %sx, the 索引号 breaks only after its slash and no half of it is split over two lines', async (scale) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    // 大字模式 as 我的 stores it (Taro's storage wraps the value)
    await context.addInitScript((value) => window.localStorage.setItem('fzt.fontScale', JSON.stringify({ data: value })), scale)
    const reader = await context.newPage()
    await reader.goto(readerUrl)
    const value = reader.getByTestId('report-meta').locator('.meta-value').first()
    await value.waitFor({ timeout: 20_000 })
    if (scale === 1.5) await reader.locator('.page.scale-150').first().waitFor()
    expect((await value.textContent())?.trim()).toBe('11500241358692734W/2024-00016')
    const halves = await value
      .locator('.nowrap')
      .evaluateAll((runs) => runs.map((run) => ({ text: run.textContent, lines: run.getClientRects().length, right: run.getBoundingClientRect().right })))
    expect(halves.map((half) => half.text)).toEqual(['11500241358692734W/', '2024-00016'])
    for (const half of halves) {
      expect(half.lines).toBe(1)
      expect(half.right).toBeLessThanOrEqual(375)
    }
    await context.close()
  })
})
