import type { ReportMeta } from '../../contracts/report'

/**
 * The 政府信息公开 metadata table (索引号, 发文字号, 主题分类, 体裁分类, 发布机构, 成文日期, 发布日期)
 * in the shapes scraped pages give it: a labelled block (`[ 索 引 号 ] … [ 发文字号 ] …`,
 * `【发布机构】…`), `label: value` lines, or a bare list of values whose labels were lost (read
 * by value shape, in the fixed order of the table). A field that is not there is `null`; values
 * are never taken from unrelated text.
 */

export type MetaField = keyof ReportMeta

export function emptyMeta(): ReportMeta {
  return { indexNo: null, docNo: null, topic: null, genre: null, publisher: null, writtenAt: null, publishedAt: null }
}

// Longest alias first: the alternation takes the first alternative that matches.
const FIELD_ALIASES: ReadonlyArray<readonly [MetaField, readonly string[]]> = [
  ['indexNo', ['信息索引号', '索引号', '索取号']],
  ['docNo', ['发文字号', '发文文号', '文号']],
  ['topic', ['主题分类', '主题']],
  ['genre', ['体裁分类', '体裁']],
  ['publisher', ['发布机构', '发文机关', '发布机关', '发文单位', '发布单位', '文章来源', '信息来源', '来源']],
  ['writtenAt', ['成文日期', '成文时间', '印发日期']],
  // `更新时间:2021/03/29 11:30:01`, `日期:2024-03-28 09:18`: the date part is taken, the time dropped
  ['publishedAt', ['发布日期', '发布时间', '公开日期', '公开时间', '更新时间', '更新日期', '日期']],
]

const ALIAS_TO_FIELD = new Map<string, MetaField>()
for (const [field, aliases] of FIELD_ALIASES) for (const alias of aliases) ALIAS_TO_FIELD.set(alias, field)

const ALL_ALIASES = [...ALIAS_TO_FIELD.keys()].sort((a, b) => b.length - a.length)

// Labels are sometimes printed with spaces between the characters (`索 引 号`).
const spaced = (alias: string): string => [...alias].join('[ \\t\\u3000]*')

/** A label with its optional brackets and colon. Groups: 1 open bracket, 2 label, 3 close bracket, 4 colon. */
const LABEL = new RegExp(`(?:([\\[【［〔])[ \\t\\u3000]*)?(${ALL_ALIASES.map(spaced).join('|')})[ \\t\\u3000]*([\\]】］〕])?[ \\t\\u3000]*([:：])?`, 'gu')

interface LabelHit {
  field: MetaField
  start: number
  end: number
}

/** Labels on a line that really are labels: bracketed, or at a cell start and followed by a colon, space or line end. */
function findLabels(line: string): LabelHit[] {
  const hits: LabelHit[] = []
  for (const match of line.matchAll(LABEL)) {
    const [whole, open, label, close, colon] = match
    const start = match.index
    const end = start + whole.length
    const field = ALIAS_TO_FIELD.get(label.replace(/[ \t\u3000]/g, ''))
    if (!field) continue
    const bracketed = open !== undefined || close !== undefined
    const before = line.slice(0, start)
    const atCellStart = before.length === 0 || /[\s|｜;；\]】］〕]$/u.test(before)
    const after = line.slice(end)
    const separated = colon !== undefined || after.length === 0 || /^[\s|｜]/u.test(after) || whole.endsWith(' ') || whole.endsWith('\t')
    // a long label with a colon is a label even when glued to the previous value (`…W/2024-00016发文字号：…`)
    const gluedButUnmistakable = colon !== undefined && label.replace(/[ \t\u3000]/g, '').length >= 3
    if (bracketed ? atCellStart || open !== undefined : (atCellStart && separated) || gluedButUnmistakable) hits.push({ field, start, end })
  }
  return hits
}

const NO_VALUE = /^(?:无|暂无|空|-+|—+|\/|null|none)$/iu

