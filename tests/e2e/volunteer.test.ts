import fs from 'node:fs'
import type { BrowserContextOptions, Page } from 'playwright-core'
import { addVolunteerByCli, runAdminJson } from '../support/run-cli'
import { servedH5ForSuite } from './support/h5-suite'
import { describeInBrowser, tap } from './support/browser'
import { expectPhoneLayout, screenshotWhole, visible } from './support/page-helpers'

jest.setTimeout(180_000)

/** The phone of newPhonePage, as a context so the network can be switched off and on. */
const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' }
const RECORDS_PATH = '/packageVolunteer/pages/records/index'
const VOLUNTEER_PHONE = '13900000001'

/** `add-volunteer`: the one-time invite code. */
const addVolunteer = (sqlitePath: string, phone = VOLUNTEER_PHONE, name = '田大姐') => addVolunteerByCli(sqlitePath, { name, phone })

/** The signed-in volunteer's token, as the app keeps it. */
async function volunteerToken(page: Page): Promise<string> {
  const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('fzt.session'))) ?? '{}') as {
    data: { sessions: { role: string; token: string }[] }
  }
  return stored.data.sessions.find((signedIn) => signedIn.role === 'volunteer')?.token ?? ''
}

/** The China date `days` from now, `YYYY-MM-DD`. */
function chinaDay(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

/** Types into a Taro <Input>/<Textarea> (the real element inside its web component). */
async function typeInto(page: Page, testId: string, text: string, element: 'input' | 'textarea' = 'input'): Promise<void> {
  const field = visible(page.getByTestId(testId)).locator(element)
  await field.click()
  await field.fill(text)
}

async function textOf(page: Page, testId: string): Promise<string> {
  return ((await visible(page.getByTestId(testId)).textContent()) ?? '').replace(/\s+/g, ' ').trim()
}

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/**
 * Serious and critical axe-core findings on the page as it is now. `scrollable-region-focusable`
 * is Taro's own page container on every page (tests/e2e/accessibility.test.ts reports it).
 */
async function axeProblems(page: Page): Promise<string[]> {
  await page.evaluate(axeSource)
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe
    return (await axe.run(document, { resultTypes: ['violations'] })).violations
  })) as { id: string; impact: string | null; nodes: { target: string[] }[] }[]
  return violations
    .filter((violation) => (violation.impact === 'serious' || violation.impact === 'critical') && violation.id !== 'scrollable-region-focusable')
    .map(
      (violation) =>
        `${violation.id}: ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(' | ')}`,
    )
}

