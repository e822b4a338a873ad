import { View } from '@tarojs/components'
import { useEffect, type PropsWithChildren } from 'react'
import { useFontScale } from '../hooks/use-font-scale'
import { H5Header } from './h5-header'
import { releaseFirstScreen } from '../services/first-screen'

/**
 * Root of every page: applies the 大字模式 scale chosen on 我的. `ready` is false while a page that
 * the BFF pre-wrote (首页, reader, station) still waits for its data, so the pre-written copy
 * stays on screen until the page can replace it. In H5, non-tab pages get a header with 首页
 * (a page opened from a QR code has no other way out there).
 */
export function PageShell({ children, ready = true }: PropsWithChildren<{ ready?: boolean }>) {
  const { className } = useFontScale()
  useEffect(() => {
    if (ready) releaseFirstScreen()
  }, [ready])
  return (
    <View className={`page ${className}`}>
      <H5Header />
      {children}
    </View>
  )
}
