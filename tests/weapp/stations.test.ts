import { startBff, type RunningBff } from './bff'
import { assertWeappBuilt, launchWeapp, type MiniProgram } from './harness'

// fail the whole file, once, with instructions when there is no build to test
assertWeappBuilt()

describe('compiled mini program: 服务站 without location, town → village → workroom', () => {
  let bff: RunningBff
  let weapp: MiniProgram

  beforeAll(async () => {
    bff = await startBff()
    weapp = launchWeapp({ backend: bff.origin })
  })

  afterAll(async () => {
    weapp?.close()
    await bff?.close()
  })

  afterEach(() => {
    // nothing thrown in the app's callbacks, nothing logged as an error
    expect(weapp?.errors ?? []).toEqual([])
    expect((weapp?.console ?? []).filter((message) => message.level === 'error')).toEqual([])
  })

  it('隘口镇 → 坝芒村 shows its workroom with the town’s workstation and the county centre, 12348, and 导航 where there is a place', async () => {
    const page = await weapp.reLaunch('/pages/stations/index')
    await page.waitForText('隘口镇')
    await page.tap('隘口镇')

    await page.waitForTestId('village-grid')
    expect(page.getByTestId('village-grid').text).toContain('坝芒村')
    await page.tap('坝芒村')

    const cards = await page.waitForTestId('village-station-cards')
    const text = cards.text
    const order = ['坝芒村公共法律服务工作室', '隘口镇公共法律服务工作站', '秀山土家族苗族自治县公共法律服务中心'].map((name) => text.indexOf(name))
    expect(order.every((position) => position >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(page.queryAllByText('电话暂无')).toHaveLength(3)

    weapp.clearRecords()
    await page.tap('拨打 12348 法律服务热线')
    await page.waitFor('wx.makePhoneCall', () => weapp.callsTo('makePhoneCall').length > 0)
    expect(weapp.callsTo('makePhoneCall')).toEqual([{ phoneNumber: '12348' }])

    // only the centre has a place (approximate): 导航 there alone
    expect(page.queryAllByText('导航（近似位置）')).toHaveLength(1)
    expect(page.queryAllByText('位置待核实')).toHaveLength(2)

    await page.tap('换一个村')
    await page.waitForTestId('village-grid')
  })
})
