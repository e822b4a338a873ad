/**
 * `npm run bench`: runs every benchmark in bench/, prints one table with each row's goal beside
 * it, and records the run: bench/results/latest.json (all of it), a line of headline numbers in
 * bench/results/history.jsonl, and README.md's Performance table (bench/readme-table.ts). A page
 * whose Lighthouse score is more than 5 points below the last recorded run is printed as a
 * REGRESSION. Each benchmark measures its own baseline in the same run; nothing here asserts on
 * time (CI enforces only the size budgets, with `npm run sizes`).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { weappPackageSizes } from '../scripts/package-sizes'
import { comparisonLine, compareLighthouseScores, historyEntry, historyLine, recordedRuns } from './bench-history'
import type { BenchResults } from './bench-results'
import { runBookingBench } from './bookings.bench'
import { runDirectoryBench } from './directory-refresh.bench'
import { runThroughputBench } from './http-throughput.bench'
import { runLcpBench } from './lcp.bench'
import { runLighthouseBench } from './lighthouse.bench'
import { runNearestBench } from './nearest.bench'
import { lcpRows, lighthouseRows, weappRows, wireBytesRows, writeReadmeTable, type TableRow } from './readme-table'
import { runReportImportBench } from './report-import.bench'
import { runStartupBench } from './startup.bench'
import { benchPages, browserBenchUnavailable, kb, measureWireBytes, withBuiltBff } from './wire-bytes'

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

/** a row of the README table as a row of the printed one: the goal and whether it was met beside the figure */
const printedRow = (row: TableRow): [string, string] => [
  row.what,
  `${row.measured}${row.goal ? ` — goal ${row.goal}` : ''}${
    row.status && row.status !== '—'
      ? ` — ${row.status
          .replace(/\*\*/g, '')
          .replace(/^not met/, '✖ NOT MET')
          .replace(/^met/, '✔ met')}`
      : ''
  }`,
]

function currentCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
  } catch {
    return undefined
  }
}

const readIfExists = (file: string): string | null => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null)

