import { signInStaff } from './bff'
import { assertWeappBuilt } from './harness'
import { simulatorForSuite } from './simulator-suite'
import { stubLocation } from './location-stub'

const AIKOU = '500241103-ws'
/** the workstation's door, as its staff set it (GCJ-02) */
const DOOR = { lat: 28.6185, lng: 109.0641 }

// fail the whole file, once, with instructions when there is no build to test
assertWeappBuilt()

describe('compiled mini program: 服务站 without location, town → village → workroom', () => {
  const { bff, weapp } = simulatorForSuite()

  /**
   * 隘口镇's staff set its place, phone (with an extension) and hours: it shows as 服务站自报.
   * Each test that needs it calls it (a new staff account each time), so none relies on another's run.
   */
  let selfReports = 0
  async function selfReportAikou(): Promise<void> {
    selfReports += 1
    const { token } = await signInStaff(bff, { stationId: AIKOU, username: `weapp.finder${selfReports}`, displayName: '隘口镇值班员' })
    const saved = await fetch(`${bff.origin}/api/staff/stations/${AIKOU}/profile`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({
        phones: ['023-76661234转801'],
        address: null,
        hours: { text: '周一至周五 9:00-17:00' },
        services: ['mediation'],
        location: { ...DOOR, datum: 'gcj02' },
      }),
    })
    expect(saved.status).toBe(200)
  }

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
    // nobody has confirmed the bundled entries: each card says so
    expect(page.queryAllByText('未核实')).toHaveLength(3)

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

  it('用我的位置查找: the station whose staff set its place comes first with 服务站自报 and 拨打 (the main number dialled, the extension in words)', async () => {
    await selfReportAikou()
    stubLocation({ latitude: DOOR.lat + 0.001, longitude: DOOR.lng })

    const page = await weapp.reLaunch('/pages/stations/index')
    await page.tap(await page.waitForTestId('locate-button'))
    const list = await page.waitForTestId('nearest-list')
    const text = list.text
    expect(text.indexOf('隘口镇公共法律服务工作站')).toBeGreaterThanOrEqual(0)
    expect(text.indexOf('隘口镇公共法律服务工作站')).toBeLessThan(text.indexOf('秀山土家族苗族自治县公共法律服务中心'))
    expect(page.queryAllByText('服务站自报')).toHaveLength(1)
    expect(text).toContain('接通后请转分机 801')

    weapp.clearRecords()
    await page.tap('拨打 023-76661234')
    await page.waitFor('wx.makePhoneCall', () => weapp.callsTo('makePhoneCall').length > 0)
    expect(weapp.callsTo('makePhoneCall')).toEqual([{ phoneNumber: '023-76661234' }])
  })

  it('the station page shows 服务站自报 and opens 信息有误？ with its six choices', async () => {
    await selfReportAikou()
    const page = await weapp.reLaunch(`/pages/station/index?id=${AIKOU}`)
    await page.waitForTestId('station-name')
    expect(page.getByTestId('station-verification').text).toBe('服务站自报')
    expect(page.getByTestId('station-phone').text).toContain('拨打 023-76661234')

    // the form is a page of the booking subpackage, so it stays out of the main package
    await page.tap('信息有误？告诉我们')
    await page.waitFor('navigateTo', () => weapp.currentPage() !== page)
    expect(weapp.callsTo('navigateTo')).toEqual([
      { url: `/packageBooking/pages/report-error/index?id=${AIKOU}&name=${encodeURIComponent('隘口镇公共法律服务工作站')}` },
    ])
    const report = weapp.currentPage()
    const form = await report.waitForTestId('correction-form')
    const choices = ['电话', '地址', '开放时间', '位置', '已关门或搬走', '其他']
    for (const choice of choices) expect(report.queryAllByText(choice).filter((node) => node.element.className.includes('choice'))).toHaveLength(1)
    expect(form.text).toContain('隘口镇公共法律服务工作站：哪一项不对？')
    expect(form.text).toContain('180 天后删除')
    // nothing chosen yet: said on the spot, nothing sent
    weapp.clearRecords()
    await report.tap('提交')
    await report.waitForText('请先点一下哪一项不对')
    expect(weapp.requests).toEqual([])
  })
})
