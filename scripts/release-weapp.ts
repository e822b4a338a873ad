// `npm run release:weapp`: the mini program as it is uploaded to WeChat. Refuses, before building,
// any setting that only makes sense on a developer's machine; `npm run build:weapp` stays the
// development build (local BFF, tourist appid).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(__dirname, '..')
const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i

/** What is wrong with the release settings, one line per problem, each naming its variable. */
export function releaseProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = []
  const apiBase = env.TARO_APP_API_BASE_URL?.trim() ?? ''
  if (!apiBase) {
    problems.push('TARO_APP_API_BASE_URL 未设置：正式版要调用线上 BFF，例如 https://fazhitong.example.gov.cn')
  } else {
    let url: URL | null = null
    try {
      url = new URL(apiBase)
    } catch {
      problems.push(`TARO_APP_API_BASE_URL 不是有效的网址：${apiBase}`)
    }
    // WeChat only allows https request domains that are listed in the admin console
    if (url && url.protocol !== 'https:') problems.push(`TARO_APP_API_BASE_URL 必须是 https:// 地址（现在是 ${apiBase}）`)
    if (url && LOOPBACK_HOSTS.test(url.hostname)) problems.push(`TARO_APP_API_BASE_URL 指向本机（${url.hostname}），用户的手机连不上`)
  }
  const appId = env.TARO_APP_ID?.trim() ?? ''
  if (!appId || appId === 'touristappid') {
    problems.push('TARO_APP_ID 未设置：填小程序后台“开发管理 → 开发设置”里的 AppID（wx 开头），不能用 touristappid')
  } else if (!/^wx[0-9a-f]{16}$/.test(appId)) {
    problems.push(`TARO_APP_ID 格式不对：应为 wx 加 16 位十六进制字符（现在是 ${appId}）`)
  }
  return problems
}

/** The built project's config with the county's appid, for WeChat DevTools' 上传. */
export function withAppId(params: { projectConfigJson: string; appId: string }): string {
  const config = JSON.parse(params.projectConfigJson) as { appid?: string; setting?: Record<string, unknown> }
  config.appid = params.appId
  // a release checks request domains against the whitelist, as phones will
  config.setting = { ...config.setting, urlCheck: true }
  return `${JSON.stringify(config, null, 2)}\n`
}

function main(): void {
  const problems = releaseProblems(process.env)
  if (problems.length > 0) {
    process.stderr.write(`不能打正式包：\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n（开发时用 npm run build:weapp）\n`)
    process.exit(1)
  }
  if (process.argv.includes('--check')) {
    process.stdout.write('正式包设置没有问题。\n')
    return
  }
  const build = spawnSync('npm', ['run', 'build:weapp'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
  if (build.status !== 0) process.exit(build.status ?? 1)
  const configFile = path.join(root, 'dist/weapp/project.config.json')
  fs.writeFileSync(configFile, withAppId({ projectConfigJson: fs.readFileSync(configFile, 'utf8'), appId: process.env.TARO_APP_ID?.trim() ?? '' }))
  process.stdout.write(
    `dist/weapp 已按正式版打好（AppID ${process.env.TARO_APP_ID}，接口 ${process.env.TARO_APP_API_BASE_URL}）：用微信开发者工具打开 dist/weapp 上传。\n`,
  )
}

if (path.resolve(process.argv[1] ?? '') === __filename) main()
