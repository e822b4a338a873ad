import { render, screen } from '@testing-library/react'
import { Current } from '@tarojs/runtime'
import ReportErrorPage from '../../../../../client/packageBooking/pages/report-error/index'
import { BROKEN_LINK } from '../../../../../client/services/landing'

function routeTo(params: Record<string, string>): void {
  Current.router = { params, path: '/packageBooking/pages/report-error/index', $taroPath: '', onReady: '', onHide: '', onShow: '' }
}

describe('信息有误？ (client/packageBooking/pages/report-error)', () => {
  afterEach(() => {
    Current.router = null
  })

  it('opened by a link cut short (`?id=%E0%A4%A`), says the link is broken instead of failing to render', () => {
    routeTo({ id: '%E0%A4%A', name: '%E0%A4%A' })
    render(<ReportErrorPage />)
    expect(screen.getByText(BROKEN_LINK)).toBeInTheDocument()
  })

  it('opened without a station, says which page to start from', () => {
    routeTo({})
    render(<ReportErrorPage />)
    expect(screen.getByText('没有说是哪个服务站。请从服务站页面点“信息有误？”。')).toBeInTheDocument()
  })

  it('opened from a station page, names the station decoded once', () => {
    routeTo({ id: '500241103-ws', name: encodeURIComponent('隘口镇公共法律服务工作站') })
    render(<ReportErrorPage />)
    expect(screen.getAllByText(/隘口镇公共法律服务工作站/).length).toBeGreaterThan(0)
  })
})
