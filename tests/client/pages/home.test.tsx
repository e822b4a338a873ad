import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { Current } from '@tarojs/runtime'
import HomePage from '../../../client/pages/home/index'
import { startBff, type BffProcess } from '../../support/bff-process'

const SEED_TITLE = '秀山土家族苗族自治县2023年度法治政府建设情况报告'

describe('首页 (client/pages/home)', () => {
  let bff: BffProcess
  beforeAll(async () => {
    bff = await startBff()
  })
  afterAll(async () => {
    await bff.stop()
    bff.cleanup()
  })
  beforeEach(() => {
    // what Taro's router sets before it renders a page: 首页 opened from the tab bar, no query
    Current.router = { params: {}, path: '/pages/home/index', $taroPath: '', onReady: '', onHide: '', onShow: '' }
  })
  afterEach(() => {
    delete process.env.TARO_APP_API_BASE_URL
    Current.router = null
  })

  it('leads with the county and its four services, then the latest report; says nothing about a healthy service', async () => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    render(<HomePage />)
    expect(await screen.findByText(SEED_TITLE, {}, { timeout: 10_000 })).toBeInTheDocument()
    expect(screen.getByTestId('home-heading')).toHaveTextContent('秀山县公共法律服务')
    expect(screen.getAllByTestId(/^home-entry-/).map((entry) => entry.querySelector('.home-entry-label')?.textContent)).toEqual(['看报告', '找服务站', '预约法律援助', '法律明白人记一笔'])
    expect(screen.getByTestId('home-hotline')).toHaveTextContent('拨打 12348 法律服务热线')
    expect(screen.getByText(/2024-02-29 发布/)).toBeInTheDocument()
    expect(screen.queryByText('服务正常')).toBeNull()
    expect(screen.queryByTestId('service-notice')).toBeNull()
  })

  it('with the BFF gone after a visit, shows the copy saved on the phone and says it is offline and from when', async () => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    const first = render(<HomePage />)
    await screen.findByText(SEED_TITLE, {}, { timeout: 10_000 })
    first.unmount()

    const unreachable = await startBff()
    const deadUrl = unreachable.baseUrl
    await unreachable.stop()
    unreachable.cleanup()
    process.env.TARO_APP_API_BASE_URL = deadUrl
    render(<HomePage />)
    const notice = await screen.findByTestId('service-notice', {}, { timeout: 10_000 })
    expect(notice).toHaveTextContent(/^离线：显示的是 .*\d{2}:\d{2} 保存的内容，数据可能不是最新。$/)
    expect(screen.getByText(SEED_TITLE)).toBeInTheDocument()
    // the county's name paints from the copy too
    expect(screen.getByTestId('home-heading')).toHaveTextContent('秀山县公共法律服务')
    expect(screen.queryByText('重试')).toBeNull()
  })

  it('when the BFF cannot be reached, says so in Chinese and loads after 重试', async () => {
    const unreachable = await startBff()
    const deadUrl = unreachable.baseUrl
    await unreachable.stop()
    unreachable.cleanup()
    process.env.TARO_APP_API_BASE_URL = deadUrl
    render(<HomePage />)
    expect(await screen.findByText(/连不上网络/, {}, { timeout: 10_000 })).toBeInTheDocument()
    expect(screen.queryByText(SEED_TITLE)).toBeNull()

    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText(SEED_TITLE, {}, { timeout: 10_000 })).toBeInTheDocument()
    await waitFor(() => expect(screen.queryByText(/连不上网络/)).toBeNull())
  })
})