describeInBrowser('法律明白人: log a mediation offline, upload it when the network returns (H5, phone screen)', () => {
  const { bff, browser } = servedH5ForSuite()
  let inviteCode: string
  let sqlitePath: string

  beforeAll(async () => {
    sqlitePath = bff.sqlitePath
    inviteCode = await addVolunteer(sqlitePath)
  })

  it('signs in with the invite code, saves a mediation without network (待上传 1 条), uploads it when back online and counts it', async () => {
    const context = await browser.newContext(PHONE)
    const page = await context.newPage()
    const consoleErrors: string[] = []
    page.on('console', (message) => {
      // offline requests fail by design; anything else is a bug
      if (message.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|Failed to fetch|Failed to load resource/.test(message.text()))
        consoleErrors.push(message.text())
    })
    const posts: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/mediations')
        posts.push(String((request.postDataJSON() as { id?: string } | null)?.id))
    })

    // (a) not signed in: the records page sends the volunteer to sign in first
    await page.goto(`${bff.baseUrl}${RECORDS_PATH}`)
    await page.waitForURL(/\/packageVolunteer\/pages\/login\/index/, { timeout: 20_000 })
    await visible(page.getByTestId('login-phone')).waitFor({ timeout: 20_000 })
    await typeInto(page, 'login-phone', VOLUNTEER_PHONE)
    await typeInto(page, 'login-invite', inviteCode.toLowerCase())
    await expectPhoneLayout(page)
    expect(await axeProblems(page)).toEqual([])
    await screenshotWhole(page, 'volunteer-login')
    await tap(visible(page.getByTestId('login-submit')))

    // (b) back on 我的调解记录, signed in; nothing waiting
    await page.waitForURL(/\/packageVolunteer\/pages\/records\/index/, { timeout: 20_000 })
    await visible(page.getByTestId('records-list')).waitFor({ timeout: 20_000 })
    expect(await textOf(page, 'pending-count')).toBe('待上传 0 条')
    expect(await page.evaluate(() => localStorage.getItem('fzt.session'))).toContain('田大姐')

    // (c) 记一笔 opens with today, the volunteer's town and village; then the signal drops
    await tap(visible(page.getByTestId('open-log')))
    await visible(page.getByTestId('save-record')).waitFor({ timeout: 20_000 })
    expect(await textOf(page, 'chosen-date')).toMatch(/^今天 \d+月\d+日$/)
    expect(await textOf(page, 'chosen-place')).toBe('隘口镇示例村')
    await context.setOffline(true)

    // saving with nothing chosen says what is missing, in words
    await tap(visible(page.getByTestId('save-record')))
    expect(await textOf(page, 'form-errors')).toContain('纠纷类型')

    await tap(visible(page.getByTestId('type-neighbor')))
    await tap(visible(page.getByTestId('source-initiative')))
    await tap(visible(page.getByText('＋', { exact: true })))
    expect(await textOf(page, 'parties-value')).toBe('3 方')
    await typeInto(page, 'names-input', '张三、李四、王五')
    expect(await textOf(page, 'names-note')).toContain('张*、李*、王*')
    await typeInto(page, 'summary-input', '三家因排水沟堵塞发生争执，经上门调解，约定共同出资疏通。', 'textarea')
    await tap(visible(page.getByTestId('outcome-success')))
    await tap(visible(page.getByTestId('agreement-written')))
    await typeInto(page, 'amount-input', '600')
    await tap(visible(page.getByTestId('involves-payment')))
    expect(await textOf(page, 'judicial-note')).toContain('30 天内')
    await expectPhoneLayout(page)
    expect(await axeProblems(page)).toEqual([])
    await screenshotWhole(page, 'volunteer-log')
    await tap(visible(page.getByTestId('save-record')))

    // (d) kept on the phone: 已保存，待上传 and 待上传 1 条
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('[data-testid="save-result-title"]')).some((element) => element.textContent === '已保存，待上传'),
      undefined,
      { timeout: 20_000 },
    )
    expect(await textOf(page, 'pending-count')).toBe('待上传 1 条')
    await expectPhoneLayout(page)
    await screenshotWhole(page, 'volunteer-offline')

    // the records page lists it as 待上传 (the server cannot be asked)
    await tap(visible(page.getByTestId('open-records')))
    const row = visible(page.getByTestId('record-row').filter({ hasText: '邻里纠纷' }))
    await row.waitFor({ timeout: 20_000 })
    expect(await row.getByTestId('record-sync').textContent()).toBe('待上传')
    await visible(page.getByTestId('records-offline')).waitFor({ timeout: 20_000 })
    expect(await textOf(page, 'pending-count')).toBe('待上传 1 条')

    // (e) the network returns: the upload starts by itself
    await context.setOffline(false)
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid="pending-count"]')).some(
          (element) => (element as HTMLElement).offsetParent !== null && element.textContent === '待上传 0 条',
        ),
      undefined,
      { timeout: 30_000 },
    )
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid="record-sync"]')).some(
          (element) => (element as HTMLElement).offsetParent !== null && element.textContent === '已上传',
        ),
      undefined,
      { timeout: 20_000 },
    )
    expect(posts.filter((id) => id !== 'undefined')).toHaveLength(posts.length)
    // the "cannot reach the server" note goes away by itself once the upload went through
    await page.waitForFunction(
      () => !Array.from(document.querySelectorAll('[data-testid="records-offline"]')).some((element) => (element as HTMLElement).offsetParent !== null),
      undefined,
      { timeout: 20_000 },
    )
    await expectPhoneLayout(page)
    expect(await axeProblems(page)).toEqual([])
    await screenshotWhole(page, 'volunteer-records')

    // stored once on the server, names reduced to the family name
    const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('fzt.session'))) ?? '{}') as {
      data: { sessions: { role: string; token: string }[] }
    }
    const token = stored.data.sessions.find((signedIn) => signedIn.role === 'volunteer')?.token ?? ''
    const listed = (await (await fetch(`${bff.baseUrl}/api/mediations`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      records: { id: string; partyNames: string[]; involvesPayment: boolean }[]
    }
    expect(listed.records).toHaveLength(1)
    expect(listed.records[0]).toMatchObject({ partyNames: ['张*', '李*', '王*'], involvesPayment: true })
    expect(new Set(posts)).toEqual(new Set([listed.records[0].id]))

    // (f) counted in 统计
    await tap(visible(page.getByTestId('open-stats')))
    await visible(page.getByTestId('stats-total')).waitFor({ timeout: 20_000 })
    expect(await textOf(page, 'stats-total')).toBe('1')
    expect(await textOf(page, 'stats-zero')).toBe('0')
    expect(await visible(page.getByTestId('chart-type')).textContent()).toContain('邻里纠纷')
    expect(await visible(page.getByTestId('chart-outcome')).textContent()).toContain('调解成功')
    expect(await visible(page.getByTestId('chart-town')).textContent()).toContain('隘口镇')
    await expectPhoneLayout(page)
    expect(await axeProblems(page)).toEqual([])
    await screenshotWhole(page, 'volunteer-stats')

    // (g) 修改 within 7 days: the log page opens with the record; the change goes up as version 2
    await page.goBack()
    const uploaded = visible(page.getByTestId('record-row').filter({ hasText: '邻里纠纷' }))
    await tap(uploaded.getByTestId('edit-record'))
    await page.waitForURL(/\/packageVolunteer\/pages\/log\/index\?id=/, { timeout: 20_000 })
    const summary = visible(page.getByTestId('summary-input')).locator('textarea')
    await summary.waitFor({ timeout: 20_000 })
    expect(await summary.inputValue()).toContain('排水沟')
    expect(await visible(page.getByTestId('names-input')).locator('input').inputValue()).toBe('张*、李*、王*')
    await summary.fill('三家因排水沟堵塞发生争执，已共同出资疏通，回访无反复。')
    await tap(visible(page.getByTestId('save-record')))
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('[data-testid="save-result-title"]')).some((element) => element.textContent === '已上传'),
      undefined,
      { timeout: 20_000 },
    )
    const edited = (await (await fetch(`${bff.baseUrl}/api/mediations`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      records: { version: number; summary: string }[]
    }
    expect(edited.records).toHaveLength(1)
    expect(edited.records[0]).toMatchObject({ version: 2, summary: '三家因排水沟堵塞发生争执，已共同出资疏通，回访无反复。' })

    expect(consoleErrors).toEqual([])
    await context.close()
  })

  it('a summary with a phone number is one masked POST; a 回访 recorded offline shows 待上传, goes up once online, and the county administrator sees it', async () => {
    const context = await browser.newContext(PHONE)
    const page = await context.newPage()
    // writes that reached the server (an attempt without signal never leaves the phone)
    const writes: { method: string; path: string }[] = []
    page.on('response', (response) => {
      const { pathname } = new URL(response.url())
      if (pathname.startsWith('/api/mediations') && response.request().method() !== 'GET') writes.push({ method: response.request().method(), path: pathname })
    })
    const invite = await addVolunteer(sqlitePath, '13900000002', '向大哥')
    await page.goto(`${bff.baseUrl}/packageVolunteer/pages/login/index`)
    await visible(page.getByTestId('login-phone')).waitFor({ timeout: 20_000 })
    await typeInto(page, 'login-phone', '13900000002')
    await typeInto(page, 'login-invite', invite)
    await tap(visible(page.getByTestId('login-submit')))
    await visible(page.getByTestId('records-list')).waitFor({ timeout: 20_000 })
    const token = await volunteerToken(page)

    // (a) one save, one write: the number is masked on the phone, the server stores version 1
    await tap(visible(page.getByTestId('open-log')))
    await visible(page.getByTestId('save-record')).waitFor({ timeout: 20_000 })
    await tap(visible(page.getByTestId('type-labor')))
    await tap(visible(page.getByTestId('source-application')))
    await typeInto(page, 'summary-input', '工头欠薪，电话13812345678，已当场付清。👍', 'textarea')
    await tap(visible(page.getByTestId('outcome-success')))
    await tap(visible(page.getByTestId('agreement-oral')))
    await tap(visible(page.getByTestId('save-record')))
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('[data-testid="save-result-title"]')).some((element) => element.textContent === '已上传'),
      undefined,
      { timeout: 20_000 },
    )
    expect(writes).toEqual([{ method: 'POST', path: '/api/mediations' }])
    const mine = async () =>
      (
        (await (await fetch(`${bff.baseUrl}/api/mediations`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
          records: { id: string; version: number; summary: string; followUpsDone: { fulfilment: string; recurred: boolean }[] }[]
        }
      ).records
    expect((await mine()).map((record) => [record.version, record.summary])).toEqual([[1, '工头欠薪，电话138****5678，已当场付清。👍']])

    // (b) a mediation of 8 days ago (its 7-day 回访 due), logged from another phone
    const older = {
      kind: 'mediation',
      id: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
      occurredOn: chinaDay(-8),
      town: '隘口镇',
      village: '示例村',
      disputeType: 'neighbor',
      source: 'application',
      partiesCount: 2,
      summary: '排水沟',
      outcome: 'success',
      agreement: 'written',
    }
    expect(
      (
        await fetch(`${bff.baseUrl}/api/mediations`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(older),
        })
      ).status,
    ).toBe(201)

    // (c) 回访 without signal: 记回访 → outcome → 保存回访; the reminder goes, the record shows it as 待上传
    await tap(visible(page.getByTestId('open-records')))
    await visible(page.getByTestId('follow-ups')).waitFor({ timeout: 20_000 })
    await context.setOffline(true)
    // two reminders: the 8-day-old mediation's 7-day visit (late, first) and today's (upcoming; a visit may come early)
    expect(await page.getByTestId('record-follow-up').count()).toBe(2)
    await tap(visible(page.getByTestId('record-follow-up')))
    await visible(page.getByTestId('follow-up-form')).waitFor({ timeout: 20_000 })
    await tap(visible(page.getByTestId('save-follow-up')))
    expect(await textOf(page, 'follow-up-error')).toContain('协议履行了吗')
    await tap(visible(page.getByTestId('fulfilment-partial')))
    await tap(visible(page.getByTestId('recurred-no')))
    await tap(visible(page.getByTestId('judicial-applied')))
    await typeInto(page, 'follow-up-note-input', '还差 200 元，月底付。', 'textarea')
    await expectPhoneLayout(page)
    expect(await axeProblems(page)).toEqual([])
    await screenshotWhole(page, 'volunteer-follow-up')
    await tap(visible(page.getByTestId('save-follow-up')))
    const line = visible(page.getByTestId('follow-up-done'))
    await line.waitFor({ timeout: 20_000 })
    expect(await line.textContent()).toContain('协议部分履行 · 没有反复 · 已申请司法确认（待上传）')
    expect(await textOf(page, 'pending-count')).toBe('待上传 1 条')
    expect(await page.getByTestId('record-follow-up').count()).toBe(1)

    // (d) back online: it goes up by itself, once
    await context.setOffline(false)
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid="pending-count"]')).some(
          (element) => (element as HTMLElement).offsetParent !== null && element.textContent === '待上传 0 条',
        ),
      undefined,
      { timeout: 30_000 },
    )
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('[data-testid="follow-up-done"]')).some((element) => element.getAttribute('data-sync') === 'uploaded'),
      undefined,
      { timeout: 20_000 },
    )
    expect(writes.filter((write) => write.path.endsWith('/follow-ups'))).toEqual([{ method: 'POST', path: `/api/mediations/${older.id}/follow-ups` }])
    expect((await mine()).find((record) => record.id === older.id)?.followUpsDone).toEqual([
      expect.objectContaining({ fulfilment: 'partial', recurred: false }),
    ])

    // (e) the county administrator: 我的 → 县司法局：调解统计, after signing in on 核实服务站信息
    const { password } = await runAdminJson<{ password: string }>(sqlitePath, [
      'add-admin',
      '--username',
      'xs.stats',
      '--county',
      '秀山土家族苗族自治县',
      '--name',
      '县司法局小周',
    ])
    expect(
      (
        await fetch(`${bff.baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'xs.stats', password, newPassword: 'county-stats-2026' }),
        })
      ).status,
    ).toBe(200)
    const county = await (await browser.newContext(PHONE)).newPage()
    await county.goto(`${bff.baseUrl}/packageBooking/pages/admin/index`)
    await visible(county.getByTestId('admin-username')).waitFor({ timeout: 20_000 })
    await typeInto(county, 'admin-username', 'xs.stats')
    await typeInto(county, 'admin-password', 'county-stats-2026')
    await tap(visible(county.getByTestId('admin-sign-in-button')))
    await visible(county.getByTestId('admin-queue')).waitFor({ timeout: 20_000 })
    await county.goto(`${bff.baseUrl}/pages/me/index`)
    await tap(visible(county.getByTestId('county-mediations-link')))
    await visible(county.getByTestId('stats-follow-ups')).waitFor({ timeout: 20_000 })
    // this month: the new mediation (and the older one when it was this month too); 1–4 show as <5
    expect(await textOf(county, 'stats-follow-ups')).toBe('<5')
    expect(await textOf(county, 'stats-total')).toBe('<5')
    expect(await county.getByTestId('county-record').count()).toBeGreaterThanOrEqual(2)
    expect(await textOf(county, 'county-follow-up')).toContain('协议部分履行 · 没有反复 · 已申请司法确认')
    await expectPhoneLayout(county)
    expect(await axeProblems(county)).toEqual([])
    await screenshotWhole(county, 'county-mediations')
    await context.close()
  })
})
