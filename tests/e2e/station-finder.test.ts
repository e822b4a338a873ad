import type { Browser, BrowserContext, BrowserContextOptions, Locator } from 'playwright-core'
import { startBff, type BffProcess } from '../support/bff-process'
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream'
import { describeInBrowser, launchChromium, screenshotPath, tap } from './support/browser'
import { requireH5Build, settle, visible } from './support/page-helpers'

jest.setTimeout(120_000)

/** The phone of newPhonePage, as a context so geolocation can be granted or withheld. */
const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' }

/** Near Xiushan's county seat, as a browser reports it (WGS-84; the BFF converts to GCJ-02). */
const NEAR_COUNTY_SEAT_WGS84 = { latitude: 28.4475, longitude: 108.9915 }

const AIKOU_WORKSTATION = '隘口镇公共法律服务工作站'

/**
 * Four fictional located stations inside Xiushan's bounding box (lat 28.16–28.88, lng 108.72–109.32),
 * served by a fake county directory (DIRECTORY_URL), listed out of distance order on purpose.
 */
const FICTIONAL_STATIONS = [
  { id: 'e2e-test-ding', name: '测试站丁公共法律服务工作站', lat: 28.7, lng: 109.2, town: '平凯街道' },
  { id: 'e2e-test-jia', name: '测试站甲公共法律服务工作站', lat: 28.46, lng: 109.01, town: '中和街道' },
  { id: 'e2e-test-bing', name: '测试站丙公共法律服务工作站', lat: 28.38, lng: 108.9, town: '官庄街道' },
  { id: 'e2e-test-yi', name: '测试站乙公共法律服务工作站', lat: 28.5, lng: 109.05, town: '乌杨街道' },
].map((station, index) => ({
  id: station.id,
  name: station.name,
  tier: 'workstation',
  county: '秀山土家族苗族自治县',
  town: station.town,
  village: '',
  address: `虚构地址（端到端测试）${index + 1} 号`,
  phone: index === 1 ? '023-7666 0000' : '',
  hours: '',
  services: '法律咨询、人民调解',
  lat: station.lat,
  lng: station.lng,
  datum: 'gcj02',
  location_quality: 'surveyed',
  source: '端到端测试的虚构站点，不是真实服务站',
  verified_at: '',
}))

function toMeters(text: string): number {
  const match = /^(\d+(?:\.\d+)?) (米|公里)$/.exec(text.trim())
  if (!match) throw new Error(`not a distance: ${text}`)
  return Number(match[1]) * (match[2] === '公里' ? 1000 : 1)
}

async function distancesIn(list: Locator): Promise<number[]> {
  return (await list.getByTestId('station-distance').allTextContents()).map(toMeters)
}

async function fontSize(locator: Locator): Promise<number> {
  return locator.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))
}

