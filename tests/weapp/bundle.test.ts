import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'acorn'
import { WEAPP_DIST, assertWeappBuilt } from './harness'

assertWeappBuilt()

function compiledScripts(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return compiledScripts(full)
    return entry.name.endsWith('.js') ? [full] : []
  })
}

describe('compiled mini program: bundle', () => {
  // jest gives the compiled code Node's `process`, so the page tests cannot catch this; WeChat's
  // JS engine has no such globals, and a `process.env.X` left in by the build throws on a phone
  it('references no Node globals that WeChat lacks (process, Buffer, global, __dirname)', () => {
    const offenders: string[] = []
    for (const file of compiledScripts(WEAPP_DIST)) {
      const source = fs.readFileSync(file, 'utf8')
      for (const match of source.matchAll(/(?<![\w$.])(process|Buffer|global|__dirname|__filename)(?![\w$])/g)) {
        const at = match.index ?? 0
        offenders.push(`${path.relative(WEAPP_DIST, file)}: …${source.slice(Math.max(0, at - 40), at + 40)}…`)
      }
    }
    expect(offenders).toEqual([])
  })

  // project.config.json has es6 and enhance off: WeChat runs our output as it is, and the JS engines
  // of older phones reject newer syntax (zod ships ES2020: spread, ?., ??) with a blank app
  it('contains no syntax newer than ES2015 in any emitted script', () => {
    const rejected: string[] = []
    for (const file of compiledScripts(WEAPP_DIST)) {
      const source = fs.readFileSync(file, 'utf8')
      try {
        parse(source, { ecmaVersion: 2015, sourceType: 'script' })
      } catch (error) {
        const at = (error as { pos?: number }).pos ?? 0
        rejected.push(`${path.relative(WEAPP_DIST, file)}: ${(error as Error).message} …${source.slice(Math.max(0, at - 40), at + 20)}…`)
      }
    }
    expect(compiledScripts(WEAPP_DIST).length).toBeGreaterThan(10)
    expect(rejected).toEqual([])
  })

  // WeChat refuses to start a package whose app.json names a missing page or a bad tab-bar icon
  it('contains every page and tab-bar icon that app.json names (icons PNG/JPG, at most 40 KB)', () => {
    const appJson = JSON.parse(fs.readFileSync(path.join(WEAPP_DIST, 'app.json'), 'utf8')) as {
      pages: string[]
      tabBar?: { list: { pagePath: string; iconPath?: string; selectedIconPath?: string }[] }
    }
    const missing = appJson.pages
      .flatMap((page) => ['js', 'json', 'wxml'].map((ext) => `${page}.${ext}`))
      .filter((file) => !fs.existsSync(path.join(WEAPP_DIST, file)))
    expect(missing).toEqual([])

    const tabs = appJson.tabBar?.list ?? []
    expect(tabs.length).toBeGreaterThanOrEqual(2)
    expect(tabs.length).toBeLessThanOrEqual(5)
    for (const tab of tabs) {
      expect(appJson.pages).toContain(tab.pagePath)
      for (const icon of [tab.iconPath, tab.selectedIconPath].filter((name): name is string => Boolean(name))) {
        const file = path.join(WEAPP_DIST, icon)
        expect({ icon, exists: fs.existsSync(file) }).toEqual({ icon, exists: true })
        expect(icon).toMatch(/\.(png|jpe?g)$/i)
        expect(fs.statSync(file).size).toBeLessThanOrEqual(40 * 1024)
      }
    }
  })

  it('starts lean and keeps private pages out of WeChat search: lazy component injection, a sitemap of public pages, volunteer package on Wi-Fi only', () => {
    const appJson = JSON.parse(fs.readFileSync(path.join(WEAPP_DIST, 'app.json'), 'utf8')) as {
      pages: string[]
      lazyCodeLoading?: string
      sitemapLocation?: string
      preloadRule?: Record<string, { network: string; packages: string[] }>
    }
    expect(appJson.lazyCodeLoading).toBe('requiredComponents')
    expect(appJson.sitemapLocation).toBe('sitemap.json')
    const sitemap = JSON.parse(fs.readFileSync(path.join(WEAPP_DIST, 'sitemap.json'), 'utf8')) as { rules: { action: string; page: string }[] }
    const allowed = sitemap.rules.filter((rule) => rule.action === 'allow').map((rule) => rule.page)
    expect(allowed).toEqual(expect.arrayContaining(['pages/home/index', 'pages/report/index', 'pages/station/index']))
    for (const page of allowed) expect(appJson.pages).toContain(page)
    expect(allowed.filter((page) => page.startsWith('package') || page === 'pages/me/index')).toEqual([])
    expect(sitemap.rules.at(-1)).toEqual({ action: 'disallow', page: '*' })
    const rules = Object.values(appJson.preloadRule ?? {})
    expect(rules.filter((rule) => rule.packages.includes('packageVolunteer')).map((rule) => rule.network)).toEqual(['wifi'])
    expect(appJson.preloadRule?.['pages/home/index']?.packages).toContain('packageBooking')
  })
})
