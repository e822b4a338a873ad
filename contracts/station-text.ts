// What a station's page says and links to, for the app (client/components/stations, the station page), the BFF's pre-written
// first screen (server/h5/first-screen.ts) and the door poster: one source, so the first paint and the app never differ (pure).
import { pageUrl } from './app-pages'
import { chineseDate } from './china-time'
import { PUBLIC_LEGAL_HOTLINE } from './home-entries'
import { STATION_VERIFICATION_LABELS, stationVerification, type Station } from './station'

type Verifiable = Pick<Station, 'verification' | 'verifiedAt'>

/** The words every station view shares. */
export const STATION_WORDS = {
  factLabels: { address: '地址', phone: '电话', hours: '开放时间', services: '服务', location: '位置' },
  /** a fact the directory does not have */
  missing: '暂无',
  phoneMissing: '电话暂无',
  noPhoneHint: '可以拨打全国公共法律服务热线：',
  locationPending: '位置待核实',
  approximateHint: '近似位置（大致在这一带，不一定是服务站门口）',
  navigate: '导航到这里',
  book: '预约法律援助',
  stale: '名录可能不是最新（暂时取不到县里的最新名录），去之前请先打电话确认。',
  defaultHoursHint: `（默认时间，未核实，去之前请先打 ${PUBLIC_LEGAL_HOTLINE} 确认）`,
} as const

/** `秀山土家族苗族自治县 · 隘口镇 · 坝芒村`: the station page's line under the name. */
export function stationPlaceLine(station: Pick<Station, 'county' | 'town' | 'village'>): string {
  return [station.county, station.town, station.village].filter(Boolean).join(' · ')
}

export function stationPagePath(id: string): string {
  return pageUrl('pages/station/index', { id })
}

export function stationBookingPath(id: string): string {
  return pageUrl('packageBooking/pages/book/index', { stationId: id })
}

// ---------------------------------------------------------------- phones

/** One number of a station's `phone`: what is dialled, and the extension to ask for once connected. */
export interface DialNumber {
  /** as written, e.g. `023-76661234转801` */
  text: string
  /** what is dialled: digits, `+` and `-` only, no extension */
  number: string
  extension: string | null
}

/**
 * A station may list several numbers (`023-76661234、13800138000`), each possibly with an extension
 * (`转801`, as the BFF normalises them). The dialler gets the main number alone: an extension is
 * said in words, since neither makePhoneCall nor a `tel:` link can dial one reliably. A part with
 * fewer than three digits is no number and gets no 拨打.
 */
export function dialNumbers(phone: string): DialNumber[] {
  return phone
    .split(/[、;；,，/]/u)
    .map((part) => part.trim())
    .filter((part) => /\d{3}/.test(part))
    .map((text) => {
      const extension = /(?:转|分机|ext\.?|x)\s*(\d{1,6})\s*$/iu.exec(text)
      const main = extension ? text.slice(0, extension.index) : text
      return { text, number: main.replace(/[^\d+-]/g, ''), extension: extension ? extension[1] : null }
    })
    .filter((entry) => entry.number.replace(/\D/g, '').length >= 3)
}

/** `拨打 023-76661234` */
export function dialLabel(number: string): string {
  return `拨打 ${number}`
}

/** Said beside a number with an extension. */
export function extensionHint(extension: string): string {
  return `接通后请转分机 ${extension}`
}

/** `tel:` link target: digits, `+` and `-` kept, an extension (`转`) dialled after a pause. */
export function telHref(number: string): string {
  return `tel:${number.replace(/转/gu, ',').replace(/[^\d+,-]/g, '')}`
}

// ---------------------------------------------------------------- the map

/** AMap's marker page (opens the AMap app when installed); coordinates are GCJ-02 (`gaode`). */
export function amapMarkerUrl(params: { lat: number; lng: number; name: string }): string {
  return `https://uri.amap.com/marker?position=${params.lng},${params.lat}&name=${encodeURIComponent(params.name)}&coordinate=gaode&callnative=1`
}

// ---------------------------------------------------------------- how far the facts can be trusted

/** 已核实（2026年11月30日） / 服务站自报 / 未核实 */
export function verificationText(station: Verifiable): string {
  const verification = stationVerification(station)
  const label = STATION_VERIFICATION_LABELS[verification]
  return verification === 'verified' && station.verifiedAt ? `${label}（${chineseDate(station.verifiedAt)}）` : label
}

/** The line under the label on the station page: what it means for a visit; none once verified. */
export function verificationNote(station: Verifiable, hotline: string = PUBLIC_LEGAL_HOTLINE): string | null {
  switch (stationVerification(station)) {
    case 'self_reported':
      return '电话、地址等由服务站自己填写，县司法局还没有核实。'
    case 'unverified':
      return `服务站信息还没有经司法局核实，去之前可以先拨打 ${hotline} 问清楚。`
    default:
      return null
  }
}

/** The door poster's 信息状态 (it names who checked, since the poster hangs for months). */
export function posterVerificationText(station: Verifiable): string {
  switch (stationVerification(station)) {
    case 'verified':
      return `县司法局已核实${station.verifiedAt ? `（${station.verifiedAt}）` : ''}`
    case 'self_reported':
      return '服务站自报（县司法局尚未核实）'
    default:
      return '来自县里公布的名录（县司法局尚未核实）'
  }
}
