/**
 * BFF throughput with autocannon (10 connections, 10 s each, no pipelining) for
 * /api/stations/nearest and /api/reports/:id, against a bare Express handler returning a
 * constant, all in the same run on the same machine. Budget: nearest ≥ 0.7× the bare handler.
 */
import fs from 'node:fs'
import type { Server } from 'node:http'
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
  reportRps: number
  nearestVsBare: number
  reportVsBare: number
}

async function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

async function requestsPerSecond(url: string, durationSeconds: number): Promise<number> {
  // a short warm-up so JIT and connection set-up do not favour whichever runs last
  await autocannon({ url, connections: 10, pipelining: 1, duration: 1 })
  const result = await autocannon({ url, connections: 10, pipelining: 1, duration: durationSeconds })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return result.requests.average
}

export async function runThroughputBench(params: { durationSeconds?: number } = {}): Promise<ThroughputResult> {
  const durationSeconds = params.durationSeconds ?? 10
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-bench-http-'))
  const storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'bench.db') })
  const logger = pino({ level: 'silent' })
  const [reportId] = await importBundledReports({ service: new ReportsService(new KyselyReportRepository(storage.db)), reportsDir: path.resolve(__dirname, '../data/reports'), now: new Date() })
  const directory = await createStationDirectory({ stationsDir: path.resolve(__dirname, '../data/stations'), repository: new KyselyStationRepository(storage.db), logger, now: () => new Date() })
  const app = await listen(createApp({ storage, directory, logger, version: 'bench', jsonBodyLimit: '64kb', rateLimits: 'off' }))
  const bare = express()
  bare.get('/', (_req, res) => {
    res.json({ ok: true })
  })
  const baseline = await listen(bare)
  try {
    const bareRps = await requestsPerSecond(`${baseline.url}/`, durationSeconds)
    const nearestRps = await requestsPerSecond(`${app.url}/api/stations/nearest?lat=28.45&lng=109.0&limit=5&datum=wgs84`, durationSeconds)
    const reportRps = await requestsPerSecond(`${app.url}/api/reports/${reportId}`, durationSeconds)
    return { durationSeconds, bareRps, nearestRps, reportRps, nearestVsBare: nearestRps / bareRps, reportVsBare: reportRps / bareRps }
  } finally {
    for (const { server } of [app, baseline]) {
      server.closeAllConnections()
      server.close()
    }
    await storage.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  void runThroughputBench({ durationSeconds: Number(process.env.BENCH_SECONDS ?? 10) }).then((result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`))
}
