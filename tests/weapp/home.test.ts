import { BUNDLED_REPORT_TITLE, closedPort, startBff, type RunningBff } from './bff'
import { COMPILED_API_ORIGIN, assertWeappBuilt, launchWeapp, type MiniProgram } from './harness'

// fail the whole file, once, with instructions when there is no build to test
assertWeappBuilt()

describe('compiled mini program: 首页', () => {
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

  beforeEach(() => {
    weapp.setBackend(bff.origin)
    weapp.clearRecords()
  })

  afterEach(() => {
    // nothing thrown in the app's callbacks, nothing logged as an error
    expect(weapp?.errors ?? []).toEqual([])
    expect((weapp?.console ?? []).filter((message) => message.level === 'error')).toEqual([])
  })

  it('leads with the county and four service entries, then the latest report fetched from the BFF; no 服务正常', async () => {
    const home = await weapp.reLaunch('/pages/home/index')

    await home.waitForText(BUNDLED_REPORT_TITLE)
    expect(home.getByTestId('latest-report-title').text).toBe(BUNDLED_REPORT_TITLE)
    expect(home.getByTestId('home-heading').text).toBe('秀山县公共法律服务')
    for (const [key, label] of [['reports', '看报告'], ['stations', '找服务站'], ['booking', '预约法律援助'], ['volunteer', '法律明白人记一笔']]) {
      expect(home.getByTestId(`home-entry-${key}`).text).toContain(label)
    }
    expect(home.getByTestId('home-hotline').text).toContain('拨打 12348 法律服务热线')
    expect(home.text()).not.toContain('服务正常')
    expect(home.queryAllByText('数据可能不是最新', { exact: false })).toHaveLength(0)

    // the data came over HTTP from the BFF, through the origin compiled into the client
    const answered = weapp.requests.filter((request) => request.statusCode === 200)
    expect(answered.map((request) => `${request.method} ${request.path}`).sort()).toEqual(['GET /api/home'])
    for (const request of answered) {
      expect(request.url.startsWith(`${COMPILED_API_ORIGIN}/api/`)).toBe(true)
      expect(request.routedTo?.startsWith(`${bff.origin}/api/`)).toBe(true)
    }
  })

  it('opens the report reader when the latest report is tapped, and the reader shows the report', async () => {
    const home = await weapp.reLaunch('/pages/home/index')
    const card = await home.waitForTestId('latest-report')
    weapp.clearRecords()

    await home.tap(card)

    const reader = await weapp.waitForRoute('pages/report/index')
    const [navigation] = weapp.callsTo('navigateTo') as { url: string }[]
    expect(navigation.url).toMatch(/^\/pages\/report\/index\?id=[\w-]+$/)
    await reader.waitForText('11500241358692734W/2024-00016')
    await reader.waitForText('数说')
    const reportId = navigation.url.split('id=')[1]
    expect(weapp.requests.map((request) => request.path)).toEqual([`/api/reports/${reportId}`])
  })

  it('lists the report on the 报告 tab', async () => {
    const reports = await weapp.reLaunch('/pages/reports/index')
    await reports.waitForText(BUNDLED_REPORT_TITLE)
    expect(reports.getByTestId('report-list').text).toContain(BUNDLED_REPORT_TITLE)
  })

  it('switches to the 服务站 tab when 找服务站 is tapped', async () => {
    const home = await weapp.reLaunch('/pages/home/index')
    await home.waitForText(BUNDLED_REPORT_TITLE)
    weapp.clearRecords()

    await home.tap('找服务站')

    await weapp.waitForRoute('pages/stations/index')
    expect(weapp.callsTo('switchTab')).toEqual([{ url: '/pages/stations/index' }])
    expect(weapp.callsTo('navigateTo')).toEqual([])
  })

  it('离我最近的服务站: the nearest station with its label (the centre: 未核实, no number)', async () => {
    const wx = (globalThis as unknown as { wx: Record<string, (options: { success?: (result: unknown) => void; complete?: (result: unknown) => void }) => void> }).wx
    wx.getLocation = (options) => {
      setTimeout(() => {
        // the county seat, GCJ-02
        const result = { errMsg: 'getLocation:ok', latitude: 28.4475, longitude: 108.9975, accuracy: 30 }
        options.success?.(result)
        options.complete?.(result)
      }, 0)
    }
    const home = await weapp.reLaunch('/pages/home/index')
    await home.waitForText(BUNDLED_REPORT_TITLE)
    await home.tap(home.getByTestId('home-nearest-locate'))
    await home.waitFor('the nearest station', () => home.getByTestId('home-nearest').text.includes('秀山土家族苗族自治县公共法律服务中心'))
    expect(home.getByTestId('station-verification').text).toBe('未核实')
    expect(home.getByTestId('home-nearest').text).not.toContain('拨打 0')
  })

  it('dials the 12348 hotline when its button is tapped', async () => {
    const home = await weapp.reLaunch('/pages/home/index')
    await home.waitForText(BUNDLED_REPORT_TITLE)

    await home.tap('拨打 12348 法律服务热线')

    await home.waitFor('wx.makePhoneCall', () => weapp.callsTo('makePhoneCall').length > 0)
    expect(weapp.callsTo('makePhoneCall')).toEqual([{ phoneNumber: '12348' }])
    expect(weapp.currentPage()).toBe(home)
  })

  it('opens the volunteers\' log from 法律明白人记一笔, which asks a volunteer who is not signed in to sign in', async () => {
    const home = await weapp.reLaunch('/pages/home/index')
    await home.waitForText(BUNDLED_REPORT_TITLE)
    weapp.clearRecords()

    await home.tap(home.getByTestId('home-entry-volunteer'))

    expect(weapp.callsTo('navigateTo')).toEqual([{ url: '/packageVolunteer/pages/log/index' }])
    await weapp.waitForRoute('packageVolunteer/pages/login/index')
  })

  it('offline after a visit, shows the copy saved on the phone with 离线 and its time', async () => {
    const home = await weapp.reLaunch('/pages/home/index')
    await home.waitForText(BUNDLED_REPORT_TITLE)
    // the public part only: no booking, follow-ups or nearby stations
    expect(weapp.storage.get('fzt.home')).toMatchObject({ county: { shortName: '秀山县' }, nextBooking: null, followUps: [], nearestStations: [] })

    weapp.setBackend(`http://127.0.0.1:${await closedPort()}`)
    const offline = await weapp.reLaunch('/pages/home/index')
    await offline.waitForText('数据可能不是最新')
    expect(offline.getByTestId('service-notice').text).toMatch(/^离线：显示的是 .*\d{2}:\d{2} 保存的内容，数据可能不是最新。$/)
    expect(offline.getByTestId('latest-report-title').text).toBe(BUNDLED_REPORT_TITLE)
  })

  it('without a network and no saved copy shows 连不上网络 and 重试, and shows the report once the BFF is back', async () => {
    weapp.storage.delete('fzt.home')
    const port = await closedPort()
    weapp.setBackend(`http://127.0.0.1:${port}`)
    const home = await weapp.reLaunch('/pages/home/index')

    await home.waitForText('连不上网络')
    expect(home.getByText('重试').tag).toBe('view')
    expect(home.text()).not.toContain(BUNDLED_REPORT_TITLE)
    expect(weapp.requests.length).toBeGreaterThan(0)
    expect(weapp.requests.every((request) => request.errMsg?.startsWith('request:fail'))).toBe(true)

    // the server comes back at the same address
    const revived = await startBff({ port })
    try {
      weapp.clearRecords()
      await home.tap('重试')
      await home.waitForText(BUNDLED_REPORT_TITLE)
      expect(home.text()).not.toContain('连不上网络')
      expect(home.queryAllByText('重试')).toHaveLength(0)
      expect(weapp.requests.map((request) => `${request.path} ${request.statusCode}`).sort()).toEqual(['/api/home 200'])
    } finally {
      await revived.close()
    }
  })
})
