import { randomUUID } from 'node:crypto'
import { loginResponseSchema } from '../../contracts'
import { AuthService } from '../../server/auth/auth.service'
import { UserRepository } from '../../server/auth/user.repository'
import { BUNDLED_REPORT_TITLE, closedPort, startBff } from './bff'
import { COMPILED_API_ORIGIN, assertWeappBuilt } from './harness'
import { simulatorForSuite } from './simulator-suite'
import { stubLocation } from './location-stub'

// fail the whole file, once, with instructions when there is no build to test
assertWeappBuilt()

describe('compiled mini program: 首页', () => {
  const { bff, weapp } = simulatorForSuite()

  beforeEach(() => {
    weapp.setBackend(bff.origin)
    weapp.setNetwork('wifi')
    weapp.clearRecords()
  })

  it('leads with the county and four service entries, then the latest report fetched from the BFF; no 服务正常', async () => {
    const home = await weapp.reLaunch('/pages/home/index')

    await home.waitForText(BUNDLED_REPORT_TITLE)
    expect(home.getByTestId('latest-report-title').text).toBe(BUNDLED_REPORT_TITLE)
    expect(home.getByTestId('home-heading').text).toBe('秀山县公共法律服务')
    for (const [key, label] of [
      ['reports', '看报告'],
      ['stations', '找服务站'],
      ['booking', '预约法律援助'],
      ['volunteer', '法律明白人记一笔'],
    ]) {
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
    // the county seat, GCJ-02
    stubLocation({ latitude: 28.4475, longitude: 108.9975 })
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

  it("opens the volunteers' log from 法律明白人记一笔, which asks a volunteer who is not signed in to sign in", async () => {
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

    weapp.setNetwork('none')
    const offline = await weapp.reLaunch('/pages/home/index')
    await offline.waitForText('数据可能不是最新')
    expect(offline.getByTestId('service-notice').text).toMatch(/^离线：显示的是 .*\d{2}:\d{2} 保存的内容，数据可能不是最新。$/)
    expect(offline.getByTestId('latest-report-title').text).toBe(BUNDLED_REPORT_TITLE)
  })

  it('with the phone online but the BFF gone after a visit, shows the saved copy and says 服务暂时连不上, not 离线', async () => {
    const home = await weapp.reLaunch('/pages/home/index')
    await home.waitForText(BUNDLED_REPORT_TITLE)
    weapp.setBackend(`http://127.0.0.1:${await closedPort()}`)
    const down = await weapp.reLaunch('/pages/home/index')
    await down.waitForText('数据可能不是最新')
    expect(down.getByTestId('service-notice').text).toMatch(/^服务暂时连不上：显示的是 .*保存的内容，数据可能不是最新。$/)
  })

  it('without a network and no saved copy shows 连不上网络 and 重试; with the network back but the server down, 连不上服务器; then the report once the BFF is back', async () => {
    weapp.storage.delete('fzt.home')
    const port = await closedPort()
    weapp.setBackend(`http://127.0.0.1:${port}`)
    weapp.setNetwork('none')
    const home = await weapp.reLaunch('/pages/home/index')

    await home.waitForText('连不上网络。请检查手机网络后点“重试”。')
    expect(home.getByText('重试').tag).toBe('view')
    expect(home.text()).not.toContain(BUNDLED_REPORT_TITLE)
    expect(weapp.requests.length).toBeGreaterThan(0)
    expect(weapp.requests.every((request) => request.errMsg?.startsWith('request:fail'))).toBe(true)

    // the phone finds a network; the server still does not answer: not the phone's fault
    weapp.setNetwork('4g')
    await home.tap('重试')
    await home.waitForText('连不上服务器：可能是服务器暂时出了问题，也可能是网络信号太弱。请过一会儿点“重试”。')
    expect(home.text()).not.toContain('连不上网络')

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

  /** What the tab bar does: `wx.switchTab`, the target tab page shown again (onShow) if it is alive. */
  async function switchTab(url: string): Promise<void> {
    const wx = (globalThis as unknown as { wx: { switchTab: (options: { url: string; success?: () => void; fail?: (result: unknown) => void }) => void } }).wx
    await new Promise<void>((resolve, reject) => wx.switchTab({ url, success: () => resolve(), fail: reject }))
    await weapp.waitForRoute(url.replace(/^\//, ''))
  }

  const homeRequests = () => weapp.requests.filter((request) => request.path.startsWith('/api/home')).length

  it('shows 我的下一次预约 when 首页 is shown again after a booking on this phone, and no longer once it is cancelled — asking /api/home only when something changed', async () => {
    weapp.storage.delete('fzt.bookings')
    const home = await weapp.reLaunch('/pages/home/index')
    await home.waitForText(BUNDLED_REPORT_TITLE)
    expect(home.queryAllByText('我的下一次预约')).toHaveLength(0)

    // to 服务站 and back, nothing changed: no second request
    weapp.clearRecords()
    await switchTab('/pages/stations/index')
    await switchTab('/pages/home/index')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(homeRequests()).toBe(0)

    // booked meanwhile on this phone: the booking step keeps the code and its manage token (services/device-bookings)
    const slots = (await (await fetch(`${bff.origin}/api/stations/500241-centre/slots`)).json()) as { slots: { start: string; remaining: number }[] }
    const slot = slots.slots.find((candidate) => candidate.remaining > 0)
    if (!slot) throw new Error('no free slot at the centre')
    const booked = await fetch(`${bff.origin}/api/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `weapp-home-${Date.now()}` },
      body: JSON.stringify({
        stationId: '500241-centre',
        slotStart: slot.start,
        matter: 'labor_wages',
        description: '工地欠薪三个月',
        name: '测试用户',
        phone: '13800138456',
        consent: true,
      }),
    })
    expect(booked.status).toBe(201)
    const created = (await booked.json()) as { code: string; stationName: string; slotStart: string; manageToken: string }
    weapp.storage.set('fzt.bookings', [
      {
        code: created.code,
        phoneLast4: '8456',
        stationName: created.stationName,
        stationId: '500241-centre',
        slotStart: created.slotStart,
        manageToken: created.manageToken,
        savedAt: new Date().toISOString(),
      },
    ])
    await switchTab('/pages/stations/index')
    await switchTab('/pages/home/index')
    await home.waitForText('我的下一次预约')
    expect(home.getByTestId('next-booking').text).toContain(`预约码 ${created.code}`)
    expect(homeRequests()).toBe(1)

    // the card → 查找预约 → 取消预约
    await home.tap('我的下一次预约')
    const lookup = await weapp.waitForRoute('packageBooking/pages/lookup/index')
    await lookup.waitForTestId('cancel-button')
    await lookup.tap(lookup.getByTestId('cancel-button'))
    await lookup.waitForTestId('cancel-form')
    await lookup.tap('时间不合适')
    await lookup.tap(lookup.getByTestId('confirm-cancel'))
    await lookup.waitForText('预约已取消。需要的话可以重新预约。')
    await switchTab('/pages/home/index')
    await home.waitFor('the card gone', () => home.queryAllByText('我的下一次预约').length === 0)
    expect(homeRequests()).toBe(2)
  })

  it('shows a signed-in 法律明白人 their 待回访 (their token sent with /api/home), and opens their records from it', async () => {
    const phone = '13700001234'
    const { inviteCode } = await new AuthService({ users: new UserRepository(bff.storage.db), now: () => new Date() }).addVolunteer({
      name: '田大姐',
      phone,
      county: '秀山土家族苗族自治县',
      town: '隘口镇',
      village: '坝芒村',
    })
    const login = loginResponseSchema.parse(
      await (
        await fetch(`${bff.origin}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ phone, inviteCode }),
        })
      ).json(),
    )
    const weekAgo = new Date(Date.now() + 8 * 3600_000 - 7 * 24 * 3600_000).toISOString().slice(0, 10)
    const logged = await fetch(`${bff.origin}/api/mediations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${login.token}` },
      body: JSON.stringify({
        kind: 'mediation',
        id: randomUUID(),
        occurredOn: weekAgo,
        town: '隘口镇',
        village: '坝芒村',
        disputeType: 'neighbor',
        source: 'application',
        partiesCount: 2,
        summary: '两户因排水沟占地起争执，经调解达成口头协议。',
        outcome: 'success',
        agreement: 'oral',
      }),
    })
    expect(logged.status).toBe(201)
    weapp.storage.set('fzt.session', { v: 1, sessions: [login] })
    try {
      const home = await weapp.reLaunch('/pages/home/index')
      await home.waitForText('待回访 1 件')
      expect(home.getByTestId('follow-ups').text).toContain('坝芒村 · 7 天回访 · 今天到期')
      const asked = weapp.requests.find((request) => request.path.startsWith('/api/home'))
      expect(asked?.header.Authorization).toBe(`Bearer ${login.token}`)
      weapp.clearRecords()
      await home.tap('去记回访')
      expect(weapp.callsTo('navigateTo')).toEqual([{ url: '/packageVolunteer/pages/records/index' }])
    } finally {
      weapp.storage.delete('fzt.session')
    }
  })
})
