import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import StationsPage from '../../../client/pages/stations/index'
import { bffProcessForSuite, startBff } from '../../support/bff-process'
import { forEachPageTest } from '../support/page-suite'

const CENTRE = '秀山土家族苗族自治县公共法律服务中心'
const STATIONS_PAGE = '/pages/stations/index'

/** The H5 Taro API behind tests/client/support/taro-shim.ts, which reads it on every call: spies on it are seen by the page. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const h5Namespace = require('@tarojs/taro-h5') as { default?: Record<string, unknown> } & Record<string, unknown>
const taroH5 = (h5Namespace.default ?? h5Namespace) as { navigateTo: (option: { url: string }) => Promise<unknown> }

function cards(): HTMLElement[] {
  return screen.getAllByTestId('station-card')
}

/** 服务站 without a position: town → village → that village's workroom, its township's workstation and the county centre. */
describe('服务站 (client/pages/stations): the town → village path', () => {
  const bff = bffProcessForSuite()
  forEachPageTest({ path: STATIONS_PAGE, apiBase: () => bff.baseUrl, restoreMocks: true })

  it('shows every township with its village count, then 隘口镇’s 11 villages as big buttons, then 坝芒村’s workroom with the workstation and the centre beside it', async () => {
    render(<StationsPage />)
    const aikou = (await screen.findAllByTestId('town-button', {}, { timeout: 10_000 })).find((button) => button.textContent?.includes('隘口镇'))
    expect(screen.getAllByTestId('town-button')).toHaveLength(27)
    expect(aikou?.textContent).toContain('11 个村（社区）')
    fireEvent.click(aikou as HTMLElement)

    const grid = await screen.findByTestId('village-grid')
    const villages = within(grid).getAllByTestId('village-button')
    expect(villages.map((button) => button.textContent)).toEqual(expect.arrayContaining(['坝芒村', '隘口社区', '平所村']))
    expect(villages).toHaveLength(11)
    // the township's workstation and the centre are offered for someone who does not know the village
    const townList = await screen.findByTestId('town-station-list', {}, { timeout: 10_000 })
    await within(townList).findByText('隘口镇公共法律服务工作站')
    expect(within(townList).getByText(CENTRE)).toBeInTheDocument()
    expect(within(townList).queryByText(/工作室$/)).toBeNull()

    fireEvent.click(villages.find((button) => button.textContent === '坝芒村') as HTMLElement)
    const results = await screen.findByTestId('village-results')
    expect(within(results).getByText('坝芒村')).toBeInTheDocument()
    await screen.findByTestId('village-station-cards', {}, { timeout: 10_000 })
    expect(cards().map((card) => [card.dataset.tier, card.dataset.stationId])).toEqual([
      ['workroom', '500241103212-wr'],
      ['workstation', '500241103-ws'],
      ['centre', '500241-centre'],
    ])
    const [workroom, workstation, centre] = cards()
    expect(workroom.textContent).toContain('坝芒村公共法律服务工作室')
    expect(workroom.textContent).toContain('本村（社区）的工作室')
    expect(workstation.textContent).toContain('隘口镇公共法律服务工作站')
    expect(centre.textContent).toContain(CENTRE)
    // none has a phone: 电话暂无 on each, and 12348 once for all
    for (const card of cards()) {
      expect(within(card).getByTestId('station-card-phone').textContent).toBe('电话暂无')
      expect(within(card).getByTestId('station-card-verification').textContent).toBe('未核实')
    }
    expect(screen.getByTestId('village-hotline').textContent).toContain('12348')
    expect(screen.getAllByText('拨打 12348 法律服务热线')).toHaveLength(1) // the page's own, right below
    // only the centre has a place (approximate): 导航 there, 位置待核实 elsewhere
    expect(within(workroom).getByTestId('station-card-location').textContent).toBe('位置待核实')
    const open = jest.spyOn(window, 'open').mockReturnValue({ opener: null } as unknown as Window)
    fireEvent.click(within(centre).getByText('导航（近似位置）'))
    expect(open).toHaveBeenCalledWith(expect.stringContaining('uri.amap.com/marker?position=108.996043,28.444772'), '_blank')

    // 换一个村 goes back to the villages of the same township, 换一个乡镇 to the townships
    fireEvent.click(screen.getByTestId('change-village'))
    expect(within(await screen.findByTestId('village-grid')).getAllByTestId('village-button')).toHaveLength(11)
    fireEvent.click(screen.getByText('换一个乡镇'))
    await waitFor(() => expect(screen.getAllByTestId('town-button')).toHaveLength(27))
  })

  it('opens the workroom’s page from its card', async () => {
    const navigate = jest.spyOn(taroH5, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' })
    render(<StationsPage />)
    const qingxi = (await screen.findAllByTestId('town-button', {}, { timeout: 10_000 })).find((button) => button.textContent?.includes('清溪场街道'))
    fireEvent.click(qingxi as HTMLElement)
    const villages = within(await screen.findByTestId('village-grid')).getAllByTestId('village-button')
    expect(villages).toHaveLength(24)
    fireEvent.click(villages[0])
    await screen.findByTestId('village-station-cards', {}, { timeout: 10_000 })
    const [workroom] = cards()
    expect(workroom.dataset.tier).toBe('workroom')
    fireEvent.click(within(workroom).getByText('看详情、预约'))
    expect(navigate).toHaveBeenCalledWith({ url: `/pages/station/index?id=${encodeURIComponent(workroom.dataset.stationId ?? '')}` })
  })
})

/** 服务站 during an outage: the towns and the directory saved on the phone at the last visit carry the town → village path. */
describe('服务站 (client/pages/stations) without the network or the BFF', () => {
  const bff = bffProcessForSuite()
  let deadUrl: string
  beforeAll(async () => {
    const gone = await startBff()
    deadUrl = gone.baseUrl
    await gone.stop()
    gone.cleanup()
  })
  forEachPageTest({ path: STATIONS_PAGE, restoreMocks: true })

  /** A first visit with the BFF up: the towns show, and the whole directory is kept on the phone. */
  async function visitOnline(): Promise<void> {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    const first = render(<StationsPage />)
    await screen.findAllByTestId('town-button', {}, { timeout: 10_000 })
    await waitFor(() => expect(localStorage.getItem('fzt.stations')).not.toBeNull(), { timeout: 10_000 })
    expect(screen.queryByTestId('directory-copy-notice')).toBeNull()
    first.unmount()
  }

  async function walkToBamang(): Promise<void> {
    const aikou = (await screen.findAllByTestId('town-button', {}, { timeout: 10_000 })).find((button) => button.textContent?.includes('隘口镇'))
    fireEvent.click(aikou as HTMLElement)
    const townList = await screen.findByTestId('town-station-list', {}, { timeout: 10_000 })
    expect(within(townList).getByText('隘口镇公共法律服务工作站')).toBeInTheDocument()
    const grid = await screen.findByTestId('village-grid')
    fireEvent.click(within(grid).getByText('坝芒村'))
    await screen.findByTestId('village-station-cards', {}, { timeout: 10_000 })
    expect(cards().map((card) => [card.dataset.tier, card.dataset.stationId])).toEqual([
      ['workroom', '500241103212-wr'],
      ['workstation', '500241103-ws'],
      ['centre', '500241-centre'],
    ])
  }

  it('with the phone offline, 乡镇 → 村 → 工作室 works from the copy saved at the last visit, under a 离线 notice with its time', async () => {
    await visitOnline()
    process.env.TARO_APP_API_BASE_URL = deadUrl
    jest.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(false)
    render(<StationsPage />)
    await walkToBamang()
    expect(screen.getByTestId('directory-copy-notice').textContent).toMatch(
      /^离线：显示的是 今天 .*\d{2}:\d{2} 保存的服务站名录，电话和开放时间可能已有变化。$/,
    )
    expect(screen.queryByText(/连不上/)).toBeNull()
  })

  it('with only the BFF down, works from the copy too and says the service cannot be reached (not 离线)', async () => {
    await visitOnline()
    process.env.TARO_APP_API_BASE_URL = deadUrl
    render(<StationsPage />)
    await walkToBamang()
    expect(screen.getByTestId('directory-copy-notice').textContent).toMatch(/^服务暂时连不上：显示的是 今天 .*保存的服务站名录/)
  })

  it('with nothing saved and the BFF down, says the server cannot be reached and offers 重试', async () => {
    process.env.TARO_APP_API_BASE_URL = deadUrl
    render(<StationsPage />)
    expect(await screen.findByText(/连不上服务器/, {}, { timeout: 10_000 })).toBeInTheDocument()
    expect(screen.queryByText(/检查手机网络/)).toBeNull()
    expect(screen.getByText('重试')).toBeInTheDocument()
  })
})

/** 用我的位置查找 from far away: a migrant worker in Guangzhou. */
describe('服务站 (client/pages/stations) from far outside the county', () => {
  const bff = bffProcessForSuite()
  forEachPageTest({ path: STATIONS_PAGE, apiBase: () => bff.baseUrl })
  afterEach(() => {
    Object.defineProperty(window.navigator, 'geolocation', { value: undefined, configurable: true })
  })

  function placePhoneAt(latitude: number, longitude: number): void {
    const getCurrentPosition = (success: (position: { coords: { latitude: number; longitude: number; accuracy: number } }) => void) =>
      success({ coords: { latitude, longitude, accuracy: 30 } })
    Object.defineProperty(window.navigator, 'geolocation', { value: { getCurrentPosition }, configurable: true })
  }

  it("says 您不在秀山县附近 with what to do (12348, 讨薪 where the work is), and lists the county's stations without a distance", async () => {
    placePhoneAt(23.13, 113.26)
    render(<StationsPage />)
    fireEvent.click(await screen.findByTestId('locate-button'))
    const outside = await screen.findByTestId('outside-area', {}, { timeout: 10_000 })
    expect(screen.getByTestId('outside-area-headline').textContent).toMatch(/^您不在秀山县附近（离秀山县约 \d+ 公里）。$/)
    expect(outside.textContent).toContain('12348 全国公共法律服务热线')
    expect(outside.textContent).toContain('农民工讨要工资，也可以在干活的当地申请法律援助')
    expect(within(outside).getByText('拨打 12348 法律服务热线')).toBeInTheDocument()
    const rows = within(outside).getAllByTestId('station-row')
    expect(rows.map((row) => row.dataset.stationId)).toEqual(['500241-centre'])
    expect(outside.textContent).not.toMatch(/\d+ 公里\s*$/)
    expect(within(rows[0]).queryByText(/公里|米$/)).toBeNull()
    expect(screen.queryByTestId('nearest-list')).toBeNull()
  })

  it('inside the county, lists the nearest with its distance and no such notice', async () => {
    placePhoneAt(28.4475, 108.9915)
    render(<StationsPage />)
    fireEvent.click(await screen.findByTestId('locate-button'))
    const list = await screen.findByTestId('nearest-list', {}, { timeout: 10_000 })
    expect(list.textContent).toMatch(/\d+ 米|公里/)
    expect(screen.queryByTestId('outside-area')).toBeNull()
  })
})
