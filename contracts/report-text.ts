// How the reader and the BFF's pre-written first screen print a figure: one rule for both (pure, no dependencies).
import type { ReportFigure, ReportMeta, ReportSection } from './report'
import type { FigureService } from './reports-api'
import { pageUrl } from './app-pages'

export interface TextSegment {
  text: string
  figure: boolean
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Splits a paragraph so the figures quoted in it can be highlighted. A number is matched only as
 * a whole number (1175 not inside 11750), with its unit as printed when it has one.
 */
export function splitFigures(params: { text: string; figures: readonly Pick<ReportFigure, 'value' | 'unit'>[] }): TextSegment[] {
  const tokens = [...new Set(params.figures.map((figure) => `${figure.value}${figure.unit ?? ''}`))].sort((a, b) => b.length - a.length)
  if (tokens.length === 0) return [{ text: params.text, figure: false }]
  // no lookbehind: older WeChat and Android WebView JavaScript engines lack it
  const pattern = new RegExp(`(^|[^\\d.])(${tokens.map(escapeRegExp).join('|')})(?![\\d.])`, 'g')
  const segments: TextSegment[] = []
  let last = 0
  for (let match = pattern.exec(params.text); match !== null; match = pattern.exec(params.text)) {
    const start = match.index + match[1].length
    if (start > last) segments.push({ text: params.text.slice(last, start), figure: false })
    segments.push({ text: match[2], figure: true })
    last = start + match[2].length
    // the next match may start right after this one's number
    pattern.lastIndex = last
  }
  if (last < params.text.length) segments.push({ text: params.text.slice(last), figure: false })
  return segments
}

const changeWords = { up: '上升', down: '下降' } as const

/** `同比上升 28.8%` */
export function describeChange(change: NonNullable<ReportFigure['change']>): string {
  return `${change.basis ?? ''}${changeWords[change.direction]} ${change.value}${change.unit ?? ''}`
}

export function formatFigureValue(value: number): string {
  return value >= 10_000 ? value.toLocaleString('zh-CN') : String(value)
}

/**
 * The number as a tile prints it, `约` in front of an approximate one — unless its unit already says
 * so (`623万余元`, `80余个`, `1350多名`): `约623万余元` says it twice.
 */
export function figureValueText(params: { figure: Pick<ReportFigure, 'value' | 'unit' | 'approx'> }): string {
  const { figure } = params
  const unitSaysSo = figure.unit !== null && /[余多]/.test(figure.unit)
  return `${figure.approx && !unitSaysSo ? '约' : ''}${formatFigureValue(figure.value)}`
}

/** The 政府信息公开 table as the reader (and the BFF's pre-written first screen) shows it, in order. */
export const REPORT_META_ROWS: readonly { key: keyof ReportMeta; label: string }[] = [
  { key: 'indexNo', label: '索引号' },
  { key: 'docNo', label: '发文字号' },
  { key: 'topic', label: '主题分类' },
  { key: 'genre', label: '体裁分类' },
  { key: 'publisher', label: '发布机构' },
  { key: 'writtenAt', label: '成文日期' },
  { key: 'publishedAt', label: '发布日期' },
]

// Where a clause ends: Chinese and ASCII clause punctuation, sentence ends, line breaks (an ASCII `,`
// between digits is a thousands separator and is read with its number). No \p{…} or lookbehind in this
// file: older WeChat and Android WebView JavaScript engines lack them.
const CLAUSE_BREAK = /[，,。；;：:、！!？?\n]/
const DIGIT = /[0-9]/
// A number followed by one of these kept its unit (`19个`, `2023年`, `120%`): it belongs to the words
// before the figure. One followed by anything else lost its unit too, and the words after it are this
// figure's own (`村居调委会化解9457乡镇街道调委会化解3308`).
const MEASURE_AFTER_NUMBER = /^\s*[个件项名人次家条类余万亿千百%％户起场张份年月日号元倍岁天届批所处期篇座台辆套种位宗笔]/
// Leading words a tile can do without: it already speaks of the report's year, and these say nothing
// else. `累计` and `共` stay: `累计` can reach past the year, and `共` starts words (`共享`, `共青团`).
const LEADING_CONNECTORS = /^(?:今年以来|本年度|年内|全年|截至目前|截至年底|目前|其中|同时|此外|另外)/
// `…败诉率为0`, `…率达100%`: once the number stands apart, the rate alone names it
const LINK_AFTER_RATE = /率(?:达到|达|为|是)$/
// Longer than this a tile label runs to four lines; the importer's short label reads better then
const MAX_PHRASE_LENGTH = 20

function groupThousands(value: number): string {
  const [whole, fraction] = String(value).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return fraction === undefined ? grouped : `${grouped}.${fraction}`
}

/** Where `value` is printed in `text` as a whole number (not inside 11750 or 1.1175), plain or grouped (`1,175`). */
function wholeNumberStarts(text: string, value: number): number[] {
  const forms = [...new Set([String(value), groupThousands(value)])].sort((a, b) => b.length - a.length)
  const pattern = new RegExp(`(^|[^\\d.,]|[^\\d],)(${forms.map(escapeRegExp).join('|')})(?!\\d|[.,]\\d)`, 'g')
  const starts: number[] = []
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const start = match.index + match[1].length
    starts.push(start)
    pattern.lastIndex = start + match[2].length
  }
  return starts
}

