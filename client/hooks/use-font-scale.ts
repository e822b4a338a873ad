import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'

/** 大字模式: the three text sizes offered on 我的, remembered on the device. */
export const fontScales = [
  { value: 1, label: '标准', className: 'scale-100' },
  { value: 1.25, label: '大', className: 'scale-125' },
  { value: 1.5, label: '特大', className: 'scale-150' },
] as const
export type FontScale = (typeof fontScales)[number]['value']

export const FONT_SCALE_STORAGE_KEY = 'fzt.fontScale'

function isFontScale(value: unknown): value is FontScale {
  return fontScales.some((scale) => scale.value === value)
}

function readStoredScale(): FontScale {
  try {
    const stored: unknown = Taro.getStorageSync(FONT_SCALE_STORAGE_KEY)
    return isFontScale(stored) ? stored : 1
  } catch {
    return 1
  }
}

// Every mounted page follows a change made on 我的 without a reload.
const listeners = new Set<(scale: FontScale) => void>()
let current: FontScale | null = null

export function setFontScale(scale: FontScale): void {
  current = scale
  Taro.setStorage({ key: FONT_SCALE_STORAGE_KEY, data: scale }).catch(() => {
    // storage full or cleared by the system: the choice still holds for this session
  })
  listeners.forEach((listener) => listener(scale))
}

/**
 * H5: Taro's tab bar lives outside every page, so the page's `scale-*` class cannot reach it; the
 * chosen scale is also set on <html> (`fzt-scale-150` …), where app.css scales the tab bar labels.
 */
export function applyRootFontScale(scale: FontScale): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return
  const root = document.documentElement
  for (const entry of fontScales) root.classList.toggle(`fzt-${entry.className}`, entry.value === scale)
}

export function useFontScale(): { scale: FontScale; className: string; setScale: (scale: FontScale) => void } {
  const [scale, setScale] = useState<FontScale>(() => (current ??= readStoredScale()))
  useEffect(() => {
    listeners.add(setScale)
    return () => {
      listeners.delete(setScale)
    }
  }, [])
  useEffect(() => applyRootFontScale(scale), [scale])
  const className = fontScales.find((entry) => entry.value === scale)?.className ?? 'scale-100'
  return { scale, className, setScale: setFontScale }
}
