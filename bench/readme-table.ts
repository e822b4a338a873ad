/**
 * The Performance table of README.md, generated from one recorded run (bench/results/latest.json)
 * between the markers `<!-- bench:start -->` and `<!-- bench:end -->`; the prose around them is
 * written by hand. Each row shows its goal (bench/goals.ts) and whether the run met it; what the
 * run did not measure says so and why, instead of an older number staying in place.
 *
 * `npm run bench` regenerates it after every run; `npx tsx bench/readme-table.ts` regenerates it
 * from the recorded bench/results/latest.json.
 */
import fs from 'node:fs'
import path from 'node:path'
import { notMeasured, type BenchResults, type RecordedLighthouseResult, type WeappPackageSize } from './bench-results'
import {
  BOOKINGS_VS_HEALTH_GOALS,
  DIRECTORY_MAX_BLOCK_GOAL_MS,
  H5_JS_WIRE_GOALS,
  H5_JS_WIRE_LIMIT,
  h5JsWireGoal,
  LCP_GOAL_MS,
  LIGHTHOUSE_SCORE_GOAL,
  NEAREST_SPEEDUP_GOAL,
  NEAREST_US_PER_QUERY_GOAL,
  NEAREST_VS_BARE_GOAL,
  REPORT_PARSE_GOAL_MS,
  REPORT_VS_SAME_BYTES_GOAL,
  TBT_GOAL_MS,
  TTI_GOAL_MS,
  WEAPP_MAIN_PACKAGE_GOAL,
  WEAPP_PACKAGE_LIMIT,
} from './goals'

export const BENCH_START_MARKER = '<!-- bench:start -->'
export const BENCH_END_MARKER = '<!-- bench:end -->'

export interface TableRow {
  what: string
  measured: string
  /** the goal or budget, '' when the row has none */
  goal: string
  /** 'met', '**not met**: …', '—' (not measured) or '' (no goal) */
  status: string
}

/** one goal of a row: `null` when the run did not measure what it is about */
type Check = [label: string, met: boolean | null]

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`
const ms = (value: number): string => `${Math.round(value).toLocaleString('en')} ms`
const count = (value: number): string => Math.round(value).toLocaleString('en')
const times = (value: number, digits = 2): string => `${value.toFixed(digits)}×`

function status(checks: Check[]): string {
  if (checks.length === 0) return ''
  const missed = checks.filter(([, met]) => met === false).map(([label]) => label)
  const unknown = checks.filter(([, met]) => met === null).map(([label]) => label)
  const unmeasured = unknown.length > 0 ? `${unknown.join(', ')} not measured` : ''
  if (missed.length > 0) return `**not met**: ${missed.join(', ')}${unmeasured ? `; ${unmeasured}` : ''}`
  return unmeasured ? `met; ${unmeasured}` : 'met'
}

const NOT_IN_RUN = 'not in this run (it predates the benchmark)'

function unmeasuredRow(params: { what: string; goal: string; value: unknown }): TableRow {
  const why = notMeasured(params.value) ? params.value.error : NOT_IN_RUN
  return { what: params.what, measured: `not measured: ${why}`, goal: params.goal, status: '—' }
}

export function weappRows(params: { packages: BenchResults['weappPackages'] }): TableRow[] {
  const { packages } = params
  const mainGoal = `≤ ${kb(WEAPP_MAIN_PACKAGE_GOAL)} (WeChat's limit 2 MB)`
  if (packages === undefined || notMeasured(packages)) return [unmeasuredRow({ what: 'weapp main package', goal: mainGoal, value: packages })]
  const main = packages.find((entry) => entry.name === 'main')
  const subpackages = packages.filter((entry) => entry.name !== 'main')
  const underLimit = (entry: WeappPackageSize): Check => [`${entry.name} over 2 MB`, entry.bytes <= WEAPP_PACKAGE_LIMIT]
  const rows: TableRow[] = []
  if (main)
    rows.push({
      what: 'weapp main package',
      measured: kb(main.bytes),
      goal: mainGoal,
      status: status([[`${kb(main.bytes - WEAPP_MAIN_PACKAGE_GOAL)} over`, main.bytes <= WEAPP_MAIN_PACKAGE_GOAL], underLimit(main)]),
    })
  if (subpackages.length > 0) {
    rows.push({
      what: 'weapp subpackages',
      measured: subpackages.map((entry) => `${entry.name} ${kb(entry.bytes)}`).join(', '),
      goal: '≤ 2 MB each',
      status: status(subpackages.map(underLimit)),
    })
  }
  return rows
}

