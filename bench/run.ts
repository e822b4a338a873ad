/**
 * `npm run bench`: runs every benchmark in bench/, prints one table and writes
 * bench/results/latest.json. Each benchmark measures its own baseline in the same run.
 */
import fs from 'node:fs'
import path from 'node:path'
import { runNearestBench } from './nearest.bench'
import { runReportImportBench } from './report-import.bench'

async function main(): Promise<void> {
  const reportImport = await runReportImportBench()
  const nearest = await runNearestBench()
  const rows: [string, string][] = [
    ['seed report: parse (median)', `${reportImport.parseMedianMs.toFixed(2)} ms (target < 50 ms; ${reportImport.parseVsBaseline.toFixed(1)}× a Han-character count)`],
    ['seed report: parse + store, SQLite (median)', `${reportImport.importMedianMs.toFixed(2)} ms`],
    [`nearest k=5 among ${nearest.stations.toLocaleString('en')} stations`, `${nearest.indexUsPerQuery.toFixed(1)} µs/query (target ≤ 1,000 µs)`],
    ['nearest: speed-up against a linear scan', `${nearest.speedup.toFixed(0)}× (target ≥ 100×; scan ${nearest.linearUsPerQuery.toFixed(0)} µs/query)`],
  ]
  process.stdout.write('\n')
  for (const [name, value] of rows) process.stdout.write(`${name.padEnd(48)} ${value}\n`)
  const resultsDir = path.join(__dirname, 'results')
  fs.mkdirSync(resultsDir, { recursive: true })
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), reportImport, nearest }, null, 2)}\n`)
}

void main()
