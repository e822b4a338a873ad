import { startBff } from './bff'
import { assertWeappBuilt, type MiniProgram } from './harness'
import { simulatorForSuite } from './simulator-suite'
import { stubLocation } from './location-stub'

// fail the whole file, once, with instructions when there is no build to test
assertWeappBuilt()

describe('compiled mini program: 服务站 without a network or the BFF (the copy on the phone), and from far outside the county', () => {
  const { bff, weapp } = simulatorForSuite()

  afterEach(() => {
    weapp.setNetwork('wifi')
    weapp.setBackend(bff.origin)
  })

  async function walkToBamang(): Promise<ReturnType<MiniProgram['currentPage']>> {
    const page = await weapp.reLaunch('/pages/stations/index')
    await page.waitForText('隘口镇')
    await page.tap('隘口镇')
    await page.waitForTestId('village-grid')
    await page.tap('坝芒村')
    const cards = await page.waitForTestId('village-station-cards')
    expect(cards.text).toContain('坝芒村公共法律服务工作室')
    expect(cards.text).toContain('隘口镇公共法律服务工作站')
    return page
  }

  it('a visit keeps the towns and the whole directory in WeChat storage; offline, 乡镇 → 村 → 工作室 works from them under 离线 with the time', async () => {
    const online = await weapp.reLaunch('/pages/stations/index')
    await online.waitForText('隘口镇')
    await online.waitFor('the directory kept on the phone', () => weapp.storage.has('fzt.stations'))
    expect(weapp.storage.get('fzt.towns')).toMatchObject({
      savedAt: expect.any(String),
      towns: { counties: [expect.objectContaining({ county: '秀山土家族苗族自治县' })] },
    })
    expect((weapp.storage.get('fzt.stations') as { stations: unknown[] }).stations).toHaveLength(296)

    weapp.setNetwork('none')
    weapp.clearRecords()
    const page = await walkToBamang()
    expect(page.getByTestId('directory-copy-notice').text).toMatch(/^离线：显示的是 今天 .*\d{2}:\d{2} 保存的服务站名录，电话和开放时间可能已有变化。$/)
    expect(page.text()).not.toContain('连不上')
    expect(weapp.requests.every((request) => request.errMsg?.includes('ERR_INTERNET_DISCONNECTED'))).toBe(true)
  })

  it('with the phone online but the BFF gone, works from the copy and says 服务暂时连不上 instead of blaming the phone', async () => {
    const online = await weapp.reLaunch('/pages/stations/index')
    await online.waitForText('隘口镇')
    await online.waitFor('the directory kept on the phone', () => weapp.storage.has('fzt.stations'))
    const gone = await startBff()
    const deadOrigin = gone.origin
    await gone.close()
    weapp.setBackend(deadOrigin)
    const page = await walkToBamang()
    expect(page.getByTestId('directory-copy-notice').text).toMatch(/^服务暂时连不上：显示的是 今天 .*保存的服务站名录/)
  })

  it("in Guangzhou, says 您不在秀山县附近 with 12348 and lists the county's stations without a distance", async () => {
    stubLocation({ latitude: 23.13, longitude: 113.26 })
    const page = await weapp.reLaunch('/pages/stations/index')
    await page.waitForText('用我的位置查找')
    await page.tap('用我的位置查找')
    const outside = await page.waitForTestId('outside-area')
    expect(page.getByTestId('outside-area-headline').text).toMatch(/^您不在秀山县附近（离秀山县约 \d+ 公里）。$/)
    expect(outside.text).toContain('12348 全国公共法律服务热线')
    expect(outside.text).toContain('秀山土家族苗族自治县公共法律服务中心')
    expect(outside.text.replace(/约 \d+ 公里/, '')).not.toMatch(/\d+(\.\d)? ?(公里|米)/)
  })
})
