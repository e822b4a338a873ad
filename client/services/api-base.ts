/**
 * The BFF's origin. Taro replaces `process.env.TARO_APP_*` at build time; H5 defaults to the
 * origin that served the page, the mini program to a local BFF for WeChat DevTools.
 * (Its own module: the app's entry needs it without the request wrapper and its schemas.)
 */
export function apiBaseUrl(): string {
  const configured = process.env.TARO_APP_API_BASE_URL
  if (configured) return configured.replace(/\/+$/, '')
  return process.env.TARO_ENV === 'h5' ? '' : 'http://127.0.0.1:3000'
}
