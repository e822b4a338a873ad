import Taro from '@tarojs/taro'
import { formatChinaTime } from '../../contracts/china-time'
import { homeResponseSchema, type HomeResponse } from '../../contracts/home'
import { fetchHome } from './api'
import { formatDay, formatTime } from './china-time'
import { RequestError } from './http'

/** The last 首页 answer, kept on this phone so 首页 still shows something on a mountain road. */
export const HOME_COPY_KEY = 'fzt.home'

/** Why 首页 shows its saved copy: no network, or the BFF answered with a failure. */
export type SavedCopyReason = 'offline' | 'server'

export interface HomeAnswer {
  home: HomeResponse
  /** set when `home` is the copy saved earlier on this phone rather than a fresh answer */
  savedCopy: { savedAt: string; reason: SavedCopyReason } | null
}

/** The copy saved on this phone: what 首页 shows during an outage, and the county's name before the answer. */
export function savedHomeCopy(): HomeResponse | null {
  try {
    const parsed = homeResponseSchema.safeParse(Taro.getStorageSync(HOME_COPY_KEY))
    // a copy written by an older app version that lacks today's fields is no copy
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/**
 * Only the public part is kept: the device's booking and a volunteer's follow-ups have their own
 * stores, which the user can clear (从这台手机上删掉, 退出登录), and nearby stations would tell
 * where the phone was.
 */
export function publicCopy(home: HomeResponse): HomeResponse {
  return { ...home, nextBooking: null, followUps: [], nearestStations: [] }
}

function saveCopy(home: HomeResponse): void {
  try {
    Taro.setStorageSync(HOME_COPY_KEY, publicCopy(home))
  } catch {
    // a full storage only costs the offline copy
  }
}

/**
 * 首页's data: a fresh answer (then saved), or — when the network or the BFF fails — the copy
 * saved last time, marked as such. A 4xx is not an outage and is thrown like before.
 */
export async function loadHome(params: { heldBookings: readonly { code: string; token: string }[] }): Promise<HomeAnswer> {
  try {
    const home = await fetchHome({ heldBookings: params.heldBookings })
    saveCopy(home)
    return { home, savedCopy: null }
  } catch (error) {
    const outage = error instanceof RequestError && (error.failure !== 'http' || (error.status ?? 500) >= 500)
    const copy = outage ? savedHomeCopy() : null
    if (!copy) throw error
    const unreachable = error instanceof RequestError && (error.failure === 'offline' || error.failure === 'timeout')
    return { home: copy, savedCopy: { savedAt: copy.generatedAt, reason: unreachable ? 'offline' : 'server' } }
  }
}

/** `今天 11月30日 周一 20:15`: an instant as people in China read it. */
function chinaMoment(params: { instant: string; now: Date }): string {
  const local = formatChinaTime(new Date(params.instant))
  return `${formatDay(local.slice(0, 10), params.now)} ${formatTime(local)}`
}

/**
 * What 首页 says about the service: nothing when all is well; that the page shows a saved copy
 * (and from when) when the network or the BFF is down; that the station directory may be old
 * when its upstream cannot be fetched.
 */
export function serviceNotice(params: { answer: HomeAnswer; now: Date }): string | null {
  const { answer, now } = params
  if (answer.savedCopy) {
    const why = answer.savedCopy.reason === 'offline' ? '离线' : '服务暂时连不上'
    return `${why}：显示的是 ${chinaMoment({ instant: answer.savedCopy.savedAt, now })} 保存的内容，数据可能不是最新。`
  }
  if (answer.home.directory.stale) {
    const since = answer.home.directory.fetchedAt ? `显示的是 ${chinaMoment({ instant: answer.home.directory.fetchedAt, now })} 取得的名录，` : ''
    return `服务站名录暂时无法更新：${since}数据可能不是最新。`
  }
  return null
}
