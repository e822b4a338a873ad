/**
 * `npm run bench`: runs every benchmark in bench/, prints one table and writes
 * bench/results/latest.json. Each benchmark measures its own baseline in the same run; nothing
 * here asserts on time (CI enforces only the size budgets, with `npm run sizes`).
 */
import fs from 'node:fs'
import path from 'node:path'
import { H5_JS_WIRE_GOAL, H5_JS_WIRE_LIMIT, weappPackageSizes } from '../scripts/package-sizes'
import { runBookingBench } from './bookings.bench'
import { runDirectoryBench } from './directory-refresh.bench'
import { runThroughputBench } from './http-throughput.bench'
import { LCP_GOAL_MS, runLcpBench } from './lcp.bench'
import { runLighthouseBench } from './lighthouse.bench'
import { runNearestBench } from './nearest.bench'
import { runReportImportBench } from './report-import.bench'
import { benchPages, browserBenchUnavailable, kb, measureWireBytes, withBuiltBff } from './wire-bytes'

const LIGHTHOUSE_SCORE_GOAL = 90

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, '; ')

/** A failing browser benchmark (dist/h5 rebuilt under it, say) is reported, not fatal to the others. */
async function attempt<T>(run: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await run()
  } catch (error) {
    return { error: message(error) }
  }
}

const failed = (value: unknown): value is { error: string } => typeof value === 'object' && value !== null && 'error' in value

