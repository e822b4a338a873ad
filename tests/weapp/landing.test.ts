import { BUNDLED_REPORT_TITLE, startBff, type RunningBff } from './bff'
import { assertWeappBuilt, launchWeapp, type MiniProgram } from './harness'

assertWeappBuilt()

/** A poster's H5 link, as WeChat hands it over when a 普通链接二维码 rule opens the mini program. */
const printed = (path: string) => encodeURIComponent(`https://fazhitong.example.gov.cn${path}`)

describe('compiled mini program: opened from a printed code (q) or a broken link', () => {
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

  it('the reader opens the report that the scanned H5 link names', async () => {
    const { reports } = (await (await fetch(`${bff.origin}/api/reports`)).json()) as { reports: { id: string }[] }
    const page = await weapp.reLaunch(`/pages/report/index?q=${printed(`/pages/report/index?id=${reports[0].id}`)}&scancode_time=1764460800`)
    await page.waitForText(BUNDLED_REPORT_TITLE)
  })

  it('the station page opens the station that the scanned H5 link names', async () => {
    const { stations } = (await (await fetch(`${bff.origin}/api/stations?tier=centre`)).json()) as { stations: { id: string; name: string }[] }
    const page = await weapp.reLaunch(`/pages/station/index?q=${printed(`/pages/station/index?id=${encodeURIComponent(stations[0].id)}`)}`)
    await page.waitForTestId('station-name')
    expect(page.getByTestId('station-name').text).toBe(stations[0].name)
  })

  it('a code whose link is not one of ours says so in words and offers 回首页', async () => {
    const page = await weapp.reLaunch(`/pages/report/index?q=${encodeURIComponent('not a link')}`)
    await page.waitForText('这个链接不完整或有误')
    await page.tap(page.getByTestId('back-home'))
    expect(weapp.callsTo('switchTab')).toEqual([{ url: '/pages/home/index' }])
  })
})
