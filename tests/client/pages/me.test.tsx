import { fireEvent, render, screen } from '@testing-library/react'
import MePage from '../../../client/pages/me/index'
import { FONT_SCALE_STORAGE_KEY } from '../../../client/services/font-scales'

/** The H5 Taro API behind tests/client/support/taro-shim.ts, which reads it on every call: spies on it are seen by the page. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const h5Namespace = require('@tarojs/taro-h5') as { default?: Record<string, unknown> } & Record<string, unknown>
const taroH5 = (h5Namespace.default ?? h5Namespace) as { navigateTo: (option: { url: string }) => Promise<unknown> }

function pageRoot(): Element {
  const root = document.querySelector('.page')
  if (!root) throw new Error('no page root')
  return root
}

describe('我的 (client/pages/me)', () => {
  it('switches 大字模式 to 特大, applies it to the page and remembers it in storage', async () => {
    render(<MePage />)
    expect(pageRoot()).toHaveClass('scale-100')
    fireEvent.click(screen.getByText('特大'))
    expect(pageRoot()).toHaveClass('scale-150')
    expect(screen.getByText('特大').closest('[role="radio"]')).toHaveAttribute('aria-checked', 'true')
    // Taro H5 storage keeps values in localStorage, wrapped as { data }
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(JSON.parse(localStorage.getItem(FONT_SCALE_STORAGE_KEY) ?? 'null')).toEqual({ data: 1.5 })
  })

  it('links to the 隐私说明 page', () => {
    render(<MePage />)
    expect(screen.getByText('隐私说明')).toBeInTheDocument()
  })

  it('leads station staff, volunteers and the county 司法局 to their own pages', () => {
    const navigate = jest.spyOn(taroH5, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' })
    try {
      render(<MePage />)
      fireEvent.click(screen.getByText('工作人员登录'))
      fireEvent.click(screen.getByText('法律明白人：记调解、看统计'))
      fireEvent.click(screen.getByText('县司法局：核实服务站信息'))
      expect(navigate.mock.calls.map(([option]) => option.url)).toEqual([
        '/packageBooking/pages/staff/index',
        '/packageVolunteer/pages/records/index',
        '/packageBooking/pages/admin/index',
      ])
    } finally {
      navigate.mockRestore()
    }
  })
})
