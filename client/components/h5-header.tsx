import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { isTabPage } from '../../contracts/app-pages'
import { pageUrl } from '../../contracts/app-pages'

/** `/pages/report/index?id=…` → `pages/report/index` */
export function pageOfPath(path: string | undefined): string {
  return (path ?? '').split('?')[0].replace(/^\/+|\/+$/g, '')
}

/** Pages of this app under the current one; none when Taro's router has not started (a component rendered alone). */
function pagesBehind(): number {
  try {
    return Taro.getCurrentPages().length - 1
  } catch {
    return 0
  }
}

/**
 * H5 only: a page opened straight from a QR code or a link has neither WeChat's capsule nor a tab
 * bar, so non-tab pages get 首页 (and 返回 when there is a page of this app to go back to).
 * The mini program has its own navigation bar: nothing is rendered there, and the bundle keeps
 * only the `return null` (TARO_ENV is a build-time constant).
 */
export function H5Header() {
  if (process.env.TARO_ENV !== 'h5') return null
  return <WebHeader />
}

function WebHeader() {
  // null outside a page (a component rendered on its own): then there is no page to leave
  const router: { path?: string } | null = useRouter()
  const page = pageOfPath(router?.path)
  // read after mount: during the first render Taro may not have put this page on its stack yet
  const [canGoBack, setCanGoBack] = useState(false)
  useEffect(() => {
    setCanGoBack(pagesBehind() > 0)
  }, [])
  // the tab bar already leads everywhere from a tab page
  if (!page || isTabPage(page)) return null
  return (
    <View className='h5-header' data-testid='h5-header'>
      {canGoBack && (
        <View className='h5-header-link' role='button' data-testid='h5-header-back' onClick={() => void Taro.navigateBack()}>
          ‹ 返回
        </View>
      )}
      <View className='h5-header-link' role='link' data-testid='h5-header-home' onClick={() => void Taro.switchTab({ url: pageUrl('pages/home/index') })}>
        首页
      </View>
    </View>
  )
}
