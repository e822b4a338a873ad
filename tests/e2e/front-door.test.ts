import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { BrowserContextOptions } from 'playwright-core'
import type { ChunkManifest } from '../../config/chunk-manifest'
import { repoRoot, startBff, type BffProcess } from '../support/bff-process'
import { addVolunteerByCli } from '../support/run-cli'
import { chromiumForSuite } from './support/h5-suite'
import { describeInBrowser, tap } from './support/browser'
import { layoutShiftTotal, visible } from './support/page-helpers'

jest.setTimeout(240_000)

const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' }
const VOLUNTEER_PHONE = '13900000077'

interface ReportAnswer {
  id: string
  title: string
  sections: { marker: string; title: string }[]
}

/** The script files that hold the volunteer package's pages, from what the build wrote (dist/h5-chunks.json). */
function volunteerScriptPaths(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'dist/h5-chunks.json'), 'utf8')) as ChunkManifest
  return manifest.chunks
    .filter((chunk) => !chunk.initial && chunk.modules.some((module) => module.resource.startsWith('client/packageVolunteer/pages/')))
    .flatMap((chunk) => chunk.files.filter((file) => file.endsWith('.js')).map((file) => `/${file}`))
}

describeInBrowser('H5 front door: the first screen is in the HTML, and the app works offline after one visit', () => {
  const browser = chromiumForSuite({ needsH5Build: true })
  let bff: BffProcess
  let dataDir: string
  let sqlitePath: string
  let report: ReportAnswer

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-front-door-'))
    sqlitePath = path.join(dataDir, 'fazhitong.db')
    bff = await startBff({ env: { SQLITE_PATH: sqlitePath } })
    const { reports } = (await (await fetch(`${bff.baseUrl}/api/reports`)).json()) as { reports: { id: string }[] }
    report = (await (await fetch(`${bff.baseUrl}/api/reports/${reports[0].id}`)).json()) as ReportAnswer
  })
  afterAll(async () => {
    await bff?.stop()
    bff?.cleanup()
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('with JavaScript off, the reader shows the report title, its metadata and the first section', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/pages/report/index?id=${encodeURIComponent(report.id)}`)
    const firstScreen = page.locator('#first-screen')
    expect(await firstScreen.locator('h1').textContent()).toBe(report.title)
    expect(await firstScreen.textContent()).toContain('索引号')
    expect(await firstScreen.textContent()).toContain(`${report.sections[0].marker}${report.sections[0].title}`)
    expect(await page.title()).toContain(report.title)
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toContain(report.title)
    await context.close()
  })

  it('with JavaScript off, the reader says so where it is seen, links every part of the report and 12348, and holds the whole text', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/pages/report/index?id=${encodeURIComponent(report.id)}`)
    // the note is on the first screen, drawn and not covered (the old <noscript> lay hidden under the first screen)
    const note = page.getByTestId('noscript-note')
    expect(await note.isVisible()).toBe(true)
    expect(await page.getByText('请开启浏览器的 JavaScript').count()).toBe(0)
    const noteBox = await note.boundingBox()
    expect(noteBox?.y).toBeLessThan(667)
    expect(
      await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="noscript-note"]') !== null, {
        x: (noteBox?.x ?? 0) + 20,
        y: (noteBox?.y ?? 0) + 20,
      }),
    ).toBe(true)
    expect(await note.getByText(/没有开启 JavaScript/).isVisible()).toBe(true)
    // what needs a script is not offered (it would do nothing): search and 复制链接
    expect(await page.getByTestId('open-search').isVisible()).toBe(false)
    expect(await page.getByText('复制链接').isVisible()).toBe(false)
    // 12348 is a real call
    const hotline = page.locator('a[href="tel:12348"]')
    await hotline.scrollIntoViewIfNeeded()
    expect(await hotline.isVisible()).toBe(true)
    // 目录 opens with no script (<details>) and links each part: 四 (the last) leads to its heading, on screen
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.getByTestId('toc-toggle').click()
    const last = report.sections[report.sections.length - 1]
    const link = page.getByTestId('toc').getByRole('link', { name: `${last.marker}${last.title}` })
    expect(await link.isVisible()).toBe(true)
    expect((await link.boundingBox())?.height).toBeGreaterThanOrEqual(44)
    await link.click()
    const heading = page.locator(`[id="s${report.sections.length}"] > .report-heading`)
    // no script runs in the page: poll from here until the jump has put the heading on screen
    const onScreen = async () => {
      const box = await heading.boundingBox()
      return box !== null && box.y >= -1 && box.y < 667
    }
    for (let tries = 0; tries < 40 && !(await onScreen()); tries += 1) await page.waitForTimeout(50)
    expect(await onScreen()).toBe(true)
    expect(await heading.isVisible()).toBe(true)
    expect(await heading.textContent()).toBe(`${last.marker}${last.title}`)
    // the whole text is there to read: every heading of the report, and the last paragraph
    const text = (await page.locator('#first-screen').innerText()).replace(/\s+/g, '')
    for (const section of report.sections) expect(text).toContain(`${section.marker}${section.title}`.replace(/\s+/g, ''))
    const full = (await (await fetch(`${bff.baseUrl}/api/reports/${encodeURIComponent(report.id)}`)).json()) as {
      sections: { paragraphs: string[]; children: { paragraphs: string[] }[] }[]
    }
    const lastSection = full.sections[full.sections.length - 1]
    const lastParagraph = [...lastSection.paragraphs, ...lastSection.children.flatMap((child) => child.paragraphs)].pop() ?? ''
    expect(lastParagraph.length).toBeGreaterThan(10)
    expect(
      await page
        .locator('#first-screen p.report-paragraph')
        .filter({ hasText: lastParagraph.slice(0, 20) })
        .last()
        .isVisible(),
    ).toBe(true)
    await context.close()
  })

  it('with JavaScript off, 首页 says so where it is seen (not hidden under the first screen)', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(bff.baseUrl)
    const note = page.getByTestId('noscript-note')
    expect(await note.isVisible()).toBe(true)
    const box = await note.boundingBox()
    expect(box?.y).toBeLessThan(667)
    expect(
      await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="noscript-note"]') !== null, {
        x: (box?.x ?? 0) + 20,
        y: (box?.y ?? 0) + 20,
      }),
    ).toBe(true)
    expect(await note.textContent()).toContain('没有开启 JavaScript')
    await context.close()
  })

  it('with JavaScript off, a station page shows the station name and its phone line', async () => {
    const { stations } = (await (await fetch(`${bff.baseUrl}/api/stations?tier=centre`)).json()) as {
      stations: { id: string; name: string; phone: string | null }[]
    }
    const centre = stations[0]
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/pages/station/index?id=${encodeURIComponent(centre.id)}`)
    const firstScreen = page.locator('#first-screen')
    expect(await firstScreen.locator('h1').textContent()).toBe(centre.name)
    const text = (await firstScreen.textContent()) ?? ''
    expect(text).toContain('电话')
    // no number is known for the bundled centre: the line says so and offers the hotline as a real link
    if (centre.phone === null) {
      expect(text).toContain('暂无')
      expect(await firstScreen.locator('a[href="tel:12348"]').count()).toBeGreaterThan(0)
    } else {
      expect(text).toContain(centre.phone)
    }
    await context.close()
  })

  it.each([
    { name: '首页', target: '/', width: 375, height: 667 },
    { name: 'the reader', target: 'reader', width: 375, height: 667 },
    // 412 px: Lighthouse's phone, where the root font size (rem) is above the 20 px floor
    { name: '首页', target: '/', width: 412, height: 823 },
    { name: 'the reader', target: 'reader', width: 412, height: 823 },
  ])(
    'on $name, $width px wide, nothing moves while the page loads and the app (or the document’s script) comes up (layout shift ≤ 0.1)',
    async ({ target, width, height }) => {
      const context = await browser.newContext({ ...PHONE, viewport: { width, height }, serviceWorkers: 'block' })
      const page = await context.newPage()
      const answer = await page.goto(`${bff.baseUrl}${target === 'reader' ? `/pages/report/index?id=${encodeURIComponent(report.id)}` : target}`)
      expect(await answer?.text()).toContain('<div id="first-screen"')
      if (target === 'reader') {
        // the reader stays a document: its script shows search (and nothing else moves)
        await page.getByTestId('open-search').waitFor()
      } else {
        // 首页 stays a document too: its script has run once the page has loaded
        await page.waitForLoadState('load')
        await page.getByTestId('home-nearest-locate').waitFor()
      }
      await page.waitForTimeout(500)
      expect(await layoutShiftTotal(page)).toBeLessThanOrEqual(0.1)
      await context.close()
    },
  )

  it('after one online visit: the reader reloads with no signal, 记一笔 opens and saves, and the record is stored once when back online', async () => {
    const inviteCode = await addVolunteerByCli(sqlitePath, { name: '田大姐', phone: VOLUNTEER_PHONE })
    const loginAnswer = await fetch(`${bff.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: VOLUNTEER_PHONE, inviteCode }),
    })
    const session = (await loginAnswer.json()) as { token: string }
    expect(loginAnswer.status).toBe(200)

    const context = await browser.newContext(PHONE)
    const page = await context.newPage()
    const readerUrl = `${bff.baseUrl}/pages/report/index?id=${encodeURIComponent(report.id)}`
    await page.goto(readerUrl)
    await visible(page.getByTestId('report-meta')).waitFor({ timeout: 30_000 })
    // signed in earlier on this phone (the sign-in page is part of the volunteer package, which stays unopened)
    await page.evaluate((value) => localStorage.setItem('fzt.volunteerSession', JSON.stringify({ data: value })), session)
    // the worker controls the page and has the report and the towns list (polled: the check is asynchronous)
    const offlineReady = (reportId: string) =>
      page.evaluate(async (id) => {
        if (!navigator.serviceWorker.controller) return false
        const cache = await caches.open('public-data')
        return Boolean((await cache.match(`/api/reports/${encodeURIComponent(id)}`)) && (await cache.match('/api/stations/towns')))
      }, reportId)
    const deadline = Date.now() + 60_000
    while (!(await offlineReady(report.id))) {
      if (Date.now() > deadline) throw new Error('the service worker did not take control and store the public data within 60 s')
      await page.waitForTimeout(500)
    }
    // the page itself never fetched a chunk of the volunteer package (only the worker precached them)
    const volunteerChunks = volunteerScriptPaths()
    expect(volunteerChunks.length).toBeGreaterThan(0)
    const fetchedByPage = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname))
    expect(fetchedByPage.filter((pathname) => volunteerChunks.includes(pathname))).toEqual([])

    // no signal at all: the phone is offline and the server is gone
    const port = Number(new URL(bff.baseUrl).port)
    await context.setOffline(true)
    await bff.stop()
    bff.cleanup()

    await page.reload()
    await visible(page.getByTestId('report-meta')).waitFor({ timeout: 30_000 })
    expect(await visible(page.locator('.report-title')).textContent()).toBe(report.title)

    await page.goto(`${bff.baseUrl}/packageVolunteer/pages/log/index`)
    await visible(page.getByTestId('save-record')).waitFor({ timeout: 30_000 })
    await tap(visible(page.getByTestId('type-neighbor')))
    await tap(visible(page.getByTestId('source-initiative')))
    const summary = visible(page.getByTestId('summary-input')).locator('textarea')
    await summary.click()
    await summary.fill('两户因宅基地界线争执，上门调解后重新确认界桩。')
    await tap(visible(page.getByTestId('outcome-success')))
    await tap(visible(page.getByTestId('agreement-oral')))
    await tap(visible(page.getByTestId('save-record')))
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('[data-testid="save-result-title"]')).some((element) => element.textContent === '已保存，待上传'),
      undefined,
      { timeout: 20_000 },
    )

    // the signal returns (same server address, same database): the outbox uploads by itself, once
    bff = await startBff({ env: { SQLITE_PATH: sqlitePath }, port })
    await context.setOffline(false)
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid="pending-count"]')).some(
          (element) => (element as HTMLElement).offsetParent !== null && element.textContent === '待上传 0 条',
        ),
      undefined,
      { timeout: 60_000 },
    )
    const listed = (await (await fetch(`${bff.baseUrl}/api/mediations`, { headers: { Authorization: `Bearer ${session.token}` } })).json()) as {
      records: { summary: string }[]
    }
    expect(listed.records).toHaveLength(1)
    expect(listed.records[0].summary).toBe('两户因宅基地界线争执，上门调解后重新确认界桩。')
    await context.close()
  })
})
