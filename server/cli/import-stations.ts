// npm run import:stations -- <file-or-url> [--json]
import { chinaDate } from '../../contracts/china-time'
import fs from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config'
import { parseDirectoryRows } from '../stations/directory-rows'
import { loadBundledDirectory } from '../stations/station-directory'
import { KyselyStationRepository } from '../stations/station.repository'
import { openStorage } from '../storage/database'
import { createUpstreamClient } from '../upstream/upstream-client'

const usage = '用法：npm run import:stations -- <CSV/JSON 文件或网址> [--json]'

function progress(message: string): void {
  process.stderr.write(`${message}\n`)
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } })
  if (values.help || positionals.length !== 1) {
    process.stderr.write(`${usage}\n`)
    return values.help ? 0 : 64
  }
  const config = loadConfig(process.env)
  const target = positionals[0]
  const isUrl = /^https?:\/\//i.test(target)
  progress(`${isUrl ? '下载' : '读取'} ${target} …`)
  let input: string
  if (isUrl) {
    const result = await createUpstreamClient({ timeoutMs: config.upstreamTimeoutMs }).fetchText({ url: target })
    if (result.status !== 'ok') throw new Error('服务器没有返回内容')
    input = result.body
  } else {
    input = await fs.readFile(path.resolve(target), 'utf8')
  }

  progress('逐行检查 …')
  const { registries } = loadBundledDirectory({ dir: path.join(config.seedDir, 'stations') })
  const now = new Date()
  const result = parseDirectoryRows({ input, registries, source: `导入 ${isUrl ? target : path.basename(target)} ${chinaDate({ now })}`, now })
  if (result.fileErrors.length > 0) {
    progress(`文件无法读取：${result.fileErrors.join('；')}`)
    return 1
  }
  for (const rejection of result.rejected) progress(`  第 ${rejection.row} 行${rejection.line ? `（文件第 ${rejection.line} 行）` : ''}未导入：${rejection.reasons.join('；')}`)
  if (result.ignoredColumns.length > 0) progress(`  未使用的列：${result.ignoredColumns.join('、')}`)

  const storage = await openStorage(config.storage)
  try {
    const saved = await new KyselyStationRepository(storage.db).upsertMany({ stations: result.accepted, importedAt: now.toISOString() })
    const summary = { accepted: result.accepted.length, rejected: result.rejected.length, created: saved.created, updated: saved.updated, rejections: result.rejected.map(({ row, line, reasons }) => ({ row, line, reasons })) }
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`)
    progress(`完成：接受 ${summary.accepted} 行（新增 ${saved.created}，更新 ${saved.updated}），拒绝 ${summary.rejected} 行。运行中的服务会在下次刷新名录时用上。`)
    return result.accepted.length > 0 || result.rejected.length === 0 ? 0 : 1
  } finally {
    await storage.close()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`导入失败：${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
