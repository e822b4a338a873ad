// npm run backup -- --out FILE   a backup of the configured database (SQLite: online backup API; PostgreSQL: pg_dump)
import { formatBytes } from '../backup/backup-files'
import { BackupError, takeBackup } from '../backup/backup.service'
import { loadConfig } from '../config'
import { parseOptions, runCommand, USAGE_EXIT } from './cli-command'

const usage = `用法：
  npm run backup -- --out FILE    备份当前配置的数据库（SQLite 用在线备份，服务运行时也可以；PostgreSQL 用 pg_dump 的 custom 格式）
  加 --json 输出 JSON`

async function main(): Promise<number> {
  const parsed = parseOptions({ options: { out: { type: 'string' }, json: { type: 'boolean', default: false } } }, usage)
  if (!parsed) return USAGE_EXIT
  const { values } = parsed
  if (!values.out) {
    process.stderr.write(`请用 --out 指定备份文件\n${usage}\n`)
    return USAGE_EXIT
  }
  const written = await takeBackup({ storage: loadConfig(process.env).storage, out: values.out })
  if (values.json) process.stdout.write(`${JSON.stringify(written)}\n`)
  else
    process.stdout.write(
      `备份完成：${written.file}（${written.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL custom 格式'}，${formatBytes(written.bytes)}，用时 ${(written.durationMs / 1000).toFixed(1)} s，迁移版本 ${written.migration}，sha256 ${written.sha256}）\n`,
    )
  return 0
}

runCommand(main, { failure: '备份失败', exitCode: (error) => (error instanceof BackupError ? error.exitCode : 1) })
