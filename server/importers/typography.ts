import type { ReportSection, StructuredReport } from '../../contracts/report'

/**
 * Chinese typography for what the reader shows: ASCII `, : ; ( ) ! ?` next to Chinese text become
 * full-width `，：；（）！？`, and the half-width list comma `､` becomes `、`. Numbers, dates, times,
 * decimals and Latin keep their ASCII (`1,000`, `9:00`, `1.5`, `2021-2025`, `http://`, `A, B`).
 * Pure and idempotent. Applied once, at import; the source text is stored unchanged beside it.
 */

// Han characters and the full-width punctuation and quotes that sit among them
const CHINESE = /[\p{Script=Han}\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\u2018-\u201d\u2026\u2014]/u
const DIGIT = /[0-9０-９]/u

const FULL_WIDTH: Readonly<Record<string, string>> = { ',': '，', ':': '：', ';': '；', '!': '！', '?': '？' }

function isChinese(char: string | undefined): boolean {
  return char !== undefined && CHINESE.test(char)
}

/** The nearest character before / after `index`, skipping spaces. */
function neighbour(text: string, index: number, step: -1 | 1): string | undefined {
  for (let at = index + step; at >= 0 && at < text.length; at += step) if (text[at] !== ' ') return text[at]
  return undefined
}

export function typesetChinese(params: { text: string }): string {
  let text = params.text.replace(/､/gu, '、')

  // brackets around Chinese text, or opened right after it: 乡镇(街道) (一) (2021-2025年) 县(市)
  text = text.replace(/\(([^()]*)\)/gu, (whole: string, inner: string, offset: number) => {
    const before = neighbour(text, offset, -1)
    const after = neighbour(text, offset + whole.length - 1, 1)
    return CHINESE.test(inner) || isChinese(before) || isChinese(after) ? `（${inner.trim()}）` : whole
  })

  let out = ''
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]
    const full = FULL_WIDTH[char]
    if (full === undefined) {
      out += char
      continue
    }
    const before = neighbour(text, index, -1)
    const after = neighbour(text, index, 1)
    const betweenDigits = before !== undefined && after !== undefined && DIGIT.test(before) && DIGIT.test(after)
    // `!` and `?` close a sentence: the text before decides; the others need Chinese on one side
    const chinese = char === '!' || char === '?' ? isChinese(before) : isChinese(before) || isChinese(after)
    const urlColon = char === ':' && text.slice(index + 1, index + 3) === '//'
    if (chinese && !betweenDigits && !urlColon) {
      // full-width punctuation carries its own space
      out = out.replace(/ +$/u, '') + full
      while (text[index + 1] === ' ') index += 1
    } else {
      out += char
    }
  }
  return out
}

function typesetSection(section: ReportSection): ReportSection {
  return {
    ...section,
    title: typesetChinese({ text: section.title }),
    paragraphs: section.paragraphs.map((text) => typesetChinese({ text })),
    children: section.children.map(typesetSection),
  }
}

/**
 * The report as the reader shows it: title, header lines, preamble, section titles and paragraphs,
 * closing lines and figure quotes typeset. Markers (`(一)` as printed), metadata and figure values
 * stay as they were read.
 */
export function typesetReport(params: { document: StructuredReport }): StructuredReport {
  const { document } = params
  const typeset = (text: string): string => typesetChinese({ text })
  return {
    ...document,
    title: typeset(document.title),
    headerLines: document.headerLines.map(typeset),
    preamble: document.preamble.map(typeset),
    sections: document.sections.map(typesetSection),
    closing: document.closing.map(typeset),
    figures: document.figures.map((figure) => ({ ...figure, quote: typeset(figure.quote) })),
  }
}