export function wireBytesRows(params: { wireBytes: BenchResults['wireBytes'] }): TableRow[] {
  const { wireBytes } = params
  if (wireBytes === undefined || notMeasured(wireBytes)) {
    const goals = Object.entries(H5_JS_WIRE_GOALS).map(([page, bytes]) => `${page} ≤ ${kb(bytes)}`)
    return [
      unmeasuredRow({ what: 'H5 JavaScript on the wire (cold load)', goal: `${goals.join(', ')} (CI fails above ${kb(H5_JS_WIRE_LIMIT)})`, value: wireBytes }),
    ]
  }
  return wireBytes.map((entry) => {
    const goal = h5JsWireGoal(entry.page)
    const encodings = [...new Set(entry.js.files.map((file) => file.encoding ?? 'none'))].join('/')
    const checks: Check[] = [[`over the CI limit of ${kb(H5_JS_WIRE_LIMIT)}`, entry.js.wireBytes <= H5_JS_WIRE_LIMIT]]
    if (goal !== null) checks.unshift([`${kb(entry.js.wireBytes - goal)} over`, entry.js.wireBytes <= goal])
    return {
      what: `H5 JavaScript on the wire, ${entry.page} (cold load until the network is idle)`,
      measured: `${kb(entry.js.wireBytes)} in ${entry.js.requests} requests (${kb(entry.js.decodedBytes)} decoded, ${encodings}); CSS ${kb(entry.css.wireBytes)} in ${entry.css.requests}`,
      goal: `${goal === null ? '' : `≤ ${kb(goal)}; `}CI fails above ${kb(H5_JS_WIRE_LIMIT)}`,
      status: status(checks),
    }
  })
}

export function lcpRows(params: { lcp: BenchResults['lcp'] }): TableRow[] {
  const { lcp } = params
  const goal = `≤ ${ms(LCP_GOAL_MS)}`
  const what = 'LCP, Slow-4G + 4× CPU (Chromium, own throttling)'
  if (lcp === undefined || notMeasured(lcp) || lcp.length === 0) return [unmeasuredRow({ what, goal, value: lcp })]
  return [
    {
      what: `LCP ${lcp.map((entry) => entry.page).join(' / ')}, Slow-4G + 4× CPU (Chromium, median of ${lcp[0].runsMs.length})`,
      measured: lcp.map((entry) => ms(entry.medianMs)).join(' / '),
      goal,
      status: status(lcp.map((entry): Check => [entry.page, entry.medianMs <= LCP_GOAL_MS])),
    },
  ]
}

function lighthouseRow(entry: RecordedLighthouseResult): TableRow {
  const { score, fcpMs, lcpMs, tbtMs, ttiMs, cls } = entry.median
  const measured = [
    `score ${score} (runs ${entry.runs.map((run) => run.score).join(', ')})`,
    `FCP ${ms(fcpMs)}`,
    `LCP ${ms(lcpMs)}`,
    `TBT ${ms(tbtMs)}`,
    ttiMs === undefined ? 'TTI not measured (the run predates it)' : `TTI ${ms(ttiMs)}`,
    `CLS ${cls}`,
  ]
  return {
    what: `Lighthouse 12 mobile, ${entry.page} (median of ${entry.runs.length})`,
    measured: `${measured[0]}; ${measured.slice(1).join(', ')}`,
    goal: `score ≥ ${LIGHTHOUSE_SCORE_GOAL}, TBT ≤ ${ms(TBT_GOAL_MS)}, TTI ≤ ${ms(TTI_GOAL_MS)}, LCP ≤ ${ms(LCP_GOAL_MS)}`,
    status: status([
      ['score', score >= LIGHTHOUSE_SCORE_GOAL],
      ['TBT', tbtMs <= TBT_GOAL_MS],
      ['TTI', ttiMs === undefined ? null : ttiMs <= TTI_GOAL_MS],
      ['LCP', lcpMs <= LCP_GOAL_MS],
    ]),
  }
}

export function lighthouseRows(params: { lighthouse: BenchResults['lighthouse'] }): TableRow[] {
  const { lighthouse } = params
  if (lighthouse === undefined || notMeasured(lighthouse)) {
    return [
      unmeasuredRow({
        what: 'Lighthouse 12 mobile, 首页 and 读报告',
        goal: `score ≥ ${LIGHTHOUSE_SCORE_GOAL}, TBT ≤ ${ms(TBT_GOAL_MS)}, TTI ≤ ${ms(TTI_GOAL_MS)}, LCP ≤ ${ms(LCP_GOAL_MS)}`,
        value: lighthouse,
      }),
    ]
  }
  return lighthouse.map(lighthouseRow)
}

