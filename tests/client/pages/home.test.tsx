import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { getPageInstance } from '@tarojs/runtime'
import HomePage from '../../../client/pages/home/index'
import { cancelBooking, createBooking, fetchSlots, newIdempotencyKey, rememberBooking } from '../../../client/services/bookings'
import { chinaDate } from '../../../contracts/china-time'
import { loginWithPhone, newRecordId } from '../../../client/services/mediations'
import { clearSession, saveSession, type Session } from '../../../client/services/session'
import { bffProcessForSuite, startBff } from '../../support/bff-process'
import { addVolunteerByCli } from '../../support/run-cli'
import { forEachPageTest } from '../support/page-suite'

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the spied object must be the one Taro's API resolves to (see stations.test)
const h5Namespace = require('@tarojs/taro-h5') as { default?: Record<string, unknown> } & Record<string, unknown>
const taroH5 = (h5Namespace.default ?? h5Namespace) as { navigateTo: (option: { url: string }) => Promise<unknown> }
const SEED_TITLE = '秀山土家族苗族自治县2023年度法治政府建设情况报告'
const HOME_PAGE = '/pages/home/index'

describe('首页 (client/pages/home)', () => {
  const bff = bffProcessForSuite()
  // 首页 opened from the tab bar, no query
  forEachPageTest({ path: HOME_PAGE, restoreMocks: true })

  /** The phone reports no network at all (airplane mode, no signal): what `navigator.onLine` says then. */
  function phoneOffline(): void {
    jest.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(false)
  }

  it('leads with the county and its four services, then the latest report; says nothing about a healthy service', async () => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    render(<HomePage />)
    expect(await screen.findByText(SEED_TITLE, {}, { timeout: 10_000 })).toBeInTheDocument()
    expect(screen.getByTestId('home-heading')).toHaveTextContent('秀山县公共法律服务')
    expect(screen.getAllByTestId(/^home-entry-/).map((entry) => entry.querySelector('.home-entry-label')?.textContent)).toEqual([
      '看报告',
      '找服务站',
      '预约法律援助',
      '法律明白人记一笔',
    ])
    expect(screen.getByTestId('home-hotline')).toHaveTextContent('拨打 12348 法律服务热线')
    expect(screen.getByText(/2024-02-29 发布/)).toBeInTheDocument()
    expect(screen.queryByText('服务正常')).toBeNull()
    expect(screen.queryByTestId('service-notice')).toBeNull()
  })

  it('with the phone offline after a visit, shows the copy saved on the phone and says it is offline and from when', async () => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    const first = render(<HomePage />)
    await screen.findByText(SEED_TITLE, {}, { timeout: 10_000 })
    first.unmount()

    const unreachable = await startBff()
    const deadUrl = unreachable.baseUrl
    await unreachable.stop()
    unreachable.cleanup()
    process.env.TARO_APP_API_BASE_URL = deadUrl
    phoneOffline()
    render(<HomePage />)
    const notice = await screen.findByTestId('service-notice', {}, { timeout: 10_000 })
    expect(notice).toHaveTextContent(/^离线：显示的是 .*\d{2}:\d{2} 保存的内容，数据可能不是最新。$/)
    expect(screen.getByText(SEED_TITLE)).toBeInTheDocument()
    // the county's name paints from the copy too
    expect(screen.getByTestId('home-heading')).toHaveTextContent('秀山县公共法律服务')
    expect(screen.queryByText('重试')).toBeNull()
  })

  it('with only the server down after a visit (the phone online), shows the saved copy and says the service cannot be reached, not 离线', async () => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    const first = render(<HomePage />)
    await screen.findByText(SEED_TITLE, {}, { timeout: 10_000 })
    first.unmount()

    const unreachable = await startBff()
    process.env.TARO_APP_API_BASE_URL = unreachable.baseUrl
    await unreachable.stop()
    unreachable.cleanup()
    render(<HomePage />)
    const notice = await screen.findByTestId('service-notice', {}, { timeout: 10_000 })
    expect(notice).toHaveTextContent(/^服务暂时连不上：显示的是 .*\d{2}:\d{2} 保存的内容，数据可能不是最新。$/)
    expect(notice).not.toHaveTextContent('离线')
  })

  it('when the server cannot be reached and nothing is saved, blames the server, not the phone network', async () => {
    const unreachable = await startBff()
    process.env.TARO_APP_API_BASE_URL = unreachable.baseUrl
    await unreachable.stop()
    unreachable.cleanup()
    render(<HomePage />)
    expect(await screen.findByText(/连不上服务器/, {}, { timeout: 10_000 })).toBeInTheDocument()
    expect(screen.queryByText(/连不上网络/)).toBeNull()
    expect(screen.getByText('重试')).toBeInTheDocument()
  })

  it('when the phone has no network, says 连不上网络 in Chinese and loads after 重试', async () => {
    const unreachable = await startBff()
    const deadUrl = unreachable.baseUrl
    await unreachable.stop()
    unreachable.cleanup()
    process.env.TARO_APP_API_BASE_URL = deadUrl
    const offline = jest.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(false)
    render(<HomePage />)
    expect(await screen.findByText(/连不上网络/, {}, { timeout: 10_000 })).toBeInTheDocument()
    expect(screen.queryByText(SEED_TITLE)).toBeNull()

    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    offline.mockReturnValue(true)
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText(SEED_TITLE, {}, { timeout: 10_000 })).toBeInTheDocument()
    await waitFor(() => expect(screen.queryByText(/连不上网络/)).toBeNull())
  })

  /** What Taro does when 首页 is shown again (a tab tap, 回到首页, Back): its useDidShow hooks run. */
  function showAgain(): void {
    const hooks = (getPageInstance('taro-app') as { componentDidShow?: (() => void) | (() => void)[] } | undefined)?.componentDidShow
    act(() => {
      for (const hook of Array.isArray(hooks) ? hooks : hooks ? [hooks] : []) hook()
    })
  }

  /** Counts this page's `GET /api/home` requests. */
  function countHomeRequests(): () => number {
    const spy = jest.spyOn(globalThis, 'fetch')
    return () => spy.mock.calls.filter(([url]) => String(url instanceof Request ? url.url : url).includes('/api/home')).length
  }

  it('shows 我的下一次预约 after a booking is made on this phone without a reload, and no longer once it is cancelled; a plain re-show asks nothing', async () => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    const homeRequests = countHomeRequests()
    render(<HomePage />)
    await screen.findByText(SEED_TITLE, {}, { timeout: 10_000 })
    expect(screen.queryByTestId('next-booking')).toBeNull()
    expect(homeRequests()).toBe(1)

    // tab there and back with nothing changed: no second request
    showAgain()
    expect(homeRequests()).toBe(1)

    // the booking flow: book, then remember it on this phone (use-booking-submission does the same)
    const slot = (await fetchSlots({ stationId: '500241-centre' })).slots.find((candidate) => candidate.remaining > 0)
    if (!slot) throw new Error('the centre offers no free slot')
    const created = await createBooking({
      booking: {
        stationId: '500241-centre',
        slotStart: slot.start,
        matter: 'labor_wages',
        description: '工地欠薪三个月',
        name: '测试用户',
        phone: '13800138123',
        consent: true,
      },
      idempotencyKey: newIdempotencyKey(),
    })
    act(() =>
      rememberBooking({
        code: created.code,
        phoneLast4: '8123',
        stationName: created.stationName,
        slotStart: created.slotStart,
        manageToken: created.manageToken,
      }),
    )
    showAgain()
    const card = await screen.findByTestId('next-booking', {}, { timeout: 10_000 })
    expect(card).toHaveTextContent('我的下一次预约')
    expect(card).toHaveTextContent(created.stationName)
    expect(card).toHaveTextContent(`预约码 ${created.code}`)
    const afterBooking = homeRequests()
    expect(afterBooking).toBe(2)

    // 查看、改期或取消 → 取消预约: the code stays on the phone, the booking is no longer next
    await act(async () => {
      await cancelBooking({ code: created.code, phoneLast4: '8123', reason: '问题已经解决了' })
    })
    showAgain()
    await waitFor(() => expect(screen.queryByTestId('next-booking')).toBeNull(), { timeout: 10_000 })
    expect(homeRequests()).toBe(afterBooking + 1)
  })

  it('asks again when shown after the answer is older than five minutes', async () => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    const homeRequests = countHomeRequests()
    const clock = jest.spyOn(Date, 'now')
    render(<HomePage />)
    await screen.findByText(SEED_TITLE, {}, { timeout: 10_000 })
    expect(homeRequests()).toBe(1)
    const asked = Date.now()
    clock.mockReturnValue(asked + 4 * 60_000)
    showAgain()
    expect(homeRequests()).toBe(1)
    clock.mockReturnValue(asked + 6 * 60_000)
    showAgain()
    await waitFor(() => expect(homeRequests()).toBe(2))
  })
})

