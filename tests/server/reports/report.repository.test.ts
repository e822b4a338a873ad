import type { StructuredReport } from '../../../contracts/report'
import { KyselyReportRepository, type StoredReport } from '../../../server/reports/report.repository'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'

function document(title: string, publishedAt: string | null): StructuredReport {
  return {
    meta: { indexNo: null, docNo: null, topic: null, genre: null, publisher: '某县人民政府', writtenAt: publishedAt, publishedAt },
    title,
    year: 2023,
    headerLines: [],
    preamble: ['现将有关情况报告如下：'],
    sections: [{ id: 's1', level: 1, marker: '一、', title: '工作成效', paragraphs: ['办理法律援助案件 12 件。'], children: [] }],
    closing: [],
    figures: [{ value: 12, unit: '件', approx: false, label: '法律援助案件', change: null, sectionId: 's1', quote: '办理法律援助案件 12 件。' }],
  }
}

function stored(id: string, title: string, publishedAt: string | null, hash = 'h1'): StoredReport {
  return {
    id,
    county: '某县',
    title,
    year: 2023,
    publisher: '某县人民政府',
    publishedAt,
    source: `bundled:${id}.txt`,
    contentHash: hash,
    document: document(title, publishedAt),
    importedAt: '2026-11-26T00:00:00.000Z',
  }
}

describeEachStorage('KyselyReportRepository', (storage: () => Storage) => {
  const repository = () => new KyselyReportRepository(storage().db)

  it('stores a report and reads back the same document', async () => {
    const report = { ...stored('2023-a', '某县2023年度法治政府建设情况报告', '2024-02-29'), sourceText: '某县2023年度法治政府建设情况报告\n一、成效' }
    expect(await repository().upsert(report)).toBe('created')
    const { sourceText, ...served } = report
    expect(await repository().findById('2023-a')).toEqual(served)
    expect(await repository().sourceTextOf('2023-a')).toBe(sourceText)
  })

  it('a report stored without its source (before 0011) is served typeset, under another ETag than its stored hash', async () => {
    await repository().upsert(stored('2023-old', '某县2023年度法治政府建设情况报告', '2024-02-29', 'h-old'))
    expect((await repository().findById('2023-old'))?.contentHash).toBe('h-old-typeset')
    expect(await repository().contentHashOf('2023-old')).toBe('h-old-typeset')
  })

  it('re-importing with the same content changes nothing; with new content updates in place, never duplicating', async () => {
    const report = stored('2023-b', '另一县2023年度法治政府建设情况报告', '2024-03-01')
    await repository().upsert(report)
    expect(await repository().upsert(report)).toBe('unchanged')
    const revised = { ...stored('2023-b', '另一县2023年度法治政府建设情况报告（修订）', '2024-03-02', 'h2') }
    const before = await repository().count()
    expect(await repository().upsert(revised)).toBe('updated')
    expect(await repository().count()).toBe(before)
    expect((await repository().findById('2023-b'))?.title).toBe('另一县2023年度法治政府建设情况报告（修订）')
  })

  it('lists newest publication first, with undated reports last on either database', async () => {
    await repository().upsert(stored('2021-x', '某县2021年度报告', '2022-02-01'))
    await repository().upsert(stored('undated', '某县无日期报告', null))
    await repository().upsert(stored('2024-y', '某县2024年度报告', '2025-02-01'))
    const ids = (await repository().list()).map((report) => report.id)
    expect(ids.indexOf('2024-y')).toBeLessThan(ids.indexOf('2021-x'))
    expect(ids[ids.length - 1]).toBe('undated')
  })

  it('answers null for an unknown id', async () => {
    expect(await repository().findById('no-such-report')).toBeNull()
  })
})
