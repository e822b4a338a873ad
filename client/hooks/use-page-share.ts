import { useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import { pageShare, type PageShare } from '../services/share'

/**
 * Mini program: 转发 and 分享到朋友圈 for this page, both landing on what it shows (the page's
 * index.config.ts turns the two menu items on). H5 ignores both hooks.
 */
export function usePageShare(params: Parameters<typeof pageShare>[0]): PageShare {
  const share = pageShare(params)
  useShareAppMessage(() => share.appMessage)
  useShareTimeline(() => share.timeline)
  return share
}
