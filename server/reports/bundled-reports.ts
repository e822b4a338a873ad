import fs from 'node:fs/promises'
import path from 'node:path'
import type { ReportsService } from './reports.service'

/**
 * On first start (no report stored yet) the reports shipped in `data/reports/` are imported,
 * so a fresh install shows real content; later starts leave the stored reports alone.
 */
export async function importBundledReports(params: { service: ReportsService; reportsDir: string; now: Date }): Promise<string[]> {
  if ((await params.service.list()).length > 0) return []
  const files = (await fs.readdir(params.reportsDir).catch(() => [] as string[])).filter((name) => /\.(txt|html?)$/i.test(name)).sort()
  const imported: string[] = []
  for (const name of files) {
    const input = await fs.readFile(path.join(params.reportsDir, name), 'utf8')
    const { report } = await params.service.importReport({ input, source: `bundled:${name}`, now: params.now })
    imported.push(report.id)
  }
  return imported
}
