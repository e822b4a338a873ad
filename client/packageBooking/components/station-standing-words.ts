import { chinaDate } from '../../../contracts/china-time'
import type { StationProfileResponse } from '../../../contracts/station-keeping'

/** `2026-12-05T02:00:00.000Z` → `12月5日` (China date). */
function chinaDay(iso: string): string {
  const date = chinaDate({ now: new Date(iso) })
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

/** What the 工作台 says of the station's own facts: the county's 退回 first, else where they stand. */
export function standingWords(profile: Pick<StationProfileResponse, 'rejection' | 'keeping'>): {
  tone: 'rejected' | 'verified' | 'pending' | 'unverified'
  headline: string
  next: string
} {
  const { rejection, keeping } = profile
  if (rejection) {
    const who = rejection.reportedByYou ? '您' : rejection.reportedBy ? `${rejection.reportedBy.name} ` : '本站'
    const what = rejection.reportedAt ? `${who}${chinaDay(rejection.reportedAt)}报的修改` : '本站保留的信息，改用县里公布的名录'
    return {
      tone: 'rejected',
      headline: `县司法局${chinaDay(rejection.at)}退回了${what}：${rejection.reason}`,
      next: '居民现在看到的是退回前的信息。请按退回的原因核对，到“我的服务站”改好再保存；有疑问请联系县司法局。',
    }
  }
  if (keeping.verification === 'verified') {
    return {
      tone: 'verified',
      headline: `本站信息已由县司法局核实${keeping.verifiedAt ? `（${keeping.verifiedAt}）` : ''}。`,
      next: '电话、开放时间有变化时，到“我的服务站”改。',
    }
  }
  if (keeping.verification === 'self_reported') {
    return {
      tone: 'pending',
      headline: `本站${keeping.reportedAt ? `${chinaDay(keeping.reportedAt)}` : ''}报的信息正在等县司法局核实。`,
      next: '居民现在已经能看到，标着“服务站自报”。核实或退回后这里会告诉您。',
    }
  }
  return { tone: 'unverified', headline: '本站信息来自县里公布的名录，还没有核实。', next: '请到“我的服务站”核对电话、地址和开放时间，改好后保存。' }
}
