/**
 * 大字模式: the three text sizes offered on 我的, remembered on the device. No Taro here: the
 * reader's document script (client/document/reader-document.ts) applies the same choice.
 */
export const fontScales = [
  { value: 1, label: '标准', className: 'scale-100' },
  { value: 1.25, label: '大', className: 'scale-125' },
  { value: 1.5, label: '特大', className: 'scale-150' },
] as const
export type FontScale = (typeof fontScales)[number]['value']

export const FONT_SCALE_STORAGE_KEY = 'fzt.fontScale'

export function isFontScale(value: unknown): value is FontScale {
  return fontScales.some((scale) => scale.value === value)
}
