import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { repoRoot, startBff } from '../support/bff-process'

describe('server/main.ts as a process', () => {
  it('on first start imports the bundled report, serves it, and exits 0 on SIGTERM', async () => {
    const bff = await startBff()
    try {
      const home = (await (await fetch(`${bff.baseUrl}/api/home`)).json()) as { latestReport: { title: string } | null }
      expect(home.latestReport?.title).toBe('秀山土家族苗族自治县2023年度法治政府建设情况报告')
      const health = (await (await fetch(`${bff.baseUrl}/api/health`)).json()) as { storage: string }
      expect(health.storage).toBe('sqlite')
      expect(await bff.stop('SIGTERM')).toBe(0)
    } finally {
      await bff.stop('SIGKILL')
      bff.cleanup()
    }
  })

  it('when a variable is invalid, refuses to start and names it', () => {
    const result = spawnSync(path.join(repoRoot, 'node_modules/.bin/tsx'), ['server/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('PORT')
    expect(result.stderr).toContain('配置有误')
  })
})