/** The start of the words, in `text`'s clause, that lead up to `end`. */
function clauseStart(text: string, end: number): number {
  let start = end
  while (start > 0) {
    const char = text[start - 1]
    if (DIGIT.test(char)) {
      if (!MEASURE_AFTER_NUMBER.test(text.slice(start))) return start
      // take the whole number with its unit: `2023年`, `1,000个`, `1.5万`
      let digits = start - 1
      while (digits > 0 && (DIGIT.test(text[digits - 1]) || (/[.,]/.test(text[digits - 1]) && digits > 1 && DIGIT.test(text[digits - 2])))) digits -= 1
      start = digits
      continue
    }
    if (CLAUSE_BREAK.test(char)) return start
    start -= 1
  }
  return start
}

function tidyPhrase(words: string): string {
  return (
    words
      .trim()
      // a bracket or quote left open or closed by the cut
      .replace(/^[\s）)」』”’】》]+/, '')
      .replace(/[\s（(「『“‘【《]+$/, '')
      .replace(LEADING_CONNECTORS, '')
      .replace(LINK_AFTER_RATE, '率')
      .trim()
  )
}

/**
 * What a figure without a unit counts, in the report's own words: the part of its clause that leads up
 * to the number (`…今年以来，为困难群众提供法律援助1175挽回…` → `为困难群众提供法律援助`), for the 数说
 * tiles, 首页's headline figures and the H5 first screen. `null` for a figure with a unit (the unit and
 * the label say it); the label when the quote holds no such words.
 */
export function figurePhrase(params: { figure: Pick<ReportFigure, 'value' | 'unit' | 'label' | 'quote'> }): string | null {
  const { figure } = params
  if (figure.unit !== null) return null
  const phrases = wholeNumberStarts(figure.quote, figure.value)
    .map((end) => tidyPhrase(figure.quote.slice(clauseStart(figure.quote, end), end)))
    .filter((phrase) => phrase.length > 0 && phrase.length <= MAX_PHRASE_LENGTH)
  // the number may be printed more than once in the sentence: the place the label names is this figure's
  return phrases.find((phrase) => phrase.includes(figure.label)) ?? phrases[0] ?? figure.label
}

// Runs a line must not break inside: a time or time range (`14:00-17:30`, `9:00～12:00`), and the
// halves of an 索引号 (`11500241358692734W/` + `2024-00016`), which may break only after its slash.
// No lookbehind (older WeChat and Android WebView engines lack it).
const KEEP_WHOLE = /\d{1,2}[:：]\d{2}(?:\s*[-–—~～至到]\s*\d{1,2}[:：]\d{2})?|[0-9A-Za-z]{6,}\/|\d{4}-\d{3,}/g

export interface TextRun {
  text: string
  whole: boolean
}

/**
 * `text` cut into runs, `whole` where a line must not break inside (the reader, the first screen and
 * the station page print those in a nowrap span): a time range split over two lines reads as two times.
 */
export function keepWholeRuns(text: string): TextRun[] {
  const runs: TextRun[] = []
  let last = 0
  KEEP_WHOLE.lastIndex = 0
  for (let match = KEEP_WHOLE.exec(text); match !== null; match = KEEP_WHOLE.exec(text)) {
    if (match.index > last) runs.push({ text: text.slice(last, match.index), whole: false })
    runs.push({ text: match[0], whole: true })
    last = match.index + match[0].length
  }
  if (last < text.length) runs.push({ text: text.slice(last), whole: false })
  return runs
}

/** The id of a paragraph in the reader (the app's page and the BFF's document alike): `s3-p0`, `preamble-p2`. */
export function paragraphAnchor(sectionId: string | null, index: number): string {
  return `${sectionId ?? 'preamble'}-p${index}`
}

/** How many of the reader's key figures 数说 shows before 看全部. */
export const REPORT_FIGURES_SHOWN_FIRST = 8

/** Figures about our services first, then those with a change, then the rest, in reading order. */
export function keyFigures<T extends Pick<ReportFigure, 'unit' | 'change'> & { service: FigureService | null }>(figures: readonly T[]): T[] {
  const rank = (figure: T) => (figure.service ? 0 : figure.change ? 1 : 2)
  return figures
    .map((figure, index) => ({ figure, index }))
    .filter(({ figure }) => figure.unit !== null || figure.service !== null)
    .sort((a, b) => rank(a.figure) - rank(b.figure) || a.index - b.index)
    .map(({ figure }) => figure)
}

/** What a figure about one of our services leads to: its words on the tile and the page it opens. */
export const FIGURE_SERVICE_LINKS: Readonly<Record<FigureService, { hint: string; path: string }>> = {
  legal_aid: { hint: '预约法律援助', path: pageUrl('packageBooking/pages/book/index') },
  stations: { hint: '找服务站', path: pageUrl('pages/stations/index') },
  mediation: { hint: '法律明白人', path: pageUrl('packageVolunteer/pages/records/index') },
}

/** The reader's 目录: the parts and their sections (levels 1 and 2), in reading order. */
export function tocSections(sections: readonly ReportSection[]): ReportSection[] {
  return sections.flatMap((section) => (section.level <= 2 ? [section, ...tocSections(section.children)] : []))
}
