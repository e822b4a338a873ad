/**
 * Lighthouse 12 (Node API) on 首页 and the report reader, against the built H5 app served by the
 * real BFF: the default configuration, i.e. a mobile phone (Moto G Power screen) with simulated
 * Slow-4G (150 ms RTT, 1.6 Mbps) and a 4× CPU slowdown, performance category only. Each page is
 * audited 3 times, each time in a new Chromium with an empty profile (a cold first visit: no HTTP
 * cache, service worker or IndexedDB left by the run before); each metric is the median of its
 * runs, taken metric by metric. A run whose page failed to load is retried once (noted in its
 * warnings). Goals (bench/goals.ts): score ≥ 95, TBT ≤ 200 ms, LCP ≤ 2.0 s, TTI ≤ 2.5 s.
 *
 * Time to interactive is no longer part of the score (Lighthouse 10 dropped it) but Lighthouse 12
 * still computes it, simulated like the rest: the `interactive` audit's numericValue.
 *
 * TBT and the simulated LCP/Speed Index scale the CPU time observed on this machine by 4: on a
 * busy machine they come out worse than on an idle one.
 *
 * `npx tsx bench/lighthouse.bench.ts` (LH_RUNS=n to change the number of runs).
 */
import path from 'node:path'
import { benchPages, browserBenchUnavailable, CHROMIUM_FLAGS, CHROMIUM_PATH, withBuiltBff, type BenchPage } from './wire-bytes'

export interface LighthouseRun {
  /** 0–100 */
  score: number
  lcpMs: number
  fcpMs: number
  tbtMs: number
  /** time to interactive (audit `interactive`) */
  ttiMs: number
  cls: number
  speedIndexMs: number
  warnings: string[]
}

export interface LighthouseResult {
  page: string
  path: string
  runs: LighthouseRun[]
  /** every field is the median of the runs, taken field by field */
  median: Omit<LighthouseRun, 'warnings'>
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Why the documents of a run failed to load, from its DevTools log (Lighthouse reports only "an interstitial"). */
function failedDocuments(log: { method: string; params: unknown }[] | undefined): string {
  const documents = new Map<string, string>()
  const failures: string[] = []
  for (const { method, params } of log ?? []) {
    const event = params as { requestId: string; type?: string; request?: { url: string }; errorText?: string; blockedReason?: string; canceled?: boolean }
    if (method === 'Network.requestWillBeSent' && event.type === 'Document' && event.request) documents.set(event.requestId, event.request.url)
    if (method === 'Network.loadingFailed' && documents.has(event.requestId)) {
      failures.push(
        `${documents.get(event.requestId)}: ${event.errorText ?? 'failed'}${event.blockedReason ? ` (${event.blockedReason})` : ''}${event.canceled ? ' (canceled)' : ''}`,
      )
    }
  }
  return failures.length > 0 ? ` [${failures.join('; ')}]` : ''
}

export async function runLighthouseBench(params: { baseUrl: string; paths: BenchPage[]; runs?: number }): Promise<LighthouseResult[]> {
  const runs = params.runs ?? 3
  // chrome-launcher (and Lighthouse's own helpers) look here for the browser
  process.env.CHROME_PATH = CHROMIUM_PATH
  // both are ES modules: loaded with import(), never require()
  const { default: lighthouse } = await import('lighthouse')
  const chromeLauncher = await import('chrome-launcher')
  const audit = async (url: string) => {
    // a new Chromium with a new profile for every run: Lighthouse clears the HTTP cache, service
    // workers and Cache Storage itself but keeps IndexedDB and localStorage, where the app keeps
    // data for offline use; a run must not find the previous run's
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM_PATH,
      chromeFlags: [...CHROMIUM_FLAGS.filter((flag) => flag !== '--headless'), '--headless=new'],
      logLevel: 'silent',
    })
    try {
      // no config: Lighthouse's default, the mobile form factor with simulated throttling
      const answer = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] })
      if (!answer) throw new Error(`Lighthouse returned nothing for ${url}`)
      const { lhr } = answer
      if (!lhr.runtimeError) return { lhr, problem: null }
      return { lhr, problem: `${lhr.runtimeError.code} ${lhr.runtimeError.message}${failedDocuments(answer.artifacts.DevtoolsLog)}` }
    } finally {
      chrome.kill()
    }
  }
  const results: LighthouseResult[] = []
  for (const target of params.paths) {
    const pageRuns: LighthouseRun[] = []
    for (let run = 0; run < runs; run += 1) {
      const url = `${params.baseUrl}${target.path}`
      const retried: string[] = []
      let outcome = await audit(url)
      if (outcome.problem) {
        // one retry: a page that failed to load once (dist/h5 being rebuilt, say) gets a second chance, noted in the warnings
        retried.push(`retried after ${outcome.problem}`)
        outcome = await audit(url)
        if (outcome.problem) throw new Error(`Lighthouse could not audit ${url}: ${outcome.problem}`)
      }
      const { audits, categories, runWarnings } = outcome.lhr
      const numeric = (id: string): number => {
        const value = audits[id]?.numericValue
        if (typeof value !== 'number') throw new Error(`Lighthouse gave no ${id} for ${url}: ${audits[id]?.errorMessage ?? 'audit missing'}`)
        return value
      }
      const score = categories.performance?.score
      if (typeof score !== 'number') throw new Error(`Lighthouse gave no performance score for ${url}`)
      pageRuns.push({
        score: Math.round(score * 100),
        lcpMs: Math.round(numeric('largest-contentful-paint')),
        fcpMs: Math.round(numeric('first-contentful-paint')),
        tbtMs: Math.round(numeric('total-blocking-time')),
        ttiMs: Math.round(numeric('interactive')),
        cls: Number(numeric('cumulative-layout-shift').toFixed(3)),
        speedIndexMs: Math.round(numeric('speed-index')),
        warnings: [...retried, ...runWarnings.map(String)],
      })
    }
    const of = (field: keyof Omit<LighthouseRun, 'warnings'>) => median(pageRuns.map((run) => run[field]))
    results.push({
      page: target.page,
      path: target.path,
      runs: pageRuns,
      median: {
        score: of('score'),
        lcpMs: of('lcpMs'),
        fcpMs: of('fcpMs'),
        tbtMs: of('tbtMs'),
        ttiMs: of('ttiMs'),
        cls: of('cls'),
        speedIndexMs: of('speedIndexMs'),
      },
    })
  }
  return results
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  const unavailable = browserBenchUnavailable()
  if (unavailable) {
    process.stderr.write(`Lighthouse not run: ${unavailable}\n`)
    process.exit(1)
  }
  const runs = Number(process.env.LH_RUNS ?? 3)
  void withBuiltBff((baseUrl, reportId) => runLighthouseBench({ baseUrl, paths: benchPages(reportId), runs })).then(
    (results) => {
      for (const { page, median: m, runs: all } of results) {
        process.stderr.write(
          `${page}: score ${m.score}, LCP ${m.lcpMs} ms, FCP ${m.fcpMs} ms, TBT ${m.tbtMs} ms, TTI ${m.ttiMs} ms, CLS ${m.cls}, Speed Index ${m.speedIndexMs} ms (scores ${all.map((run) => run.score).join(', ')})\n`,
        )
      }
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
}
