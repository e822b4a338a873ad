import { fireEvent, render, screen } from '@testing-library/react'
import MePage from '../../../client/pages/me/index'
import { FONT_SCALE_STORAGE_KEY } from '../../../client/hooks/use-font-scale'

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
})
