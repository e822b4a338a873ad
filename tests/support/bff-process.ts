import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { suiteFixture } from './suite-fixture'

export const repoRoot = path.resolve(__dirname, '../..')

/** what `npm run build:server` writes and production runs with plain node */
export const COMPILED_ENTRY = 'dist/server/main.js'

/** Whether a new TCP connection to the port on 127.0.0.1 is accepted now. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface BffProcess {
  baseUrl: string
  /** the SQLite file it keeps its data in (for `npm run admin` beside it, as an operator would) */
  sqlitePath: string
  child: ChildProcess
  output: () => string
  stop(signal?: NodeJS.Signals): Promise<number | null>
  /** removes the temporary data directory */
  cleanup(): void
}

/**
 * Every test client of a BFF process is 127.0.0.1, one address for all the residents a suite plays:
 * a station's fair shares per address (RATE_LIMIT_SHARE_*) are made roomy here, and tested on their
 * own with an address per client (tests/server/bookings/station-drain.test.ts). A test may pass its own.
 */
const ROOMY_SHARES = {
  RATE_LIMIT_SHARE_ADDRESS_DAY: '1000',
  RATE_LIMIT_SHARE_ADDRESS_HORIZON: '1000',
  RATE_LIMIT_SHARE_PHONE_DAY: '1000',
  RATE_LIMIT_SHARE_PHONE_HORIZON: '1000',
}

export interface StartBffParams {
  env?: Record<string, string>
  readyTimeoutMs?: number
  port?: number
  /** run dist/server/main.js with plain node, as production does (build it first: `npm run build:server`) */ compiled?: boolean
  /** another checkout's sources to run (an earlier release), instead of this one's */ checkout?: string
}

/**
 * Starts the real BFF (`server/main.ts`) as its own process on a free port, as `npm start` does,
 * with a fresh SQLite file unless the environment names a database.
 */
export async function startBff(params: StartBffParams = {}): Promise<BffProcess> {
  // a given port brings a stopped server back at the same address (same origin for a browser)
  const port = params.port ?? (await freePort())
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-bff-'))
  const sqlitePath = params.env?.SQLITE_PATH ?? path.join(dataDir, 'fazhitong.db')
  // one process (node with tsx's loader), not the tsx launcher: a SIGKILL must hit the server itself
  const entry = params.compiled ? ['--enable-source-maps', COMPILED_ENTRY] : ['--import', 'tsx', 'server/main.ts']
  const child = spawn(process.execPath, entry, {
    cwd: params.checkout ?? repoRoot,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SQLITE_PATH: sqlitePath,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      ...ROOMY_SHARES,
      ...params.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const baseUrl = `http://127.0.0.1:${port}`

  const deadline = Date.now() + (params.readyTimeoutMs ?? 30_000)
  for (;;) {
    if (child.exitCode !== null) throw new Error(`BFF exited with ${child.exitCode} before it was ready:\n${output}`)
    try {
      const response = await fetch(`${baseUrl}/api/health`)
      if (response.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`BFF not ready within the time limit:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }

  return {
    baseUrl,
    sqlitePath,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal)
      return exited
    },
    cleanup() {
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * The BFF process of a whole `describe`: started before its tests, stopped and its data removed after
 * them. `params` may be a function, read when it starts (a fake upstream's address known by then).
 */
export function bffProcessForSuite(params: StartBffParams | (() => StartBffParams) = {}): BffProcess {
  return suiteFixture(
    () => startBff(typeof params === 'function' ? params() : params),
    async (bff) => {
      await bff.stop()
      bff.cleanup()
    },
  )
}
