import fs from 'node:fs'
import path from 'node:path'
import { KyselyReportRepository } from '../../../server/reports/report.repository'
import type { ReportRepository } from '../../../server/reports/report.repository'
import { ReportsService } from '../../../server/reports/reports.service'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'

const seedText = fs.readFileSync(path.resolve(__dirname, '../../../data/reports/xiushan-2023.txt'), 'utf8')
const importedAt = new Date('2026-11-26T23:30:00+08:00')

describeEachStorage('ReportsService.detail', (storage: () => Storage) => {
  it('serves the derived detail from memory for a second, then notices a version stored by another instance', async () => {
    let clockMs = 0
    const reader = new ReportsService(new KyselyReportRepository(storage().db), () => clockMs)
    const importer = new ReportsService(new KyselyReportRepository(storage().db))
    const { report } = await importer.importReport({ input: seedText, source: 'test:seed', now: importedAt })

    const first = await reader.detail(report.id)
    // another BFF instance (or the import CLI) stores a corrected version of the same report
    const corrected = seedText.replace('2023年,秀山县深入践行习近平法治思想', '2023年,秀山县认真践行习近平法治思想')
    expect(corrected).not.toBe(seedText)
    const { report: updated } = await importer.importReport({ input: corrected, source: 'test:seed', now: importedAt })
    expect(updated.id).toBe(report.id)
    expect(updated.contentHash).not.toBe(report.contentHash)

    clockMs = 999
    expect((await reader.detail(report.id)).contentHash).toBe(first.contentHash)
    clockMs = 1000
    const fresh = await reader.detail(report.id)
    expect(fresh.contentHash).toBe(updated.contentHash)
    expect(fresh.json).toContain('认真践行')
  })

  it('an import through the same instance shows at once', async () => {
    const service = new ReportsService(new KyselyReportRepository(storage().db), () => 0)
    const { report } = await service.importReport({ input: seedText, source: 'test:seed-2', now: importedAt })
    await service.detail(report.id)
    await service.importReport({ input: seedText.replace('深入践行', '切实践行'), source: 'test:seed-2', now: importedAt })
    expect((await service.detail(report.id)).json).toContain('切实践行')
  })

  it('says in every detail whether a 小程序码 can be had: only with WeChat configured', async () => {
    const repository = new KyselyReportRepository(storage().db)
    const { report } = await new ReportsService(repository).importReport({ input: seedText, source: 'test:seed-3', now: importedAt })
    expect((await new ReportsService(repository).detail(report.id)).detail.wxacode).toBe(false)
    expect((await new ReportsService(repository, undefined, { wxacode: true }).detail(report.id)).detail.wxacode).toBe(true)
  })
})

describeEachStorage('ReportsService.refreshFromSources', (storage: () => Storage) => {
  it('reads a report stored by an older importer again from its kept text, once: the stray “)” and the senseless figures go', async () => {
    const repository = new KyselyReportRepository(storage().db)
    const service = new ReportsService(repository, () => 0)
    const { report } = await service.importReport({ input: seedText, source: 'bundled:xiushan-2023.txt', now: importedAt })
    // what the importer used to store: the damaged markers kept, a figure labelled by a name
    const old = structuredClone(report.document)
    for (const child of old.sections[2].children) child.marker = ')'
    old.figures.push({
      value: 4,
      unit: '户',
      approx: false,
      label: '杨某等',
      change: null,
      sectionId: 's1-4-2',
      quote: '成功化解杨某等4户因征地拆迁问题引发的4起历时7年的行政赔偿案件。',
    })
    await repository.upsert({ ...report, document: old, contentHash: 'older-importer' })
    expect((await service.detail(report.id)).detail.sections[2].children[0].marker).toBe(')')

    expect(await service.refreshFromSources({ now: importedAt })).toEqual([report.id])
    const { detail } = await service.detail(report.id)
    expect(detail.sections[2].children.map((child) => child.marker)).toEqual(['(一)', '(二)', '(三)'])
    expect(detail.figures.some((figure) => figure.label === '杨某等')).toBe(false)
    expect((await repository.findById(report.id))?.source).toBe('bundled:xiushan-2023.txt')
    // nothing changes the second time
    expect(await service.refreshFromSources({ now: importedAt })).toEqual([])
  })
})

describeEachStorage('ReportsService while the database is away', (storage: () => Storage) => {
  /** The stored reports, behind a switch that makes every read fail as an unreachable PostgreSQL does (ECONNREFUSED). */
  function switchableRepository() {
    const stored = new KyselyReportRepository(storage().db)
    const state = { down: false, reads: 0 }
    const refuse = <T>(read: () => Promise<T>): Promise<T> => {
      state.reads += 1
      return state.down ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) : read()
    }
    const repository: ReportRepository = {
      upsert: (report) => stored.upsert(report),
      list: () => refuse(() => stored.list()),
      findById: (id) => refuse(() => stored.findById(id)),
      contentHashOf: (id) => refuse(() => stored.contentHashOf(id)),
      sourceTextOf: (id) => refuse(() => stored.sourceTextOf(id)),
      count: () => refuse(() => stored.count()),
      hasSource: (source) => refuse(() => stored.hasSource(source)),
    }
    return { repository, state }
  }

  it('serves every listed report (read or not) from memory, asks the database again only after 5 s, and is fresh once it answers', async () => {
    let clockMs = 0
    const { repository, state } = switchableRepository()
    const { report } = await new ReportsService(new KyselyReportRepository(storage().db)).importReport({
      input: seedText,
      source: 'test:away',
      now: importedAt,
    })
    const service = new ReportsService(repository, () => clockMs)
    // a list read brings every listed report into memory; this one was never read alone
    expect((await service.readList()).reports.map((summary) => summary.id)).toContain(report.id)

    state.down = true
    clockMs = 10_000
    expect((await service.readList()).fromMemory).toBe(true)
    const readsWhenFoundAway = state.reads
    // for the next 5 s memory answers without waiting on the database again
    clockMs = 14_999
    expect((await service.detail(report.id)).detail.title).toBe(report.title)
    expect((await service.search({ id: report.id, query: '法律援助' })).total).toBeGreaterThan(0)
    expect((await service.latestStored())?.id).toBe(report.id)
    expect(state.reads).toBe(readsWhenFoundAway)
    // then it is asked again (and still away)
    clockMs = 15_000
    expect((await service.readList()).fromMemory).toBe(true)
    expect(state.reads).toBe(readsWhenFoundAway + 1)
    // a report it never had is not "not found": nobody can tell while the database is away
    await expect(service.get('2023-0000000000')).rejects.toMatchObject({ code: 'ECONNREFUSED' })

    state.down = false
    clockMs = 20_000
    expect((await service.readList()).fromMemory).toBe(false)
    await expect(service.get('2023-0000000000')).rejects.toMatchObject({ status: 404 })
  })
})
