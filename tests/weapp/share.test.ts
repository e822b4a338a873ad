import { BUNDLED_REPORT_TITLE } from './bff'
import { assertWeappBuilt } from './harness'
import { simulatorForSuite } from './simulator-suite'

assertWeappBuilt()

type ShareHandler = (options?: { from: string }) => { title: string; path?: string; query?: string } | undefined

describe('compiled mini program: 转发 and 分享到朋友圈', () => {
  const { bff, weapp } = simulatorForSuite()
  let reportId: string
  beforeAll(async () => {
    const { reports } = (await (await fetch(`${bff.origin}/api/reports`)).json()) as { reports: { id: string }[] }
    reportId = reports[0].id
  })

  it.each(['/pages/home/index', '/pages/reports/index', '/pages/stations/index'])('%s offers both, landing on the same page', async (url) => {
    const page = await weapp.reLaunch(url)
    // the page's share is registered when its React tree has mounted
    const appMessage = await page.waitFor('the share of the mounted page', () => (page.instance.onShareAppMessage as ShareHandler)({ from: 'menu' }))
    const timeline = (page.instance.onShareTimeline as ShareHandler)()
    expect(appMessage?.path).toBe(url)
    expect(timeline?.title).toBe(appMessage?.title)
    expect(timeline?.query).toBe('')
  })

  it('the reader shares the report it shows, to a chat and to 朋友圈', async () => {
    const page = await weapp.reLaunch(`/pages/report/index?id=${reportId}`)
    await page.waitForText(BUNDLED_REPORT_TITLE)
    const appMessage = (page.instance.onShareAppMessage as ShareHandler)({ from: 'menu' })
    const timeline = (page.instance.onShareTimeline as ShareHandler)()
    expect(appMessage).toMatchObject({ title: BUNDLED_REPORT_TITLE, path: `/pages/report/index?id=${reportId}` })
    expect(timeline).toMatchObject({ title: BUNDLED_REPORT_TITLE, query: `id=${reportId}` })
  })
})
