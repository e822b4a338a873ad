/**
 * Start-up time and resident memory of the BFF as production runs it (plain node on
 * dist/server/main.js, `npm run build:server`) beside the same BFF on tsx's loader (how it ran
 * before issue 25, and still does in development), measured in the same run, alternating, on one
 * SQLite database that has been used before (seeded and served once first).
 *
 * Start-up: from spawn to the first 200 of `GET /api/health` (polled every 5 ms). Memory: VmRSS
 * of the process when ready, and after a warm-up that reads 首页, the report and the nearest
 * stations 200 times (the first requests compile the handlers: that is memory production holds).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildIfStale } from '../scripts/build-if-stale'
import { COMPILED_ENTRY, freePort, repoRoot } from '../tests/support/bff-process'

export interface StartupSample {
  startMs: number
  readyRssMb: number
  warmRssMb: number
}

export interface StartupBenchResult {
  rounds: number
  /** medians of the rounds */
  tsx: StartupSample
  compiled: StartupSample
  /** compiled ÷ tsx: below 1 is faster or smaller */
  startRatio: number
  warmRssRatio: number
}

type Runner = 'tsx' | 'compiled'

const ENTRIES: Record<Runner, string[]> = { tsx: ['--import', 'tsx', 'server/main.ts'], compiled: ['--enable-source-maps', COMPILED_ENTRY] }

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const rssMb = (pid: number): number => {
  const line = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  return line ? Number(line[1]) / 1024 : NaN
}

async function startOnce(params: { runner: Runner; sqlitePath: string; warm: boolean }): Promise<StartupSample> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, ENTRIES[params.runner], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SQLITE_PATH: params.sqlitePath, DATABASE_URL: '', LOG_LEVEL: 'warn', RATE_LIMIT: 'off' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const base = `http://127.0.0.1:${port}`
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the ${params.runner} BFF exited: ${errors}`)
      const ok = await fetch(`${base}/api/health`).then(
        (response) => response.ok,
        () => false,
      )
      if (ok) break
      if (performance.now() - started > 60_000) throw new Error(`the ${params.runner} BFF did not start in 60 s: ${errors}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const startMs = performance.now() - started
    const readyRssMb = rssMb(child.pid ?? 0)
    if (params.warm) {
      const { latestReport } = (await (await fetch(`${base}/api/home`)).json()) as { latestReport: { id: string } | null }
      const paths = ['/api/home', `/api/reports/${latestReport?.id ?? ''}`, '/api/stations/nearest?lat=28.45&lng=108.99', '/']
      for (let round = 0; round < 50; round += 1) {
        for (const url of paths) await (await fetch(`${base}${url}`)).arrayBuffer()
      }
    }
    return { startMs, readyRssMb, warmRssMb: rssMb(child.pid ?? 0) }
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

export async function runStartupBench(params: { rounds: number }): Promise<StartupBenchResult> {
  buildIfStale('server')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-startup-'))
  const sqlitePath = path.join(dir, 'used.db')
  try {
    // a database that has been used: the seed imported and served once
    await startOnce({ runner: 'compiled', sqlitePath, warm: true })
    const samples: Record<Runner, StartupSample[]> = { tsx: [], compiled: [] }
    for (let round = 0; round < params.rounds; round += 1) {
      // alternating, and the other order every other round, so neither gets a warmer disk cache
      const order: Runner[] = round % 2 ? ['compiled', 'tsx'] : ['tsx', 'compiled']
      for (const runner of order) samples[runner].push(await startOnce({ runner, sqlitePath, warm: true }))
    }
    const summary = (list: StartupSample[]): StartupSample => ({
      startMs: median(list.map((s) => s.startMs)),
      readyRssMb: median(list.map((s) => s.readyRssMb)),
      warmRssMb: median(list.map((s) => s.warmRssMb)),
    })
    const tsx = summary(samples.tsx)
    const compiled = summary(samples.compiled)
    return { rounds: params.rounds, tsx, compiled, startRatio: compiled.startMs / tsx.startMs, warmRssRatio: compiled.warmRssMb / tsx.warmRssMb }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (require.main === module) {
  runStartupBench({ rounds: Number(process.env.STARTUP_ROUNDS ?? 5) }).then(
    (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`)
      process.exit(1)
    },
  )
}
