import type { ParseReportInput, ReportMeta, ReportSection, StructuredReport } from '../../contracts/report'
import { isChromeLine, isFooterStart } from './report-chrome'
import { extractFigures, type FigureSource } from './report-figures'
import { htmlToText, looksLikeHtml } from './report-html'
import { VALUE_SHAPES, emptyMeta, extractLabelledMeta, extractUnlabelledMeta, parseReportDate } from './report-meta'
import { SectionTreeBuilder, matchHeading, splitHeadingText, type HeadingLine } from './report-sections'

export { htmlToText, looksLikeHtml } from './report-html'
export { parseReportDate } from './report-meta'

/**
 * Report importer: a county's 法治政府建设情况报告 as scraped text or as the HTML page → metadata,
 * title, header lines, preamble, numbered section tree and figures. Pure: no I/O, no clock.
 *
 * Reading order of the page: chrome and metadata, then the title, a few short header lines
 * (issuer, `关于…的报告`), the preamble, the numbered sections, maybe a signature, then the footer.
 * Everything after the title that is not chrome ends up in the result, so no report text is lost.
 */
export function parseReport({ input, format }: ParseReportInput): StructuredReport {
  const isHtml = format === 'html' || (format === undefined && looksLikeHtml(input))
  const lines = toLines(isHtml ? htmlToText(input) : input)
  const headings = lines.map(matchHeading)
  const chrome = lines.map((line, index) => headings[index] === null && isChromeLine(line))

  const firstHeading = firstIndex(lines, (index) => headings[index] !== null && !chrome[index]) ?? lines.length
  const labelled = extractLabelledMeta(lines, range(0, firstHeading))
  const metaLines = new Set(labelled.consumed)
  // a title printed on the same line as page metadata keeps its text
  for (const [index, text] of labelled.remainders) {
    lines[index] = text
    headings[index] = matchHeading(text)
    chrome[index] = headings[index] === null && isChromeLine(text)
  }
  const isText = (index: number): boolean => !chrome[index] && !metaLines.has(index)

  const titleIndex = findTitle(lines, range(0, firstHeading).filter(isText))
  let meta = labelled.meta
  if (!labelled.found) {
    const firstBody = firstIndex(lines, (index) => index >= firstHeading || isParagraphLike(lines[index])) ?? lines.length
    let unlabelled = extractUnlabelledMeta(lines, range(0, titleIndex ?? firstBody).filter(isText))
    if (!unlabelled.found && titleIndex !== null) {
      // some pages print the value table under the title; there only an index number is proof enough
      unlabelled = extractUnlabelledMeta(lines, range(titleIndex + 1, Math.max(titleIndex + 1, firstBody)).filter(isText), { requireIndexNo: true })
    }
    meta = unlabelled.meta
    for (const index of unlabelled.consumed) metaLines.add(index)
  }

  const title = titleIndex === null ? '' : joinedTitle({ lines, titleIndex, isText })
  const body = readBody({ lines, headings, start: titleIndex === null ? 0 : titleIndex + 1, isText })
  if (body.footerStart !== null) {
    // some pages repeat the metadata table below the text
    const trailer = extractLabelledMeta(lines, range(body.footerStart, lines.length))
    meta = mergeMeta(meta, trailer.meta)
  }

  return {
    meta,
    title,
    year: yearOf([title, ...body.headerLines]),
    headerLines: body.headerLines,
    preamble: body.preamble,
    sections: body.sections,
    closing: body.closing,
    figures: extractFigures(figureSources(body.preamble, body.sections)),
  }
}

function toLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029/u)
    .map((line) =>
      line
        .replace(/[\u200b-\u200d\ufeff]/gu, '')
        .replace(/[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+/gu, ' ')
        .replace(/ *\t[\t ]*/gu, '\t')
        .trim()
        .replace(TITLE_LABEL, ''),
    )
    .filter((line) => line.length > 0)
}

/** A title label before (or above) the title: `[ 标 题 ]`, `【标题】`, `标题：`, `名称:`. */
const TITLE_LABEL =
  /^(?:[[【［〔]\s*(?:标\s*题|题\s*目|题\s*名|名\s*称|文\s*件\s*名\s*称)\s*[\]】］〕]\s*[:：]?|(?:标\s*题|题\s*名|文\s*件\s*名\s*称)\s*[:：])\s*/u

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, offset) => from + offset)
}

function firstIndex(lines: readonly string[], test: (index: number) => boolean): number | null {
  for (let index = 0; index < lines.length; index += 1) if (test(index)) return index
  return null
}

/** A body paragraph rather than a title or label: a full sentence, or long. */
function isParagraphLike(line: string): boolean {
  return line.includes('。') || line.length > 100
}

const SENTENCE_PUNCTUATION = /[。，,；;！？!?：:]/u
const HAS_YEAR = /(?:19|20)\d{2}\s*年/u

/**
 * The report title: among the short lines before the first heading and the first paragraph, the
 * first that names a report with a year and a subject (`…2023年度法治政府建设情况报告`), else the
 * first with a year and 报告, else one with a place (`某县…报告`, not a bare 法治政府建设年度报告 menu
 * item), else the first with 报告/总结, else the first short line. Lines before it are page chrome.
 */
