import { chineseDate } from '../../contracts/china-time'
import type { tabPages } from '../../contracts/app-routes'
import { HOTLINE_LABEL, PUBLIC_LEGAL_HOTLINE } from '../../contracts/home-entries'
import { STATION_SERVICE_LABELS, STATION_TIER_LABELS, STATION_VERIFICATION_LABELS, stationVerification, type Station } from '../../contracts/station'
import type { StationDetailResponse } from '../../contracts/stations-api'
import { keepWholeRuns } from '../../contracts/report-text'

/**
 * The first screen of an H5 page as static HTML: the text paints before any JavaScript runs (and
 * with JavaScript off), and link previews get a title, a description and Open Graph tags. The
 * markup uses the app's own classes (client/app.css and the pages' CSS) and mirrors what the
 * pages render first, so the app can replace it without the text jumping.
 */
export interface FirstScreen {
  /** document <title>, e.g. `${report.title} · 法治通` */
  title: string
  /** meta description / og:description, plain text ≤ 120 chars (cut on a character boundary, with …) */
  description: string
  /** path + query of the page, used for og:url / canonical, e.g. `/pages/report/index?id=2023-abc` */
  path: string
  ogType: 'website' | 'article'
  /** the escaped HTML of the first screen (the inside of <div id="first-screen">) */
  bodyHtml: string
  /**
   * `on-demand`: the page is a whole document (the report reader) and the app's scripts are not
   * loaded with it; the document's own small script loads them when the reader does something that
   * needs the app (see writeFirstScreen). `at-once` (the default): the app starts with the page.
   */
  appBoot?: 'at-once' | 'on-demand'
}

export const SITE_NAME = '法治通'
export const DESCRIPTION_MAX_CHARS = 120

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for HTML content and (quoted) attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character])
}

/** At most `max` characters (code points, so no surrogate pair is split); a cut ends with …. */
export function cutText(params: { text: string; max: number }): string {
  const characters = Array.from(params.text)
  if (characters.length <= params.max) return params.text
  return `${characters
    .slice(0, Math.max(0, params.max - 1))
    .join('')
    .trimEnd()}…`
}

export function toDescription(text: string): string {
  return cutText({ text: text.replace(/\s+/gu, ' ').trim(), max: DESCRIPTION_MAX_CHARS })
}

/** Builds one element; `content` is HTML already escaped, `className` and attributes are escaped here. */
export function element(params: { tag: string; className?: string; attributes?: Record<string, string>; content: string }): string {
  const attributes = [
    ...(params.className ? [`class="${escapeHtml(params.className)}"`] : []),
    ...Object.entries(params.attributes ?? {}).map(([name, value]) => `${name}="${escapeHtml(value)}"`),
  ]
  return `<${params.tag}${attributes.map((attribute) => ` ${attribute}`).join('')}>${params.content}</${params.tag}>`
}

export function textElement(tag: string, className: string, text: string): string {
  return element({ tag, className, content: escapeHtml(text) })
}

export function link(params: { href: string; className: string; text: string; attributes?: Record<string, string> }): string {
  return element({ tag: 'a', className: params.className, attributes: { href: params.href, ...params.attributes }, content: escapeHtml(params.text) })
}

export function page(content: string): string {
  return element({ tag: 'div', className: 'page', content })
}

/** `tel:` link target: digits, `+` and `-` kept, an extension (`转`) dialled after a pause. */
export function telHref(number: string): string {
  return `tel:${number.replace(/转/gu, ',').replace(/[^\d+,-]/g, '')}`
}

export const hotlineButton = link({ href: telHref(PUBLIC_LEGAL_HOTLINE), className: 'button', text: HOTLINE_LABEL })

/** Escaped text whose times (`14:00-17:30`) and 索引号 halves stay on one line, as the app prints them. */
export function wholeRunsHtml(text: string): string {
  return keepWholeRuns(text)
    .map((run) => (run.whole ? textElement('span', 'nowrap', run.text) : escapeHtml(run.text)))
    .join('')
}

