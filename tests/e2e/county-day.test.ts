import SqliteDatabase from 'better-sqlite3'
import type { BrowserContext, BrowserContextOptions, Page, Response } from 'playwright-core'
import { addDays, chinaDate, isoWeekday } from '../../contracts/china-time'
import { runAdminJson } from '../support/run-cli'
import { servedH5ForSuite } from './support/h5-suite'
import { describeInBrowser, tap } from './support/browser'
import { tapCentred, textOf, typeInto, visible } from './support/page-helpers'

/**
 * One county day, in the order the roles hand over to each other (issue 22): what staff publish,
 * residents book; what a resident books, 首页 shows (and stops showing once cancelled); what staff
 * finish is finished; what a volunteer records — a mediation, a 零上报, a 回访 made offline —
 * the county counts. Each step is a separate `it` on the same BFF and database, run in order; a
 * step that fails leaves the later ones failing too, which is the point: the day does not join up.
 */

jest.setTimeout(240_000)

const XIUSHAN = '秀山土家族苗族自治县'
const AIKOU = '500241103-ws'
const AIKOU_NAME = '隘口镇公共法律服务工作站'
const PUBLISHED_HOURS = '周一至周三 9:00-12:00'
const VOLUNTEER_PHONE = '13900000022'
const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' }

/** Waits until an element with this test id is on screen with exactly this text. */
async function waitForText(page: Page, testId: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([id, wanted]) =>
      Array.from(document.querySelectorAll(`[data-testid="${id}"]`)).some(
        (element) => (element as HTMLElement).offsetParent !== null && (element.textContent ?? '').replace(/\s+/g, ' ').trim() === wanted,
      ),
    [testId, text] as const,
    { timeout: 30_000 },
  )
}

async function waitGone(page: Page, testId: string): Promise<void> {
  await page.waitForFunction(
    (id) => !Array.from(document.querySelectorAll(`[data-testid="${id}"]`)).some((element) => (element as HTMLElement).offsetParent !== null),
    testId,
    { timeout: 30_000 },
  )
}

/** Taro H5's showModal: its confirm button, once the dialog is up; the mask fades before the next tap. */
async function confirmModal(page: Page, expectedButton: string): Promise<void> {
  const modal = page.locator('.taro__modal')
  const confirm = visible(modal.locator('.taro-model__confirm'))
  await confirm.waitFor({ timeout: 20_000 })
  expect(await confirm.textContent()).toBe(expectedButton)
  await tap(confirm)
  await modal.locator('.taro-modal__mask').waitFor({ state: 'hidden', timeout: 20_000 })
}

/** A write the app sent and the BFF answered, as the phone saw it. */
interface Write {
  method: string
  path: string
  status: number
  body: Record<string, unknown> | null
}

function recordWrites(page: Page, into: Write[]): void {
  page.on('response', (response: Response) => {
    const request = response.request()
    const url = new URL(response.url())
    if (!url.pathname.startsWith('/api/') || request.method() === 'GET') return
    into.push({
      method: request.method(),
      path: url.pathname,
      status: response.status(),
      body: (request.postDataJSON() as Record<string, unknown> | null) ?? null,
    })
  })
}

function noConsoleErrors(page: Page, into: string[]): void {
  page.on('console', (message) => {
    // offline requests fail by design while the phone has no signal
    if (message.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|Failed to fetch|Failed to load resource/.test(message.text())) into.push(message.text())
  })
}

