// How the reader and the BFF's pre-written first screen print a figure: one rule for both (pure, no dependencies).
import type { ReportFigure, ReportMeta } from './report'

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
