import fs from 'node:fs'
import type { BrowserContextOptions, Page } from 'playwright-core'
import { stationDetailResponseSchema } from '../../contracts'
import { runAdminJson } from '../support/run-cli'
import { servedH5ForSuite } from './support/h5-suite'
import { describeInBrowser, tap } from './support/browser'
import { expectPhoneLayout, screenshotWhole, visible } from './support/page-helpers'

jest.setTimeout(240_000)

const XIUSHAN = '秀山土家族苗族自治县'
const AIKOU = '500241103-ws'
const AIKOU_NAME = '隘口镇公共法律服务工作站'
/** The phone of newPhonePage, as a context so geolocation can be granted. */
const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' }
/** At the workstation's door in 隘口镇, as a browser reports it (WGS-84; the BFF converts to GCJ-02). */
const AT_THE_DOOR = { latitude: 28.6201, longitude: 109.0603 }

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core's serious and critical violations on what the page shows now (the accessibility suite checks the pages without a sign-in). */
async function axeProblems(page: Page): Promise<string[]> {
  await page.evaluate(axeSource)
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe
    return (await axe.run(document, { resultTypes: ['violations'] })).violations
  })) as { id: string; impact: string | null; nodes: { target: string[] }[] }[]
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(' | ')}`,
    )
}

/** Types into a Taro <Input> or <Textarea> (the real element inside its web component). */
async function typeInto(page: Page, testId: string, text: string): Promise<void> {
  const box = visible(page.getByTestId(testId)).locator('input, textarea')
  await box.click()
  await box.fill(text)
}

/** Signs in on a page showing the staff or admin sign-in, with the printed one-time password (the page asks for an own one). */
async function signInFirstTime(page: Page, prefix: 'staff' | 'admin', username: string, printed: string, own: string): Promise<void> {
  await typeInto(page, `${prefix}-username`, username)
  await typeInto(page, `${prefix}-password`, printed)
  await tap(visible(page.getByTestId(`${prefix}-sign-in-button`)))
  await visible(page.getByTestId(`${prefix}-new-password`)).waitFor({ timeout: 20_000 })
  await typeInto(page, `${prefix}-new-password`, own)
  await typeInto(page, `${prefix}-new-password-again`, own)
  await tap(visible(page.getByTestId(`${prefix}-sign-in-button`)))
}

describeInBrowser('keeping a station true: staff set their place and phone, the finder ranks it, the county verifies (H5, phone screen)', () => {
  const { bff, browser } = servedH5ForSuite()

  /** `npm run admin -- add-staff / add-admin … --json` on the BFF's own SQLite file: the printed one-time password. */
  async function printedPassword(args: string[]): Promise<string> {
    return (await runAdminJson<{ password: string }>(bff.sqlitePath, args)).password
  }

  async function station(id: string) {
    return stationDetailResponseSchema.parse(await (await fetch(`${bff.baseUrl}/api/stations/${id}`)).json()).station
  }

  it('staff: 我现在就在服务站 + a phone → 服务站自报; the finder puts the station first with 拨打; an admin verifies it → 已核实; a resident’s correction reaches the queue', async () => {
    const staffPassword = await printedPassword(['add-staff', '--station', AIKOU, '--username', 'aikou.keeper', '--name', '隘口镇值班员'])
    const adminPassword = await printedPassword(['add-admin', '--username', 'xs.county', '--county', XIUSHAN, '--name', '县司法局小周'])

    // ---- the station's staff, on their phone at the station's door
    const staffPhone = await browser.newContext({ ...PHONE, permissions: ['geolocation'], geolocation: AT_THE_DOOR })
    const page = await staffPhone.newPage()
    const consoleErrors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })
    await page.goto(`${bff.baseUrl}/packageBooking/pages/staff/index`)
    await visible(page.getByTestId('staff-sign-in')).waitFor({ timeout: 20_000 })
    await signInFirstTime(page, 'staff', 'aikou.keeper', staffPassword, 'aikou-own-password')
    // the 工作台 leads to 我的服务站
    await tap(visible(page.getByTestId('my-station-link')))
    await page.waitForURL(/\/packageBooking\/pages\/my-station\/index/, { timeout: 20_000 })
    await visible(page.getByTestId('station-form')).waitFor({ timeout: 20_000 })
    expect(await visible(page.getByTestId('keeping-station-name')).textContent()).toBe(AIKOU_NAME)
    expect(await visible(page.getByTestId('verification-badge')).textContent()).toBe('未核实')
    // no map picker in a browser; a phone keypad for the number
    expect(await page.getByTestId('place-map').count()).toBe(0)
    expect(await visible(page.getByTestId('phone-input-0')).locator('input').getAttribute('type')).toBe('tel')
    await expectPhoneLayout(page)

    await typeInto(page, 'phone-input-0', '023-76661234')
    await tap(visible(page.getByTestId('place-here')))
    await visible(page.getByTestId('place-words')).filter({ hasText: '已取到您现在站的位置' }).waitFor({ timeout: 20_000 })
    await screenshotWhole(page, 'my-station-form')
    expect(await axeProblems(page)).toEqual([])
    await tap(visible(page.getByTestId('save-station')))
    await visible(page.getByTestId('my-station-saved')).waitFor({ timeout: 20_000 })
    expect(await visible(page.getByTestId('verification-badge')).textContent()).toBe('服务站自报')
    expect(await visible(page.getByTestId('fact-phone')).textContent()).toBe('023-76661234')
    expect(await visible(page.getByTestId('fact-location')).textContent()).toBe('实测位置')
    expect(await visible(page.getByTestId('history-entry')).textContent()).toContain('隘口镇值班员（服务站）')
    await expectPhoneLayout(page)
    await screenshotWhole(page, 'my-station-saved')

    // ---- a villager nearby shares their position in the finder: the station comes first
    const villager = await browser.newContext({
      ...PHONE,
      permissions: ['geolocation'],
      geolocation: { latitude: AT_THE_DOOR.latitude + 0.002, longitude: AT_THE_DOOR.longitude },
    })
    const finder = await villager.newPage()
    await finder.goto(`${bff.baseUrl}/pages/stations/index`)
    await tap(visible(finder.getByTestId('locate-button')))
    const list = visible(finder.getByTestId('nearest-list'))
    await list.waitFor({ timeout: 20_000 })
    const first = list.getByTestId('station-row').first()
    expect(await first.getAttribute('data-station-id')).toBe(AIKOU)
    expect(await first.textContent()).toContain(AIKOU_NAME)
    // the row itself says whose facts these are and offers the number the staff set
    expect(await first.getByTestId('station-verification').textContent()).toBe('服务站自报')
    const call = first.getByTestId('call-button')
    expect(await call.count()).toBe(1)
    expect(await call.textContent()).toBe('拨打 023-76661234')
    expect((await call.boundingBox())?.height).toBeGreaterThanOrEqual(44)
    expect(
      Number(
        await first
          .getByTestId('station-distance')
          .textContent()
          .then((text) => text?.replace(/\D/g, '')),
      ),
    ).toBeLessThan(400)
    await expectPhoneLayout(finder)
    await screenshotWhole(finder, 'my-station-finder-row')
    // its page: the same label, 拨打 the number the staff set
    await tap(first.getByTestId('station-row-open'))
    await visible(finder.getByTestId('station-phone')).filter({ hasText: '拨打 023-76661234' }).waitFor({ timeout: 20_000 })
    expect(await visible(finder.getByTestId('station-verification')).textContent()).toBe('服务站自报')
    await screenshotWhole(finder, 'my-station-finder')

    // ---- a resident reports an error on the county centre's page (信息有误？)
    await finder.goto(`${bff.baseUrl}/pages/station/index?id=500241-centre`)
    await tap(visible(finder.getByTestId('correction-open')))
    // its own page in the booking subpackage (the form stays out of the first load)
    await finder.waitForURL(/\/packageBooking\/pages\/report-error\/index\?id=500241-centre/, { timeout: 20_000 })
    await tap(visible(finder.getByTestId('correction-field-phone')))
    await typeInto(finder, 'correction-message', '中心的电话打不通')
    await expectPhoneLayout(finder)
    expect(await axeProblems(finder)).toEqual([])
    await tap(visible(finder.getByTestId('correction-submit')))
    await visible(finder.getByTestId('correction-sent')).filter({ hasText: '提交成功' }).waitFor({ timeout: 20_000 })
    await screenshotWhole(finder, 'station-correction-sent')

    // ---- the county administrator, on another phone
    // the administrator reads in 特大 (大字模式 150%)
    const county = await browser.newContext(PHONE)
    await county.addInitScript(() => window.localStorage.setItem('fzt.fontScale', JSON.stringify({ data: 1.5 })))
    const admin = await county.newPage()
    await admin.goto(`${bff.baseUrl}/packageBooking/pages/admin/index`)
    await visible(admin.getByTestId('admin-sign-in')).waitFor({ timeout: 20_000 })
    await signInFirstTime(admin, 'admin', 'xs.county', adminPassword, 'county-own-password')
    await visible(admin.getByTestId('queue-count')).filter({ hasText: '待核实 2 项' }).waitFor({ timeout: 20_000 })
    const report = visible(admin.locator(`[data-testid="queue-item"][data-station-id="${AIKOU}"]`))
    expect(await report.textContent()).toContain('服务站自报')
    expect(await report.textContent()).toContain('改为：023-76661234')
    const resident = visible(admin.locator('[data-testid="queue-item"][data-kind="correction"]'))
    expect(await resident.textContent()).toContain('中心的电话打不通')
    await expectPhoneLayout(admin)
    expect(await axeProblems(admin)).toEqual([])
    await screenshotWhole(admin, 'admin-queue')

    await tap(report.getByTestId('queue-verify'))
    await visible(admin.getByTestId('queue-done'))
      .filter({ hasText: `已核实：${AIKOU_NAME}` })
      .waitFor({ timeout: 20_000 })
    expect(await admin.locator(`[data-testid="queue-item"][data-station-id="${AIKOU}"]`).count()).toBe(0)
    expect(await visible(admin.getByTestId('queue-count')).textContent()).toContain('待核实 1 项')

    // every station answer now says verified, with the day
    const verified = await station(AIKOU)
    expect(verified).toMatchObject({ verification: 'verified', phone: '023-76661234' })
    expect(verified.verifiedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    // the finder's row says so too, with the day
    await finder.goto(`${bff.baseUrl}/pages/stations/index`)
    await tap(visible(finder.getByTestId('locate-button')))
    const again = visible(finder.getByTestId('nearest-list')).getByTestId('station-row').first()
    await again.waitFor({ timeout: 20_000 })
    expect(await again.getByTestId('station-verification').textContent()).toMatch(/^已核实（\d{4}年\d{1,2}月\d{1,2}日）$/)
    // and the staff see 已核实 on 我的服务站
    await page.reload()
    await visible(page.getByTestId('verification-badge')).filter({ hasText: '已核实' }).waitFor({ timeout: 20_000 })
    expect(await visible(page.getByTestId('keeping-words')).textContent()).toContain('县司法局小周（县司法局）')

    // the printed password's 403 (PASSWORD_CHANGE_REQUIRED) is the browser's own log line; nothing else went wrong
    expect(consoleErrors.filter((text) => !text.includes('status of 403'))).toEqual([])
    await Promise.all([staffPhone.close(), villager.close(), county.close()])
  })
})
