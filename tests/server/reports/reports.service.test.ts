import fs from 'node:fs'
import path from 'node:path'
import { KyselyReportRepository } from '../../../server/reports/report.repository'
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
})
