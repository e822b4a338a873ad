import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../server/config'
import { COMPILED_ENTRY, freePort, repoRoot } from '../support/bff-process'

const UNIT = path.join(repoRoot, 'deploy/fazhitong@.service')
const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze'

/** `Key=value` lines of the [Service] section, a key given twice keeping both values. */
function serviceSettings(): Map<string, string[]> {
  const text = fs.readFileSync(UNIT, 'utf8')
  const service = text.slice(text.indexOf('[Service]'), text.indexOf('[Install]'))
  const settings = new Map<string, string[]>()
  for (const line of service.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim())
    if (match) settings.set(match[1], [...(settings.get(match[1]) ?? []), match[2]])
  }
  return settings
}

describe('deploy/fazhitong@.service', () => {
  it('passes systemd-analyze verify as an instance (fazhitong@3001) without a warning', () => {
    // systemd is Debian's package `systemd` (.ci/run installs it); the check is not skipped without it
    expect(fs.existsSync(SYSTEMD_ANALYZE)).toBe(true)
    const result = spawnSync(SYSTEMD_ANALYZE, ['verify', path.join(repoRoot, 'deploy/fazhitong@3001.service')], { encoding: 'utf8', timeout: 60_000 })
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('')
    expect(result.status).toBe(0)
  })

  it('runs the compiled server with plain node as the dedicated user, on its instance port on loopback, with the environment file', () => {
    const settings = serviceSettings()
    expect(settings.get('User')).toEqual(['fazhitong'])
    expect(settings.get('EnvironmentFile')).toEqual(['/etc/fazhitong/env'])
    const [execStart] = settings.get('ExecStart') ?? []
    expect(execStart.split(' ')).toEqual([
      '/usr/bin/env',
      'PORT=%i',
      'HOST=127.0.0.1',
      'NODE_ENV=production',
      '/usr/bin/node',
      '--enable-source-maps',
      COMPILED_ENTRY,
    ])
    expect(settings.get('WorkingDirectory')).toEqual(['/opt/fazhitong'])
  })

  it('its ExecStart, run as written in a built checkout (its WorkingDirectory), serves on the instance port on loopback and stops with SIGTERM, exit 0', async () => {
    if (!fs.existsSync(path.join(repoRoot, COMPILED_ENTRY))) expect(spawnSync('npm', ['run', 'build:server'], { cwd: repoRoot }).status).toBe(0)
    const port = await freePort()
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-unit-'))
    const [execStart] = serviceSettings().get('ExecStart') ?? []
    const [command, ...args] = execStart.replace('%i', String(port)).split(' ')
    // what EnvironmentFile would give: a database of its own
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, SQLITE_PATH: path.join(dataDir, 'unit.db'), DATABASE_URL: '', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    try {
      const deadline = Date.now() + 30_000
      let health: Response | null = null
      while (!health && Date.now() < deadline) {
        health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null)
        if (!health) await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(health?.status).toBe(200)
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      child.kill('SIGKILL')
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('stops with SIGTERM and waits longer than the BFF’s drain (delay + grace + its 5 s backstop), restarting only on failure', () => {
    const settings = serviceSettings()
    const { shutdown } = loadConfig({})
    expect(settings.get('KillSignal')).toEqual(['SIGTERM'])
    expect(Number(settings.get('TimeoutStopSec')?.[0]) * 1000).toBeGreaterThan(shutdown.delayMs + shutdown.graceMs + 5_000)
    expect(settings.get('Restart')).toEqual(['on-failure'])
    // a configuration error (exit 2) is not retried forever
    expect(settings.get('RestartPreventExitStatus')).toEqual(['2'])
  })

  it('is hardened, and leaves out MemoryDenyWriteExecute, which V8’s JIT cannot run under', () => {
    const settings = serviceSettings()
    const expected: Record<string, string> = {
      NoNewPrivileges: 'yes',
      CapabilityBoundingSet: '',
      ProtectSystem: 'strict',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      PrivateDevices: 'yes',
      RestrictAddressFamilies: 'AF_INET AF_INET6 AF_UNIX',
      ReadWritePaths: '/var/lib/fazhitong /var/backups/fazhitong',
      SystemCallArchitectures: 'native',
    }
    for (const [key, value] of Object.entries(expected)) expect([key, settings.get(key)]).toEqual([key, [value]])
    expect(settings.get('SystemCallFilter')).toContain('@system-service')
    expect(settings.has('MemoryDenyWriteExecute')).toBe(false)
  })
})
