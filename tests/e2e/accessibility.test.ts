import fs from 'node:fs'
import type { Browser, BrowserContext } from 'playwright-core'
import { startBff, type BffProcess } from '../support/bff-process'
import { describeInBrowser, launchChromium } from './support/browser'

jest.setTimeout(240_000)

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** Every H5 page a resident, villager, volunteer or staff member reaches without signing in. */
async function pagesToCheck(baseUrl: string): Promise<{ name: string; path: string; ready: string }[]> {
  const reports = (await (await fetch(`${baseUrl}/api/reports`)).json()) as { reports: { id: string }[] }
  return [
    { name: '首页', path: '/pages/home/index', ready: '服务正常' },
    { name: '报告', path: '/pages/reports/index', ready: '阅读全文' },
    { name: '读报告', path: `/pages/report/index?id=${reports.reports[0].id}`, ready: '索引号' },
    { name: '服务站', path: '/pages/stations/index', ready: '按乡镇' },
    { name: '服务站详情', path: '/pages/station/index?id=500241103-ws', ready: '隘口镇公共法律服务工作站' },
    { name: '我的', path: '/pages/me/index', ready: '大字模式' },
    { name: '隐私说明', path: '/pages/privacy/index', ready: '我们收集什么' },
    { name: '预约', path: '/packageBooking/pages/book/index?stationId=500241103-ws', ready: '隘口镇' },
    { name: '查预约', path: '/packageBooking/pages/lookup/index', ready: '预约码' },
    { name: '工作人员', path: '/packageBooking/pages/staff/index', ready: '登录' },
    { name: '法律明白人登录', path: '/packageVolunteer/pages/login/index', ready: '邀请码' },
  ]
}

describeInBrowser('accessibility (axe-core) of every H5 page, normal and 大字模式', () => {
  let bff: BffProcess
  let browser: Browser

  beforeAll(async () => {
    bff = await startBff({ env: { RATE_LIMIT: 'off' } })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await bff?.stop()
    bff?.cleanup()
  })

  for (const mode of [
    { name: 'normal', scale: 1 },
    { name: '特大', scale: 1.5 },
  ]) {
    it(`has no serious or critical violations in ${mode.name} mode`, async () => {
      // axe is injected through the DevTools protocol; the app's CSP stays as served
      const context: BrowserContext = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
      await context.addInitScript((scale) => {
        window.localStorage.setItem('fzt.fontScale', JSON.stringify({ data: scale }))
      }, mode.scale)
      const page = await context.newPage()
      const problems: string[] = []
      for (const target of await pagesToCheck(bff.baseUrl)) {
        await page.goto(`${bff.baseUrl}${target.path}`)
        await page.getByText(target.ready).first().waitFor({ timeout: 20_000 })
        await page.waitForTimeout(300)
        await page.evaluate(axeSource)
        const violations = (await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe
          return (await axe.run(document, { resultTypes: ['violations'] })).violations
        })) as AxeViolation[]
        for (const violation of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
          problems.push(`${target.name}: ${violation.id} (${violation.impact}) ${violation.help} → ${violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(' | ')}`)
        }
      }
      await context.close()
      expect(problems).toEqual([])
    })
  }
})