/** `YYYY-MM` of the month before the China date `date`. */
function monthBefore(date: string): string {
  const [year, month] = date.split('-').map(Number)
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`
}

describeInBrowser(
  'one county day: staff hours → a booking → 首页 → 已办结; a volunteer’s mediation, 零上报 and 回访 → the county’s count (H5, phone screen)',
  () => {
    const { bff, browser } = servedH5ForSuite()
    let staffPhone: BrowserContext
    let staffPage: Page
    let residentPhone: BrowserContext
    let volunteerPhone: BrowserContext
    let volunteer: Page
    let countyPhone: BrowserContext
    let county: Page
    const consoleErrors: string[] = []
    const volunteerWrites: Write[] = []
    let inviteCode = ''
    let countyPassword = ''

    /** `npm run admin -- … --json` on the BFF's own SQLite file, as the county's operator runs it. */
    const admin = <T>(args: string[]): Promise<T> => runAdminJson<T>(bff.sqlitePath, args)

    it('the county’s count starts at nothing: 全县调解统计 shows 0 mediations, 0 零上报 and 0 回访', async () => {
      const { password } = await admin<{ password: string }>(['add-admin', '--username', 'xs.day', '--county', XIUSHAN, '--name', '县司法局小周'])
      countyPassword = password
      countyPhone = await browser.newContext(PHONE)
      county = await countyPhone.newPage()
      noConsoleErrors(county, consoleErrors)
      await county.goto(`${bff.baseUrl}/packageBooking/pages/admin/index`)
      await typeInto(county, 'admin-username', 'xs.day')
      await typeInto(county, 'admin-password', countyPassword)
      await tapCentred(visible(county.getByTestId('admin-sign-in-button')))
      await visible(county.getByTestId('admin-new-password')).waitFor({ timeout: 20_000 })
      await typeInto(county, 'admin-new-password', 'county-day-own-pw')
      await typeInto(county, 'admin-new-password-again', 'county-day-own-pw')
      await tapCentred(visible(county.getByTestId('admin-sign-in-button')))
      await visible(county.getByTestId('admin-queue')).waitFor({ timeout: 20_000 })
      await county.goto(`${bff.baseUrl}/pages/me/index`)
      await tapCentred(visible(county.getByTestId('county-mediations-link')))
      await tapCentred(visible(county.getByTestId('period-quarter')))
      await waitForText(county, 'stats-total', '0')
      expect(await textOf(county, 'stats-zero')).toBe('0')
      expect(await textOf(county, 'stats-follow-ups')).toBe('0')
    })

    it('staff sign in and publish 周一至周三 9:00-12:00 in 我的服务站: the station page shows those hours as 服务站自报, no longer 默认', async () => {
      const { password } = await admin<{ password: string }>(['add-staff', '--station', AIKOU, '--username', 'aikou.day', '--name', '隘口镇值班员'])
      staffPhone = await browser.newContext(PHONE)
      staffPage = await staffPhone.newPage()
      noConsoleErrors(staffPage, consoleErrors)
      await staffPage.goto(`${bff.baseUrl}/packageBooking/pages/staff/index`)
      await typeInto(staffPage, 'staff-username', 'aikou.day')
      // the printed one-time password as people type it back: lower case, no dashes
      await typeInto(staffPage, 'staff-password', password.replace(/-/g, '').toLowerCase())
      await tapCentred(visible(staffPage.getByTestId('staff-sign-in-button')))
      await visible(staffPage.getByTestId('staff-new-password')).waitFor({ timeout: 20_000 })
      await typeInto(staffPage, 'staff-new-password', 'aikou-day-own-pw')
      await typeInto(staffPage, 'staff-new-password-again', 'aikou-day-own-pw')
      await tapCentred(visible(staffPage.getByTestId('staff-sign-in-button')))
      await visible(staffPage.getByTestId('staff-day')).waitFor({ timeout: 20_000 })

      // before: the station shows the usual office hours, marked 默认
      const before = (await (await fetch(`${bff.baseUrl}/api/stations/${AIKOU}`)).json()) as { station: { hours: { text: string; isDefault: boolean } } }
      expect(before.station.hours.isDefault).toBe(true)

      // 工作台 → 我的服务站 → 开放时间: keep Monday to Wednesday mornings only
      await tapCentred(visible(staffPage.getByTestId('my-station-link')))
      await staffPage.waitForURL(/\/packageBooking\/pages\/my-station\/index/, { timeout: 20_000 })
      const editor = visible(staffPage.getByTestId('station-hours')).getByTestId('schedule-editor')
      await editor.waitFor({ timeout: 20_000 })
      for (;;) {
        const rows = editor.getByTestId('schedule-row')
        const texts = await rows.allTextContents()
        const unwanted = texts.findIndex((text) => !/周[一二三]\s*09:00\s*至\s*12:00/.test(text))
        if (unwanted < 0) break
        await tapCentred(rows.nth(unwanted).getByText('删除这一行', { exact: true }))
      }
      expect(await editor.getByTestId('schedule-row').count()).toBe(3)
      await tapCentred(editor.getByTestId('schedule-save'))
      await staffPage.waitForFunction(
        (hours) => Array.from(document.querySelectorAll('[data-testid="schedule-message"]')).some((element) => (element.textContent ?? '').includes(hours)),
        PUBLISHED_HOURS,
        { timeout: 20_000 },
      )

      // the resident's station page: the published hours, 服务站自报, and no 默认 wording
      residentPhone = await browser.newContext({ ...PHONE, serviceWorkers: 'block' })
      const resident = await residentPhone.newPage()
      noConsoleErrors(resident, consoleErrors)
      await resident.goto(`${bff.baseUrl}/pages/station/index?id=${AIKOU}`)
      const hours = visible(resident.getByTestId('station-hours'))
      await hours.waitFor({ timeout: 20_000 })
      expect(await hours.textContent()).toContain(PUBLISHED_HOURS)
      expect(await hours.textContent()).not.toContain('默认')
      expect(await textOf(resident, 'station-verification-block')).toContain('服务站自报')
      await resident.close()
    })

    it('a resident can book only inside the published hours, and 首页 shows the booking without a reload', async () => {
      const resident = await residentPhone.newPage()
      noConsoleErrors(resident, consoleErrors)
      const homeAnswers: number[] = []
      resident.on('response', (response) => {
        if (new URL(response.url()).pathname === '/api/home') homeAnswers.push(response.status())
      })
      await resident.goto(`${bff.baseUrl}/`)
      await visible(resident.getByTestId('latest-report-title')).waitFor({ timeout: 30_000 })
      expect(await resident.getByTestId('next-booking').count()).toBe(0)

      // 找服务站 (a link of 首页's document: the app starts there) → 隘口镇 → the workstation → 预约法律援助
      await tapCentred(visible(resident.getByTestId('home-entry-stations')))
      await resident.waitForURL(/\/pages\/stations\/index/, { timeout: 20_000 })
      await resident.evaluate(() => Object.assign(window, { __sameDocument: true }))
      await tapCentred(visible(resident.getByTestId('town-button').filter({ hasText: '隘口镇' })))
      const townList = visible(resident.getByTestId('town-station-list'))
      await townList.waitFor({ timeout: 20_000 })
      await resident.waitForTimeout(700)
      await tapCentred(townList.getByTestId('station-row').filter({ hasText: AIKOU_NAME }).getByTestId('station-row-open'))
      await resident.waitForURL(new RegExp(`/pages/station/index\\?id=${AIKOU}`), { timeout: 20_000 })
      await tapCentred(visible(resident.getByTestId('book-button')))
      await visible(resident.getByTestId('precheck')).waitFor({ timeout: 20_000 })
      await tapCentred(visible(resident.getByTestId('next-button'))) // 跳过，下一步
      await tapCentred(visible(resident.getByTestId('matter-labor_wages')))
      await tapCentred(visible(resident.getByTestId('next-button')))

      // 选时间: the station's own hours, no 默认 note, and every day and time offered is inside them
      await visible(resident.getByTestId('slot-picker')).waitFor({ timeout: 20_000 })
      expect(await textOf(resident, 'slot-hours')).toContain(`开放时间：${PUBLISHED_HOURS}`)
      expect(await resident.getByTestId('default-schedule-note').filter({ visible: true }).count()).toBe(0)
      const days = resident.getByTestId('day-button').filter({ visible: true })
      const dayCount = await days.count()
      expect(dayCount).toBeGreaterThanOrEqual(3)
      for (let index = 0; index < dayCount; index += 1) {
        await tapCentred(days.nth(index))
        const starts = await resident
          .getByTestId('slot-button')
          .filter({ visible: true })
          .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-start') ?? ''))
        expect(starts.length).toBeGreaterThan(0)
        for (const start of starts) {
          expect([1, 2, 3]).toContain(isoWeekday(start.slice(0, 10)))
          expect(start.slice(11, 16) >= '09:00' && start.slice(11, 16) <= '11:30').toBe(true)
        }
      }
      // the BFF agrees: a Thursday morning is refused, naming the field
      const today = chinaDate({ now: new Date() })
      const thursday = Array.from({ length: 7 }, (_, offset) => addDays({ date: today, days: offset + 1 })).find((date) => isoWeekday(date) === 4) ?? ''
      const outside = await fetch(`${bff.baseUrl}/api/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'county-day-outside-0001' },
        body: JSON.stringify({
          stationId: AIKOU,
          slotStart: `${thursday}T10:00:00+08:00`,
          matter: 'labor_wages',
          name: '赵六',
          phone: '13600136001',
          consent: true,
        }),
      })
      expect(outside.status).toBe(422)
      const refusal = (await outside.json()) as { error: { code: string; message: string; fields?: { path: string }[] } }
      expect(refusal.error.code).toBe('SLOT_NOT_OFFERED')
      expect(refusal.error.fields?.map((field) => field.path)).toContain('slotStart')

      // book the first free time
      await tapCentred(days.first())
      await tapCentred(visible(resident.getByTestId('slot-button')))
      await tapCentred(visible(resident.getByTestId('next-button')))
      await typeInto(resident, 'name-input', '张三')
      await typeInto(resident, 'phone-input', '13800138777')
      await tapCentred(visible(resident.getByTestId('consent')))
      await tapCentred(visible(resident.getByTestId('submit-button')))
      await visible(resident.getByTestId('booking-code')).waitFor({ timeout: 20_000 })
      const code = ((await visible(resident.getByTestId('booking-code')).textContent()) ?? '').trim()
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
      await tapCentred(visible(resident.getByText('回到首页', { exact: true })))

      const card = visible(resident.getByTestId('next-booking'))
      await card.waitFor({ timeout: 20_000 })
      expect(await card.textContent()).toContain(AIKOU_NAME)
      expect(await card.textContent()).toContain(`预约码 ${code}`)
      expect(await resident.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)

      // …and once it is cancelled, 首页 no longer shows it (still the same document)
      await tapCentred(card)
      await tapCentred(visible(resident.getByTestId('cancel-button')))
      await tapCentred(visible(resident.getByTestId('cancel-form')).getByText('时间不合适', { exact: true }))
      await tapCentred(visible(resident.getByTestId('confirm-cancel')))
      await visible(resident.getByText('预约已取消。需要的话可以重新预约。')).waitFor({ timeout: 20_000 })
      await tapCentred(visible(resident.getByTestId('h5-header-home')))
      await visible(resident.getByTestId('latest-report-title')).waitFor({ timeout: 20_000 })
      await waitGone(resident, 'next-booking')
      expect(await resident.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
      // 首页's document asked nothing; the app asked after the booking and after the cancel
      expect(homeAnswers).toEqual([200, 200])
      await resident.close()
    })

    it('staff mark a booking whose consultation has begun 已办结', async () => {
      // a resident's booking inside the hours, then moved in the database to this minute, as if the
      // day had come (the BFF offers no slot that has begun)
      const offered = (await (await fetch(`${bff.baseUrl}/api/stations/${AIKOU}/slots`)).json()) as { slots: { start: string; remaining: number }[] }
      const free = offered.slots.find((slot) => slot.remaining > 0)
      const created = await fetch(`${bff.baseUrl}/api/bookings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'county-day-started-0001' },
        body: JSON.stringify({
          stationId: AIKOU,
          slotStart: free?.start,
          matter: 'neighbor',
          description: '宅基地边界',
          name: '李四',
          phone: '13700137000',
          consent: true,
        }),
      })
      expect(created.status).toBe(201)
      const chinaNow = new Date(Math.floor((Date.now() + 8 * 3_600_000) / 60_000) * 60_000)
      const startedAt = `${chinaNow.toISOString().slice(0, 16)}:00+08:00`
      const endsAt = `${new Date(chinaNow.getTime() + 30 * 60_000).toISOString().slice(0, 16)}:00+08:00`
      const database = new SqliteDatabase(bff.sqlitePath)
      database.pragma('busy_timeout = 5000')
      database
        .prepare('update bookings set slot_start = ?, slot_end = ? where code = ?')
        .run(startedAt, endsAt, ((await created.json()) as { code: string }).code)
      database.close()

      await staffPage.goto(`${bff.baseUrl}/packageBooking/pages/staff/index`)
      const row = visible(staffPage.getByTestId('staff-booking').filter({ hasText: '李四' }))
      await row.waitFor({ timeout: 20_000 })
      await tapCentred(row.getByTestId('staff-action-done'))
      await confirmModal(staffPage, '已办结')
      await row
        .getByTestId('booking-status')
        .filter({ hasText: /^已办结$/ })
        .waitFor({ timeout: 20_000 })
      expect(await row.getByTestId('staff-action-done').count()).toBe(0)
    })

    it('a volunteer logs a mediation with a phone number in it (one write, masked) and a 零上报 for last month', async () => {
      const added = await admin<{ inviteCode: string }>([
        'add-volunteer',
        '--name',
        '田大姐',
        '--phone',
        VOLUNTEER_PHONE,
        '--town',
        '隘口镇',
        '--village',
        '示例村',
      ])
      inviteCode = added.inviteCode
      volunteerPhone = await browser.newContext(PHONE)
      volunteer = await volunteerPhone.newPage()
      noConsoleErrors(volunteer, consoleErrors)
      recordWrites(volunteer, volunteerWrites)
      await volunteer.goto(`${bff.baseUrl}/packageVolunteer/pages/login/index`)
      await typeInto(volunteer, 'login-phone', VOLUNTEER_PHONE)
      await typeInto(volunteer, 'login-invite', inviteCode)
      await tapCentred(visible(volunteer.getByTestId('login-submit')))
      await volunteer.waitForURL(/\/packageVolunteer\/pages\/records\/index/, { timeout: 20_000 })
      await visible(volunteer.getByTestId('records-list')).waitFor({ timeout: 20_000 })

      await tapCentred(visible(volunteer.getByTestId('open-log')))
      await visible(volunteer.getByTestId('save-record')).waitFor({ timeout: 20_000 })
      await tapCentred(visible(volunteer.getByTestId('type-labor')))
      await tapCentred(visible(volunteer.getByTestId('source-application')))
      await typeInto(volunteer, 'summary-input', '工地欠薪，包工头电话13812345678，当场约定月底前付清。')
      await tapCentred(visible(volunteer.getByTestId('outcome-success')))
      await tapCentred(visible(volunteer.getByTestId('agreement-oral')))
      await tapCentred(visible(volunteer.getByTestId('save-record')))
      await waitForText(volunteer, 'save-result-title', '已上传')
      // exactly one write, and what went up was masked
      const logWrites = volunteerWrites.filter((write) => write.path.startsWith('/api/mediations') && !write.path.endsWith('/follow-ups'))
      expect(logWrites.map((write) => `${write.method} ${write.status}`)).toEqual(['POST 201'])
      expect(String(logWrites[0].body?.summary)).toContain('138****5678')
      expect(JSON.stringify(logWrites[0].body)).not.toContain('13812345678')

      // 零上报 for last month, from 记一笔: a dialog WeChat would open (a 4-character button), one write
      await tapCentred(visible(volunteer.getByTestId('log-another')))
      await tapCentred(visible(volunteer.getByTestId('zero-report-last-month')))
      await confirmModal(volunteer, '确认上报')
      const lastMonth = monthBefore(chinaDate({ now: new Date() }))
      for (let waited = 0; waited < 100 && !volunteerWrites.some((write) => write.body?.kind === 'zero_report'); waited += 1)
        await volunteer.waitForTimeout(200)
      const zero = volunteerWrites.filter((write) => write.body?.kind === 'zero_report')
      expect(zero.map((write) => ({ status: write.status, month: write.body?.month }))).toEqual([{ status: 201, month: lastMonth }])
    })

    it('records a 回访 with an outcome offline; back online it goes up once, and 首页’s 待回访 no longer lists it', async () => {
      // 首页 first: the new mediation's 7-day visit is 待回访
      await volunteer.goto(`${bff.baseUrl}/`)
      const followUps = visible(volunteer.getByTestId('follow-ups'))
      await followUps.waitFor({ timeout: 30_000 })
      expect(await textOf(volunteer, 'follow-ups-count')).toBe('待回访 1 件')

      // 我的调解记录 (the card is a link of 首页's document: the app starts there) → the signal drops → 记回访
      await tapCentred(followUps)
      await volunteer.waitForURL(/\/packageVolunteer\/pages\/records\/index/, { timeout: 20_000 })
      await volunteer.evaluate(() => Object.assign(window, { __sameDocument: true }))
      const reminder = visible(volunteer.getByTestId('record-follow-up'))
      await reminder.waitFor({ timeout: 20_000 })
      await volunteerPhone.setOffline(true)
      await tapCentred(reminder)
      await visible(volunteer.getByTestId('follow-up-form')).waitFor({ timeout: 20_000 })
      await tapCentred(visible(volunteer.getByTestId('fulfilment-fulfilled')))
      await tapCentred(visible(volunteer.getByTestId('recurred-no')))
      await tapCentred(visible(volunteer.getByTestId('judicial-not_needed')))
      await typeInto(volunteer, 'follow-up-note-input', '工钱已付清，双方满意。')
      await tapCentred(visible(volunteer.getByTestId('save-follow-up')))
      const done = visible(volunteer.getByTestId('follow-up-done'))
      await done.waitFor({ timeout: 20_000 })
      expect(await done.textContent()).toContain('（待上传）')
      expect(await textOf(volunteer, 'pending-count')).toBe('待上传 1 条')
      expect(volunteerWrites.filter((write) => write.path.endsWith('/follow-ups'))).toEqual([])

      // the signal returns: it goes up by itself, once
      await volunteerPhone.setOffline(false)
      await waitForText(volunteer, 'pending-count', '待上传 0 条')
      await volunteer.waitForFunction(
        () => Array.from(document.querySelectorAll('[data-testid="follow-up-done"]')).some((element) => element.getAttribute('data-sync') === 'uploaded'),
        undefined,
        { timeout: 20_000 },
      )
      const followUpWrites = volunteerWrites.filter((write) => write.path.endsWith('/follow-ups'))
      expect(followUpWrites.map((write) => `${write.method} ${write.status}`)).toEqual(['POST 201'])

      // back on 首页 (same document): the visit is no longer waiting
      await tapCentred(visible(volunteer.getByTestId('h5-header-home')))
      await visible(volunteer.getByTestId('latest-report-title')).waitFor({ timeout: 20_000 })
      await waitGone(volunteer, 'follow-ups')
      expect(await volunteer.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
    })

    it('the county administrator’s stats count the mediation, the 零上报 and the 回访, and list the record with its 回访', async () => {
      await county.reload()
      await tapCentred(visible(county.getByTestId('period-quarter')))
      // 1–4 are shown as <5 outside the volunteer's own view: from 0 to <5 is the count moving
      // (the page shows 本月 first, then 近三个月, which holds last month's 零上报)
      await waitForText(county, 'stats-zero', '<5')
      expect(await textOf(county, 'stats-total')).toBe('<5')
      expect(await textOf(county, 'stats-follow-ups')).toBe('<5')
      const record = visible(county.locator('[data-testid="county-record"][data-kind="mediation"]'))
      await record.waitFor({ timeout: 20_000 })
      expect(await record.getByTestId('county-follow-up').textContent()).toContain('已履行')
      expect(await county.getByTestId('county-record').filter({ visible: true }).filter({ hasText: '零上报' }).count()).toBe(1)
      // nothing on any phone went wrong in a way the console saw
      expect(consoleErrors).toEqual([])
      await Promise.all([staffPhone, residentPhone, volunteerPhone, countyPhone].map((context) => context?.close()))
    })
  },
)