async function main(): Promise<void> {
  const rows: [string, string][] = []
  const results: BenchResults = { measuredAt: new Date().toISOString(), commit: currentCommit() }

  results.weappPackages = fs.existsSync(path.resolve(__dirname, '../dist/weapp/app.json'))
    ? weappPackageSizes()
    : { error: 'dist/weapp is not built (npm run build:weapp)' }
  rows.push(...weappRows({ packages: results.weappPackages }).map(printedRow))

  // the browser benchmarks share one BFF serving dist/h5
  const unavailable = browserBenchUnavailable()
  if (unavailable) {
    // recorded as such, so the README says why rather than keeping older numbers
    results.wireBytes = results.lcp = results.lighthouse = { error: unavailable }
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

    rows.push(...wireBytesRows({ wireBytes }).map(printedRow))
    if (!failed(wireBytes)) {
      for (const entry of wireBytes)
        rows.push([`  ${entry.page}: document and API`, `document ${kb(entry.documentBytes)}, API ${kb(entry.apiBytes)}, other ${kb(entry.otherBytes)}`])
    }
    rows.push(...lcpRows({ lcp }).map(printedRow))
    if (!failed(lcp)) for (const entry of lcp) rows.push([`  LCP runs, ${entry.page}`, entry.runsMs.map((value) => `${value} ms`).join(', ')])
    rows.push(...lighthouseRows({ lighthouse }).map(printedRow))
  }

  const nearest = await runNearestBench()
  results.nearest = nearest
  rows.push([
    `nearest k=5 among ${nearest.stations.toLocaleString('en')} stations`,
    `${nearest.indexUsPerQuery.toFixed(1)} µs/query (budget ≤ 15 µs; build ${nearest.buildMs.toFixed(0)} ms)`,
  ])
  rows.push(['nearest vs a linear scan', `${nearest.speedup.toFixed(0)}× faster (budget ≥ 1,000×; scan ${nearest.linearUsPerQuery.toFixed(0)} µs/query)`])

  const throughput = await runThroughputBench({ durationSeconds: Number(process.env.BENCH_SECONDS ?? 10) })
  results.throughput = throughput
  rows.push(['bare Express handler (baseline)', `${throughput.bareRps.toFixed(0)} req/s`])
  rows.push(['GET /api/stations/nearest', `${throughput.nearestRps.toFixed(0)} req/s = ${throughput.nearestVsBare.toFixed(2)}× baseline (budget ≥ 0.70×)`])
  rows.push([
    'GET /api/stations/nearest, Accept-Encoding: br, gzip',
    `${throughput.nearestPhoneRps.toFixed(0)} req/s = ${throughput.nearestPhoneVsBare.toFixed(2)}× baseline (budget ≥ 0.70×)`,
  ])
  rows.push([
    `bare handler sending the report's bytes (${throughput.reportEncoding})`,
    `${throughput.sameBytesRps.toFixed(0)} req/s (${kb(throughput.reportBodyBytes)} body, Accept-Encoding: br, gzip)`,
  ])
  rows.push(['GET /api/reports/:id', `${throughput.reportRps.toFixed(0)} req/s = ${throughput.reportVsSameBytes.toFixed(2)}× the same bytes (budget ≥ 0.50×)`])

  const bookings = await runBookingBench({ durationSeconds: Number(process.env.BENCH_SECONDS ?? 5) })
  results.bookings = bookings
  for (const entry of bookings)
    rows.push([
      `bookings on distinct slots, ${entry.storage}`,
      `${entry.bookingsPerSecond.toFixed(0)}/s = ${entry.ratio.toFixed(2)}× GET /api/health on the same app`,
    ])

  const directory = await runDirectoryBench()
  results.directory = directory
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`
  rows.push([
    `directory ${mb(directory.documentBytes)}, ${directory.rows.toLocaleString('en')} rows: longest loop block`,
    `${directory.slicedMaxBlockMs.toFixed(0)} ms sliced vs ${directory.baselineMaxBlockMs.toFixed(0)} ms in one go = ${directory.blockRatio.toFixed(3)}× (budget ≤ ~50 ms; total ${directory.slicedTotalMs.toFixed(0)} vs ${directory.baselineTotalMs.toFixed(0)} ms)`,
  ])
  rows.push([
    'directory refresh, same body, no ETag',
    `${directory.unchangedRefreshMs.toFixed(0)} ms, longest block ${directory.unchangedMaxBlockMs.toFixed(0)} ms (hashed, not parsed; budget ≤ ~50 ms)`,
  ])
  rows.push([
    'GET /api/stations answer',
    `page of 100: ${kb(directory.pageBytes)}; unpaged (≤ 1,000): ${kb(directory.unpagedBytes)}; every station: ${mb(directory.allStationsBytes)}`,
  ])

  const reportImport = await runReportImportBench()
  results.reportImport = reportImport
  rows.push([
    'seed report: parse (median)',
    `${reportImport.parseMedianMs.toFixed(2)} ms (target < 50 ms; ${reportImport.parseVsBaseline.toFixed(1)}× a Han-character count)`,
  ])
  rows.push(['seed report: parse + store in SQLite (median)', `${reportImport.importMedianMs.toFixed(2)} ms`])

  const startup = await attempt(() => runStartupBench({ rounds: Number(process.env.STARTUP_ROUNDS ?? 5) }))
  results.startup = startup
  if (failed(startup)) rows.push(['BFF start-up and memory, compiled vs tsx', `not measured: ${startup.error}`])
  else {
    const mbText = (value: number) => `${value.toFixed(0)} MB`
    rows.push([
      'BFF start-up to first health answer (median)',
      `compiled ${startup.compiled.startMs.toFixed(0)} ms vs tsx ${startup.tsx.startMs.toFixed(0)} ms = ${startup.startRatio.toFixed(2)}×`,
    ])
    rows.push([
      'BFF resident memory, ready / after warm-up',
      `compiled ${mbText(startup.compiled.readyRssMb)} / ${mbText(startup.compiled.warmRssMb)} vs tsx ${mbText(startup.tsx.readyRssMb)} / ${mbText(startup.tsx.warmRssMb)} = ${startup.warmRssRatio.toFixed(2)}×`,
    ])
  }

  process.stdout.write('\n')
  for (const [name, value] of rows) process.stdout.write(`${name.padEnd(52)} ${value}\n`)

  // the last recorded run, read before this one replaces it
  const resultsDir = path.join(__dirname, 'results')
  const latestPath = path.join(resultsDir, 'latest.json')
  const historyPath = path.join(resultsDir, 'history.jsonl')
  const historyText = readIfExists(historyPath)
  const recorded = recordedRuns({ historyText, latestText: readIfExists(latestPath) })
  const entry = historyEntry({ results })
  process.stdout.write('\n')
  for (const comparison of compareLighthouseScores({ recorded, current: entry })) process.stdout.write(`${comparisonLine(comparison)}\n`)

  fs.mkdirSync(resultsDir, { recursive: true })
  fs.writeFileSync(latestPath, `${JSON.stringify(results, null, 2)}\n`)
  // the first history keeps the run that latest.json held
  fs.appendFileSync(historyPath, `${historyText === null ? recorded.map(historyLine).join('') : ''}${historyLine(entry)}`)
  try {
    writeReadmeTable(results)
    process.stdout.write('README.md: Performance table regenerated from this run\n')
  } catch (error) {
    process.stdout.write(`README.md not updated: ${message(error)}\n`)
  }
  process.exit(0)
}

void main()
