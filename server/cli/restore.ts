// npm run restore -- FILE [--force]   restores a backup into the configured database (stop the BFF first)
import { BackupError, restoreBackup } from '../backup/backup.service'
import { loadConfig } from '../config'
import { parseOptions, runCommand, USAGE_EXIT } from './cli-command'

const usage = `用法：
  npm run restore -- FILE            把备份恢复到当前配置的数据库（先停掉服务）；目标已有数据时拒绝
  npm run restore -- FILE --force    目标已有数据也用备份覆盖
  加 --json 输出 JSON`

async function main(): Promise<number> {
  const parsed = parseOptions(
    { allowPositionals: true, options: { force: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } },
    usage,
  )
  if (!parsed) return USAGE_EXIT
  if (parsed.positionals.length !== 1) {
    process.stderr.write(`请给出一个备份文件\n${usage}\n`)
    return USAGE_EXIT
  }
  const done = await restoreBackup({ storage: loadConfig(process.env).storage, file: parsed.positionals[0], force: parsed.values.force === true })
  if (parsed.values.json) {
    process.stdout.write(`${JSON.stringify(done)}\n`)
  } else {
    const migrated = done.migratedUp.length > 0 ? `；备份来自较早的版本，已升级数据库结构：${done.migratedUp.join('、')}（服务启动时也会自动升级）` : ''
    process.stdout.write(
      `恢复完成（${done.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}，备份的迁移版本 ${done.backupMigration}，用时 ${(done.durationMs / 1000).toFixed(1)} s）${migrated}\n`,
    )
  }
  return 0
}

runCommand(main, { failure: '恢复失败', exitCode: (error) => (error instanceof BackupError ? error.exitCode : 1) })
