/**
 * What 首页 offers first, the same in the mini program, the H5 app and the H5 first screen the BFF
 * writes (server/h5/first-screen.ts): four services with our own icons, and the 12348 line.
 * Plain data, so the server's HTML and the app's page cannot drift apart.
 */
import { chinaMoment, formatChinaTime, formatDay, formatTime } from './china-time'
import type { HomeResponse } from './home'
import { pageUrl } from './app-pages'

export type HomeIconName = 'report' | 'station' | 'booking' | 'volunteer' | 'phone'

export interface HomeEntry {
  key: 'reports' | 'stations' | 'booking' | 'volunteer'
  label: string
  /** one short line under the label, for those who do not know the word */
  hint: string
  /** app path; `tab` pages are opened with switchTab, the others with navigateTo */
  path: string
  tab: boolean
  icon: HomeIconName
}

export const HOME_ENTRIES: readonly HomeEntry[] = [
  { key: 'reports', label: '看报告', hint: '政府法治建设报告', path: pageUrl('pages/reports/index'), tab: true, icon: 'report' },
  { key: 'stations', label: '找服务站', hint: '离您近的服务站', path: pageUrl('pages/stations/index'), tab: true, icon: 'station' },
  { key: 'booking', label: '预约法律援助', hint: '免费咨询律师', path: pageUrl('packageBooking/pages/book/index'), tab: false, icon: 'booking' },
  // the log asks a volunteer who is not signed in to sign in first, then opens the form
  { key: 'volunteer', label: '法律明白人记一笔', hint: '志愿者登记调解', path: pageUrl('packageVolunteer/pages/log/index'), tab: false, icon: 'volunteer' },
]

/** The national public legal service hotline, offered wherever a local number is missing. */
export const PUBLIC_LEGAL_HOTLINE = '12348'
export const HOTLINE_LABEL = `拨打 ${PUBLIC_LEGAL_HOTLINE} 法律服务热线`

/** 首页's header: whose services these are (`秀山县公共法律服务`), or the service alone before the county is known. */
export function homeHeading(params: { countyShortName: string | null }): string {
  return `${params.countyShortName ?? ''}公共法律服务`
}

const ICON_COLOUR = '#0b4f8a'

/**
 * Our own icons, drawn on a 48-unit grid in the shapes of the tab bar's icons
 * (scripts/generate-tab-icons.ts: the report's page with three lines, the station's pin), solid
 * and with thick strokes so they stay readable at 32 px on a cheap screen.
 */
const iconBodies: Record<HomeIconName, string> = {
  report:
    '<path fill-rule="evenodd" d="M9.6 4.8h28.8v38.4H9.6zM13 8.2v31.6h22V8.2z"/><path d="M15.4 14.4h17.2v2.9H15.4zM15.4 22.6h17.2v2.8H15.4zM15.4 30.7h11.5v2.9H15.4z"/>',
  station: '<circle cx="24" cy="18.2" r="8.9" fill="none" stroke="#0b4f8a" stroke-width="8.2"/><path d="M14.4 26.4 24 43.2l9.6-16.8z"/>',
  booking:
    '<rect x="7" y="10" width="34" height="31" rx="3" fill="none" stroke="#0b4f8a" stroke-width="3.5"/><path d="M7 11h34v8H7zM14 5h4v9h-4zM30 5h4v9h-4z"/><path d="m16 30 5.5 5.5L33 24" fill="none" stroke="#0b4f8a" stroke-width="3.5"/>',
  volunteer:
    '<path d="M8 6h22v36H8z" fill="none" stroke="#0b4f8a" stroke-width="3.5"/><path d="M12.5 14h13v3h-13zM12.5 21h13v3h-13zM12.5 28h8v3h-8z"/><path d="m37.5 12 4.5 4.5-14 14-6 1.5 1.5-6z"/>',
  phone: '<path d="M13 5h7l3 9.5-4.5 3.5c2.4 5.2 6.3 9.1 11.5 11.5l3.5-4.5 9.5 3v7c0 2.5-2 4.5-4.5 4.5C20.6 44 4 27.4 4 9.5 4 7 6 5 8.5 5z"/>',
}

export function iconSvg(name: HomeIconName): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" fill="${ICON_COLOUR}">${iconBodies[name]}</svg>`
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 of ASCII text; the mini program has no btoa, and the icons are ASCII. */
function asciiBase64(text: string): string {
  let out = ''
  for (let index = 0; index < text.length; index += 3) {
    const [a, b, c] = [text.charCodeAt(index), text.charCodeAt(index + 1), text.charCodeAt(index + 2)]
    const bits = (a << 16) | ((b || 0) << 8) | (c || 0)
    out += BASE64[(bits >> 18) & 63] + BASE64[(bits >> 12) & 63]
    out += index + 1 < text.length ? BASE64[(bits >> 6) & 63] : '='
    out += index + 2 < text.length ? BASE64[bits & 63] : '='
  }
  return out
}

/** A data URL both WeChat's <image> and a browser's <img> show (WeChat wants SVG base64-encoded). */
export function iconDataUrl(name: HomeIconName): string {
  return `data:image/svg+xml;base64,${asciiBase64(iconSvg(name))}`
}

/**
 * What 首页 says when the station directory could not be refreshed (null when it is fresh): the
 * app's page and the BFF's document print the same words.
 */
export function directoryNotice(params: { directory: { stale: boolean; fetchedAt: string | null }; now: Date }): string | null {
  const { directory, now } = params
  if (!directory.stale) return null
  const since = directory.fetchedAt ? `显示的是 ${chinaMoment({ instant: directory.fetchedAt, now })} 取得的名录，` : ''
  return `服务站名录暂时无法更新：${since}数据可能不是最新。`
}

/** Where 首页's 我的下一次预约 card leads: the booking, looked up with this phone's proof. */
export function bookingLookupPath(code: string): string {
  return pageUrl('packageBooking/pages/lookup/index', { code })
}

/** When a booking is, as 首页's card says it: `后天 12月9日 周三 09:00` (China dates). */
export function bookingWhen(params: { slotStart: string; now: Date }): string {
  return `${formatDay(params.slotStart.slice(0, 10), params.now)} ${formatTime(params.slotStart)}`
}

/** 首页's 待回访 lists its first few; the records page has them all. */
export const FOLLOW_UPS_SHOWN = 3

/** The records page, where a volunteer records a 回访 (and 首页's 待回访 card leads). */
export const VOLUNTEER_RECORDS_URL = pageUrl('packageVolunteer/pages/records/index')

type FollowUp = HomeResponse['followUps'][number]

const FOLLOW_UP_KIND_WORDS: Readonly<Record<FollowUp['kind'], string>> = {
  visit_7d: '7 天回访',
  visit_30d: '30 天回访',
  judicial_confirmation: '提醒申请司法确认',
}

/** One line of 首页's 待回访 card: `坝芒村 · 7 天回访 · 今天到期` (the record's village, what is due, when). */
export function followUpLine(params: { followUp: FollowUp; now: Date }): string {
  const { followUp, now } = params
  const today = formatChinaTime(now).slice(0, 10)
  const when = followUp.dueOn < today ? '已到期' : followUp.dueOn === today ? '今天到期' : `${formatDay(followUp.dueOn, now)} 到期`
  return `${followUp.village} · ${FOLLOW_UP_KIND_WORDS[followUp.kind]} · ${when}`
}