describeInBrowser('station finder (H5, phone screen)', () => {
  let bff: BffProcess
  let browser: Browser
  let normalTownFont = 0

  beforeAll(async () => {
    requireH5Build()
    bff = await startBff()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await bff?.stop()
    bff?.cleanup()
  })

  it('without location permission: a friendly message, then 隘口镇 in the picker leads to its workstation and its page', async () => {
    const context = await browser.newContext({ ...PHONE, permissions: [] })
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/pages/stations/index`)
    await visible(page.getByTestId('town-grid')).waitFor({ timeout: 20_000 })
    normalTownFont = await fontSize(visible(page.locator('.town-name')))
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-tab'), fullPage: true })

    await tap(visible(page.getByTestId('locate-button')))
    const message = visible(page.getByTestId('position-message'))
    await message.waitFor({ timeout: 40_000 })
    expect(await message.textContent()).toContain('不用位置也能找')
    // not an error screen: the picker is still there, highlighted and scrolled to
    expect(await page.locator('.notice-error').filter({ visible: true }).count()).toBe(0)
    await visible(page.locator('#town-picker.picker-focus')).waitFor()
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-denied') })

    const aikou = visible(page.getByTestId('town-button').filter({ hasText: '隘口镇' }))
    const box = await aikou.boundingBox()
    expect(box?.height).toBeGreaterThanOrEqual(44)
    await tap(aikou)
    const row = visible(page.getByTestId('station-row').filter({ hasText: AIKOU_WORKSTATION }))
    await row.waitFor({ timeout: 20_000 })
    expect(await row.textContent()).toContain('位置待核实')
    // the county centre is offered too
    await visible(page.getByTestId('town-station-list').getByText('秀山土家族苗族自治县公共法律服务中心')).waitFor()
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-town-aikou'), fullPage: true })

    await tap(row)
    await page.waitForURL(/\/pages\/station\/index\?id=500241\d+-ws/, { timeout: 20_000 })
    const name = visible(page.getByTestId('station-name'))
    await name.waitFor({ timeout: 20_000 })
    expect(await name.textContent()).toBe(AIKOU_WORKSTATION)
    expect(await visible(page.getByTestId('station-location')).textContent()).toContain('位置待核实')
    const phone = visible(page.getByTestId('station-phone'))
    expect(await phone.textContent()).toContain('暂无')
    await phone.getByText('拨打 12348 法律服务热线').waitFor()
    expect(await visible(page.getByTestId('station-hours')).textContent()).toContain('默认时间，未核实')
    expect(await visible(page.getByTestId('network-reported')).textContent()).toContain('报告：19 个工作站')
    expect(await visible(page.getByTestId('network-listed')).textContent()).toContain('目录：27 个工作站、268 个工作室')
    // a figure whose unit the source lost reads by its phrase; 原文缺单位 is an editor's note, and 约 is never doubled (623万余元)
    await visible(page.getByTestId('figures-legal-aid')).getByText('为困难群众提供法律援助').first().waitFor()
    expect(await page.getByTestId('figures-legal-aid').textContent()).not.toMatch(/原文缺单位|约\d[\d,.]*万?[余多]/u)
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-detail-aikou'), fullPage: true })

    // 预约法律援助 opens the booking form for this station
    await tap(visible(page.getByTestId('book-button')))
    await page.waitForURL(/\/packageBooking\/pages\/book\/index\?stationId=500241103-ws/)
    await context.close()
  })

  it('without location: 隘口镇 → 坝芒村 shows the village’s workroom with the town’s workstation and the county centre beside it', async () => {
    const context = await browser.newContext({ ...PHONE, permissions: [] })
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/pages/stations/index`)
    const aikou = visible(page.getByTestId('town-button').filter({ hasText: '隘口镇' }))
    await aikou.waitFor({ timeout: 20_000 })
    expect(await aikou.textContent()).toContain('11 个村（社区）')
    await tap(aikou)

    const villages = visible(page.getByTestId('village-grid')).getByTestId('village-button')
    await villages.first().waitFor({ timeout: 20_000 })
    expect(await villages.count()).toBe(11)
    // big enough for an older thumb, two to a row on a 375 px phone
    for (const box of await Promise.all((await villages.all()).map((button) => button.boundingBox()))) {
      expect(box?.height).toBeGreaterThanOrEqual(44)
      expect(box?.width).toBeGreaterThanOrEqual(140)
    }
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-villages-aikou'), fullPage: true })

    await tap(villages.filter({ hasText: '坝芒村' }))
    const cards = visible(page.getByTestId('village-station-cards')).getByTestId('station-card')
    await cards.first().waitFor({ timeout: 20_000 })
    expect(await cards.evaluateAll((elements) => elements.map((element) => (element as HTMLElement).dataset.stationId))).toEqual([
      '500241103212-wr',
      '500241103-ws',
      '500241-centre',
    ])
    expect(await cards.nth(0).textContent()).toContain('坝芒村公共法律服务工作室')
    expect(await cards.nth(1).textContent()).toContain(AIKOU_WORKSTATION)
    expect(await cards.nth(2).textContent()).toContain('秀山土家族苗族自治县公共法律服务中心')
    for (const card of await cards.all()) expect(await card.getByTestId('station-card-phone').textContent()).toBe('电话暂无')
    // the centre has a place (approximate): 导航; the others wait for theirs
    expect(await cards.nth(0).getByTestId('station-card-location').textContent()).toBe('位置待核实')
    await cards.nth(2).getByText('导航（近似位置）').waitFor()
    expect(await visible(page.getByTestId('village-hotline')).textContent()).toContain('12348')
    await visible(page.getByText('拨打 12348 法律服务热线')).waitFor()
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-village-bamang'), fullPage: true })

    // the workroom's own page, and back to the villages of the same town
    await tap(cards.nth(0).getByText('看详情、预约'))
    await page.waitForURL(/\/pages\/station\/index\?id=500241103212-wr/, { timeout: 20_000 })
    expect(await visible(page.getByTestId('station-name')).textContent()).toBe('坝芒村公共法律服务工作室')
    expect(await visible(page.getByTestId('station-phone')).textContent()).toContain('暂无')
    await page.goBack()
    await visible(page.getByTestId('change-village')).waitFor({ timeout: 20_000 })
    await tap(visible(page.getByTestId('change-village')))
    // the grid is drawn a moment after the tap: wait for it before counting
    const villageButtons = visible(page.getByTestId('village-grid')).getByTestId('village-button')
    await villageButtons.first().waitFor({ timeout: 20_000 })
    expect(await villageButtons.count()).toBe(11)
    await context.close()
  })

  it('with location: the bundled directory ranks the county centre and says how many stations have no location (服务站 and 首页)', async () => {
    const context = await browser.newContext({ ...PHONE, permissions: ['geolocation'], geolocation: NEAR_COUNTY_SEAT_WGS84 })
    const page = await context.newPage()
    const nearestQueries: URLSearchParams[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.pathname === '/api/stations/nearest') nearestQueries.push(url.searchParams)
    })
    await page.goto(`${bff.baseUrl}/pages/stations/index`)
    await tap(visible(page.getByTestId('locate-button')))
    const list = visible(page.getByTestId('nearest-list'))
    await list.waitFor({ timeout: 20_000 })
    expect(nearestQueries[0]?.get('datum')).toBe('wgs84')
    expect(await list.getByTestId('station-row').count()).toBe(1)
    expect(await list.getByTestId('station-row').first().textContent()).toContain('秀山土家族苗族自治县公共法律服务中心')
    const [distance] = await distancesIn(list)
    expect(distance).toBeLessThan(2_000)
    // 27 workstations and 268 village workrooms: the village's is found by town and village instead
    expect(await list.getByTestId('without-location').textContent()).toContain('另有 295 个服务站还没有位置信息')
    expect(await list.getByTestId('without-location').textContent()).toContain('按乡镇、村查找')
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-nearest-bundled') })

    // the centre's page offers navigation (approximate position)
    await tap(list.getByTestId('station-row').first())
    await visible(page.getByTestId('navigate-button')).waitFor({ timeout: 20_000 })
    expect(await visible(page.getByTestId('station-location')).textContent()).toContain('近似位置')

    // 首页's card does the same with the three nearest, through the service worker once it controls the page
    await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), undefined, { timeout: 60_000 })
    await page.goto(bff.baseUrl)
    expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true)
    await tap(visible(page.getByTestId('home-nearest-locate')))
    const card = visible(page.getByTestId('home-nearest'))
    await card.getByTestId('station-row').first().waitFor({ timeout: 20_000 })
    expect(await card.getByTestId('station-row').count()).toBe(1)
    expect(await card.getByTestId('without-location').textContent()).toContain('295')
    expect(nearestQueries.at(-1)?.get('limit')).toBe('3')
    // the worker saw the position and kept no copy of it (隐私说明: 位置用完就丢)
    await page.waitForTimeout(500)
    const cachedWithPosition = await page.evaluate(async () => {
      const found: string[] = []
      for (const name of await caches.keys())
        for (const request of await (await caches.open(name)).keys())
          if (/[?&](lat|lng)=/.test(request.url) || request.url.includes('/nearest')) found.push(request.url)
      return found
    })
    expect(cachedWithPosition).toEqual([])
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-home-nearest'), fullPage: true })
    await context.close()
  })

  it('特大 mode enlarges the picker and the station page, tap targets stay ≥ 44 px', async () => {
    expect(normalTownFont).toBeGreaterThan(0)
    const context = await browser.newContext({ ...PHONE, permissions: [] })
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/pages/me/index`)
    await tap(visible(page.getByTestId('font-scale-1.5')))
    await page.goto(`${bff.baseUrl}/pages/stations/index`)
    await visible(page.getByTestId('town-grid')).waitFor({ timeout: 20_000 })
    expect(await fontSize(visible(page.locator('.town-name')))).toBeCloseTo(normalTownFont * 1.5, 0)
    for (const box of await Promise.all((await page.getByTestId('town-button').filter({ visible: true }).all()).map((button) => button.boundingBox()))) {
      expect(box?.height).toBeGreaterThanOrEqual(44)
      // two columns still fit the 375 px screen
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(375)
    }
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-tab-elder'), fullPage: true })

    await tap(visible(page.getByTestId('town-button').filter({ hasText: '清溪场街道' })))
    const row = visible(page.getByTestId('station-row').filter({ hasText: '清溪场街道公共法律服务工作站' }))
    await row.waitFor({ timeout: 20_000 })
    expect((await row.boundingBox())?.height).toBeGreaterThanOrEqual(44)
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-town-elder'), fullPage: true })

    await tap(row)
    await visible(page.getByTestId('station-name')).waitFor({ timeout: 20_000 })
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-detail-elder'), fullPage: true })
    await context.close()
  })
})

describeInBrowser('station finder with a county directory of located stations (DIRECTORY_URL)', () => {
  let upstream: FakeUpstream
  let bff: BffProcess
  let browser: Browser
  let context: BrowserContext | undefined

  beforeAll(async () => {
    requireH5Build()
    upstream = await startFakeUpstream()
    upstream.respond((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(FICTIONAL_STATIONS))
    })
    bff = await startBff({ env: { DIRECTORY_URL: `${upstream.baseUrl}/directory.json` } })
    // the BFF refreshes the directory in the background at start-up
    const deadline = Date.now() + 20_000
    for (;;) {
      const body = (await (await fetch(`${bff.baseUrl}/api/stations/nearest?lat=28.4475&lng=108.9915&datum=wgs84&limit=10`)).json()) as {
        stations: { station: { id: string } }[]
      }
      if (body.stations.filter((entry) => entry.station.id.startsWith('e2e-test-')).length === FICTIONAL_STATIONS.length) break
      if (Date.now() > deadline) throw new Error(`the fictional directory never arrived:\n${bff.output()}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    browser = await launchChromium()
  })
  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await bff?.stop()
    bff?.cleanup()
    await upstream?.close()
  })

  it('lists the nearest stations in distance order, with the unranked count', async () => {
    context = await browser.newContext({ ...PHONE, permissions: ['geolocation'], geolocation: NEAR_COUNTY_SEAT_WGS84 })
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/pages/stations/index`)
    await tap(visible(page.getByTestId('locate-button')))
    const list = visible(page.getByTestId('nearest-list'))
    await list.waitFor({ timeout: 20_000 })
    const names = await list.locator('.station-name').allTextContents()
    expect(names).toHaveLength(5)
    const distances = await distancesIn(list)
    expect(distances).toHaveLength(5)
    for (let index = 1; index < distances.length; index += 1) expect(distances[index]).toBeGreaterThanOrEqual(distances[index - 1])
    expect(names.filter((name) => name.startsWith('测试站'))).toEqual([
      '测试站甲公共法律服务工作站',
      '测试站乙公共法律服务工作站',
      '测试站丙公共法律服务工作站',
      '测试站丁公共法律服务工作站',
    ])
    expect(await list.getByTestId('without-location').textContent()).toContain('另有 295 个')
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-nearest-ordered'), fullPage: true })

    // a located station with a phone: 拨打 and 导航 are offered
    const located = list.getByTestId('station-row').filter({ hasText: '测试站甲' })
    // the row's own 拨打, below the part that opens the station
    expect(await located.getByTestId('call-button').first().textContent()).toMatch(/^拨打 023/)
    expect(await located.getByTestId('station-verification').textContent()).toMatch(/^(已核实|服务站自报|未核实)/)
    await tap(located.getByTestId('station-row-open'))
    await visible(page.getByTestId('navigate-button')).waitFor({ timeout: 20_000 })
    await visible(page.getByTestId('station-phone'))
      .getByText(/^拨打 023/)
      .waitFor()
    await settle(page)
    await page.screenshot({ path: screenshotPath('stations-detail-located'), fullPage: true })
  })
})

describeInBrowser('station finder offline and from far away (H5, phone screen)', () => {
  let bff: BffProcess
  let browser: Browser

  beforeAll(async () => {
    requireH5Build()
    bff = await startBff()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await bff?.stop()
    bff?.cleanup()
  })

  it('after one visit, with the phone offline and the BFF gone, 服务站 → 隘口镇 → 坝芒村 shows its workroom from the copy on the phone, under 离线 and its time', async () => {
    const context = await browser.newContext(PHONE)
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/pages/stations/index`)
    await visible(page.getByTestId('town-button').filter({ hasText: '隘口镇' })).waitFor({ timeout: 30_000 })
    // the worker controls the page (the app itself comes from its precache offline) and the directory is kept on the phone
    await page.waitForFunction(
      () => Boolean(navigator.serviceWorker.controller) && localStorage.getItem('fzt.stations') !== null && localStorage.getItem('fzt.towns') !== null,
      undefined,
      { timeout: 60_000 },
    )

    await context.setOffline(true)
    await bff.stop()
    bff.cleanup()
    await page.reload()
    await tap(visible(page.getByTestId('town-button').filter({ hasText: '隘口镇' })))
    await tap(visible(page.getByTestId('village-button').filter({ hasText: /^坝芒村$/ })))
    const cards = visible(page.getByTestId('village-station-cards'))
    await cards.waitFor({ timeout: 30_000 })
    expect(await cards.getByTestId('station-card').evaluateAll((elements) => elements.map((element) => (element as HTMLElement).dataset.stationId))).toEqual([
      '500241103212-wr',
      '500241103-ws',
      '500241-centre',
    ])
    expect(await visible(page.getByTestId('directory-copy-notice')).textContent()).toMatch(
      /^离线：显示的是 今天 .*\d{2}:\d{2} 保存的服务站名录，电话和开放时间可能已有变化。$/,
    )
    expect(await page.getByText(/连不上/).count()).toBe(0)
    await page.screenshot({ path: screenshotPath('stations-offline'), fullPage: true })
    await context.close()
    bff = await startBff()
  })

  it("from Guangzhou, says 您不在秀山县附近 with 12348 and lists the county's stations without a distance", async () => {
    const context = await browser.newContext({ ...PHONE, permissions: ['geolocation'], geolocation: { latitude: 23.13, longitude: 113.26 } })
    const page = await context.newPage()
    await page.goto(`${bff.baseUrl}/pages/stations/index`)
    await tap(visible(page.getByTestId('locate-button')))
    const outside = visible(page.getByTestId('outside-area'))
    await outside.waitFor({ timeout: 30_000 })
    expect(await visible(page.getByTestId('outside-area-headline')).textContent()).toMatch(/^您不在秀山县附近（离秀山县约 \d+ 公里）。$/)
    expect(await outside.textContent()).toContain('12348 全国公共法律服务热线')
    expect(await outside.getByTestId('station-row').count()).toBe(1)
    expect(await outside.getByTestId('station-distance').count()).toBe(0)
    await page.screenshot({ path: screenshotPath('stations-far-away'), fullPage: true })
    await context.close()
  })
})
