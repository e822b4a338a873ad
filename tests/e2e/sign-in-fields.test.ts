import type { Page } from 'playwright-core'
import { runAdminJson } from '../support/run-cli'
import { servedH5ForSuite } from './support/h5-suite'
import { describeInBrowser, newPhonePage, tap } from './support/browser'
import { visible } from './support/page-helpers'

jest.setTimeout(180_000)

/** The real <input> inside a Taro <Input>'s web component. */
const inner = (page: Page, testId: string) => visible(page.getByTestId(testId)).locator('input')

async function typeInto(page: Page, testId: string, text: string): Promise<void> {
  const box = inner(page, testId)
  await box.click()
  await box.fill(text)
}

/**
 * Issue 22, items 13 and 16: both sign-in pages tell the browser what each field is (a password
 * manager fills the right one, a phone offers the code), and a printed one-time password typed as
 * people type it — lower case, no dashes — signs in, in the browser as through the API.
 */
describeInBrowser('the sign-in pages in Chromium (H5, phone screen)', () => {
  const { bff, browser } = servedH5ForSuite()
  const admin = (args: string[]) => runAdminJson<Record<string, string>>(bff.sqlitePath, args)

  it('staff: username / current-password, then one-time-code and new-password; the printed password typed in lower case without dashes signs in', async () => {
    const { password } = await admin(['add-staff', '--station', '500241103-ws', '--username', 'typed.e2e', '--name', '隘口镇值班员'])
    const page = await newPhonePage(browser)
    await page.goto(`${bff.baseUrl}/packageBooking/pages/staff/index`)
    await visible(page.getByTestId('staff-sign-in')).waitFor({ timeout: 20_000 })
    expect(await inner(page, 'staff-username').getAttribute('autocomplete')).toBe('username')
    expect(await inner(page, 'staff-username').getAttribute('autocapitalize')).toBe('none')
    expect(await inner(page, 'staff-password').getAttribute('autocomplete')).toBe('current-password')

    await typeInto(page, 'staff-username', 'typed.e2e')
    await typeInto(page, 'staff-password', password.replace(/-/g, '').toLowerCase())
    await tap(visible(page.getByTestId('staff-sign-in-button')))
    // the server took it as the printed password: it asks for an own one, not "用户名或密码不对"
    await visible(page.getByTestId('staff-new-password')).waitFor({ timeout: 20_000 })
    expect(await inner(page, 'staff-password').getAttribute('autocomplete')).toBe('one-time-code')
    expect(await inner(page, 'staff-new-password').getAttribute('autocomplete')).toBe('new-password')
    expect(await inner(page, 'staff-new-password-again').getAttribute('autocomplete')).toBe('new-password')
    await typeInto(page, 'staff-new-password', 'typed-own-password')
    await typeInto(page, 'staff-new-password-again', 'typed-own-password')
    await tap(visible(page.getByTestId('staff-sign-in-button')))
    await visible(page.getByTestId('staff-day')).waitFor({ timeout: 20_000 })
    expect(await visible(page.locator('.staff-who')).textContent()).toContain('隘口镇值班员')
    // the phone keeps the device credential the sign-in brought (issue 23 row 5) beside the sign-in, not in it
    const stored = await page.evaluate(() => ({ device: localStorage.getItem('fzt.loginDevice') ?? '', session: localStorage.getItem('fzt.session') ?? '' }))
    const credential = /"staff":"([A-Za-z0-9_-]{43})"/.exec(stored.device)?.[1]
    expect(credential).toBeDefined()
    expect(stored.session).not.toContain(credential)
    // 打印门口海报 is on the 工作台
    await visible(page.getByTestId('station-poster')).waitFor({ timeout: 20_000 })
    await page.close()
  })

  it('volunteer (H5): tel-national and one-time-code; an invite code typed with a dash in the middle signs in', async () => {
    const { inviteCode } = await admin(['add-volunteer', '--name', '田大姐', '--phone', '13812340001', '--town', '隘口镇', '--village', '示例村'])
    const page = await newPhonePage(browser)
    await page.goto(`${bff.baseUrl}/packageVolunteer/pages/login/index`)
    await visible(page.getByTestId('login-phone')).waitFor({ timeout: 20_000 })
    expect(await inner(page, 'login-phone').getAttribute('autocomplete')).toBe('tel-national')
    expect(await inner(page, 'login-invite').getAttribute('autocomplete')).toBe('one-time-code')
    await typeInto(page, 'login-phone', '13812340001')
    await typeInto(page, 'login-invite', `${inviteCode.slice(0, 4)}-${inviteCode.slice(4)}`.toLowerCase())
    await tap(visible(page.getByTestId('login-submit')))
    await page.waitForURL(/\/packageVolunteer\/pages\/records\/index/, { timeout: 20_000 })
    await page.close()
  })
})