async function main(): Promise<void> {
  const rows: [string, string][] = []
  const results: Record<string, unknown> = { measuredAt: new Date().toISOString() }

  if (fs.existsSync(path.resolve(__dirname, '../dist/weapp/app.json'))) {
    const packages = weappPackageSizes()
    results.weappPackages = packages
    for (const { name, bytes } of packages) rows.push([`weapp package ${name}`, `${kb(bytes)} (limit 2 MB)`])
  }

  // the browser benchmarks share one BFF serving dist/h5
  const unavailable = browserBenchUnavailable()
  if (unavailable) {
    rows.push(['H5 wire bytes, LCP, Lighthouse', `not measured: ${unavailable}`])
  } else {
    const browser = await attempt(() =>
      withBuiltBff(async (baseUrl, reportId) => {
        const paths = benchPages(reportId)
        const wireBytes = await attempt(() => measureWireBytes({ baseUrl, paths }))
        const lcp = await attempt(async () => (await runLcpBench({ baseUrl, paths })) ?? { error: 'not measured' })
        const lighthouse = await attempt(() => runLighthouseBench({ baseUrl, paths, runs: Number(process.env.LH_RUNS ?? 3) }))
        return { wireBytes, lcp, lighthouse }
      }),
    )
    const { wireBytes, lcp, lighthouse } = failed(browser) ? { wireBytes: browser, lcp: browser, lighthouse: browser } : browser
    results.wireBytes = wireBytes
    results.lcp = lcp
    results.lighthouse = lighthouse

    if (failed(wireBytes)) rows.push(['H5 wire bytes', `not measured: ${wireBytes.error}`])
    else {
      for (const entry of wireBytes) {
        const encodings = [...new Set(entry.js.files.map((file) => file.encoding ?? 'none'))].join('/')
        rows.push([`H5 JS on the wire, ${entry.page} (cold)`, `${kb(entry.js.wireBytes)} in ${entry.js.requests} requests, ${kb(entry.js.decodedBytes)} decoded, ${encodings} (goal ≤ ${kb(H5_JS_WIRE_GOAL)}; CI limit ${kb(H5_JS_WIRE_LIMIT)})`])
        rows.push([`H5 CSS on the wire, ${entry.page} (cold)`, `${kb(entry.css.wireBytes)} in ${entry.css.requests} requests, ${kb(entry.css.decodedBytes)} decoded; document ${kb(entry.documentBytes)}, API ${kb(entry.apiBytes)}`])
      }
    }

    if (failed(lcp)) rows.push(['LCP', `not measured: ${lcp.error}`])
    else for (const entry of lcp) rows.push([`LCP ${entry.page}, Slow-4G + 4× CPU (median of ${entry.runsMs.length})`, `${entry.medianMs} ms (goal ≤ ${LCP_GOAL_MS.toLocaleString('en')} ms; runs ${entry.runsMs.join(', ')})`])

    if (failed(lighthouse)) rows.push(['Lighthouse', `not measured: ${lighthouse.error}`])
    else {
      for (const entry of lighthouse) {
        const { score, lcpMs, tbtMs, cls } = entry.median
        rows.push([`Lighthouse ${entry.page}, mobile (median of ${entry.runs.length})`, `score ${score} (goal ≥ ${LIGHTHOUSE_SCORE_GOAL}; runs ${entry.runs.map((run) => run.score).join(', ')}); LCP ${lcpMs} ms, TBT ${tbtMs} ms, CLS ${cls}`])
      }
    }
  }

  const nearest = await runNearestBench()
  results.nearest = nearest
  rows.push([`nearest k=5 among ${nearest.stations.toLocaleString('en')} stations`, `${nearest.indexUsPerQuery.toFixed(1)} µs/query (budget ≤ 15 µs; build ${nearest.buildMs.toFixed(0)} ms)`])
  rows.push(['nearest vs a linear scan', `${nearest.speedup.toFixed(0)}× faster (budget ≥ 1,000×; scan ${nearest.linearUsPerQuery.toFixed(0)} µs/query)`])

  const throughput = await runThroughputBench({ durationSeconds: Number(process.env.BENCH_SECONDS ?? 10) })
  results.throughput = throughput
  rows.push(['bare Express handler (baseline)', `${throughput.bareRps.toFixed(0)} req/s`])
  rows.push(['GET /api/stations/nearest', `${throughput.nearestRps.toFixed(0)} req/s = ${throughput.nearestVsBare.toFixed(2)}× baseline (budget ≥ 0.70×)`])
  rows.push(['GET /api/stations/nearest, Accept-Encoding: br, gzip', `${throughput.nearestPhoneRps.toFixed(0)} req/s = ${throughput.nearestPhoneVsBare.toFixed(2)}× baseline (budget ≥ 0.70×)`])
  rows.push([`bare handler sending the report's bytes (${throughput.reportEncoding})`, `${throughput.sameBytesRps.toFixed(0)} req/s (${kb(throughput.reportBodyBytes)} body, Accept-Encoding: br, gzip)`])
  rows.push(['GET /api/reports/:id', `${throughput.reportRps.toFixed(0)} req/s = ${throughput.reportVsSameBytes.toFixed(2)}× the same bytes (budget ≥ 0.50×)`])

  const bookings = await runBookingBench({ durationSeconds: Number(process.env.BENCH_SECONDS ?? 5) })
  results.bookings = bookings
  for (const entry of bookings) rows.push([`bookings on distinct slots, ${entry.storage}`, `${entry.bookingsPerSecond.toFixed(0)}/s = ${entry.ratio.toFixed(2)}× GET /api/health on the same app`])

  const directory = await runDirectoryBench()
  results.directory = directory
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`
  rows.push([`directory ${mb(directory.documentBytes)}, ${directory.rows.toLocaleString('en')} rows: longest loop block`, `${directory.slicedMaxBlockMs.toFixed(0)} ms sliced vs ${directory.baselineMaxBlockMs.toFixed(0)} ms in one go = ${directory.blockRatio.toFixed(3)}× (budget ≤ ~50 ms; total ${directory.slicedTotalMs.toFixed(0)} vs ${directory.baselineTotalMs.toFixed(0)} ms)`])
  rows.push(['directory refresh, same body, no ETag', `${directory.unchangedRefreshMs.toFixed(0)} ms, longest block ${directory.unchangedMaxBlockMs.toFixed(0)} ms (hashed, not parsed; budget ≤ ~50 ms)`])
  rows.push(['GET /api/stations answer', `page of 100: ${kb(directory.pageBytes)}; unpaged (≤ 1,000): ${kb(directory.unpagedBytes)}; every station: ${mb(directory.allStationsBytes)}`])

  const reportImport = await runReportImportBench()
  results.reportImport = reportImport
  rows.push(['seed report: parse (median)', `${reportImport.parseMedianMs.toFixed(2)} ms (target < 50 ms; ${reportImport.parseVsBaseline.toFixed(1)}× a Han-character count)`])
  rows.push(['seed report: parse + store in SQLite (median)', `${reportImport.importMedianMs.toFixed(2)} ms`])

  process.stdout.write('\n')
  for (const [name, value] of rows) process.stdout.write(`${name.padEnd(52)} ${value}\n`)
  const resultsDir = path.join(__dirname, 'results')
  fs.mkdirSync(resultsDir, { recursive: true })
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
  process.exit(0)
}

void main()
