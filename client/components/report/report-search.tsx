import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { ReportSearchResponse } from '../../../contracts/reports-api'
import { searchReport } from '../../services/api'
import { useAction } from '../../hooks/use-action'
import { paragraphAnchor } from '../../../contracts/report-text'

/**
 * 在报告里搜索: loaded only when a reader opens it (React.lazy in the reader), so the reader's
 * first screen does not wait for the input component and the results view.
 */
type Highlight = ReportSearchResponse['hits'][number]['highlights'][number]

/**
 * The marks a snippet shows: the server's highlights, sorted, with overlapping or touching ones merged
 * (terms of a query may overlap), so every mark is one run of text and is counted once.
 */
export function snippetMarks(highlights: readonly Highlight[]): Highlight[] {
  const marks: Highlight[] = []
  for (const highlight of [...highlights].sort((a, b) => a.start - b.start)) {
    const last = marks[marks.length - 1]
    if (last && highlight.start <= last.start + last.length) {
      last.length = Math.max(last.length, highlight.start + highlight.length - last.start)
    } else {
      marks.push({ start: highlight.start, length: highlight.length })
    }
  }
  return marks
}

/**
 * "找到 N 处" counts what the results highlight: the marks, one per occurrence, over the listed hits
 * (the server's `total` counts matching paragraphs, one per hit, which undercounts a paragraph that
 * holds the word twice). When the server listed fewer hits than matched, say so.
 */
export function resultsSummary(results: ReportSearchResponse): string {
  if (results.total === 0 || results.hits.length === 0) return `没有找到“${results.query}”`
  const marks = results.hits.reduce((sum, hit) => sum + snippetMarks(hit.highlights).length, 0)
  const more = results.total > results.hits.length ? `，只列出前 ${results.hits.length} 段` : ''
  return `找到 ${marks} 处（${results.hits.length} 段）${more}`
}

/** The words a hit's marks cover, to mark them again where the reader lands. */
export function hitTerms(hit: ReportSearchResponse['hits'][number]): string[] {
  return [...new Set(snippetMarks(hit.highlights).map((mark) => hit.snippet.slice(mark.start, mark.start + mark.length)))]
}

export default function ReportSearch(props: { reportId: string; onJump: (anchor: string, terms: readonly string[]) => void }) {
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<ReportSearchResponse | null>(null)
  const search = useAction((trimmed: string) => searchReport({ id: props.reportId, query: trimmed }), '搜索没有成功，请再试一次。')
  const searchError = search.error

  const runSearch = async () => {
    const trimmed = query.trim()
    if (!trimmed) return
    const outcome = await search.run(trimmed)
    if (outcome.ok) setResults(outcome.value)
  }

  return (
    <>
      <View className='search-row'>
        <Input
          className='search-input'
          type='text'
          confirmType='search'
          placeholder='在报告里搜索，如：法律援助'
          value={query}
          focus
          aria-label='在报告里搜索'
          onInput={(event) => setQuery(event.detail.value)}
          onConfirm={() => void runSearch()}
        />
        <View className='button search-button' role='button' onClick={() => void runSearch()}>
          搜索
        </View>
      </View>
      {searchError && <Text className='notice notice-error'>{searchError}</Text>}
      {results && (
        <View data-testid='search-results'>
          <Text className='muted' data-testid='search-summary'>
            {resultsSummary(results)}
          </Text>
          {results.hits.map((hit, index) => (
            <View
              key={`${hit.sectionId ?? 'p'}-${hit.paragraphIndex}-${index}`}
              className='list-item search-hit'
              role='link'
              onClick={() =>
                props.onJump(hit.paragraphIndex < 0 && hit.sectionId ? hit.sectionId : paragraphAnchor(hit.sectionId, hit.paragraphIndex), hitTerms(hit))
              }
            >
              {hit.sectionTitle && <Text className='muted'>{hit.sectionTitle}</Text>}
              <Text className='text'>
                <SnippetText snippet={hit.snippet} marks={snippetMarks(hit.highlights)} />
              </Text>
            </View>
          ))}
        </View>
      )}
    </>
  )
}

function SnippetText(props: { snippet: string; marks: Highlight[] }) {
  const { snippet, marks } = props
  if (marks.length === 0) return <>{snippet}</>
  return (
    <>
      {marks.map((mark, position) => {
        const from = position === 0 ? 0 : marks[position - 1].start + marks[position - 1].length
        return (
          <Text key={position}>
            {snippet.slice(from, mark.start)}
            <Text className='search-mark'>{snippet.slice(mark.start, mark.start + mark.length)}</Text>
            {position === marks.length - 1 ? snippet.slice(mark.start + mark.length) : ''}
          </Text>
        )
      })}
    </>
  )
}
