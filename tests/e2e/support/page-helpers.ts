import fs from 'node:fs'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { repoRoot } from '../../support/bff-process'
import { screenshotPath, tap } from './browser'

/**
 * Whether a request is for one of the app's own scripts (Taro's runtime, the app, its pages'
 * chunks) rather than the documents' small script (`/js/document.<hash>.js`): a document page
 * fetches none of them until the app is needed.
 */
export function isAppScript(url: string): boolean {
  const { pathname } = new URL(url)
  return pathname.startsWith('/js/') && !/^\/js\/document\.[0-9a-f]+\.js$/.test(pathname)
}

export function requireH5Build(): void {
  if (!fs.existsSync(path.join(repoRoot, 'dist/h5/index.html'))) {
    throw new Error('dist/h5 is missing: run `npm run build:h5` (npm test builds it when stale)')
  }
}

/** Taro H5 keeps earlier pages in the DOM, hidden: only look at what is on screen. */
export function visible(locator: Locator): Locator {
  return locator.filter({ visible: true }).first()
}

export async function settle(page: Page): Promise<void> {
  // page transitions and fonts
  await page.waitForTimeout(600)
}

/** Nothing sticks out sideways on the phone, and every button is a comfortable tap target. */
export async function expectPhoneLayout(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(overflow).toBeLessThanOrEqual(375)
  const small = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[role="button"], [role="radio"], [role="checkbox"]'))
      .filter((element) => (element as HTMLElement).offsetParent !== null)
      .map((element) => ({ text: (element.textContent ?? '').trim().slice(0, 20), height: element.getBoundingClientRect().height }))
      .filter((entry) => entry.height < 44),
  )
  expect(small).toEqual([])
}

/**
 * The whole page in one picture: Taro H5 scrolls inside its page element, not the document, so
 * Playwright's fullPage sees one screen; the viewport is stretched to the content for the shot.
 */
export async function screenshotWhole(page: Page, name: string): Promise<void> {
  await settle(page)
  const height = await page.evaluate(() =>
    Math.max(
      document.documentElement.scrollHeight,
      ...Array.from(document.querySelectorAll('.taro_page, .page'))
        .filter((element) => (element as HTMLElement).offsetParent !== null)
        .map((element) => element.scrollHeight),
    ),
  )
  const viewport = page.viewportSize() ?? { width: 375, height: 740 }
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), 6000) })
  await settle(page)
  await page.screenshot({ path: screenshotPath(name), fullPage: true })
  await page.setViewportSize(viewport)
}

/** Types into a Taro <Input> or <Textarea> (the real element inside its web component). */
export async function typeInto(page: Page, testId: string, text: string): Promise<void> {
  const field = visible(page.getByTestId(testId)).locator('input, textarea')
  await field.click()
  await field.fill(text)
}

/** A tap in the middle of the screen: at the bottom edge, the fixed tab bar would take it. */
export async function tapCentred(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 20_000 })
  await locator.evaluate((element) => element.scrollIntoView({ block: 'center' }))
  await tap(locator)
}

/** The on-screen text of the element with this test id, white space folded. */
export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await visible(page.getByTestId(testId)).textContent()) ?? '').replace(/\s+/g, ' ').trim()
}

/** Sum of the page's layout shifts not caused by input (what CLS adds up), since navigation. */
export async function layoutShiftTotal(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
            if (!entry.hadRecentInput) total += entry.value
        }).observe({ type: 'layout-shift', buffered: true })
        setTimeout(() => resolve(total), 300)
      }),
  )
}
