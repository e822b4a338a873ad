import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { COMPILED_ENTRY, freePort, repoRoot, startBff } from '../support/bff-process'

const compiledPath = path.join(repoRoot, COMPILED_ENTRY)

/** the command line of a process, as the kernel has it (argv joined by spaces) */
const commandLine = (pid: number): string => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()

/** every descendant of a process, from /proc (ps is not on every machine) */
function descendants(pid: number): number[] {
  const children = fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((candidate) => {
      try {
        // field 4 of /proc/PID/stat is the parent; the name (field 2) may hold spaces, so read after its ')'
        const stat = fs.readFileSync(`/proc/${candidate}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid
      } catch {
        return false
      }
    })
  return children.flatMap((child) => [child, ...descendants(child)])
}

describe('the compiled BFF (npm run build:server)', () => {
  beforeAll(() => {
    // npm test builds it when stale; a targeted run may not have
    if (!fs.existsSync(compiledPath)) expect(spawnSync('npm', ['run', 'build:server'], { cwd: repoRoot, encoding: 'utf8' }).status).toBe(0)
  })

  it('runs on plain node, without tsx: on first start imports the bundled report from the checkout, serves it, and exits 0 on SIGTERM', async () => {
    const bff = await startBff({ compiled: true })
    try {
      const commandOfBff = commandLine(bff.child.pid ?? 0)
      expect(commandOfBff).toContain(COMPILED_ENTRY)
      expect(commandOfBff).not.toMatch(/tsx/)
      // the bundle finds data/ (the seed) and dist/h5 from dist/server, not from a fixed `..`
      const home = (await (await fetch(`${bff.baseUrl}/api/home`)).json()) as { latestReport: { title: string } | null }
      expect(home.latestReport?.title).toBe('秀山土家族苗族自治县2023年度法治政府建设情况报告')
      const page = await fetch(`${bff.baseUrl}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('秀山')
      expect(await bff.stop('SIGTERM')).toBe(0)
    } finally {
      await bff.stop('SIGKILL')
      bff.cleanup()
    }
  })

  it('a failure at start-up prints a stack of the sources’ files and lines (source maps), and exits 1', () => {
    // a folder where the database file should be: better-sqlite3 cannot open it
    const result = spawnSync(process.execPath, ['--enable-source-maps', compiledPath], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', SQLITE_PATH: os.tmpdir(), DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('启动失败')
    expect(result.stderr).toMatch(/at openSqlite \(.*server\/storage\/database\.ts:\d+:\d+\)/)
  })

  it('holds our sources only: packages are loaded from node_modules, where a native one (better-sqlite3) must be', () => {
    const bundle = fs.readFileSync(compiledPath, 'utf8')
    expect(bundle).toMatch(/require\("better-sqlite3"\)/)
    expect(bundle).toMatch(/require\("express"\)/)
    const map = JSON.parse(fs.readFileSync(`${compiledPath}.map`, 'utf8')) as { sources: string[] }
    expect(map.sources.some((source) => source.includes('node_modules'))).toBe(false)
    expect(map.sources.some((source) => source.endsWith('server/main.ts'))).toBe(true)
  })
})

describe('npm start', () => {
  it('rebuilds a stale compiled BFF, then serves with plain node on dist/server/main.js', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-start-'))
    const port = await freePort()
    // older than every source: npm start must build it again before running it
    const longAgo = new Date('2020-01-01T00:00:00Z')
    fs.utimesSync(compiledPath, longAgo, longAgo)
    const npm = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SQLITE_PATH: path.join(dataDir, 'db.sqlite'), LOG_LEVEL: 'warn', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let output = ''
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()))
    try {
      const deadline = Date.now() + 120_000
      for (;;) {
        const healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then(
          (response) => response.ok,
          () => false,
        )
        if (healthy) break
        if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not serve:\n${output}`)
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      expect(fs.statSync(compiledPath).mtimeMs).toBeGreaterThan(longAgo.getTime())
      // the node processes under npm once it serves: the BFF alone, plain node on the bundle (tsx's build step has ended)
      const nodes = descendants(npm.pid ?? 0)
        .map(commandLine)
        .filter((line) => /(^|\/)node$/.test(line.split(' ')[0]))
      expect(nodes).toEqual([expect.stringMatching(/(^|\/)node --enable-source-maps dist\/server\/main\.js$/)])
    } finally {
      // npm, its shell and the BFF share the group started above
      try {
        process.kill(-(npm.pid ?? 0), 'SIGTERM')
      } catch {
        // already gone
      }
      await exited
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }, 180_000)
})
