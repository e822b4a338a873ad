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
  /** the numbering as printed, e.g. `一、`, `（一）`, `1.`, or `)` where scraping dropped `(一` */
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

interface OpenSection {
  kind: MarkerKind
  section: ReportSection
}

/** Builds the section tree as lines arrive; paragraphs go to the innermost open section. */
export class SectionTreeBuilder {
  readonly sections: ReportSection[] = []
  private readonly chain: OpenSection[] = []

  /** Opens a section for a heading line and returns it. */
  openHeading(heading: { kind: MarkerKind; marker: string; title: string }): ReportSection {
    const depth = this.chain.findIndex((open) => open.kind === heading.kind)
    if (depth >= 0) this.chain.length = depth
    const parent = this.chain.at(-1)?.section
    const siblings = parent ? parent.children : this.sections
    const id = parent ? `${parent.id}-${siblings.length + 1}` : `s${siblings.length + 1}`
    const section: ReportSection = { id, level: this.chain.length + 1, marker: heading.marker, title: heading.title, paragraphs: [], children: [] }
    siblings.push(section)
    this.chain.push({ kind: heading.kind, section })
    return section
  }

  /** The innermost open section, or null before the first heading. */
  current(): ReportSection | null {
    return this.chain.at(-1)?.section ?? null
  }
}
