import type { BenchResults, RecordedLighthouseResult } from '../../../bench/bench-results'
import type { WireBytesResult } from '../../../bench/wire-bytes'

/** A Lighthouse result whose runs all measured the same figures. */
export function lighthouseResult(params: {
  page: string
  score: number
  tbtMs?: number
  ttiMs?: number
  lcpMs?: number
  runs?: number
}): RecordedLighthouseResult {
  const run = {
    score: params.score,
    lcpMs: params.lcpMs ?? 1500,
    fcpMs: 700,
    tbtMs: params.tbtMs ?? 100,
    ...(params.ttiMs === undefined ? {} : { ttiMs: params.ttiMs }),
    cls: 0,
    speedIndexMs: 800,
  }
  return { page: params.page, path: '/', runs: Array.from({ length: params.runs ?? 3 }, () => ({ ...run, warnings: [] })), median: run }
}

export function wireBytesResult(params: { page: string; jsWireBytes: number }): WireBytesResult {
  return {
    page: params.page,
    path: '/',
    js: {
      requests: 2,
      wireBytes: params.jsWireBytes,
      decodedBytes: params.jsWireBytes * 3,
      files: [{ path: '/js/app.js', status: 200, wireBytes: params.jsWireBytes, decodedBytes: params.jsWireBytes * 3, encoding: 'br' }],
    },
    css: { requests: 1, wireBytes: 2048, decodedBytes: 6000, files: [] },
    documentBytes: 2000,
    apiBytes: 3000,
    otherBytes: 0,
    acceptEncoding: 'gzip, deflate, br, zstd',
  }
}

/** A run that measured everything, every goal met. */
export function fullRun(overrides: Partial<BenchResults> = {}): BenchResults {
  return {
    measuredAt: '2026-12-07T10:00:00.000Z',
    commit: 'abc1234',
    weappPackages: [
      { name: 'main', bytes: 400 * 1024 },
      { name: 'packageBooking', bytes: 70 * 1024 },
    ],
    wireBytes: [wireBytesResult({ page: '首页', jsWireBytes: 90 * 1024 }), wireBytesResult({ page: '读报告', jsWireBytes: 25 * 1024 })],
    lcp: [
      { page: '首页', runsMs: [500, 510, 520], medianMs: 510 },
      { page: '读报告', runsMs: [580, 590, 600], medianMs: 590 },
    ],
    lighthouse: [lighthouseResult({ page: '首页', score: 98, ttiMs: 2000 }), lighthouseResult({ page: '读报告', score: 99, ttiMs: 1500 })],
    nearest: { stations: 570_000, buildMs: 380, indexUsPerQuery: 12, linearUsPerQuery: 15_000, speedup: 1250 },
    throughput: {
      durationSeconds: 10,
      bareRps: 6000,
      nearestRps: 4500,
      nearestVsBare: 0.75,
      nearestPhoneRps: 4300,
      nearestPhoneVsBare: 0.72,
      sameBytesRps: 7000,
      reportRps: 4000,
      reportVsSameBytes: 0.57,
      reportEncoding: 'br',
      reportBodyBytes: 5864,
    },
    bookings: [
      { storage: 'sqlite', bookings: 4000, bookingsPerSecond: 800, healthPerSecond: 3500, ratio: 0.23 },
      { storage: 'postgres', bookings: 4200, bookingsPerSecond: 900, healthPerSecond: 3500, ratio: 0.26 },
    ],
    directory: {
      documentBytes: 17_971_704,
      rows: 28_000,
      baselineMaxBlockMs: 850,
      baselineTotalMs: 850,
      slicedMaxBlockMs: 30,
      slicedTotalMs: 800,
      blockRatio: 0.035,
      unchangedRefreshMs: 200,
      unchangedMaxBlockMs: 40,
      allStationsBytes: 18_983_150,
      unpagedBytes: 687_708,
      pageBytes: 67_581,
    },
    reportImport: { seedChars: 4293, coldParseMs: 4.4, parseMedianMs: 0.65, importMedianMs: 0.96, baselineMedianMs: 0.09, parseVsBaseline: 7 },
    startup: {
      rounds: 5,
      tsx: { startMs: 1558, readyRssMb: 140, warmRssMb: 156 },
      compiled: { startMs: 815, readyRssMb: 112, warmRssMb: 132 },
      startRatio: 0.52,
      warmRssRatio: 0.85,
    },
    ...overrides,
  }
}
