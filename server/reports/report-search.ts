import type { ReportSection, StructuredReport } from '../../contracts/report'
import type { ReportSearchHit } from '../../contracts/reports-api'

const SNIPPET_CONTEXT = 36
const MAX_HITS = 50

function normalise(text: string): string {
  return text.toLowerCase()
}

/** Every position of every term in the text, merged where they overlap. */
function findMatches(params: { text: string; terms: string[] }): { start: number; length: number }[] | null {
  const haystack = normalise(params.text)
  const matches: { start: number; length: number }[] = []
  for (const term of params.terms) {
    let from = 0
    let found = false
    for (;;) {
      const at = haystack.indexOf(term, from)
      if (at < 0) break
      matches.push({ start: at, length: term.length })
      found = true
      from = at + term.length
    }
    // every term must appear (AND search), as people expect from a search box
    if (!found) return null
  }
  return matches.sort((a, b) => a.start - b.start)
}

function snippetAround(params: { text: string; matches: { start: number; length: number }[] }): Pick<ReportSearchHit, 'snippet' | 'highlights'> {
  const first = params.matches[0]
  const from = Math.max(0, first.start - SNIPPET_CONTEXT)
  const to = Math.min(params.text.length, first.start + first.length + SNIPPET_CONTEXT * 2)
  const prefix = from > 0 ? '…' : ''
  const suffix = to < params.text.length ? '…' : ''
  const highlights = params.matches
    .filter((match) => match.start >= from && match.start + match.length <= to)
    .map((match) => ({ start: match.start - from + prefix.length, length: match.length }))
  return { snippet: `${prefix}${params.text.slice(from, to)}${suffix}`, highlights }
}

/** Paragraphs (and headings) of one report that contain every term of the query, in reading order. */
export function searchReport(params: { document: StructuredReport; query: string }): { total: number; hits: ReportSearchHit[] } {
  const terms = [...new Set(normalise(params.query).split(/\s+/u).filter(Boolean))]
  const hits: ReportSearchHit[] = []
  const consider = (sectionId: string | null, sectionTitle: string | null, paragraphIndex: number, text: string) => {
    const matches = findMatches({ text, terms })
    if (matches) hits.push({ sectionId, sectionTitle, paragraphIndex, ...snippetAround({ text, matches }) })
  }
  params.document.preamble.forEach((paragraph, index) => consider(null, null, index, paragraph))
  const visit = (section: ReportSection) => {
    const heading = `${section.marker}${section.title}`
    consider(section.id, heading, -1, section.title)
    section.paragraphs.forEach((paragraph, index) => consider(section.id, heading, index, paragraph))
    section.children.forEach(visit)
  }
  params.document.sections.forEach(visit)
  return { total: hits.length, hits: hits.slice(0, MAX_HITS) }
}
