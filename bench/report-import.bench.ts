/**
 * Seed report import (issue #3 target: under 50 ms). Measures parsing the seed, and parsing plus
 * storing it in SQLite, against a baseline measured in the same run: one regex pass that counts
 * the Han characters of the same text (the least any importer must do). Reports; asserts nothing.
 *
 *   npx tsx bench/report-import.bench.ts
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseReport } from '../server/importers/report-parser'
import { KyselyReportRepository } from '../server/reports/report.repository'
import { ReportsService } from '../server/reports/reports.service'
import { openStorage } from '../server/storage/database'

export interface ReportImportBenchResult {
  seedChars: number
  coldParseMs: number
  parseMedianMs: number
  importMedianMs: number
  baselineMedianMs: number
  parseVsBaseline: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

async function timeRuns(runs: number, work: () => unknown | Promise<unknown>): Promise<number> {
  const samples: number[] = []
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now()
    await work()
    samples.push(performance.now() - started)
  }
  return median(samples)
}

export async function runReportImportBench(): Promise<ReportImportBenchResult> {
  const input = fs.readFileSync(path.resolve(__dirname, '../data/reports/xiushan-2023.txt'), 'utf8')
  const coldStarted = performance.now()
  parseReport({ input })
  const coldParseMs = performance.now() - coldStarted

  const baselineMedianMs = await timeRuns(200, () => input.match(/\p{Script=Han}/gu)?.length)
  const parseMedianMs = await timeRuns(200, () => parseReport({ input }))

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-bench-'))
  const storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'bench.db') })
  try {
    const service = new ReportsService(new KyselyReportRepository(storage.db))
    let revision = 0
    // a changed body each time, so every run really writes
    const importMedianMs = await timeRuns(30, () => service.importReport({ input: `${input}\n修订${(revision += 1)}`, source: 'bench', now: new Date() }))
    return { seedChars: input.length, coldParseMs, parseMedianMs, importMedianMs, baselineMedianMs, parseVsBaseline: parseMedianMs / baselineMedianMs }
  } finally {
    await storage.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  void runReportImportBench().then((result) => {
    const rows = [
      ['seed size', `${result.seedChars} characters`],
      ['parse, first (cold) run', `${result.coldParseMs.toFixed(2)} ms`],
      ['parse, median of 200', `${result.parseMedianMs.toFixed(2)} ms  (target < 50 ms)`],
      ['parse + store in SQLite, median of 30', `${result.importMedianMs.toFixed(2)} ms`],
      ['baseline: count Han characters, median', `${result.baselineMedianMs.toFixed(3)} ms`],
      ['parse ÷ baseline', `${result.parseVsBaseline.toFixed(1)}×`],
    ]
    for (const [name, value] of rows) process.stdout.write(`${name.padEnd(42)} ${value}\n`)
  })
}
