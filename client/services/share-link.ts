import Taro from '@tarojs/taro'
import { TOAST_TEXTS } from './interaction-texts'

/**
 * H5's 复制链接. Loaded when tapped (the reader imports it lazily): the clipboard and toast code
 * is not part of the reader's first load.
 */
export async function copyLink(link: string): Promise<void> {
  await Taro.setClipboardData({ data: link })
  await Taro.showToast(TOAST_TEXTS.linkCopied)
}