/**
 * What a browser with JavaScript off shows (the index's own <noscript> would sit hidden under the
 * first screen, so writeFirstScreen drops it): a visible note, in the page's words.
 */
export function noscriptNote(content: string): string {
  return `<noscript>${element({ tag: 'div', className: 'card noscript-note', attributes: { 'data-testid': 'noscript-note' }, content })}</noscript>`
}

// ---------------------------------------------------------------- the documents (report-document.ts, home-document.ts)

/** Hidden with JavaScript off: what only the documents' script (or the app) can do. */
export const NEEDS_SCRIPT_STYLE = '<noscript><style>[data-needs-script] { display: none !important; }</style></noscript>'

/** The app's tab bar (app.config.ts), as the documents link it: page, label and its icon when not selected. */
export const DOCUMENT_TABS: readonly { page: (typeof tabPages)[number]; label: string; icon: string }[] = [
  { page: 'pages/home/index', label: '首页', icon: 'home' },
  { page: 'pages/reports/index', label: '报告', icon: 'reports' },
  { page: 'pages/stations/index', label: '服务站', icon: 'stations' },
  { page: 'pages/me/index', label: '我的', icon: 'me' },
]

export function reportPagePath(id: string): string {
  return `/pages/report/index?id=${encodeURIComponent(id)}`
}

// ---------------------------------------------------------------- station

export function stationPagePath(id: string): string {
  return `/pages/station/index?id=${encodeURIComponent(id)}`
}

/** A station may list several numbers (`0851-1234567、12348`): each gets its own 拨打, as on the page. */
export function phoneNumbers(phone: string): string[] {
  return phone
    .split(/[、;；,，/]/u)
    .map((part) => part.trim())
    .filter((part) => /\d{3}/.test(part))
}

/**
 * One number as the page's 拨打 shows it (client/components/stations/call-buttons.tsx): the main
 * number is dialled, an extension (`转801`) is said in words, not dialled.
 */
export function dialNumber(text: string): { number: string; extension: string | null } {
  const extension = /(?:转|分机|ext\.?|x)\s*(\d{1,6})\s*$/iu.exec(text)
  const main = extension ? text.slice(0, extension.index) : text
  return { number: main.replace(/[^\d+-]/g, ''), extension: extension ? extension[1] : null }
}

function callButtons(phone: string): string {
  return element({
    tag: 'div',
    className: 'call-buttons',
    content: phoneNumbers(phone)
      .map(dialNumber)
      .filter((entry) => entry.number.replace(/\D/g, '').length >= 3)
      .map((entry) =>
        element({
          tag: 'div',
          className: 'call-entry',
          content:
            link({ href: telHref(entry.number), className: 'button call-button', text: `拨打 ${entry.number}` }) +
            (entry.extension ? textElement('span', 'call-extension', `接通后请转分机 ${entry.extension}`) : ''),
        }),
      )
      .join(''),
  })
}

/**
 * 已核实（2026年11月30日） / 服务站自报 / 未核实 and what it means for a visit, in the words of the
 * station page (client/components/stations/verification-badge.tsx).
 */
export function verificationHtml(station: Pick<Station, 'verification' | 'verifiedAt'>): string {
  const verification = stationVerification(station)
  const label = STATION_VERIFICATION_LABELS[verification]
  const badge = element({
    tag: 'strong',
    className: `verification-badge verification-badge-${verification}`,
    content: escapeHtml(verification === 'verified' && station.verifiedAt ? `${label}（${chineseDate(station.verifiedAt)}）` : label),
  })
  const note =
    verification === 'self_reported'
      ? textElement('span', 'station-note', '电话、地址等由服务站自己填写，县司法局还没有核实。')
      : verification === 'unverified'
        ? textElement('span', 'station-note', `服务站信息还没有经司法局核实，去之前可以先拨打 ${PUBLIC_LEGAL_HOTLINE} 问清楚。`)
        : ''
  return element({ tag: 'div', className: 'station-verification', content: badge + note })
}

