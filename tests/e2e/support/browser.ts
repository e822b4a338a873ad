import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Locator } from 'playwright-core'

export const CHROMIUM_PATH = '/usr/bin/chromium'
export const artifactsDir = path.resolve(__dirname, '../../../test-artifacts')

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * Browser suites run when Debian's chromium is installed and are reported as skipped, by name,
 * otherwise — unless REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
 */
export function describeInBrowser(title: string, suite: () => void): void {
  if (fs.existsSync(CHROMIUM_PATH)) {
    describe(title, suite)
    return
  }
  if (process.env.REQUIRE_BROWSER === '1') {
    describe(title, () => {
      it('needs Chromium at /usr/bin/chromium (REQUIRE_BROWSER=1)', () => {
        throw new Error(`Chromium is required but ${CHROMIUM_PATH} does not exist: apt-get install -y chromium`)
      })
    })
    return
  }
  describe.skip(`${title} (skipped: ${CHROMIUM_PATH} not found)`, suite)
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(artifactsDir, { recursive: true })
  return path.join(artifactsDir, `${name}.png`)
}

/** A cheap Android phone's screen: the people we build for read on 360–375 px wide screens. */
export function newPhonePage(browser: Browser, options: { serviceWorkers?: 'allow' | 'block' } = {}) {
  return browser.newPage({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', ...options })
}

/**
 * A finger tap at the middle of the element. Taro's pull-to-refresh wrapper confuses Playwright's
 * hit-target check for `click()`, though a real tap (and a real click) reaches the element.
 */
export async function tap(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible' })
  await locator.scrollIntoViewIfNeeded()
  // a page still sliding out (Taro H5's transitions) lies over the element for a moment: a finger
  // would wait until it is gone, so wait until the middle of the element is the element itself
  await locator
    .evaluate(
      (element) =>
        new Promise<void>((resolve) => {
          const deadline = Date.now() + 3_000
          const check = () => {
            const rect = element.getBoundingClientRect()
            const hit = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2)
            if ((hit && (element === hit || element.contains(hit) || hit.contains(element))) || Date.now() > deadline) resolve()
            else setTimeout(check, 50)
          }
          check()
        }),
    )
    .catch(() => undefined)
  const box = await locator.boundingBox()
  if (!box) throw new Error('element has no box to tap')
  await locator.page().touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2)
}
