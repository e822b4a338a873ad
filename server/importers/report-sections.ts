import type { ReportSection } from '../../contracts/report'

/**
 * Numbered headings of Chinese official reports and the tree they form. The level of a heading
 * comes from its marker *kind* in order of first appearance along the open chain of headings
 * (`一、` → `（一）` → `1.` → `（1）` is the usual order, but a `1.` directly under `一、` is its
 * child when no `（一）` came first). Numbers are kept as printed, restarted or continued.
 */

export type MarkerKind = 'chinese' | 'paren-chinese' | 'arabic' | 'paren-arabic' | 'circled'

export interface HeadingLine {
  kind: MarkerKind
  /** the numbering as printed, e.g. `一、`, `（一）`, `1.`, or `)` where scraping dropped `(一` (the tree repairs it) */
  marker: string
  /** text after the marker (title and possibly the first paragraph) */
  rest: string
}

const CN = '[一二三四五六七八九十百零〇两]{1,4}'

// Order matters only where patterns could overlap; none of these do.
const HEADING_PATTERNS: ReadonlyArray<readonly [MarkerKind, RegExp]> = [
  // 一、 一． (not 一是, 一方面)
  ['chinese', new RegExp(`^(${CN}\\s*[、．])\\s*`, 'u')],
  // （一） (一)
  ['paren-chinese', new RegExp(`^([（(]\\s*${CN}\\s*[）)])\\s*`, 'u')],
  // 一） where scraping lost the opening bracket, and a bare ) where it lost `(一`
  ['paren-chinese', new RegExp(`^(${CN}\\s*[）)]|[）)])\\s*`, 'u')],
  // 1. 1、 1． — not 1.5亿元, not 2023年, not 1350余名
  ['arabic', /^(\d{1,2}\s*[.、．])(?![\d．.])\s*(?=[^\s\d])/u],
  // （1） (1) 1）
  ['paren-arabic', /^([（(]\s*\d{1,2}\s*[）)]|\d{1,2}\s*[）)])\s*/u],
  ['circled', /^([①-⑳])\s*/u],
]

export function matchHeading(line: string): HeadingLine | null {
  for (const [kind, pattern] of HEADING_PATTERNS) {
    const match = pattern.exec(line)
    if (!match) continue
    return { kind, marker: match[1].replace(/\s+/gu, ''), rest: line.slice(match[0].length).trim() }
  }
  return null
}

/**
 * Splits the text after a marker into heading title and first paragraph: reports often print
 * `1.政务服务迭代升级。紧盯…` on one line. The title is the text before the first `。` (without
 * it); a line with no `。` inside is all title.
 */
export function splitHeadingText(rest: string): { title: string; paragraph: string | null } {
  const stop = rest.indexOf('。')
  if (stop < 0) return { title: rest, paragraph: null }
  const title = rest.slice(0, stop).trim()
  const paragraph = rest.slice(stop + 1).trim()
  return { title, paragraph: paragraph.length > 0 ? paragraph : null }
}

const CN_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九']

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, up to 99 (more sub-items than that never occur). */
export function chineseNumeral(value: number): string {
  if (value < 10) return CN_DIGITS[value]
  const tens = Math.floor(value / 10)
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${CN_DIGITS[value % 10]}`
}

/** `)` or `）` alone (scraping dropped `（一`), or `一）` (dropped `（`). */
const DAMAGED_PAREN_CHINESE = new RegExp(`^(?:${CN})?[）)]$`, 'u')

interface OpenSection {
  kind: MarkerKind
  section: ReportSection
}

/** Builds the section tree as lines arrive; paragraphs go to the innermost open section. */
export class SectionTreeBuilder {
  readonly sections: ReportSection[] = []
  private readonly chain: OpenSection[] = []

  /** The brackets of the report's own intact `(一)` / `（一）` markers, to repair damaged ones alike. */
  private parens: { open: string; close: string } = { open: '（', close: '）' }
  private parensSeen = false

  /** Opens a section for a heading line and returns it. */
  openHeading(heading: { kind: MarkerKind; marker: string; title: string }): ReportSection {
    const depth = this.chain.findIndex((open) => open.kind === heading.kind)
    if (depth >= 0) this.chain.length = depth
    const parent = this.chain.at(-1)?.section
    const siblings = parent ? parent.children : this.sections
    const id = parent ? `${parent.id}-${siblings.length + 1}` : `s${siblings.length + 1}`
    const marker = this.repairedMarker({ kind: heading.kind, marker: heading.marker, position: siblings.length + 1 })
    const section: ReportSection = { id, level: this.chain.length + 1, marker, title: heading.title, paragraphs: [], children: [] }
    siblings.push(section)
    this.chain.push({ kind: heading.kind, section })
    return section
  }

  /**
   * A `（一）` whose `（一` the scrape lost reads `)依法决策仍存在短板` — a stray bracket to a resident.
   * Its number is its place among its siblings (the kind only occurs as a run `（一）（二）…`), in the
   * brackets the report itself uses; the text stays the report's.
   */
  private repairedMarker(params: { kind: MarkerKind; marker: string; position: number }): string {
    if (params.kind !== 'paren-chinese') return params.marker
    if (!DAMAGED_PAREN_CHINESE.test(params.marker)) {
      if (!this.parensSeen) {
        this.parens = { open: params.marker[0], close: params.marker[params.marker.length - 1] }
        this.parensSeen = true
      }
      return params.marker
    }
    const printed = params.marker.slice(0, -1)
    return `${this.parens.open}${printed || chineseNumeral(params.position)}${this.parens.close}`
  }

  /** The innermost open section, or null before the first heading. */
  current(): ReportSection | null {
    return this.chain.at(-1)?.section ?? null
  }
}