/** AMap's marker page, as the app opens it in a browser; coordinates are GCJ-02 (`gaode`). */
function amapMarkerUrl(params: { lat: number; lng: number; name: string }): string {
  return `https://uri.amap.com/marker?position=${params.lng},${params.lat}&name=${encodeURIComponent(params.name)}&coordinate=gaode&callnative=1`
}

function fact(label: string, value: string): string {
  return element({ tag: 'div', className: 'fact', content: textElement('span', 'fact-label', label) + value })
}

function stationFacts(station: Station): string {
  const address = textElement('span', station.address ? 'fact-value' : 'fact-value fact-missing', station.address ?? '暂无')
  const phone = element({
    tag: 'div',
    className: 'fact-value',
    content: station.phone
      ? element({ tag: 'span', content: escapeHtml(station.phone) }) + callButtons(station.phone)
      : textElement('span', 'fact-missing', '暂无') + textElement('span', 'fact-hint', '可以拨打全国公共法律服务热线：') + hotlineButton,
  })
  const hours = element({
    tag: 'div',
    className: 'fact-value',
    content:
      element({ tag: 'span', content: wholeRunsHtml(station.hours.text) }) +
      (station.hours.isDefault ? textElement('span', 'fact-hint', `（默认时间，未核实，去之前请先打 ${PUBLIC_LEGAL_HOTLINE} 确认）`) : ''),
  })
  const services = element({
    tag: 'div',
    className: 'fact-value',
    content:
      station.services.length === 0
        ? textElement('span', 'fact-missing', '暂无')
        : element({
            tag: 'div',
            className: 'service-chips',
            content: station.services.map((service) => textElement('span', 'service-chip', STATION_SERVICE_LABELS[service])).join(''),
          }),
  })
  const location = element({
    tag: 'div',
    className: 'fact-value',
    content: station.location
      ? (station.locationQuality === 'approximate' ? textElement('span', 'fact-hint', '近似位置（大致在这一带，不一定是服务站门口）') : '') +
        link({ href: amapMarkerUrl({ ...station.location, name: station.name }), className: 'button', text: '导航到这里' })
      : textElement('span', 'fact-missing', '位置待核实'),
  })
  return element({
    tag: 'div',
    className: 'card station-facts stations-top',
    content: [fact('地址', address), fact('电话', phone), fact('开放时间', hours), fact('服务', services), fact('位置', location)].join(''),
  })
}

/** A station's page as it first paints: who and where it is, how to call, when it is open, what it offers. */
export function stationFirstScreen(params: { detail: StationDetailResponse }): FirstScreen {
  const { station, stale } = params.detail
  const tier = STATION_TIER_LABELS[station.tier]
  const place = [station.county, station.town, station.village].filter(Boolean).join(' · ')
  const content = [
    textElement('span', `station-tier station-tier-${station.tier}`, tier),
    textElement('h1', 'title station-title', station.name),
    textElement('span', 'muted', place),
    ...(stale ? [textElement('span', 'station-stale', '名录可能不是最新（暂时取不到县里的最新名录），去之前请先打电话确认。')] : []),
    verificationHtml(station),
    noscriptNote(textElement('p', 'noscript-text', '这个浏览器没有开启 JavaScript：电话、地址和开放时间都在下面；预约要开启 JavaScript，也可以直接打电话。')),
    stationFacts(station),
    link({ href: `/packageBooking/pages/book/index?stationId=${encodeURIComponent(station.id)}`, className: 'button station-book', text: '预约法律援助' }),
  ].join('')
  const known = [station.address ? `地址：${station.address}。` : '', station.phone ? `电话：${station.phone}。` : ''].join('')
  return {
    title: `${station.name} · ${SITE_NAME}`,
    description: toDescription(`${tier}：${station.name}（${place}）。${known || `开放时间：${station.hours.text}。`}`),
    path: stationPagePath(station.id),
    ogType: 'website',
    bodyHtml: page(element({ tag: 'div', className: 'station-page', content })),
  }
}

// ---------------------------------------------------------------- the index

