import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { releaseProblems, withAppId } from '../../scripts/release-weapp'

const repoRoot = path.resolve(__dirname, '../..')
const GOOD = { TARO_APP_API_BASE_URL: 'https://fazhitong.example.gov.cn', TARO_APP_ID: 'wx0123456789abcdef' }

/** `npm run release:weapp` as a county's administrator runs it (tsx, the repository's own script). */
function runRelease(env: Record<string, string>, args: string[] = []) {
  const started = Date.now()
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/release-weapp.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, TARO_APP_API_BASE_URL: '', TARO_APP_ID: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: result.status, stderr: result.stderr, stdout: result.stdout, ms: Date.now() - started }
}

describe('npm run release:weapp', () => {
  it('accepts an https API base on a real host and a wx appid', () => {
    expect(releaseProblems(GOOD)).toEqual([])
  })

  it.each([
    ['http://127.0.0.1:3000', /TARO_APP_API_BASE_URL.*https/],
    ['https://localhost:3000', /TARO_APP_API_BASE_URL.*本机/],
    ['https://127.0.0.1', /TARO_APP_API_BASE_URL.*本机/],
    ['http://fazhitong.example.gov.cn', /TARO_APP_API_BASE_URL.*https/],
    ['not a url', /TARO_APP_API_BASE_URL.*有效/],
    ['', /TARO_APP_API_BASE_URL 未设置/],
  ])('refuses the API base %p, naming the variable', (apiBase, message) => {
    const problems = releaseProblems({ ...GOOD, TARO_APP_API_BASE_URL: apiBase })
    expect(problems.join('\n')).toMatch(message)
  })

  it.each([undefined, '', 'touristappid', 'wx123', 'WX0123456789ABCDEF'])('refuses the appid %p, naming TARO_APP_ID', (appId) => {
    const problems = releaseProblems({ ...GOOD, TARO_APP_ID: appId })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^TARO_APP_ID/)
  })

  it('with the development API base, exits 1 within seconds, before building, and names the variable', () => {
    const run = runRelease({ TARO_APP_API_BASE_URL: 'http://127.0.0.1:3000', TARO_APP_ID: GOOD.TARO_APP_ID })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('TARO_APP_API_BASE_URL')
    expect(run.stdout).not.toMatch(/build:weapp|taro build/)
    expect(run.ms).toBeLessThan(15_000)
  })

  it('with good settings, passes the check (--check stops before the build)', () => {
    const run = runRelease(GOOD, ['--check'])
    expect(run.status).toBe(0)
    expect(run.stderr).toBe('')
  })

  it('writes the appid into the built project config and turns the request-domain check on', () => {
    const written = JSON.parse(
      withAppId({
        projectConfigJson: JSON.stringify({ appid: 'touristappid', miniprogramRoot: './', setting: { urlCheck: false, es6: false } }),
        appId: GOOD.TARO_APP_ID,
      }),
    ) as { appid: string; miniprogramRoot: string; setting: Record<string, unknown> }
    expect(written).toEqual({ appid: GOOD.TARO_APP_ID, miniprogramRoot: './', setting: { urlCheck: true, es6: false } })
  })
})
