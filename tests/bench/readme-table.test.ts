import fs from 'node:fs'
import type { BenchResults } from '../../bench/bench-results'
import {
  BENCH_END_MARKER,
  BENCH_START_MARKER,
  LATEST_RESULTS_PATH,
  README_PATH,
  performanceRows,
  readmeWithTable,
  renderPerformanceTable,
  replaceGeneratedSection,
  type TableRow,
} from '../../bench/readme-table'
import { fullRun, lighthouseResult, wireBytesResult } from './support/bench-results'

const rowOf = (rows: TableRow[], what: string | RegExp): TableRow => {
  const row = rows.find((candidate) => (typeof what === 'string' ? candidate.what.includes(what) : what.test(candidate.what)))
  if (!row) throw new Error(`no row ${String(what)} among ${rows.map((candidate) => candidate.what).join(' / ')}`)
  return row
}

describe('performanceRows', () => {
  it('gives every Lighthouse page its score, FCP, LCP, TBT and TTI with the goals of issue 24 beside them', () => {
    const rows = performanceRows({ results: fullRun({ lighthouse: [lighthouseResult({ page: '读报告', score: 88, tbtMs: 532, ttiMs: 2897 })] }) })
    const reader = rowOf(rows, 'Lighthouse 12 mobile, 读报告')
    expect(reader.what).toBe('Lighthouse 12 mobile, 读报告 (median of 3)')
    expect(reader.measured).toBe('score 88 (runs 88, 88, 88); FCP 700 ms, LCP 1,500 ms, TBT 532 ms, TTI 2,897 ms, CLS 0')
    expect(reader.goal).toBe('score ≥ 95, TBT ≤ 200 ms, TTI ≤ 2,500 ms, LCP ≤ 2,000 ms')
    expect(reader.status).toBe('**not met**: score, TBT, TTI')
  })

  it('says met when every goal of a row is met', () => {
    const rows = performanceRows({ results: fullRun() })
    expect(rows.filter((row) => row.status !== '' && row.status !== 'met')).toEqual([])
  })

  it('gives each page its own JavaScript goal on the wire: 首页 ≤ 100 KB, the reader ≤ 30 KB', () => {
    const rows = performanceRows({
      results: fullRun({ wireBytes: [wireBytesResult({ page: '首页', jsWireBytes: 99 * 1024 }), wireBytesResult({ page: '读报告', jsWireBytes: 31 * 1024 })] }),
    })
    const home = rowOf(rows, 'on the wire, 首页')
    const reader = rowOf(rows, 'on the wire, 读报告')
    expect(home.goal).toBe('≤ 100.0 KB; CI fails above 170.0 KB')
    expect(home.status).toBe('met')
    expect(reader.goal).toBe('≤ 30.0 KB; CI fails above 170.0 KB')
    expect(reader.status).toBe('**not met**: 1.0 KB over')
    expect(reader.measured).toBe('31.0 KB in 2 requests (93.0 KB decoded, br); CSS 2.0 KB in 1')
  })

  it('holds the mini program main package to 420 KB and every package to 2 MB', () => {
    const rows = performanceRows({
      results: fullRun({
        weappPackages: [
          { name: 'main', bytes: 502_616 },
          { name: 'packageBooking', bytes: 71_011 },
        ],
      }),
    })
    expect(rowOf(rows, 'weapp main package')).toEqual({
      what: 'weapp main package',
      measured: '490.8 KB',
      goal: "≤ 420.0 KB (WeChat's limit 2 MB)",
      status: '**not met**: 70.8 KB over',
    })
    expect(rowOf(rows, 'weapp subpackages')).toEqual({ what: 'weapp subpackages', measured: 'packageBooking 69.3 KB', goal: '≤ 2 MB each', status: 'met' })
  })

  it('says why the browser rows were not measured instead of showing numbers', () => {
    const why = '/usr/bin/chromium is missing'
    const rows = performanceRows({ results: fullRun({ wireBytes: { error: why }, lcp: { error: why }, lighthouse: { error: why } }) })
    const browserRows = rows.filter((row) => /Lighthouse|on the wire|LCP/.test(row.what))
    expect(browserRows).toHaveLength(3)
    for (const row of browserRows) {
      expect(row.measured).toBe(`not measured: ${why}`)
      expect(row.status).toBe('—')
    }
    expect(rowOf(rows, 'Lighthouse').goal).toBe('score ≥ 95, TBT ≤ 200 ms, TTI ≤ 2,500 ms, LCP ≤ 2,000 ms')
  })

  it('says a benchmark the run did not have was not in it', () => {
    const results = fullRun()
    delete results.weappPackages
    expect(rowOf(performanceRows({ results }), 'weapp main package').measured).toBe('not measured: not in this run (it predates the benchmark)')
  })

  it('marks TTI not measured in runs recorded before it was, and judges the other goals', () => {
    const rows = performanceRows({ results: fullRun({ lighthouse: [lighthouseResult({ page: '首页', score: 93, tbtMs: 306 })] }) })
    const home = rowOf(rows, 'Lighthouse 12 mobile, 首页')
    expect(home.measured).toContain('TTI not measured (the run predates it)')
    expect(home.status).toBe('**not met**: score, TBT; TTI not measured')
  })

  it('says the PostgreSQL booking row needs a database when the run had none', () => {
    const rows = performanceRows({
      results: fullRun({ bookings: [{ storage: 'sqlite', bookings: 2090, bookingsPerSecond: 418, healthPerSecond: 3352.8, ratio: 0.1247 }] }),
    })
    expect(rowOf(rows, 'bookings on distinct slots, SQLite')).toMatchObject({
      measured: '418/s = 0.12× `GET /api/health` on the same app',
      goal: '≥ 0.20× `GET /api/health`',
      status: '**not met**: ratio',
    })
    expect(rowOf(rows, 'bookings on distinct slots, PostgreSQL').measured).toBe('not measured: neither TEST_DATABASE_URL nor BENCH_DATABASE_URL was set')
  })
})

