import Taro from '@tarojs/taro'
import { useEffect, type PropsWithChildren } from 'react'
import { keepScriptLinksInert } from './components/h5-tab-bar'
import { startUpdateWatch } from './services/app-update'
import { enableKeyboardAccess } from './services/keyboard-access'
import { startOfflineSupport } from './services/offline'
import './app.css'
import './styles/first-screen.css'
import './styles/home-first-screen.css'
import './styles/report.css'
import './styles/report-document.css'
// with the app's first CSS: the first screen leaves room for the H5 header of the reader and station page
import './components/h5-header.css'
import { pageUrl } from '../contracts/app-pages'

/**
 * An address that is no page (an old or mistyped link, a cut-off QR code) opens 找不到页面
 * instead of WeChat's bare notice or Taro H5's empty screen. Registered here, before the first
 * page: WeChat honours a redirect only made synchronously in the callback (the usePageNotFound
 * hook calls back a tick later), and Taro H5's router reports the entry page before the app's
 * components have mounted.
 */
Taro.onPageNotFound(() => {
  void Taro.redirectTo({ url: pageUrl('pages/not-found/index') })
})

function App({ children }: PropsWithChildren) {
  useEffect(() => {
    if (process.env.TARO_ENV === 'weapp') startUpdateWatch()
    if (process.env.TARO_ENV !== 'h5') return
    startOfflineSupport()
    const stopKeyboard = enableKeyboardAccess(document)
    const stopScriptLinks = keepScriptLinksInert(document)
    return () => {
      stopKeyboard()
      stopScriptLinks()
    }
  }, [])
  return children
}

export default App
