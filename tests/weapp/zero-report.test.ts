import { takeLimitBreaches } from '../support/wechat-limits'
import { accountsOf, type RunningBff } from './bff'
import { assertWeappBuilt } from './harness'
import { simulatorForSuite } from './simulator-suite'

assertWeappBuilt()

const LOG_PAGE = '/packageVolunteer/pages/log/index'

/** 田大姐, a volunteer of 隘口镇示例村, signed in on this phone earlier: what the sign-in page stores (services/session). */
async function aSignedInVolunteer(bff: RunningBff): Promise<Record<string, unknown>> {
  const { inviteCode } = await accountsOf(bff).addVolunteer({
    name: '田大姐',
    phone: '13700001111',
    county: '秀山土家族苗族自治县',
    town: '隘口镇',
    village: '示例村',
  })
  const login = await fetch(`${bff.origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone: '13700001111', inviteCode }),
  })
  expect(login.status).toBe(200)
  return { 'fzt.session': { v: 1, sessions: [await login.json()] } }
}

/**
 * 记一笔 → 零上报（本月没有调解） on the compiled mini program, with WeChat's dialog limits
 * enforced by the harness: a confirmText over 4 characters makes WeChat fail showModal and show
 * no dialog, which the app once read as 取消 — nothing happened and nothing said why.
 */
describe('compiled mini program: 记一笔 → 零上报', () => {
  const { weapp } = simulatorForSuite({ storage: aSignedInVolunteer })
  beforeEach(() => weapp.clearRecords())

  const zeroReportPosts = () => weapp.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/api/mediations'))

  it('when the volunteer answers 不报了, nothing is reported and the form stays', async () => {
    weapp.answerModals('cancel')
    const page = await weapp.reLaunch(LOG_PAGE)
    await page.tap(await page.waitForTestId('zero-report'))
    await page.waitFor('the 零上报 dialog', () => weapp.callsTo('showModal').length === 1)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(zeroReportPosts()).toEqual([])
    expect(page.queryByTestId('save-result')).toBeNull()
  })

  it('when WeChat does not open the dialog, the volunteer is told nothing was reported — never a silent 取消', async () => {
    weapp.refuse('showModal', 'showModal:fail system error')
    try {
      const page = await weapp.reLaunch(LOG_PAGE)
      await page.tap(await page.waitForTestId('zero-report'))
      await page.waitForText('确认框没能打开，这一步还没有做')
      expect(zeroReportPosts()).toEqual([])
      expect(page.queryByTestId('save-result')).toBeNull()
      // and it is logged, with WeChat's errMsg and no personal data
      expect(weapp.console.filter((message) => message.level === 'error').map((message) => message.text)).toEqual([
        '[dialogs] WeChat did not open the dialog "零上报": showModal:fail system error',
      ])
      weapp.console.length = 0
    } finally {
      weapp.refuse('showModal', null)
    }
  })

  it('tapping 零上报 opens a dialog WeChat accepts (buttons of at most 4 characters), and 确认上报 reports the month once', async () => {
    weapp.answerModals('confirm')
    const page = await weapp.reLaunch(LOG_PAGE)
    await page.tap(await page.waitForTestId('zero-report'))

    const dialog = await page.waitFor('the 零上报 dialog', () => weapp.callsTo('showModal')[0])
    expect(dialog).toMatchObject({ title: '零上报', confirmText: '确认上报', cancelText: '不报了' })
    expect(String(dialog.content)).toMatch(/^确认\d{4}年\d{1,2}月在隘口镇示例村没有调解纠纷？$/)
    // the phone showed it: no limit broken, so no failed call
    expect(weapp.limitBreaches).toEqual([])

    await page.waitFor('the 零上报 upload', () => zeroReportPosts().find((request) => request.statusCode === 201))
    expect(zeroReportPosts()).toHaveLength(1)
    const result = await page.waitForTestId('save-result')
    await page.waitFor('the upload to be told', () => page.getByTestId('save-result-title').text === '已上传')
    expect(result.text).toContain('零上报已经交到县里的系统了')
  })

  it('a second 零上报 in the same month is answered with a one-button notice, and nothing is sent', async () => {
    const page = await weapp.reLaunch(LOG_PAGE)
    await page.tap(await page.waitForTestId('zero-report'))
    const notice = await page.waitFor('the 已经零上报过了 notice', () => weapp.callsTo('showModal')[0])
    expect(notice).toMatchObject({ title: '已经零上报过了', confirmText: '知道了', showCancel: false })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(zeroReportPosts()).toEqual([])
    expect(takeLimitBreaches()).toEqual([])
  })
})
