import Taro from '@tarojs/taro'

/**
 * Opens a tab page (找服务站) from a page the resident may have landed on from a QR code. Taro's H5
 * switchTab *replaces* the history entry, so after a landing the reader was gone and 返回 left the
 * app (about:blank). On H5 the tab is pushed instead (the router shows a pushed tab page as a tab, with
 * its bar), and 返回 comes back to this page. WeChat opens tab pages with switchTab only.
 */
export function openTabKeepingThisPage(url: string): void {
  if (process.env.TARO_ENV === 'h5') void Taro.navigateTo({ url })
  else void Taro.switchTab({ url })
}