function metaTag(attribute: 'name' | 'property', key: string, content: string): string {
  return `<meta ${attribute}="${key}" content="${escapeHtml(content)}">`
}

/**
 * Puts a screen into the built index.html: its <title>, description, Open Graph tags and canonical
 * link in the head, and `<div id="first-screen" class="first-screen">` right before the app's root.
 * Adds no script: the CSP allows only the index's own inline script, by hash.
 */
export function writeFirstScreen(params: { indexHtml: string; screen: FirstScreen | null; origin: string; documentScript?: string | null }): string {
  const { screen } = params
  if (screen === null) return params.indexHtml
  const url = `${params.origin.replace(/\/+$/, '')}${screen.path}`
  const head = [
    `<title>${escapeHtml(screen.title)}</title>`,
    metaTag('name', 'description', screen.description),
    metaTag('property', 'og:title', screen.title),
    metaTag('property', 'og:description', screen.description),
    metaTag('property', 'og:type', screen.ogType),
    metaTag('property', 'og:url', url),
    metaTag('property', 'og:site_name', SITE_NAME),
    `<link rel="canonical" href="${escapeHtml(url)}">`,
  ].join('')
  // replacer functions throughout: a `$` in the page's text must not be read as a pattern
  const withoutOldTags = params.indexHtml
    .replace(/<meta\b(?=[^>]*\bname\s*=\s*["']?description["'\s>/])[^>]*>/gi, () => '')
    .replace(/<meta\b(?=[^>]*\bproperty\s*=\s*["']?og:)[^>]*>/gi, () => '')
    .replace(/<link\b(?=[^>]*\brel\s*=\s*["']?canonical["'\s>/])[^>]*>/gi, () => '')
  // where the index had its title: after the charset meta (which must stay in the first 1,024 bytes), before any script
  const oldTitle = /<title\b[^>]*>[\s\S]*?<\/title>/i
  const withHead = oldTitle.test(withoutOldTags) ? withoutOldTags.replace(oldTitle, () => head) : withoutOldTags.replace(/<\/head>/i, (end) => head + end)
  // the body's own <noscript> would lie hidden under the screen: the screen carries its own, visible
  // (the head's, which sets the root font size with JavaScript off, stays)
  const bodyStart = Math.max(0, withHead.search(/<body\b/i))
  const withoutNoscript = withHead.slice(0, bodyStart) + withHead.slice(bodyStart).replace(/<noscript\b[^>]*>[\s\S]*?<\/noscript>/gi, () => '')
  const { html, appScripts } =
    screen.appBoot === 'on-demand' && params.documentScript
      ? deferAppScripts({ html: withoutNoscript, documentScript: params.documentScript })
      : { html: withoutNoscript, appScripts: null }
  const screenAttributes = appScripts ? ` data-app-scripts="${escapeHtml(JSON.stringify(appScripts))}"` : ''
  return html.replace(
    /<div\b(?=[^>]*\bid\s*=\s*["']?app["'\s>/])[^>]*>/i,
    (root) => `<div id="first-screen" class="first-screen"${screenAttributes}>${screen.bodyHtml}</div>${root}`,
  )
}

/**
 * A document page does not start the app: the index's external scripts (Taro's runtime and the app)
 * come out of the HTML, the document's own script goes where the first of them was, and their
 * addresses are kept for it (data-app-scripts) to load when the reader needs the app. Inline scripts
 * (the root font size, allowed by the CSP's hash) stay.
 */
export function deferAppScripts(params: { html: string; documentScript: string }): { html: string; appScripts: string[] } {
  const appScripts: string[] = []
  const external = /<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["'][^>]*>\s*<\/script>/gi
  let placed = false
  const html = params.html.replace(external, (_tag, src: string) => {
    appScripts.push(src)
    if (placed) return ''
    placed = true
    return `<script defer="defer" src="${escapeHtml(params.documentScript)}"></script>`
  })
  return {
    html: placed ? html : html.replace(/<\/head>/i, (end) => `<script defer="defer" src="${escapeHtml(params.documentScript)}"></script>${end}`),
    appScripts,
  }
}
