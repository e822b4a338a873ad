/**
 * bench/results/history.jsonl: one line per `npm run bench`, the run's date, commit and headline
 * numbers, oldest first (bench/results/latest.json keeps the full last run). It defines "the last
 * recorded run" a new run is compared with: a page whose Lighthouse score fell by more than 5
 * points since is printed as a regression. Printed, never asserted: the score moves with the load
 * of the machine.
 */
import { notMeasured, type BenchResults } from './bench-results'
import { LIGHTHOUSE_REGRESSION_POINTS } from './goals'

export interface HistoryLighthouse {
  page: string
  /** medians of `runs` runs */
  score: number
  fcpMs: number
  lcpMs: number
  tbtMs: number
  /** `null` in runs recorded before TTI was measured */
  ttiMs: number | null
  runs: number
}

export interface HistoryEntry {
  measuredAt: string
  commit: string | null
  /** pages Lighthouse audited (empty when it could not run) */
  lighthouse: HistoryLighthouse[]
  /** JavaScript on the wire per page, cold load */
  jsWireBytes: { page: string; bytes: number }[]
  weappMainBytes: number | null
}

/** The history line of a run. */
export function historyEntry(params: { results: BenchResults }): HistoryEntry {
  const { measuredAt, commit, lighthouse, wireBytes, weappPackages } = params.results
  return {
    measuredAt,
    commit: commit ?? null,
    lighthouse:
      lighthouse === undefined || notMeasured(lighthouse)
        ? []
        : lighthouse.map(({ page, median, runs }) => ({
            page,
            score: median.score,
            fcpMs: median.fcpMs,
            lcpMs: median.lcpMs,
            tbtMs: median.tbtMs,
            ttiMs: median.ttiMs ?? null,
            runs: runs.length,
          })),
    jsWireBytes: wireBytes === undefined || notMeasured(wireBytes) ? [] : wireBytes.map(({ page, js }) => ({ page, bytes: js.wireBytes })),
    weappMainBytes: weappPackages === undefined || notMeasured(weappPackages) ? null : (weappPackages.find((entry) => entry.name === 'main')?.bytes ?? null),
  }
}

/**
 * The recorded runs, oldest first: the lines of history.jsonl, or — before the history existed —
 * the run in latest.json. A line that does not parse is skipped rather than stopping the bench.
 */
export function recordedRuns(params: { historyText: string | null; latestText: string | null }): HistoryEntry[] {
  const lines = (params.historyText ?? '').split('\n').filter((line) => line.trim() !== '')
  const entries: HistoryEntry[] = []
  for (const line of lines) {
    try {
      const entry = JSON.parse(line) as HistoryEntry
      if (typeof entry.measuredAt === 'string' && Array.isArray(entry.lighthouse)) entries.push(entry)
    } catch {
      // a hand-edited or cut line: the other runs still count
    }
  }
  if (entries.length > 0 || params.latestText === null) return entries
  try {
    return [historyEntry({ results: JSON.parse(params.latestText) as BenchResults })]
  } catch {
    return []
  }
}

/** `history.jsonl` text of one run */
export const historyLine = (entry: HistoryEntry): string => `${JSON.stringify(entry)}\n`

export interface ScoreComparison {
  page: string
  score: number
  /** the last recorded run that audited this page, `null` when none did */
  recorded: { score: number; measuredAt: string; commit: string | null } | null
  /** more than `points` below the recorded score */
  regression: boolean
  points: number
}

/**
 * Each page's Lighthouse score against the last recorded run that audited that page (a run
 * without Chromium in between does not hide a regression).
 */
export function compareLighthouseScores(params: { recorded: HistoryEntry[]; current: HistoryEntry; points?: number }): ScoreComparison[] {
  const points = params.points ?? LIGHTHOUSE_REGRESSION_POINTS
  return params.current.lighthouse.map(({ page, score }) => {
    const previous = [...params.recorded].reverse().find((entry) => entry.lighthouse.some((audit) => audit.page === page))
    const audit = previous?.lighthouse.find((candidate) => candidate.page === page)
    if (!previous || !audit) return { page, score, recorded: null, regression: false, points }
    return {
      page,
      score,
      recorded: { score: audit.score, measuredAt: previous.measuredAt, commit: previous.commit },
      regression: score < audit.score - points,
      points,
    }
  })
}

/** The line printed for a comparison, `REGRESSION: …` first when it is one. */
export function comparisonLine(comparison: ScoreComparison): string {
  const { page, score, recorded, regression, points } = comparison
  if (!recorded) return `Lighthouse ${page} score ${score}: no recorded run to compare with`
  const when = `${recorded.measuredAt}${recorded.commit ? ` (${recorded.commit})` : ''}`
  if (regression) return `REGRESSION: Lighthouse ${page} score ${score} < ${recorded.score} recorded ${when}, more than ${points} points below`
  return `Lighthouse ${page} score ${score}, ${recorded.score} recorded ${when}`
}
