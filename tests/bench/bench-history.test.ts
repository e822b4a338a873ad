import { comparisonLine, compareLighthouseScores, historyEntry, historyLine, recordedRuns, type HistoryEntry } from '../../bench/bench-history'
import { fullRun, lighthouseResult } from './support/bench-results'

const run = (params: { measuredAt: string; scores: Record<string, number>; commit?: string }): HistoryEntry => ({
  measuredAt: params.measuredAt,
  commit: params.commit ?? null,
  lighthouse: Object.entries(params.scores).map(([page, score]) => ({ page, score, fcpMs: 700, lcpMs: 1500, tbtMs: 100, ttiMs: 2000, runs: 3 })),
  jsWireBytes: [],
  weappMainBytes: null,
})

describe('historyEntry', () => {
  it('keeps the date, commit and headline numbers of a run', () => {
    expect(historyEntry({ results: fullRun({ lighthouse: [lighthouseResult({ page: '读报告', score: 88, tbtMs: 532, ttiMs: 2897 })] }) })).toEqual({
      measuredAt: '2026-12-07T10:00:00.000Z',
      commit: 'abc1234',
      lighthouse: [{ page: '读报告', score: 88, fcpMs: 700, lcpMs: 1500, tbtMs: 532, ttiMs: 2897, runs: 3 }],
      jsWireBytes: [
        { page: '首页', bytes: 90 * 1024 },
        { page: '读报告', bytes: 25 * 1024 },
      ],
      weappMainBytes: 400 * 1024,
    })
  })

  it('records no pages for a run whose browser benchmarks could not run', () => {
    const entry = historyEntry({
      results: fullRun({ lighthouse: { error: 'no Chromium' }, wireBytes: { error: 'no Chromium' }, weappPackages: { error: 'not built' } }),
    })
    expect(entry).toMatchObject({ lighthouse: [], jsWireBytes: [], weappMainBytes: null })
  })
})

describe('recordedRuns', () => {
  it('reads one run per line, oldest first, and skips a line that does not parse', () => {
    const first = run({ measuredAt: '2026-12-01T00:00:00.000Z', scores: { 首页: 90 } })
    const second = run({ measuredAt: '2026-12-02T00:00:00.000Z', scores: { 首页: 92 } })
    const text = `${historyLine(first)}{"measuredAt": "cut off\n\n${historyLine(second)}`
    expect(recordedRuns({ historyText: text, latestText: JSON.stringify(fullRun()) })).toEqual([first, second])
  })

  it('takes the run in latest.json before there is a history', () => {
    const latest = fullRun({ measuredAt: '2026-11-30T16:02:53.432Z', lighthouse: [lighthouseResult({ page: '读报告', score: 86 })] })
    expect(recordedRuns({ historyText: null, latestText: JSON.stringify(latest) })).toEqual([historyEntry({ results: latest })])
    expect(recordedRuns({ historyText: null, latestText: null })).toEqual([])
  })
})

describe('compareLighthouseScores', () => {
  const recorded = [run({ measuredAt: '2026-12-01T00:00:00.000Z', scores: { 首页: 97, 读报告: 95 }, commit: 'abc1234' })]

  it('calls a score more than 5 points below the last recorded run a regression', () => {
    const [home, reader] = compareLighthouseScores({ recorded, current: run({ measuredAt: '2026-12-07T00:00:00.000Z', scores: { 首页: 92, 读报告: 88 } }) })
    expect(home.regression).toBe(false)
    expect(reader.regression).toBe(true)
    expect(comparisonLine(reader)).toBe('REGRESSION: Lighthouse 读报告 score 88 < 95 recorded 2026-12-01T00:00:00.000Z (abc1234), more than 5 points below')
    expect(comparisonLine(home)).toBe('Lighthouse 首页 score 92, 97 recorded 2026-12-01T00:00:00.000Z (abc1234)')
  })

  it('compares with the last run that audited the page, past a run without Chromium', () => {
    const withoutBrowser = run({ measuredAt: '2026-12-03T00:00:00.000Z', scores: {} })
    const older = run({ measuredAt: '2026-11-01T00:00:00.000Z', scores: { 读报告: 60 } })
    const [reader] = compareLighthouseScores({
      recorded: [older, ...recorded, withoutBrowser],
      current: run({ measuredAt: '2026-12-07T00:00:00.000Z', scores: { 读报告: 80 } }),
    })
    expect(reader.recorded).toEqual({ score: 95, measuredAt: '2026-12-01T00:00:00.000Z', commit: 'abc1234' })
    expect(reader.regression).toBe(true)
  })

  it('has nothing to compare a page with that no recorded run audited', () => {
    const [page] = compareLighthouseScores({ recorded: [], current: run({ measuredAt: '2026-12-07T00:00:00.000Z', scores: { 首页: 40 } }) })
    expect(page).toMatchObject({ recorded: null, regression: false })
    expect(comparisonLine(page)).toBe('Lighthouse 首页 score 40: no recorded run to compare with')
  })
})
