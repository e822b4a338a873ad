import { BUNDLED_REPORT_TITLE } from './bff'
import { assertWeappBuilt } from './harness'
import { simulatorForSuite } from './simulator-suite'

assertWeappBuilt()

type ScrollHandler = (event: { scrollTop: number }) => void

describe('compiled mini program: the reader', () => {
  const { bff, weapp } = simulatorForSuite()
  let reportId: string
  const scrolls: unknown[] = []
  beforeAll(async () => {
    // the simulator's wx has no pageScrollTo: record it as WeChat would run it
    const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
    wx.pageScrollTo = (options: { success?: (result: unknown) => void; complete?: (result: unknown) => void; scrollTop?: number; selector?: string }) => {
      scrolls.push({ scrollTop: options.scrollTop, selector: options.selector })
      setTimeout(() => {
        options.success?.({ errMsg: 'pageScrollTo:ok' })
        options.complete?.({ errMsg: 'pageScrollTo:ok' })
      }, 0)
    }
    const { reports } = (await (await fetch(`${bff.origin}/api/reports`)).json()) as { reports: { id: string }[] }
    reportId = reports[0].id
  })

  it('brings up 目录 and 回到顶部 once the reader has scrolled a screen down; 回到顶部 scrolls to the top', async () => {
    const page = await weapp.reLaunch(`/pages/report/index?id=${reportId}`)
    await page.waitForText(BUNDLED_REPORT_TITLE)
    expect(page.queryByTestId('reader-dock')).toBeNull()
    ;(page.instance.onPageScroll as ScrollHandler)({ scrollTop: 900 })
    await page.waitForTestId('reader-dock')
    await page.tap(page.getByTestId('dock-toc-toggle'))
    await page.waitForTestId('dock-toc')
    expect(page.getByTestId('dock-toc').text).toContain('四、')
    await page.tap(page.getByTestId('back-to-top'))
    await page.waitFor('the scroll to the top', () => scrolls.some((scroll) => (scroll as { scrollTop?: number }).scrollTop === 0))
    // the sheet closes in the same tap; its render may land after the scroll call is recorded
    await page.waitFor('the 目录 sheet closed', () => page.queryByTestId('dock-toc') === null)
    ;(page.instance.onPageScroll as ScrollHandler)({ scrollTop: 0 })
    await page.waitFor('the dock gone at the top', () => page.queryByTestId('reader-dock') === null)
    expect(weapp.errors).toEqual([])
  })

  it('without WeChat configured, 二维码 shows the H5 code alone (no 小程序码 that would answer 404)', async () => {
    const page = await weapp.reLaunch(`/pages/report/index?id=${reportId}`)
    await page.waitForText(BUNDLED_REPORT_TITLE)
    await page.tap(page.getByText('二维码', { exact: true }))
    await page.waitForTestId('qr-h5')
    expect(page.queryByTestId('qr-wxacode')).toBeNull()
  })

  it('找服务站 › opens the finder tab (WeChat opens tab pages with switchTab only)', async () => {
    weapp.clearRecords()
    const page = await weapp.reLaunch(`/pages/report/index?id=${reportId}`)
    await page.waitForText(BUNDLED_REPORT_TITLE)
    await page.tap(page.queryAllByText('找服务站 ›', { exact: true })[0])
    await page.waitFor('the switch to the finder', () => weapp.callsTo('switchTab').length > 0)
    expect(weapp.callsTo('switchTab')).toEqual([{ url: '/pages/stations/index' }])
    expect(weapp.callsTo('navigateTo')).toEqual([])
  })
})
