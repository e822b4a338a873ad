// npm run import:report -- <file-or-url> [--county NAME] [--dry-run] [--json]
import { redactUrl } from '../logging'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config'
import { parseReport } from '../importers/report-parser'
import { KyselyReportRepository } from '../reports/report.repository'
import { ReportsService } from '../reports/reports.service'
import { IMPORT_OPTIONS, isUrl, progress, readTarget, runCommand, usageUnlessOneTarget, withStorage } from './cli-command'

const usage = '用法：npm run import:report -- <文件或网址> [--county 区县名] [--dry-run] [--json]'

async function main(): Promise<number> {
  const parsed = parseArgs({ allowPositionals: true, options: IMPORT_OPTIONS })
  const wrongCall = usageUnlessOneTarget(parsed, usage)
  if (wrongCall !== null) return wrongCall
  const { values, positionals } = parsed
  const config = loadConfig(process.env)
  const target = positionals[0]
  const input = (await readTarget({ target, timeoutMs: config.upstreamTimeoutMs })).toString()

  if (values['dry-run']) {
    progress('解析中（试运行，不保存）…')
    const report = parseReport({ input })
    // the same rule as the import: without a title the report cannot be stored, so say so
    const problem = report.title ? null : { code: 'REPORT_UNREADABLE', message: `没有在内容里找到报告标题（找到章节 ${report.sections.length} 个），无法导入` }
    if (values.json) process.stdout.write(`${JSON.stringify(problem ? { error: problem, report } : report, null, 2)}\n`)
    else progress(`标题：${report.title || '（未找到）'}；章节 ${report.sections.length} 个；数字 ${report.figures.length} 个`)
    if (problem) progress(`导入失败：${problem.message}`)
    return problem ? 1 : 0
  }

  return withStorage(config.storage, async (storage) => {
    progress(`解析并保存到 ${config.storage.kind === 'sqlite' ? config.storage.sqlitePath : 'PostgreSQL'} …`)
    const service = new ReportsService(new KyselyReportRepository(storage.db))
    const source = isUrl(target) ? (redactUrl(target) ?? target) : `file:${path.basename(target)}`
    const { report, outcome } = await service.importReport({ input, county: values.county, source, now: new Date() })
    const words = { created: '已导入', updated: '已更新', unchanged: '内容没有变化，未改动' } as const
    const summary = {
      id: report.id,
      county: report.county,
      title: report.title,
      outcome,
      sections: report.document.sections.length,
      figures: report.document.figures.length,
    }
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`)
    progress(`${words[outcome]}：${report.title}（${report.county}，编号 ${report.id}，章节 ${summary.sections} 个，数字 ${summary.figures} 个）`)
    return 0
  })
}

runCommand(main, { failure: '导入失败' })
