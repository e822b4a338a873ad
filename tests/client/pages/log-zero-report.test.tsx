import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { Current } from '@tarojs/runtime'
import LogPage from '../../../client/packageVolunteer/pages/log/index'
import { chinaMonth } from '../../../contracts/china-time'
import { formatMonth, mediationOutbox } from '../../../client/services/mediations'
import { saveSession } from '../../../client/services/session'
import { freePort } from '../../support/bff-process'

// the confirmation's wording and its buttons are the WeChat text-limit tests' business; here the volunteer confirms
const mockShowModal = jest.fn(async (_option: { title: string; content: string }) => ({ confirm: true, cancel: false }))
jest.mock('@tarojs/taro-h5', () => {
  const actual = jest.requireActual('@tarojs/taro-h5') as Record<string, unknown> & { default?: Record<string, unknown> }
  return { ...actual, __esModule: true, showModal: mockShowModal, default: { ...(actual.default ?? {}), showModal: mockShowModal } }
})

/**
 * 记一笔 asks for its town's village list in the background as it opens; with no BFF that request
 * fails (quietly for the volunteer, with a console warning). Each test waits for it to end, so no
 * warning arrives after the test (jest would count that as a failure of the run).
 */
async function villageListAttempted(warn: jest.SpyInstance): Promise<void> {
  await waitFor(() => expect(warn.mock.calls.some((call) => call[1] === '/api/stations/towns')).toBe(true))
}

/**
 * A signed-in volunteer of 隘口镇示例村 opening 记一笔 with these router params, and no BFF (a free
 * port): what is saved stays on the phone, 待上传. Returns the clean-up for afterEach.
 */
async function openLogPage(params: Record<string, string>): Promise<() => void> {
  const originalBase = process.env.TARO_APP_API_BASE_URL
  process.env.TARO_APP_API_BASE_URL = `http://127.0.0.1:${await freePort()}`
  // what Taro's router sets before it renders a page
  Current.router = { params, path: '/packageVolunteer/pages/log/index', $taroPath: '', onReady: '', onHide: '', onShow: '' }
  saveSession({
    token: 'volunteer-token-0000000000000',
    userId: 'u-zero',
    role: 'volunteer',
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    stationId: null,
    displayName: '田大姐',
    town: '隘口镇',
    village: '示例村',
  })
  return () => {
    Current.router = null
    process.env.TARO_APP_API_BASE_URL = originalBase
  }
}

describe('记一笔 → 零上报 (client/packageVolunteer/pages/log)', () => {
  let restore = () => undefined as void

  beforeEach(async () => {
    // 记一笔 without ?id
    restore = await openLogPage({})
  })
  afterEach(() => restore())

  it.each([
    ['零上报（本月没有调解）', 0],
    ['零上报（上月没有调解）', -1],
  ])('%s asks first, naming the month, then keeps a 零上报 for that month on the phone', async (button, offset) => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    mockShowModal.mockClear()
    try {
      render(<LogPage />)
      fireEvent.click(await screen.findByText(button))
      const month = chinaMonth({ now: new Date(), offsetMonths: offset })
      await waitFor(() =>
        expect(mediationOutbox.entries().map((entry) => entry.payload)).toEqual([
          expect.objectContaining({ kind: 'zero_report', month, town: '隘口镇', village: '示例村' }),
        ]),
      )
      expect(mockShowModal.mock.calls[0][0].content).toContain(formatMonth(month))
      expect(await screen.findByText('已保存，待上传')).toBeInTheDocument()
      await villageListAttempted(warn)
    } finally {
      warn.mockRestore()
    }
  })

  it('opens with the volunteer’s own town and village and offers no other town (the server refuses another town)', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      render(<LogPage />)
      expect((await screen.findByTestId('chosen-place')).textContent).toBe('隘口镇示例村')
      expect(screen.queryByTestId('change-town')).toBeNull()
      expect(screen.queryByText('换乡镇')).toBeNull()
      await villageListAttempted(warn)
    } finally {
      warn.mockRestore()
    }
  })
})

describe('记一笔 opened by a broken link (client/packageVolunteer/pages/log)', () => {
  let restore = () => undefined as void

  beforeEach(async () => {
    // an edit link cut short in a chat: `?id=%E0%A4%A` is not a complete escape, and decodeURIComponent throws on it
    restore = await openLogPage({ id: '%E0%A4%A' })
  })
  afterEach(() => restore())

  it('renders a new record (its 零上报 buttons and the volunteer’s village) instead of failing to render', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      render(<LogPage />)
      expect((await screen.findByTestId('chosen-place')).textContent).toBe('隘口镇示例村')
      expect(screen.getByText('零上报（本月没有调解）')).toBeInTheDocument()
      await villageListAttempted(warn)
    } finally {
      warn.mockRestore()
    }
  })
})
