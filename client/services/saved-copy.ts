import { formatChinaTime } from '../../contracts/china-time'
import { formatDay, formatTime } from './china-time'

/** Why a page shows a copy saved on the phone: the phone has no network, or the server did not answer or failed. */
export type SavedCopyReason = 'offline' | 'server'

export interface SavedCopy {
  savedAt: string
  reason: SavedCopyReason
}

/** `今天 11月30日 周一 20:15`: an instant as people in China read it. */
export function chinaMoment(params: { instant: string; now: Date }): string {
  const local = formatChinaTime(new Date(params.instant))
  return `${formatDay(local.slice(0, 10), params.now)} ${formatTime(local)}`
}

/**
 * The one wording for "this is the copy on your phone": whose side the outage is on (离线 — the
 * phone; 服务暂时连不上 — the server) and when the copy was saved. `what` names the copy
 * (`内容`, `服务站名录`); `caveat` says what may have changed.
 */
export function savedCopyNotice(params: { copy: SavedCopy; now: Date; what: string; caveat: string }): string {
  const why = params.copy.reason === 'offline' ? '离线' : '服务暂时连不上'
  return `${why}：显示的是 ${chinaMoment({ instant: params.copy.savedAt, now: params.now })} 保存的${params.what}，${params.caveat}`
}
