/**
 * `npm run bench`: runs every benchmark in bench/, prints one table and writes
 * bench/results/latest.json. Each benchmark measures its own baseline in the same run; nothing
 * here asserts on time (CI enforces only the size budgets, with `npm run sizes`).
 */
import fs from 'node:fs'
import path from 'node:path'
import { h5FirstLoad, weappPackageSizes } from '../scripts/package-sizes'
import { runBookingBench } from './bookings.bench'
import { runThroughputBench } from './http-throughput.bench'
import { runLcpBench } from './lcp.bench'
import { runNearestBench } from './nearest.bench'
import { runReportImportBench } from './report-import.bench'

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

async function main(): Promise<void> {
  const rows: [string, string][] = []
  const results: Record<string, unknown> = { measuredAt: new Date().toISOString() }

  if (fs.existsSync(path.resolve(__dirname, '../dist/h5/index.html'))) {
    const firstLoad = h5FirstLoad()
    results.h5FirstLoad = firstLoad
    rows.push(['H5 first-load JavaScript', `${kb(firstLoad.gzip)} gzip, ${kb(firstLoad.raw)} raw (budget 170 KB gzip; aim 120)`])
  }
  if (fs.existsSync(path.resolve(__dirname, '../dist/weapp/app.json'))) {
    const packages = weappPackageSizes()
    results.weappPackages = packages
    for (const { name, bytes } of packages) rows.push([`weapp package ${name}`, `${kb(bytes)} (limit 2 MB)`])
  }

  const lcp = await runLcpBench()
  results.lcp = lcp
  for (const entry of lcp ?? []) rows.push([`LCP ${entry.page}, Slow-4G + 4× CPU (median of ${entry.runsMs.length})`, `${entry.medianMs} ms (budget 2,500 ms; runs ${entry.runsMs.join(', ')})`])
  if (!lcp) rows.push(['LCP', 'not measured: needs /usr/bin/chromium and dist/h5'])

  const nearest = await runNearestBench()
  results.nearest = nearest
  rows.push([`nearest k=5 among ${nearest.stations.toLocaleString('en')} stations`, `${nearest.indexUsPerQuery.toFixed(1)} µs/query (budget ≤ 1,000 µs)`])
  rows.push(['nearest vs a linear scan', `${nearest.speedup.toFixed(0)}× faster (budget ≥ 100×; scan ${nearest.linearUsPerQuery.toFixed(0)} µs/query)`])

  const throughput = await runThroughputBench({ durationSeconds: Number(process.env.BENCH_SECONDS ?? 10) })
  results.throughput = throughput
  rows.push(['bare Express handler (baseline)', `${throughput.bareRps.toFixed(0)} req/s`])
  rows.push(['GET /api/stations/nearest', `${throughput.nearestRps.toFixed(0)} req/s = ${throughput.nearestVsBare.toFixed(2)}× baseline (budget ≥ 0.70×)`])
  rows.push(['GET /api/reports/:id', `${throughput.reportRps.toFixed(0)} req/s = ${throughput.reportVsBare.toFixed(2)}× baseline`])

  const bookings = await runBookingBench({ durationSeconds: Number(process.env.BENCH_SECONDS ?? 5) })
  results.bookings = bookings
  for (const entry of bookings) rows.push([`bookings on distinct slots, ${entry.storage}`, `${entry.bookingsPerSecond.toFixed(0)}/s = ${entry.ratio.toFixed(2)}× GET /api/health on the same app`])

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
