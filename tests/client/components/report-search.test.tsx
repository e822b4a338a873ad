import { resultsSummary, snippetMarks } from '../../../client/components/report/report-search'

const hit = (snippet: string, highlights: { start: number; length: number }[]) => ({
  sectionId: 's1',
  sectionTitle: '一、',
  paragraphIndex: 0,
  snippet,
  highlights,
})

describe('report search results (client/components/report/report-search)', () => {
  it('merges overlapping or touching highlights into one mark, in order', () => {
    expect(
      snippetMarks([
        { start: 6, length: 2 },
        { start: 0, length: 4 },
        { start: 2, length: 3 },
      ]),
    ).toEqual([
      { start: 0, length: 5 },
      { start: 6, length: 2 },
    ])
    expect(
      snippetMarks([
        { start: 0, length: 2 },
        { start: 2, length: 2 },
      ]),
    ).toEqual([{ start: 0, length: 4 }])
    expect(snippetMarks([])).toEqual([])
  })

  it('counts the marks it highlights, not the paragraphs: one paragraph with the word twice is 2 处', () => {
    const results = {
      query: '法律援助',
      total: 1,
      hits: [
        hit('法律援助中心办理法律援助案件', [
          { start: 0, length: 4 },
          { start: 8, length: 4 },
        ]),
      ],
    }
    expect(resultsSummary(results)).toBe('找到 2 处（1 段）')
  })

  it('says when the server listed fewer paragraphs than matched, and when nothing matched', () => {
    const results = { query: '调解', total: 60, hits: [hit('调解', [{ start: 0, length: 2 }])] }
    expect(resultsSummary(results)).toBe('找到 1 处（1 段），只列出前 1 段')
    expect(resultsSummary({ query: '无此词', total: 0, hits: [] })).toBe('没有找到“无此词”')
  })
})
