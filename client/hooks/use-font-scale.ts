import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { FONT_SCALE_STORAGE_KEY, fontScales, isFontScale, type FontScale } from '../services/font-scales'

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
