import type { tabPages } from '../../contracts/app-routes'
import { HOTLINE_LABEL, PUBLIC_LEGAL_HOTLINE } from '../../contracts/home-entries'
import { STATION_SERVICE_LABELS, STATION_TIER_LABELS, stationVerification, type Station } from '../../contracts/station'
import {
  amapMarkerUrl,
  dialLabel,
  dialNumbers,
  extensionHint,
  STATION_WORDS,
  stationBookingPath,
  stationPagePath,
  stationPlaceLine,
  telHref,
  verificationNote,
  verificationText,
} from '../../contracts/station-text'
import type { StationDetailResponse } from '../../contracts/stations-api'
import { keepWholeRuns } from '../../contracts/report-text'
import { escapeHtml } from '../html'

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

/** A 拨打 for each of the station's numbers, the extension said beside it (client/components/stations/call-buttons.tsx). */
function callButtons(phone: string): string {
  return element({
    tag: 'div',
    className: 'call-buttons',
    content: dialNumbers(phone)
      .map((entry) =>
        element({
          tag: 'div',
          className: 'call-entry',
          content:
            link({ href: telHref(entry.number), className: 'button call-button', text: dialLabel(entry.number) }) +
            (entry.extension ? textElement('span', 'call-extension', extensionHint(entry.extension)) : ''),
        }),
      )
      .join(''),
  })
}

/** The label and what it means for a visit, as the station page shows them (client/components/stations/verification-badge.tsx). */
export function verificationHtml(station: Pick<Station, 'verification' | 'verifiedAt'>): string {
  const badge = textElement('strong', `verification-badge verification-badge-${stationVerification(station)}`, verificationText(station))
  const note = verificationNote(station)
  return element({ tag: 'div', className: 'station-verification', content: badge + (note ? textElement('span', 'station-note', note) : '') })
}

function fact(label: string, value: string): string {
  return element({ tag: 'div', className: 'fact', content: textElement('span', 'fact-label', label) + value })
}

function factValue(content: string): string {
  return element({ tag: 'div', className: 'fact-value', content })
}

const missingHtml = textElement('span', 'fact-missing', STATION_WORDS.missing)

function stationFacts(station: Station): string {
  const labels = STATION_WORDS.factLabels
  const address = textElement('span', station.address ? 'fact-value' : 'fact-value fact-missing', station.address ?? STATION_WORDS.missing)
  const phone = station.phone
    ? element({ tag: 'span', content: escapeHtml(station.phone) }) + callButtons(station.phone)
    : missingHtml + textElement('span', 'fact-hint', STATION_WORDS.noPhoneHint) + hotlineButton
  const hours =
    element({ tag: 'span', content: wholeRunsHtml(station.hours.text) }) +
    (station.hours.isDefault ? textElement('span', 'fact-hint', STATION_WORDS.defaultHoursHint) : '')
  const services =
    station.services.length === 0
      ? missingHtml
      : element({
          tag: 'div',
          className: 'service-chips',
          content: station.services.map((service) => textElement('span', 'service-chip', STATION_SERVICE_LABELS[service])).join(''),
        })
  const location = station.location
    ? (station.locationQuality === 'approximate' ? textElement('span', 'fact-hint', STATION_WORDS.approximateHint) : '') +
      link({ href: amapMarkerUrl({ ...station.location, name: station.name }), className: 'button', text: STATION_WORDS.navigate })
    : textElement('span', 'fact-missing', STATION_WORDS.locationPending)
  return element({
    tag: 'div',
    className: 'card station-facts stations-top',
    content: [
      fact(labels.address, address),
      fact(labels.phone, factValue(phone)),
      fact(labels.hours, factValue(hours)),
      fact(labels.services, factValue(services)),
      fact(labels.location, factValue(location)),
    ].join(''),
  })
}

/** A station's page as it first paints: who and where it is, how to call, when it is open, what it offers. */
export function stationFirstScreen(params: { detail: StationDetailResponse }): FirstScreen {
  const { station, stale } = params.detail
  const tier = STATION_TIER_LABELS[station.tier]
  const place = stationPlaceLine(station)
  const content = [
    textElement('span', `station-tier station-tier-${station.tier}`, tier),
    textElement('h1', 'title station-title', station.name),
    textElement('span', 'muted', place),
    ...(stale ? [textElement('span', 'station-stale', STATION_WORDS.stale)] : []),
    verificationHtml(station),
    noscriptNote(textElement('p', 'noscript-text', '这个浏览器没有开启 JavaScript：电话、地址和开放时间都在下面；预约要开启 JavaScript，也可以直接打电话。')),
    stationFacts(station),
    link({ href: stationBookingPath(station.id), className: 'button station-book', text: STATION_WORDS.book }),
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
