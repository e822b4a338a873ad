import fs from 'node:fs'
import path from 'node:path'
import { parseReport } from '../../../server/importers/report-parser'
import { searchReport } from '../../../server/reports/report-search'

const seed = parseReport({ input: fs.readFileSync(path.resolve(__dirname, '../../../data/reports/xiushan-2023.txt'), 'utf8') })

function highlighted(hit: { snippet: string; highlights: { start: number; length: number }[] }): string[] {
  return hit.highlights.map(({ start, length }) => hit.snippet.slice(start, start + length))
}

describe('searchReport', () => {
  it('finds 法律援助 in the paragraph of (二)2 公共法律服务提质增效 with the term highlighted', () => {
    const { hits } = searchReport({ document: seed, query: '法律援助' })
    const paragraph = hits.find((hit) => hit.paragraphIndex >= 0)
    expect(paragraph?.sectionTitle).toContain('公共法律服务提质增效')
    expect(highlighted(paragraph!)).toEqual(expect.arrayContaining(['法律援助']))
    const section = seed.sections[0].children[1].children[1]
    expect(section.paragraphs[paragraph!.paragraphIndex]).toContain('法律援助')
  })

  it('needs every term of a multi-word query', () => {
    expect(searchReport({ document: seed, query: '法律明白人 调解' }).hits.length).toBeGreaterThan(0)
    expect(searchReport({ document: seed, query: '法律明白人 火星' }).hits).toEqual([])
  })

  it('matches headings too, with paragraphIndex -1', () => {
    const { hits } = searchReport({ document: seed, query: '存在的问题' })
    expect(hits[0]).toMatchObject({ paragraphIndex: -1, sectionId: seed.sections[2].id })
  })

  it('keeps highlight offsets inside the snippet, also when the snippet is cut with …', () => {
    for (const hit of searchReport({ document: seed, query: '纠纷' }).hits) {
      for (const text of highlighted(hit)) expect(text).toBe('纠纷')
    }
  })
})