function serverRows(results: BenchResults): TableRow[] {
  const rows: TableRow[] = []
  const { nearest, throughput, bookings, directory, reportImport, startup } = results

  const nearestGoal = `≤ ${NEAREST_US_PER_QUERY_GOAL} µs, ≥ ${count(NEAREST_SPEEDUP_GOAL)}× a linear scan`
  if (nearest === undefined || notMeasured(nearest)) rows.push(unmeasuredRow({ what: 'nearest k=5', goal: nearestGoal, value: nearest }))
  else {
    rows.push({
      what: `nearest k=5 among ${count(nearest.stations)} stations`,
      measured: `${nearest.indexUsPerQuery.toFixed(1)} µs/query, ${times(nearest.speedup, 0)} a linear scan (${count(nearest.linearUsPerQuery)} µs)`,
      goal: nearestGoal,
      status: status([
        ['µs/query', nearest.indexUsPerQuery <= NEAREST_US_PER_QUERY_GOAL],
        ['speed-up', nearest.speedup >= NEAREST_SPEEDUP_GOAL],
      ]),
    })
  }

  if (throughput === undefined || notMeasured(throughput)) {
    rows.push(
      unmeasuredRow({
        what: 'BFF throughput against a bare Express handler',
        goal: `nearest ≥ ${times(NEAREST_VS_BARE_GOAL)}, report ≥ ${times(REPORT_VS_SAME_BYTES_GOAL)}`,
        value: throughput,
      }),
    )
  } else {
    rows.push({
      what: '`GET /api/stations/nearest`',
      measured: `${times(throughput.nearestVsBare)} a bare Express handler (${count(throughput.nearestRps)} vs ${count(throughput.bareRps)} req/s); ${times(throughput.nearestPhoneVsBare)} with \`Accept-Encoding: br, gzip\``,
      goal: `≥ ${times(NEAREST_VS_BARE_GOAL)}`,
      status: status([['ratio', throughput.nearestVsBare >= NEAREST_VS_BARE_GOAL]]),
    })
    rows.push({
      what: `\`GET /api/reports/:id\` (${throughput.reportEncoding})`,
      measured: `${times(throughput.reportVsSameBytes)} a bare handler sending the same ${kb(throughput.reportBodyBytes)} (${count(throughput.reportRps)} vs ${count(throughput.sameBytesRps)} req/s)`,
      goal: `≥ ${times(REPORT_VS_SAME_BYTES_GOAL)}`,
      status: status([['ratio', throughput.reportVsSameBytes >= REPORT_VS_SAME_BYTES_GOAL]]),
    })
  }

  for (const storage of ['sqlite', 'postgres'] as const) {
    const name = storage === 'sqlite' ? 'SQLite' : 'PostgreSQL'
    const goal = `≥ ${times(BOOKINGS_VS_HEALTH_GOALS[storage])} \`GET /api/health\``
    const what = `bookings on distinct slots, ${name}`
    const entry = bookings === undefined || notMeasured(bookings) ? undefined : bookings.find((candidate) => candidate.storage === storage)
    if (entry) {
      rows.push({
        what,
        measured: `${count(entry.bookingsPerSecond)}/s = ${times(entry.ratio)} \`GET /api/health\` on the same app`,
        goal,
        status: status([['ratio', entry.ratio >= BOOKINGS_VS_HEALTH_GOALS[storage]]]),
      })
    } else if (bookings !== undefined && !notMeasured(bookings) && storage === 'postgres') {
      // the bench measures PostgreSQL only when given a database
      rows.push(unmeasuredRow({ what, goal, value: { error: 'neither TEST_DATABASE_URL nor BENCH_DATABASE_URL was set' } }))
    } else rows.push(unmeasuredRow({ what, goal, value: bookings }))
  }

  const directoryGoal = `≤ ${ms(DIRECTORY_MAX_BLOCK_GOAL_MS)}`
  if (directory === undefined || notMeasured(directory))
    rows.push(unmeasuredRow({ what: 'county directory read while serving: longest event-loop block', goal: directoryGoal, value: directory }))
  else {
    rows.push({
      what: `county directory of ${(directory.documentBytes / 1e6).toFixed(1)} MB (${count(directory.rows)} rows) read while serving: longest event-loop block`,
      measured: `${ms(directory.slicedMaxBlockMs)} (${times(directory.blockRatio, 3)} the ${ms(directory.baselineMaxBlockMs)} of parsing it in one go); same body again without ETag: ${ms(directory.unchangedRefreshMs)}, longest block ${ms(directory.unchangedMaxBlockMs)}`,
      goal: directoryGoal,
      status: status([['longest block', directory.slicedMaxBlockMs <= DIRECTORY_MAX_BLOCK_GOAL_MS]]),
    })
  }

  const parseGoal = `< ${ms(REPORT_PARSE_GOAL_MS)}`
  if (reportImport === undefined || notMeasured(reportImport))
    rows.push(unmeasuredRow({ what: 'seed report parse / parse + store', goal: parseGoal, value: reportImport }))
  else {
    rows.push({
      what: 'seed report parse / parse + store in SQLite (median)',
      measured: `${reportImport.parseMedianMs.toFixed(2)} ms / ${reportImport.importMedianMs.toFixed(2)} ms`,
      goal: parseGoal,
      status: status([['parse', reportImport.parseMedianMs < REPORT_PARSE_GOAL_MS]]),
    })
  }

  const startupGoal = 'compiled ≤ 1.00× tsx'
  if (startup === undefined || notMeasured(startup))
    rows.push(unmeasuredRow({ what: 'BFF start-up and resident memory, compiled vs tsx', goal: startupGoal, value: startup }))
  else {
    const mb = (value: number) => `${value.toFixed(0)} MB`
    rows.push({
      what: `BFF start-up to its first health answer, \`node dist/server/main.js\` vs tsx (median of ${startup.rounds})`,
      measured: `${ms(startup.compiled.startMs)} vs ${ms(startup.tsx.startMs)} = ${times(startup.startRatio)}`,
      goal: startupGoal,
      status: status([['start-up', startup.startRatio <= 1]]),
    })
    rows.push({
      what: 'BFF resident memory (RSS), ready / after 200 requests, compiled vs tsx',
      measured: `${mb(startup.compiled.readyRssMb)} / ${mb(startup.compiled.warmRssMb)} vs ${mb(startup.tsx.readyRssMb)} / ${mb(startup.tsx.warmRssMb)} = ${times(startup.warmRssRatio)} after warm-up`,
      goal: startupGoal,
      status: status([['memory', startup.warmRssRatio <= 1]]),
    })
  }
  return rows
}

