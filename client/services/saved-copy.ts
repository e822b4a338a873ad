import { chinaMoment } from '../../contracts/china-time'

/** Why a page shows a copy saved on the phone: the phone has no network, or the server did not answer or failed. */
export type SavedCopyReason = 'offline' | 'server'

export interface SavedCopy {
  savedAt: string
  reason: SavedCopyReason
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
