import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { ReportSearchResponse } from '../../../contracts/reports-api'
import { searchReport } from '../../services/api'
import { RequestError } from '../../services/http'
import { paragraphAnchor } from './section-view'

/**
 * 在报告里搜索: loaded only when a reader opens it (React.lazy in the reader), so the reader's
 * first screen does not wait for the input component and the results view.
 */
export default function ReportSearch(props: { reportId: string; onJump: (anchor: string) => void }) {
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<ReportSearchResponse | null>(null)
  const [searchError, setSearchError] = useState<string | null>(null)

  const runSearch = async () => {
    const trimmed = query.trim()
    if (!trimmed) return
    setSearchError(null)
    try {
      setResults(await searchReport({ id: props.reportId, query: trimmed }))
    } catch (failure) {
      setSearchError(failure instanceof RequestError ? failure.message : '搜索没有成功，请再试一次。')
    }
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
          <Text className='muted'>{results.total === 0 ? `没有找到“${results.query}”` : `找到 ${results.total} 处`}</Text>
          {results.hits.map((hit, index) => (
            <View
              key={`${hit.sectionId ?? 'p'}-${hit.paragraphIndex}-${index}`}
              className='list-item search-hit'
              role='link'
              onClick={() => props.onJump(hit.paragraphIndex < 0 && hit.sectionId ? hit.sectionId : paragraphAnchor(hit.sectionId, hit.paragraphIndex))}
            >
              {hit.sectionTitle && <Text className='muted'>{hit.sectionTitle}</Text>}
              <Text className='text'>
                {hit.highlights.length === 0
                  ? hit.snippet
                  : hit.highlights.map((highlight, position) => {
                      const from = position === 0 ? 0 : hit.highlights[position - 1].start + hit.highlights[position - 1].length
                      return (
                        <Text key={position}>
                          {hit.snippet.slice(from, highlight.start)}
                          <Text className='search-mark'>{hit.snippet.slice(highlight.start, highlight.start + highlight.length)}</Text>
                          {position === hit.highlights.length - 1 ? hit.snippet.slice(highlight.start + highlight.length) : ''}
                        </Text>
                      )
                    })}
              </Text>
            </View>
          ))}
        </View>
      )}
    </>
  )
}
