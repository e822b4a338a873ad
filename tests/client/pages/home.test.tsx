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

  it('shows the service status and the latest report title fetched from the BFF', async () => {
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    render(<HomePage />)
    expect(await screen.findByText(SEED_TITLE, {}, { timeout: 10_000 })).toBeInTheDocument()
    expect(screen.getByText('服务正常')).toBeInTheDocument()
    expect(screen.getByText(/2024-02-29 发布/)).toBeInTheDocument()
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
