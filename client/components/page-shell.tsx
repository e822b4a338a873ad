import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { useFontScale } from '../hooks/use-font-scale'

/** Root of every page: applies the 大字模式 scale chosen on 我的. */
export function PageShell({ children }: PropsWithChildren) {
  const { className } = useFontScale()
  return <View className={`page ${className}`}>{children}</View>
}
