/**
 * Largest Contentful Paint of 首页 and of the report reader in Chromium under Slow-4G (150 ms RTT,
 * 1.6 Mbps down, 750 Kbps up) and a 4× CPU slowdown, set through the DevTools protocol; median of
 * 5 cold loads each, against the built H5 app served by the real BFF. Budget: ≤ 2.5 s.
 */
import fs from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { startBff } from '../tests/support/bff-process'

export interface LcpResult {
  page: string
  runsMs: number[]
  medianMs: number
}

const RUNS = 5

export async function runLcpBench(): Promise<LcpResult[] | null> {
  if (!fs.existsSync('/usr/bin/chromium') || !fs.existsSync(path.resolve(__dirname, '../dist/h5/index.html'))) return null
  const bff = await startBff({ env: { RATE_LIMIT: 'off' } })
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
  try {
    const reports = (await (await fetch(`${bff.baseUrl}/api/reports`)).json()) as { reports: { id: string }[] }
    const targets = [
      { page: '首页', path: '/' },
      { page: '读报告', path: `/pages/report/index?id=${reports.reports[0].id}` },
    ]
    const results: LcpResult[] = []
    for (const target of targets) {
      const runsMs: number[] = []
      for (let run = 0; run < RUNS; run += 1) {
        // a fresh context each time: a cold cache, as on a first scan of the QR code
        const context = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })
        const page = await context.newPage()
        const cdp = await context.newCDPSession(page)
        await cdp.send('Network.enable')
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 })
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
        await page.addInitScript(() => {
          const store = window as unknown as { __lcp: number }
          store.__lcp = 0
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) store.__lcp = Math.max(store.__lcp, entry.startTime)
          }).observe({ type: 'largest-contentful-paint', buffered: true })
        })
        await page.goto(`${bff.baseUrl}${target.path}`, { waitUntil: 'networkidle', timeout: 60_000 })
        await page.waitForTimeout(1000)
        const lcp = Math.round(await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp))
        // an entry can be missing when the page painted nothing large enough; that run is not counted
        if (lcp > 0) runsMs.push(lcp)
        await context.close()
      }
      const sorted = [...runsMs].sort((a, b) => a - b)
      results.push({ page: target.page, runsMs, medianMs: sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)] : Number.NaN })
    }
    return results
  } finally {
    await browser.close()
    await bff.stop()
    bff.cleanup()
  }
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  void runLcpBench().then((result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`))
}
