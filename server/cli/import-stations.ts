// npm run import:stations -- <file-or-url> [--county NAME] [--datum gcj02|wgs84|bd09] [--dry-run] [--json]
import { redactUrl } from '../logging'
import { chinaDate } from '../../contracts/china-time'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config'
import { parseDatum, parseDirectoryRows, registryOf, type DatumReading, type DirectoryParseResult } from '../stations/directory/directory-rows'
import { loadBundledDirectory } from '../stations/station-directory'
import { KyselyStationRepository } from '../stations/station.repository'
import { TEXT_ENCODING_LABELS } from '../upstream/text-encoding'
import { IMPORT_OPTIONS, isUrl, progress, readTarget, runCommand, usageUnlessOneTarget, USAGE_EXIT, withStorage } from './cli-command'

const usage = [
  '用法：npm run import:stations -- <CSV/JSON 文件或网址> [--county 区县名] [--datum gcj02|wgs84|bd09] [--dry-run] [--json]',
  '  --county   文件没有区县列时（只有一个区县的名录），每一行的区县',
  '  --datum    文件没有坐标系列时，坐标的坐标系（默认 gcj02；百度坐标为 bd09）',
  '  --dry-run  只检查不保存；和 --json 一起时输出将要保存的站点和每个被拒绝行的原因',
].join('\n')

function rowLabel(entry: { row: number; line: number | null }): string {
  return `第 ${entry.row} 行${entry.line ? `（文件第 ${entry.line} 行）` : ''}`
}

function printDetails(result: DirectoryParseResult): void {
  if (result.encoding !== null) progress(`  编码：${TEXT_ENCODING_LABELS[result.encoding]}`)
  for (const note of result.notes) progress(`  ${note}`)
  for (const rejection of result.rejected) progress(`  ${rowLabel(rejection)}未导入：${rejection.reasons.join('；')}`)
  for (const warning of result.warnings) progress(`  ${rowLabel(warning)}已导入，请留意：${warning.messages.join('；')}`)
  if (result.ignoredColumns.length > 0) progress(`  未使用的列：${result.ignoredColumns.join('、')}`)
}

async function main(): Promise<number> {
  const parsed = parseArgs({ allowPositionals: true, options: { ...IMPORT_OPTIONS, datum: { type: 'string' } } })
  const wrongCall = usageUnlessOneTarget(parsed, usage)
  if (wrongCall !== null) return wrongCall
  const { values, positionals } = parsed
  let defaultDatum: DatumReading | undefined
  if (values.datum !== undefined) {
    defaultDatum = parseDatum({ value: values.datum }) ?? undefined
    if (defaultDatum === undefined) {
      process.stderr.write(`--datum「${values.datum}」无法识别，应为 gcj02、wgs84 或 bd09\n${usage}\n`)
      return USAGE_EXIT
    }
  }
  const county = values.county?.trim() || undefined
  const config = loadConfig(process.env)
  const target = positionals[0]
  const input = await readTarget({ target, timeoutMs: config.upstreamTimeoutMs })

  progress('逐行检查 …')
  const { registries } = loadBundledDirectory({ dir: path.join(config.seedDir, 'stations') })
  if (county !== undefined && registryOf({ county, registries }) === undefined) {
    progress(`  注意：内置名录里没有「${county}」的乡镇表，乡镇名不会被核对，区县按所写保存`)
  }
  const now = new Date()
  const result = parseDirectoryRows({
    input,
    registries,
    defaultCounty: county,
    defaultDatum,
    source: `导入 ${isUrl(target) ? (redactUrl(target) ?? target) : path.basename(target)} ${chinaDate({ now })}`,
    now,
  })
  const report = {
    encoding: result.encoding,
    accepted: result.accepted.length,
    rejected: result.rejected.length,
    rejections: result.rejected.map(({ row, line, reasons, raw }) => ({ row, line, reasons, raw })),
    warnings: result.warnings,
    ignoredColumns: result.ignoredColumns,
    notes: result.notes,
  }
  if (result.fileErrors.length > 0) {
    if (result.encoding !== null) progress(`  编码：${TEXT_ENCODING_LABELS[result.encoding]}`)
    progress(`文件无法读取：${result.fileErrors.join('；')}`)
    if (values.json) process.stdout.write(`${JSON.stringify({ ...report, fileErrors: result.fileErrors })}\n`)
    return 1
  }
  printDetails(result)
  const exitCode = result.accepted.length > 0 || result.rejected.length === 0 ? 0 : 1

  if (values['dry-run']) {
    // the stations exactly as they would be stored, and why each other row would not be
    if (values.json) process.stdout.write(`${JSON.stringify({ dryRun: true, ...report, stations: result.accepted }, null, 2)}\n`)
    progress(`试运行（没有保存）：可接受 ${report.accepted} 行，拒绝 ${report.rejected} 行。`)
    return exitCode
  }

  return withStorage(config.storage, async (storage) => {
    const saved = await new KyselyStationRepository(storage.db).upsertMany({ stations: result.accepted, importedAt: now.toISOString() })
    if (values.json) process.stdout.write(`${JSON.stringify({ ...report, created: saved.created, updated: saved.updated })}\n`)
    progress(
      `完成：接受 ${report.accepted} 行（新增 ${saved.created}，更新 ${saved.updated}），拒绝 ${report.rejected} 行。运行中的服务会在下次刷新名录时用上。`,
    )
    return exitCode
  })
}

runCommand(main, { failure: '导入失败' })
