import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { Current } from '@tarojs/runtime'
import { PageShell } from '../../../client/components/page-shell'
import NotFoundPage from '../../../client/pages/not-found/index'

/** The H5 Taro API behind tests/client/support/taro-shim.ts, which reads it on every call: spies on it are seen by the page. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const h5Namespace = require('@tarojs/taro-h5') as { default?: Record<string, unknown> } & Record<string, unknown>
const taroH5 = (h5Namespace.default ?? h5Namespace) as { switchTab: (option: { url: string }) => Promise<unknown> }

function onPage(path: string): void {
  Current.router = { params: {}, path, $taroPath: '', onReady: '', onHide: '', onShow: '' }
}

describe('the H5 header of PageShell (client/components/h5-header)', () => {
  afterEach(() => {
    cleanup()
    Current.router = null
  })

  it.each(['/pages/report/index?id=2023-abc', '/pages/station/index?id=500241103-ws', '/packageBooking/pages/book/index', '/pages/privacy/index'])(
    'on %s (no tab bar there) offers 首页, and 返回 only with a page to go back to',
    (path) => {
      onPage(path)
      render(<PageShell>正文</PageShell>)
      const home = screen.getByTestId('h5-header-home')
      expect(home).toHaveTextContent('首页')
      expect(home).toHaveAttribute('role', 'link')
      // opened straight from a link: Taro's stack holds no page below this one
      expect(screen.queryByTestId('h5-header-back')).toBeNull()
    },
  )

  it.each(['/pages/home/index', '/pages/reports/index', '/pages/stations/index', '/pages/me/index?from=share'])(
    'on the tab page %s shows no header (the tab bar is the way around)',
    (path) => {
      onPage(path)
      render(<PageShell>正文</PageShell>)
      expect(screen.queryByTestId('h5-header')).toBeNull()
      expect(screen.getByText('正文')).toBeInTheDocument()
    },
  )

  it('首页 goes to 首页 with switchTab (a tab page)', () => {
    const switchTab = jest.spyOn(taroH5, 'switchTab').mockResolvedValue({ errMsg: 'switchTab:ok' })
    try {
      onPage('/pages/report/index?id=2023-abc')
      render(<PageShell>正文</PageShell>)
      fireEvent.click(screen.getByTestId('h5-header-home'))
      expect(switchTab).toHaveBeenCalledWith({ url: '/pages/home/index' })
    } finally {
      switchTab.mockRestore()
    }
  })
})

describe('找不到页面 (client/pages/not-found)', () => {
  afterEach(() => {
    cleanup()
    Current.router = null
  })

  it('says 找不到这个页面 and offers 首页, 报告 and 服务站, each opened with switchTab', () => {
    const switchTab = jest.spyOn(taroH5, 'switchTab').mockResolvedValue({ errMsg: 'switchTab:ok' })
    try {
      onPage('/pages/not-found/index')
      render(<NotFoundPage />)
      expect(screen.getByTestId('not-found-title')).toHaveTextContent('找不到这个页面')
      const links = screen.getByTestId('not-found-links').querySelectorAll('[role="link"]')
      expect(Array.from(links).map((link) => link.textContent)).toEqual(['首页', '报告', '服务站'])
      for (const link of Array.from(links)) fireEvent.click(link)
      expect(switchTab.mock.calls.map(([option]) => option.url)).toEqual(['/pages/home/index', '/pages/reports/index', '/pages/stations/index'])
    } finally {
      switchTab.mockRestore()
    }
  })
})