/** Every row of the README table, from one recorded run. */
export function performanceRows(params: { results: BenchResults }): TableRow[] {
  const { results } = params
  return [
    ...lighthouseRows({ lighthouse: results.lighthouse }),
    ...wireBytesRows({ wireBytes: results.wireBytes }),
    ...weappRows({ packages: results.weappPackages }),
    ...lcpRows({ lcp: results.lcp }),
    ...serverRows(results),
  ]
}

/** a cell: no line breaks, and a `|` would end the cell */
const cell = (text: string): string => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')

/** `2026-11-30T16:02:53.432Z` → `2026-11-30 16:02 UTC` */
const runDate = (iso: string): string => (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso)

/** The generated part of the README: the run's date, then the table. */
export function renderPerformanceTable(params: { measuredAt: string; commit?: string; rows: TableRow[] }): string {
  const lines = [
    '<!-- generated from bench/results/latest.json by bench/readme-table.ts (npm run bench rewrites it): write prose outside the bench markers -->',
    `Run of ${runDate(params.measuredAt)}${params.commit ? ` (commit ${params.commit})` : ''}:`,
    '',
    '| what | measured | goal | status |',
    '| --- | --- | --- | --- |',
    ...params.rows.map((row) => `| ${[row.what, row.measured, row.goal, row.status].map(cell).join(' | ')} |`),
  ]
  return `${lines.join('\n')}\n`
}

/** `document` with what stands between the bench markers replaced by `generated`; the markers stay. */
export function replaceGeneratedSection(params: { document: string; generated: string }): string {
  const start = params.document.indexOf(BENCH_START_MARKER)
  const end = params.document.indexOf(BENCH_END_MARKER)
  if (start === -1 || end === -1 || end < start) throw new Error(`the document needs ${BENCH_START_MARKER} and, after it, ${BENCH_END_MARKER}`)
  if (params.document.indexOf(BENCH_START_MARKER, start + 1) !== -1) throw new Error(`the document has ${BENCH_START_MARKER} twice`)
  const generated = params.generated.endsWith('\n') ? params.generated : `${params.generated}\n`
  return `${params.document.slice(0, start + BENCH_START_MARKER.length)}\n${generated}${params.document.slice(end)}`
}

export const README_PATH = path.resolve(__dirname, '../README.md')
export const LATEST_RESULTS_PATH = path.resolve(__dirname, 'results/latest.json')

/** README.md as it reads with its Performance table generated from `results`. */
export function readmeWithTable(params: { results: BenchResults; readme: string }): string {
  const { results, readme } = params
  const generated = renderPerformanceTable({ measuredAt: results.measuredAt, commit: results.commit, rows: performanceRows({ results }) })
  return replaceGeneratedSection({ document: readme, generated })
}

/** Rewrites README.md's Performance table from `results`. */
export function writeReadmeTable(results: BenchResults, readmePath = README_PATH): void {
  fs.writeFileSync(readmePath, readmeWithTable({ results, readme: fs.readFileSync(readmePath, 'utf8') }))
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  const results = JSON.parse(fs.readFileSync(LATEST_RESULTS_PATH, 'utf8')) as BenchResults
  writeReadmeTable(results)
  process.stdout.write(`README.md: Performance table regenerated from the run of ${results.measuredAt} (bench/results/latest.json)\n`)
}
