import pino from 'pino'
import { SceneRepository } from '../../server/scenes/scene.repository'
import { ScenesService, type SceneKind } from '../../server/scenes/scenes.service'
import { BUNDLED_REPORT_TITLE } from './bff'
import { assertWeappBuilt } from './harness'
import { simulatorForSuite } from './simulator-suite'

assertWeappBuilt()

/** A poster's H5 link, as WeChat hands it over when a 普通链接二维码 rule opens the mini program. */
const printed = (path: string) => encodeURIComponent(`https://fazhitong.example.gov.cn${path}`)

describe('compiled mini program: opened from a printed code (scene or q) or a broken link', () => {
  const { bff, weapp } = simulatorForSuite()

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

  /** the scene the BFF gives a report or station the first time its 小程序码 is asked for */
  const sceneOf = (kind: SceneKind, targetId: string) =>
    new ScenesService({ repository: new SceneRepository(bff.storage.db), wechat: null, now: () => new Date(), logger: pino({ level: 'silent' }) }).sceneFor({
      kind,
      targetId,
    })
  // WeChat passes a 小程序码's scene URL-encoded in the page's query
  const scanned = (scene: string) => encodeURIComponent(scene)

  it('the reader opens the report whose 小程序码 was scanned (scene resolved through the BFF)', async () => {
    const { reports } = (await (await fetch(`${bff.origin}/api/reports`)).json()) as { reports: { id: string }[] }
    const scene = await sceneOf('report', reports[0].id)
    const page = await weapp.reLaunch(`/pages/report/index?scene=${scanned(scene)}`)
    await page.waitForText(BUNDLED_REPORT_TITLE)
  })

  it('the station page opens the station whose 小程序码 was scanned', async () => {
    const { stations } = (await (await fetch(`${bff.origin}/api/stations?tier=centre`)).json()) as { stations: { id: string; name: string }[] }
    const scene = await sceneOf('station', stations[0].id)
    const page = await weapp.reLaunch(`/pages/station/index?scene=${scanned(scene)}`)
    await page.waitForTestId('station-name')
    expect(page.getByTestId('station-name').text).toBe(stations[0].name)
  })

  it('首页 opened by a code that names a station opens the station on top of 首页', async () => {
    const scene = await sceneOf('station', '500241103-ws')
    weapp.clearRecords()
    await weapp.reLaunch(`/pages/home/index?scene=${scanned(scene)}`)
    await waitFor(() => weapp.callsTo('navigateTo').length > 0)
    expect(weapp.callsTo('navigateTo')).toEqual([{ url: '/pages/station/index?id=500241103-ws' }])
  })

  it('a scene nobody issued says the code is not ours and offers 回首页', async () => {
    const page = await weapp.reLaunch(`/pages/station/index?scene=${scanned('s=ZZZZ')}`)
    await page.waitForText('这个码已失效或不是本服务的码')
    expect(page.getByTestId('back-home')).toBeTruthy()
  })

  it('a code whose link is not one of ours says so in words and offers 回首页', async () => {
    const page = await weapp.reLaunch(`/pages/report/index?q=${encodeURIComponent('not a link')}`)
    await page.waitForText('这个链接不完整或有误')
    await page.tap(page.getByTestId('back-home'))
    expect(weapp.callsTo('switchTab')).toEqual([{ url: '/pages/home/index' }])
  })
})

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
