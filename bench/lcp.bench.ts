/**
 * Largest Contentful Paint of 首页 and of the report reader in Chromium under Slow-4G (150 ms RTT,
 * 1.6 Mbps down, 750 Kbps up) and a 4× CPU slowdown, set through the DevTools protocol; median of
 * 5 cold loads each, against the built H5 app served by the real BFF. Goal: ≤ 2,000 ms.
 *
 * `npx tsx bench/lcp.bench.ts`; `runLcpBench({ baseUrl, paths })` measures against a BFF that is
 * already running (bench/run.ts starts one for all browser benchmarks).
 */
import path from 'node:path'
import { benchPages, browserBenchUnavailable, launchChromium, withBuiltBff, type BenchPage } from './wire-bytes'

export interface LcpResult {
  page: string
  runsMs: number[]
  medianMs: number
}

const RUNS = 5

export { LCP_GOAL_MS } from './goals'

/** `null` when Chromium or dist/h5 is missing; without `target` it starts (and stops) its own BFF. */
export async function runLcpBench(target?: { baseUrl: string; paths: BenchPage[] }): Promise<LcpResult[] | null> {
  if (browserBenchUnavailable()) return null
  if (!target) return withBuiltBff((baseUrl, reportId) => measureLcp(baseUrl, benchPages(reportId)))
  return measureLcp(target.baseUrl, target.paths)
}

async function measureLcp(baseUrl: string, targets: BenchPage[]): Promise<LcpResult[]> {
  const browser = await launchChromium()
  try {
    const results: LcpResult[] = []
    for (const target of targets) {
      const runsMs: number[] = []
      for (let run = 0; run < RUNS; run += 1) {
        // a fresh context each time: a cold cache, as on a first scan of the QR code
        const context = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true })
        const page = await context.newPage()
        const cdp = await context.newCDPSession(page)
        await cdp.send('Network.enable')
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 150,
          downloadThroughput: (1.6 * 1024 * 1024) / 8,
          uploadThroughput: (750 * 1024) / 8,
        })
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
        await page.addInitScript(() => {
          const store = window as unknown as { __lcp: number }
          store.__lcp = 0
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) store.__lcp = Math.max(store.__lcp, entry.startTime)
          }).observe({ type: 'largest-contentful-paint', buffered: true })
        })
        await page.goto(`${baseUrl}${target.path}`, { waitUntil: 'networkidle', timeout: 60_000 })
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
  }
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  void runLcpBench().then((result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`))
}