function findTitle(lines: readonly string[], candidates: readonly number[]): number | null {
  const titleLike: number[] = []
  for (const index of candidates) {
    const line = lines[index]
    if (isParagraphLike(line)) break
    if (line.length < 4 || line.length > 80 || SENTENCE_PUNCTUATION.test(line.replace(/[：:]$/u, ''))) continue
    if (parseReportDate(line) !== null && line.replace(/[\d\s年月日\-/.()（）]/gu, '').length === 0) continue
    if (VALUE_SHAPES.indexNo.test(line) || VALUE_SHAPES.docNo.test(line)) continue
    titleLike.push(index)
  }
  const tiers: ReadonlyArray<(line: string) => boolean> = [
    (line) => /报告|总结/u.test(line) && HAS_YEAR.test(line) && /法治|政府|建设|依法/u.test(line),
    (line) => /报告|总结/u.test(line) && HAS_YEAR.test(line),
    (line) => /报告|总结/u.test(line) && /[县市区旗州省盟]/u.test(line),
    (line) => /报告|总结/u.test(line),
    (line) => /\p{Script=Han}{4}/u.test(line),
  ]
  for (const tier of tiers) {
    const found = titleLike.find((index) => tier(lines[index]))
    if (found !== undefined) return found
  }
  return null
}

/**
 * A title printed over two lines: the issuing body alone on one line, `关于…的报告` on the next
 * (`青石县人民政府` + `关于2023年度法治政府建设情况的报告`) is one title.
 */
function joinedTitle(params: { lines: readonly string[]; titleIndex: number; isText: (index: number) => boolean }): string {
  const { lines, titleIndex } = params
  const title = lines[titleIndex]
  if (!/^关于/u.test(title) || titleIndex === 0 || !params.isText(titleIndex - 1)) return title
  const issuer = lines[titleIndex - 1]
  return issuer.length <= 30 && VALUE_SHAPES.publisher.test(issuer) ? `${issuer}${title}` : title
}

/** Short lines under the title with no sentence punctuation: issuer, `关于…的报告`, a date. */
function isHeaderLine(line: string): boolean {
  return line.length <= 50 && !/[。，,；;！？!?：:]/u.test(line)
}

/** A signature line: an authority's name or a date, alone. */
function isSignatureLine(line: string): boolean {
  if (line.length > 30 || /[。，,；;！？!?]/u.test(line)) return false
  const dateOnly = parseReportDate(line) !== null && line.replace(/[\d〇零○Ｏ一二三四五六七八九十\s年月日\-/.()（）]/gu, '').length === 0
  return dateOnly || VALUE_SHAPES.publisher.test(line)
}

interface Body {
  headerLines: string[]
  preamble: string[]
  sections: ReportSection[]
  closing: string[]
  /** index of the first footer line, if the page has one */
  footerStart: number | null
}

function readBody(params: { lines: readonly string[]; headings: ReadonlyArray<HeadingLine | null>; start: number; isText: (index: number) => boolean }): Body {
  const { lines, headings, isText } = params
  const headerLines: string[] = []
  const preamble: string[] = []
  const tree = new SectionTreeBuilder()
  let bodyStarted = false
  let footerStart: number | null = null
  let lastParagraphs: string[] = preamble
  let lastHeading = -1
  for (let index = lines.length - 1; index >= params.start && lastHeading < 0; index -= 1) if (headings[index] !== null && isText(index)) lastHeading = index

  for (let index = params.start; index < lines.length; index += 1) {
    const line = lines[index]
    // a footer opener ends the report, unless numbered headings follow (then it was a widget mid-page)
    if (bodyStarted && headings[index] === null && isFooterStart(line) && index > lastHeading) {
      footerStart = index
      break
    }
    if (!isText(index)) continue
    const heading = headings[index]
    if (!bodyStarted && heading === null && isHeaderLine(line)) {
      headerLines.push(line)
      continue
    }
    bodyStarted = true
    if (heading === null) {
      lastParagraphs = tree.current()?.paragraphs ?? preamble
      lastParagraphs.push(line.replace(/\t/gu, ' '))
      continue
    }
    let rest = heading.rest
    // a marker alone on its line (`一、`) takes its title from the next line
    const next = index + 1 < lines.length ? index + 1 : null
    if (rest.length === 0 && next !== null && isText(next) && headings[next] === null && !isFooterStart(lines[next])) {
      rest = lines[next]
      index = next
    }
    const { title, paragraph } = splitHeadingText(rest.replace(/\t/gu, ' '))
    const section = tree.openHeading({ kind: heading.kind, marker: heading.marker, title })
    lastParagraphs = section.paragraphs
    if (paragraph !== null) section.paragraphs.push(paragraph)
  }

  // the issuer and date printed under the last paragraph are a signature, not part of it
  const closing: string[] = []
  while (closing.length < 3 && lastParagraphs.length > 0 && isSignatureLine(lastParagraphs[lastParagraphs.length - 1])) {
    closing.unshift(lastParagraphs.pop() as string)
  }
  return { headerLines, preamble, sections: tree.sections, closing, footerStart }
}

function mergeMeta(primary: ReportMeta, fallback: ReportMeta): ReportMeta {
  const merged = emptyMeta()
  for (const field of Object.keys(merged) as Array<keyof ReportMeta>) merged[field] = primary[field] ?? fallback[field]
  return merged
}

function yearOf(texts: readonly string[]): number | null {
  for (const text of texts) {
    const match = /((?:19|20)\d{2})\s*年/u.exec(text)
    if (match) return Number(match[1])
  }
  return null
}

function figureSources(preamble: readonly string[], sections: readonly ReportSection[]): FigureSource[] {
  const sources: FigureSource[] = preamble.map((text) => ({ text, sectionId: null }))
  const visit = (section: ReportSection): void => {
    sources.push({ text: section.title, sectionId: section.id })
    for (const text of section.paragraphs) sources.push({ text, sectionId: section.id })
    section.children.forEach(visit)
  }
  sections.forEach(visit)
  return sources
}