function cleanValue(raw: string): string | null {
  const value = raw
    .replace(/^[\s|｜:：\]】］〕]+|[\s|｜[【［〔]+$/gu, '')
    // an unknown label (`生成日期：…`) after the value ends it
    .replace(/\s+[\p{Script=Han}]{2,6}\s*[:：].*$/u, '')
    .trim()
  if (value.length === 0 || NO_VALUE.test(value)) return null
  return value
}

const CN_DIGITS: Readonly<Record<string, number>> = { 〇: 0, 零: 0, '○': 0, Ｏ: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

function chineseNumber(text: string): number {
  // 十 / 十二 / 二十 / 二十九 (months and days only)
  if (text.includes('十')) {
    const [tens, units] = text.split('十')
    return (tens ? (CN_DIGITS[tens] ?? 0) : 1) * 10 + (units ? (CN_DIGITS[units] ?? 0) : 0)
  }
  return CN_DIGITS[text] ?? Number.NaN
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null
  const probe = new Date(Date.UTC(year, month - 1, day))
  if (probe.getUTCMonth() !== month - 1) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

const ARABIC_DATE = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*[日号]?/u
const CHINESE_DATE = /([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日/u

/** The first date in the text as `YYYY-MM-DD` (2024-02-29, 2024年2月29日, 2024/2/29, 2024.02.29, 二〇二四年二月二十九日). */
export function parseReportDate(text: string): string | null {
  const arabic = ARABIC_DATE.exec(text)
  if (arabic) return isoDate(Number(arabic[1]), Number(arabic[2]), Number(arabic[3]))
  const chinese = CHINESE_DATE.exec(text)
  if (chinese) {
    const year = Number([...chinese[1]].map((digit) => CN_DIGITS[digit] ?? '').join(''))
    return isoDate(year, chineseNumber(chinese[2]), chineseNumber(chinese[3]))
  }
  return null
}

const DATE_ONLY = new RegExp(`^(?:${ARABIC_DATE.source}|${CHINESE_DATE.source})$`, 'u')

/** Shapes of values, for tables that lost their labels. */
export const VALUE_SHAPES = {
  // 11500241358692734W/2024-00016, 000014349/2024-00123: a long code, then /year-serial
  indexNo: /^(?=(?:[^\d]*\d){6})[0-9A-Za-z]{6,}(?:[/\-—–][0-9A-Za-z]+)+$/u,
  docNo: /^[\p{Script=Han}A-Za-z]{1,16}\s*[〔[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*(?:第\s*)?\d{1,5}\s*号$/u,
  date: DATE_ONLY,
  publisher: /^[\p{Script=Han}（）()]{2,30}(?:人民政府|政府|办公室|办公厅|委员会|委|局|厅|院|部|中心|所|处|科|司法局|街道办事处|办事处|管委会|法院|检察院)$/u,
  genre: /^(?:工作报告|报告|年度报告|通知|公告|通告|意见|决定|方案|规划|计划|办法|规定|细则|批复|函|纪要|总结|其他|公报|白皮书|统计信息|工作动态)$/u,
} as const

function isPlainShortValue(cell: string): boolean {
  return cell.length <= 30 && !/[。，,！？!?：:]/u.test(cell) && !/^\d+$/u.test(cell)
}

function setOnce(meta: ReportMeta, field: MetaField, raw: string | null): void {
  if (meta[field] !== null || raw === null) return
  if (field === 'writtenAt' || field === 'publishedAt') {
    meta[field] = parseReportDate(raw)
  } else {
    meta[field] = raw
  }
}

/** Whether a labelled value fits its field (used when the value sits on the line after a lone label). */
function fitsField(field: MetaField, value: string): boolean {
  if (field === 'writtenAt' || field === 'publishedAt') return parseReportDate(value) !== null
  if (field === 'indexNo') return VALUE_SHAPES.indexNo.test(value)
  if (field === 'docNo') return VALUE_SHAPES.docNo.test(value)
  // strict shapes for the text fields, so that the title under a lone label is never taken
  if (field === 'publisher') return VALUE_SHAPES.publisher.test(value)
  if (field === 'genre') return VALUE_SHAPES.genre.test(value)
  return isPlainShortValue(value) && value.length <= 20 && !/报告|总结/u.test(value)
}

export interface MetaExtraction {
  meta: ReportMeta
  /** indexes of the lines that held metadata (not report text) */
  consumed: Set<number>
  /** lines that start with text and end with labels (`…报告 发布日期：…`): the text to keep */
  remainders: Map<number, string>
  found: boolean
}

/**
 * Labelled metadata in the given lines (by index). A label alone on its line takes the next line
 * as its value only when that line has the value's shape; a label followed directly by another
 * label (the seed's empty `[ 发文字号 ]`) stays `null`.
 */
export function extractLabelledMeta(lines: readonly string[], indexes: readonly number[]): MetaExtraction {
  const meta = emptyMeta()
  const consumed = new Set<number>()
  const remainders = new Map<number, string>()
  let found = false
  for (const index of indexes) {
    if (consumed.has(index)) continue
    const line = lines[index]
    if (line.length > 240) continue
    const hits = findLabels(line)
    if (hits.length === 0) continue
    found = true
    const prefix = line.slice(0, hits[0].start).trim()
    if (/\p{Script=Han}/u.test(prefix)) remainders.set(index, prefix)
    else consumed.add(index)
    hits.forEach((hit, position) => {
      const valueEnd = position + 1 < hits.length ? hits[position + 1].start : line.length
      let value = cleanValue(line.slice(hit.end, valueEnd))
      const loneLabel = hits.length === 1 && value === null && line.slice(0, hit.start).trim().length === 0
      const next = lines[index + 1]
      if (loneLabel && next !== undefined && indexes.includes(index + 1) && findLabels(next).length === 0) {
        const candidate = cleanValue(next)
        if (candidate !== null && fitsField(hit.field, candidate)) {
          value = candidate
          consumed.add(index + 1)
        }
      }
      setOnce(meta, hit.field, value)
    })
  }
  return { meta, consumed, remainders, found }
}

/** List bullets before a value (`· 2024-03-28`, `• 报告`, `- 司法局`). */
const BULLET = /^(?:[·•●○◆◇▪▫■□►▸‣⁃*]|[-–—](?=\s))\s*/u

function splitCells(line: string): string[] {
  // empty label brackets (`[ ] value`) are what is left of lost labels
  return line
    .replace(BULLET, '')
    .replace(/[[【［]\s*[\]】］]/gu, ' ')
    .split(/[\s|｜]+/u)
    .map((cell) => cell.trim())
    .filter((cell) => cell.length > 0)
}

type CellShape = 'indexNo' | 'docNo' | 'date' | 'text'
interface ShapedCell {
  cell: string
  shape: CellShape
}
interface ValueLine {
  index: number
  cells: ShapedCell[]
}

function shapeOf(cell: string): CellShape | null {
  if (VALUE_SHAPES.date.test(cell)) return 'date'
  if (VALUE_SHAPES.indexNo.test(cell)) return 'indexNo'
  if (VALUE_SHAPES.docNo.test(cell)) return 'docNo'
  if (isPlainShortValue(cell) && /\p{Script=Han}/u.test(cell)) return 'text'
  return null
}

/** The cells of a line made only of metadata-shaped values, else null. */
function valueCells(line: string): ShapedCell[] | null {
  const cells: ShapedCell[] = []
  for (const cell of splitCells(line)) {
    const shape = shapeOf(cell)
    if (shape === null) return null
    cells.push({ cell, shape })
  }
  return cells.length > 0 ? cells : null
}

/**
 * The lines of a value run that belong to the table: from the line holding 索引号 (or 发文字号),
 * at most seven values, ending with the last date line (the dates close the table), so short
 * report lines after it (the issuer under the title) stay report text.
 */
function tableLines(run: readonly ValueLine[]): ValueLine[] {
  const isKey = (entry: ShapedCell): boolean => entry.shape === 'indexNo' || entry.shape === 'docNo'
  const startLine = run.findIndex((line) => line.cells.some(isKey))
  const fromStart = startLine < 0 ? run : run.slice(startLine)
  let end = 0
  for (let values = 0; end < fromStart.length && values < 7; end += 1) values += fromStart[end].cells.length
  let lastDateLine = -1
  for (let index = 0; index < end; index += 1) if (fromStart[index].cells.some((entry) => entry.shape === 'date')) lastDateLine = index
  return fromStart.slice(0, lastDateLine >= 0 ? lastDateLine + 1 : end)
}

/**
 * A run of lines made only of metadata-shaped values, holding an index number (or a 文号 and a
 * date): the table whose labels were lost. Values are assigned in the table's fixed order; text
 * values that cannot be placed by order are placed by shape (publisher: an authority's name,
 * genre: a document type, topic: the rest). A lone date is taken as the publication date.
 * `requireIndexNo` is for places where report text may follow (under the title).
 */
export function extractUnlabelledMeta(
  lines: readonly string[],
  indexes: readonly number[],
  options: { requireIndexNo: boolean } = { requireIndexNo: false },
): MetaExtraction {
  const meta = emptyMeta()
  const runs: ValueLine[][] = []
  let current: ValueLine[] = []
  for (const index of indexes) {
    const cells = valueCells(lines[index])
    const contiguous = current.length > 0 && current[current.length - 1].index === index - 1
    if (cells !== null && contiguous) {
      current.push({ index, cells })
      continue
    }
    if (current.length > 0) runs.push(current)
    current = cells === null ? [] : [{ index, cells }]
  }
  if (current.length > 0) runs.push(current)

  for (const run of runs) {
    const table = tableLines(run)
    const allCells = table.flatMap((line) => line.cells)
    // short text before 索引号 (or 发文字号) on the same line is chrome
    const first = allCells.findIndex((entry) => entry.shape === 'indexNo' || entry.shape === 'docNo')
    const cells = first < 0 ? allCells : allCells.slice(first)
    const shapes = new Set(cells.map((entry) => entry.shape))
    const looksLikeTable = shapes.has('indexNo') || (!options.requireIndexNo && shapes.has('docNo') && shapes.has('date'))
    if (!looksLikeTable) continue
    const indexCell = cells.find((entry) => entry.shape === 'indexNo')
    const docCell = cells.find((entry) => entry.shape === 'docNo')
    const dates = cells.filter((entry) => entry.shape === 'date').map((entry) => parseReportDate(entry.cell))
    const texts = cells.filter((entry) => entry.shape === 'text').map((entry) => entry.cell)
    meta.indexNo = indexCell?.cell ?? null
    meta.docNo = docCell?.cell ?? null
    if (dates.length >= 2) {
      meta.writtenAt = dates[0]
      meta.publishedAt = dates[1]
    } else if (dates.length === 1) {
      meta.publishedAt = dates[0]
    }
    if (texts.length >= 3) {
      ;[meta.topic, meta.genre, meta.publisher] = texts
    } else {
      const rest: string[] = []
      for (const text of texts) {
        if (meta.publisher === null && VALUE_SHAPES.publisher.test(text)) meta.publisher = text
        else if (meta.genre === null && VALUE_SHAPES.genre.test(text)) meta.genre = text
        else rest.push(text)
      }
      meta.topic = rest[0] ?? null
    }
    return { meta, consumed: new Set(table.map((line) => line.index)), remainders: new Map(), found: true }
  }
  return { meta, consumed: new Set(), remainders: new Map(), found: false }
}