describe('renderPerformanceTable', () => {
  it('writes the date and commit of the run above a markdown table, one line per row', () => {
    const markdown = renderPerformanceTable({
      measuredAt: '2026-11-30T16:02:53.432Z',
      commit: 'abc1234',
      rows: [{ what: 'weapp main package', measured: '490.8 KB', goal: '≤ 420.0 KB', status: '**not met**: 70.8 KB over' }],
    })
    expect(markdown.split('\n').slice(1)).toEqual([
      'Run of 2026-11-30 16:02 UTC (commit abc1234):',
      '',
      '| what | measured | goal | status |',
      '| --- | --- | --- | --- |',
      '| weapp main package | 490.8 KB | ≤ 420.0 KB | **not met**: 70.8 KB over |',
      '',
    ])
  })

  it('keeps a cell in its column when its text has a pipe or a line break', () => {
    const markdown = renderPerformanceTable({
      measuredAt: '2026-11-30T16:02:53.432Z',
      rows: [{ what: 'a | b', measured: 'not measured: one\n  two', goal: '', status: '' }],
    })
    expect(markdown).toContain('| a \\| b | not measured: one two |  |  |')
    expect(markdown).toContain('Run of 2026-11-30 16:02 UTC:')
  })
})

describe('replaceGeneratedSection', () => {
  const document = ['## Performance', '', 'Prose before.', '', BENCH_START_MARKER, '| old | table |', BENCH_END_MARKER, '', 'Prose after.', ''].join('\n')

  it('replaces only what stands between the markers and keeps the markers and the prose', () => {
    const updated = replaceGeneratedSection({ document, generated: '| new | table |\n' })
    expect(updated).toBe(
      ['## Performance', '', 'Prose before.', '', BENCH_START_MARKER, '| new | table |', BENCH_END_MARKER, '', 'Prose after.', ''].join('\n'),
    )
    expect(replaceGeneratedSection({ document: updated, generated: '| new | table |' })).toBe(updated)
  })

  it('refuses a document without both markers in order', () => {
    expect(() => replaceGeneratedSection({ document: 'no markers', generated: 'x' })).toThrow(/bench:start/)
    expect(() => replaceGeneratedSection({ document: `${BENCH_END_MARKER}\n${BENCH_START_MARKER}\n`, generated: 'x' })).toThrow(/bench:start/)
  })
})

describe('performanceRows, the compiled BFF', () => {
  it('shows start-up and memory of plain node on dist/server/main.js beside tsx, and says not met when the compiled one is slower', () => {
    const slower = fullRun()
    if (slower.startup && !('error' in slower.startup)) slower.startup = { ...slower.startup, startRatio: 1.2 }
    const rows = performanceRows({ results: slower }).filter((row) => row.what.startsWith('BFF '))
    expect(rows.map((row) => row.measured)).toEqual(['815 ms vs 1,558 ms = 1.20×', '112 MB / 132 MB vs 140 MB / 156 MB = 0.85× after warm-up'])
    expect(rows.map((row) => row.status)).toEqual(['**not met**: start-up', 'met'])
  })
})

describe('README.md', () => {
  it('shows the Performance table of the run recorded in bench/results/latest.json, never a newer or older one', () => {
    const readme = fs.readFileSync(README_PATH, 'utf8')
    const results = JSON.parse(fs.readFileSync(LATEST_RESULTS_PATH, 'utf8')) as BenchResults
    expect(readmeWithTable({ results, readme })).toBe(readme)
  })
})
