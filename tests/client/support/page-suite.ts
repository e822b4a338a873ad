import { Current } from '@tarojs/runtime'

/** What Taro's router holds for a page opened at `path` with the query `params`: it sets it before it renders the page. */
export function openAt(path: string, params: Record<string, string> = {}): void {
  Current.router = { params, path, $taroPath: '', onReady: '', onHide: '', onShow: '' }
}

/**
 * The hooks every page suite writes: before each test, the client talks to `apiBase()` and the
 * router is at `path` (both when given); after each, both are cleared, and jest's spies restored
 * when `restoreMocks` (a suite whose spies live longer than one test leaves it off).
 */
export function forEachPageTest(options: { path?: string; apiBase?: () => string; restoreMocks?: boolean }): void {
  beforeEach(() => {
    if (options.apiBase) process.env.TARO_APP_API_BASE_URL = options.apiBase()
    if (options.path) openAt(options.path)
  })
  afterEach(() => {
    delete process.env.TARO_APP_API_BASE_URL
    Current.router = null
    if (options.restoreMocks) jest.restoreAllMocks()
  })
}
