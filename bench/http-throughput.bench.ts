/**
 * BFF throughput with autocannon (10 connections, 10 s each in five turns of 2 s, no pipelining, the
 * load from a worker thread so the servers' thread does only the servers' work), all in the same run
 * on the same machine:
 * - /api/stations/nearest against a bare Express handler returning a constant
 *   (budget: nearest ≥ 0.7× the bare handler);
 * - /api/reports/:id against a bare Express handler that sends the very same bytes: the report is
 *   fetched once from the app with the request headers of the load (`Accept-Encoding: br, gzip`),
 *   and the bare handler answers every request with that buffer and the same content-type,
 *   content-encoding, ETag, Cache-Control and Vary. What remains between the two is the app's own
 *   work per request (routing, helmet, logging, storage, compression). Goal: report ≥ 0.5×.
 */
import fs from 'node:fs'
import http, { type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import express from 'express'
import pino from 'pino'
import { createApp } from '../server/app'
import { importBundledReports } from '../server/reports/bundled-reports'
import { KyselyReportRepository } from '../server/reports/report.repository'
import { ReportsService } from '../server/reports/reports.service'
import { createStationDirectory } from '../server/stations/station-directory'
import { KyselyStationRepository } from '../server/stations/station.repository'
import { openStorage } from '../server/storage/database'

export interface ThroughputResult {
  durationSeconds: number
  bareRps: number
  nearestRps: number
  nearestVsBare: number
  /** nearest with `Accept-Encoding: br, gzip`, as browsers send it */
  nearestPhoneRps: number
  nearestPhoneVsBare: number
  /** the bare handler that sends the report's bytes */
  sameBytesRps: number
  reportRps: number
  reportVsSameBytes: number
  /** the `content-encoding` the app chose for `Accept-Encoding: br, gzip` (`identity`: none) */
  reportEncoding: string
  /** body bytes of one report answer, as sent */
  reportBodyBytes: number
}

/** what the report benchmark sends with every request, and with the one request that records the answer */
const REPORT_REQUEST_HEADERS = { 'accept-encoding': 'br, gzip' }
const COPIED_HEADERS = ['content-type', 'content-encoding', 'etag', 'cache-control', 'vary']

async function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

/**
 * The load comes from a worker thread (autocannon's `workers`), not from the servers' own thread:
 * in one thread, every request's cost would include the client parsing its answer — the more
 * bytes an answer has (nearest's 1.2 KB against the bare handler's 11 bytes), the more of the
 * server's thread the client took, and the ratio measured autocannon as much as the app.
 */
const LOAD_WORKERS = 1

interface Load {
  url: string
  headers?: Record<string, string>
}

/** One load for `seconds`; its mean requests per second. */
async function loadFor(load: Load, seconds: number): Promise<{ requests: number; seconds: number }> {
  const result = await autocannon({ url: load.url, connections: 10, pipelining: 1, duration: seconds, headers: load.headers ?? {}, workers: LOAD_WORKERS })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${load.url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { requests: result.requests.average * seconds, seconds }
}

/**
 * Requests per second of each load, measured in turns (a, b, c, a, b, c …) of `durationSeconds /
 * ROUNDS` each rather than one after the other: what changes on the machine during the run (a
 * neighbour, the CPU's clock) falls on every load alike, so their ratios are steadier (one after
 * the other, two runs of the same code gave nearest 0.63× and 0.77×).
 */
const ROUNDS = 5

async function requestsPerSecondInTurns(loads: readonly Load[], durationSeconds: number): Promise<number[]> {
  // a short warm-up of each so JIT and connection set-up do not favour whichever runs last
  for (const load of loads) await loadFor(load, 1)
  const totals = loads.map(() => ({ requests: 0, seconds: 0 }))
  const slice = Math.max(1, Math.round(durationSeconds / ROUNDS))
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, load] of loads.entries()) {
      const measured = await loadFor(load, slice)
      totals[index].requests += measured.requests
      totals[index].seconds += measured.seconds
    }
  }
  return totals.map((total) => total.requests / total.seconds)
}

/** One answer exactly as it crossed the wire: status, headers and the undecoded body (fetch() would decode it). */
async function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
        response.on('error', reject)
      })
      .on('error', reject)
  })
}

export async function runThroughputBench(params: { durationSeconds?: number } = {}): Promise<ThroughputResult> {
  const durationSeconds = params.durationSeconds ?? 10
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-bench-http-'))
  const storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'bench.db') })
  const logger = pino({ level: 'silent' })
  const [reportId] = await importBundledReports({
    service: new ReportsService(new KyselyReportRepository(storage.db)),
    reportsDir: path.resolve(__dirname, '../data/reports'),
    now: new Date(),
  })
  const directory = await createStationDirectory({
    stationsDir: path.resolve(__dirname, '../data/stations'),
    repository: new KyselyStationRepository(storage.db),
    logger,
    now: () => new Date(),
  })
  const app = await listen(createApp({ storage, directory, logger, version: 'bench', jsonBodyLimit: '64kb', rateLimits: 'off' }))
  const bare = express()
  bare.get('/', (_req, res) => {
    res.json({ ok: true })
  })
  const baseline = await listen(bare)
  const servers = [app.server, baseline.server]
  try {
    const reportUrl = `${app.url}/api/reports/${reportId}`
    const recorded = await rawGet(reportUrl, REPORT_REQUEST_HEADERS)
    if (recorded.status !== 200) throw new Error(`${reportUrl}: ${recorded.status}`)
    const copied: Record<string, string> = {}
    for (const name of COPIED_HEADERS) {
      const value = recorded.headers[name]
      if (value !== undefined) copied[name] = Array.isArray(value) ? value.join(', ') : value
    }
    const sameBytes = express()
    sameBytes.disable('x-powered-by')
    sameBytes.set('etag', false)
    sameBytes.get('/', (_req, res) => {
      res.set(copied).send(recorded.body)
    })
    const sameBytesServer = await listen(sameBytes)
    servers.push(sameBytesServer.server)

    const nearestUrl = `${app.url}/api/stations/nearest?lat=28.45&lng=109.0&limit=5&datum=wgs84`
    const [bareRps, nearestRps, nearestPhoneRps, sameBytesRps, reportRps] = await requestsPerSecondInTurns(
      [
        { url: `${baseline.url}/` },
        { url: nearestUrl },
        // as a phone asks: the answer may be compressed (it is under 1 KB here, so the cost is the negotiation)
        { url: nearestUrl, headers: REPORT_REQUEST_HEADERS },
        { url: `${sameBytesServer.url}/`, headers: REPORT_REQUEST_HEADERS },
        { url: reportUrl, headers: REPORT_REQUEST_HEADERS },
      ],
      durationSeconds,
    )
    return {
      durationSeconds,
      bareRps,
      nearestRps,
      nearestVsBare: nearestRps / bareRps,
      nearestPhoneRps,
      nearestPhoneVsBare: nearestPhoneRps / bareRps,
      sameBytesRps,
      reportRps,
      reportVsSameBytes: reportRps / sameBytesRps,
      reportEncoding: copied['content-encoding'] ?? 'identity',
      reportBodyBytes: recorded.body.length,
    }
  } finally {
    for (const server of servers) {
      server.closeAllConnections()
      server.close()
    }
    await storage.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  void runThroughputBench({ durationSeconds: Number(process.env.BENCH_SECONDS ?? 10) }).then((result) =>
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
  )
}
