/**
 * The shape of bench/results/latest.json, the full record of the last `npm run bench`. Types
 * only: the README table and the run history read it without loading the benchmarks.
 */
import type { BookingBenchResult } from './bookings.bench'
import type { DirectoryBenchResult } from './directory-refresh.bench'
import type { ThroughputResult } from './http-throughput.bench'
import type { LcpResult } from './lcp.bench'
import type { LighthouseResult, LighthouseRun } from './lighthouse.bench'
import type { NearestBenchResult } from './nearest.bench'
import type { ReportImportBenchResult } from './report-import.bench'
import type { StartupBenchResult } from './startup.bench'
import type { WireBytesResult } from './wire-bytes'

/** what a benchmark recorded when it could not measure: why */
export interface NotMeasured {
  error: string
}

export type Measured<T> = T | NotMeasured

export const notMeasured = (value: unknown): value is NotMeasured => typeof value === 'object' && value !== null && 'error' in value

/** runs recorded before TTI was measured (2026-12) have no `ttiMs` */
type RecordedLighthouseRun = Omit<LighthouseRun, 'ttiMs'> & { ttiMs?: number }
export type RecordedLighthouseResult = Omit<LighthouseResult, 'runs' | 'median'> & {
  runs: RecordedLighthouseRun[]
  median: Omit<RecordedLighthouseRun, 'warnings'>
}

export interface WeappPackageSize {
  name: string
  bytes: number
}

/** A field is absent when the run predates its benchmark. */
export interface BenchResults {
  /** ISO date of the start of the run */
  measuredAt: string
  /** `git rev-parse --short HEAD` when the run started */
  commit?: string
  weappPackages?: Measured<WeappPackageSize[]>
  wireBytes?: Measured<WireBytesResult[]>
  lcp?: Measured<LcpResult[]>
  lighthouse?: Measured<RecordedLighthouseResult[]>
  nearest?: Measured<NearestBenchResult>
  throughput?: Measured<ThroughputResult>
  bookings?: Measured<BookingBenchResult[]>
  directory?: Measured<DirectoryBenchResult>
  reportImport?: Measured<ReportImportBenchResult>
  startup?: Measured<StartupBenchResult>
}
