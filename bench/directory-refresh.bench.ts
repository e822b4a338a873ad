/**
 * A county directory of ~18.5 MB (JSON, valid rows) read by the BFF while it serves requests:
 * the longest event-loop block while StationDirectory.refresh() downloads, decodes, parses and
 * indexes it, against the baseline in the same run — the same bytes decoded and parsed in one go
 * (decodeBody + parseDirectoryRows + the index, as before the parse was sliced). Measured with
 * perf_hooks.monitorEventLoopDelay. Also: a refresh that gets the same body again without an ETag,
 * and the size of GET /api/stations answers with paging. Reports; asserts nothing.
 *
 *   npx tsx bench/directory-refresh.bench.ts
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import pino from 'pino'
import request from 'supertest'
import { createApp } from '../server/app'
import { parseDirectoryRows } from '../server/stations/directory/directory-rows'
import { buildStationIndex } from '../server/stations/station-index'
import { createStationDirectory } from '../server/stations/station-directory'
import { KyselyStationRepository } from '../server/stations/station.repository'
import { townRegistrySchema } from '../server/stations/towns'
import { openStorage } from '../server/storage/database'
import { createUpstreamClient, decodeBody } from '../server/upstream/upstream-client'

export interface DirectoryBenchResult {
  documentBytes: number
  rows: number
  /** longest event-loop block, one-go baseline (ms) */
  baselineMaxBlockMs: number
  baselineTotalMs: number
  /** longest event-loop block during StationDirectory.refresh() (ms) */
  slicedMaxBlockMs: number
  slicedTotalMs: number
  /** sliced longest block ÷ baseline longest block */
  blockRatio: number
  /** the same body again, no ETag: hashed, not parsed (ms) */
  unchangedRefreshMs: number
  unchangedMaxBlockMs: number
  /** GET /api/stations: every station in one answer (before paging), the default unpaged answer (≤ 1000), a page of 100 */
  allStationsBytes: number
  unpagedBytes: number
  pageBytes: number
}

const ROWS = 28_000
const dataDir = path.resolve(__dirname, '../data/stations')

function bigDirectory(): string {
  const registry = townRegistrySchema.parse(JSON.parse(fs.readFileSync(path.join(dataDir, 'xiushan-towns.json'), 'utf8')))
  const towns = registry.towns.map((town) => town.name)
  const source = '来源：县司法局公开名录（2025 年 6 月），经乡镇司法所电话核实地址、电话与开放时间；坐标为村委会位置。'
  const rows = Array.from({ length: ROWS }, (_, index) => {
    const town = towns[index % towns.length]
    return {
      id: `bench-${index}`,
      name: `${town}第${index}村公共法律服务工作室`,
      tier: 'workroom',
      county: '秀山土家族苗族自治县',
      town,
      village: `第${index}村`,
      address: `${town}第${index}村村民委员会办公楼一楼`,
      phone: '023-76662345',
      hours: '周一至周五 9:00-12:00，14:00-17:30',
      services: '法律咨询;人民调解;法律援助',
      lat: 28.2 + (index % 1000) / 2500,
      lng: 108.8 + Math.floor(index / 1000) / 300,
      datum: 'gcj02',
      location_quality: 'approximate',
      source,
      verified_at: '2025-06-01',
    }
  })
  return JSON.stringify({ county: '秀山土家族苗族自治县', stations: rows })
}

/** Runs `work` and reports the longest event-loop block meanwhile (a 1 ms timer keeps the loop observed). */
async function measure(work: () => Promise<unknown>): Promise<{ maxBlockMs: number; totalMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  // a timer always due: every turn of the loop is seen, as a request arriving would be
  const ticker = setInterval(() => undefined, 1)
  // enabled a little before the work: the sampler's first tick has no previous one to measure from
  histogram.enable()
  await new Promise((resolve) => setTimeout(resolve, 20))
  const started = performance.now()
  await work()
  const totalMs = performance.now() - started
  await new Promise((resolve) => setTimeout(resolve, 20))
  histogram.disable()
  clearInterval(ticker)
  return { maxBlockMs: histogram.max / 1e6, totalMs }
}

export async function runDirectoryBench(): Promise<DirectoryBenchResult> {
  const body = Buffer.from(bigDirectory(), 'utf8')
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/directory.json`
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-bench-dir-'))
  const storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'bench.db') })
  const logger = pino({ level: 'silent' })
  try {
    const registry = townRegistrySchema.parse(JSON.parse(fs.readFileSync(path.join(dataDir, 'xiushan-towns.json'), 'utf8')))
    // baseline: the bytes (already downloaded) decoded, parsed and indexed in one go
    let baselineRows = 0
    const baseline = await measure(async () => {
      await new Promise((resolve) => setImmediate(resolve))
      const text = decodeBody({ bytes: body, contentType: 'application/json; charset=utf-8' })
      const parsed = parseDirectoryRows({ input: text, registries: [registry], source: 'bench', now: new Date() })
      buildStationIndex({ stations: parsed.accepted })
      baselineRows = parsed.accepted.length
    })

    const directory = await createStationDirectory({
      stationsDir: dataDir,
      repository: new KyselyStationRepository(storage.db),
      logger,
      now: () => new Date(),
      upstream: { url, client: createUpstreamClient({ timeoutMs: 60_000 }) },
      limits: { maxBytes: 32_000_000, maxRows: 100_000 },
    })
    let outcome: unknown
    const sliced = await measure(async () => {
      outcome = await directory.refresh()
    })
    if ((outcome as { status: string }).status !== 'updated') throw new Error(`refresh failed: ${JSON.stringify(outcome)}`)
    const unchanged = await measure(() => directory.refresh())

    const app = createApp({ storage, directory, logger, version: 'bench', jsonBodyLimit: '64kb', rateLimits: 'off' })
    const unpaged = await request(app).get('/api/stations')
    const page = await request(app).get('/api/stations').query({ page: 2, pageSize: 100 })
    const allStationsBytes = Buffer.byteLength(JSON.stringify({ stations: directory.snapshot().stations }))
    return {
      documentBytes: body.length,
      rows: baselineRows,
      baselineMaxBlockMs: baseline.maxBlockMs,
      baselineTotalMs: baseline.totalMs,
      slicedMaxBlockMs: sliced.maxBlockMs,
      slicedTotalMs: sliced.totalMs,
      blockRatio: sliced.maxBlockMs / baseline.maxBlockMs,
      unchangedRefreshMs: unchanged.totalMs,
      unchangedMaxBlockMs: unchanged.maxBlockMs,
      allStationsBytes,
      unpagedBytes: Buffer.byteLength(unpaged.text),
      pageBytes: Buffer.byteLength(page.text),
    }
  } finally {
    server.closeAllConnections()
    server.close()
    await storage.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  void runDirectoryBench().then((result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`))
}