describe('首页 for a signed-in 法律明白人 (client/pages/home)', () => {
  const bff = bffProcessForSuite()
  let session: Session
  jest.setTimeout(90_000)

  beforeAll(async () => {
    const inviteCode = await addVolunteerByCli(bff.sqlitePath, { name: '田大姐', phone: '13800000011', village: '坝芒村' })
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    session = await loginWithPhone({ phone: '13800000011', inviteCode })
    // mediated a week ago (China date): its 7-day 回访 is due today
    const logged = await fetch(`${bff.baseUrl}/api/mediations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        kind: 'mediation',
        id: newRecordId(),
        occurredOn: chinaDate({ now: new Date(), offsetDays: -7 }),
        town: '隘口镇',
        village: '坝芒村',
        disputeType: 'neighbor',
        source: 'application',
        partiesCount: 2,
        summary: '两家因排水沟堵塞发生争执，经调解双方同意共同疏通。',
        outcome: 'success',
        agreement: 'oral',
      }),
    })
    expect(logged.status).toBe(201)
  })
  forEachPageTest({ path: HOME_PAGE, apiBase: () => bff.baseUrl })

  it("shows 待回访 with the record's village, and opens the volunteer's records when tapped; signed out, the card goes", async () => {
    // the sign-in as the phone keeps it (each test starts with empty storage)
    saveSession(session)
    render(<HomePage />)
    const card = await screen.findByTestId('follow-ups', {}, { timeout: 10_000 })
    expect(screen.getByTestId('follow-ups-count')).toHaveTextContent('待回访 1 件')
    expect(card).toHaveTextContent('坝芒村 · 7 天回访 · 今天到期')
    expect(card).toHaveTextContent('去记回访')
    const navigateTo = jest.spyOn(taroH5, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' })
    fireEvent.click(screen.getByText('去记回访'))
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packageVolunteer/pages/records/index' })

    // 退出登录 on this phone: 首页 asks again without the sign-in, and the prompts go
    act(() => clearSession({ role: 'volunteer' }))
    await waitFor(() => expect(screen.queryByTestId('follow-ups')).toBeNull(), { timeout: 10_000 })
  })

  it('shows no 待回访 without a sign-in', async () => {
    render(<HomePage />)
    await screen.findByText(SEED_TITLE, {}, { timeout: 10_000 })
    expect(screen.queryByTestId('follow-ups')).toBeNull()
  })
})
