import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from 'pino'
import { backupsToPrune, formatBytes, nextBackupAt, scheduledBackupName, staleBackupTemps } from './backup-files'
import { takeBackup, type StorageConfig } from './backup.service'

/** A backup's temp file this old belongs to a process that ended mid-way (a backup takes seconds to minutes). */
const STALE_TEMP_MS = 6 * 60 * 60 * 1000

export interface ScheduledBackupSettings {
  /** BACKUP_DIR: where the daily backups go */
  dir: string
  /** BACKUP_KEEP: how many of the newest are kept */
  keep: number
  /** BACKUP_HOUR: the China-time hour (0–23) of the daily backup */
  hour: number
}

/**
 * One scheduled backup now: `fazhitong-<China date>.db|.dump` in the directory, then the oldest
 * beyond `keep` deleted (only files of that naming pattern). Logs the file's name, size and
 * duration: never a URL, a path of the database or anything of its rows.
 */
export async function runScheduledBackup(params: {
  storage: StorageConfig
  settings: ScheduledBackupSettings
  logger: Logger
  now: () => Date
}): Promise<void> {
  const { settings, logger } = params
  fs.mkdirSync(settings.dir, { recursive: true })
  const files = fs.readdirSync(settings.dir).map((name) => ({ name, modifiedAt: fs.statSync(path.join(settings.dir, name)).mtime }))
  for (const stale of staleBackupTemps({ files, now: params.now(), olderThanMs: STALE_TEMP_MS })) fs.rmSync(path.join(settings.dir, stale), { force: true })
  const name = scheduledBackupName({ kind: params.storage.kind, at: params.now() })
  const written = await takeBackup({ storage: params.storage, out: path.join(settings.dir, name) })
  logger.info(
    { backup: { file: name, bytes: written.bytes, size: formatBytes(written.bytes), durationMs: written.durationMs, migration: written.migration } },
    'scheduled backup written',
  )
  const pruned = backupsToPrune({ names: fs.readdirSync(settings.dir), keep: settings.keep })
  for (const old of pruned) fs.rmSync(path.join(settings.dir, old), { force: true })
  if (pruned.length > 0) logger.info({ backup: { deleted: pruned, keep: settings.keep } }, 'old scheduled backups deleted')
}

/**
 * Takes a backup daily at `hour`:00 China time; returns the function that stops it. A failed
 * backup is logged (warn) and the next day's is still scheduled. With several instances on one
 * PostgreSQL database, set BACKUP_DIR on one of them.
 */
export function startScheduledBackups(params: {
  storage: StorageConfig
  settings: ScheduledBackupSettings
  logger: Logger
  now?: () => Date
}): () => Promise<void> {
  const now = params.now ?? (() => new Date())
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false
  // a backup under way when the BFF stops is finished before the database closes (its temp file renamed or removed)
  let running: Promise<void> = Promise.resolve()
  const schedule = () => {
    if (stopped) return
    const at = nextBackupAt({ now: now(), hour: params.settings.hour })
    timer = setTimeout(
      () => {
        running = runScheduledBackup({ ...params, now })
          .then(() => undefined)
          .catch((error: unknown) => params.logger.warn({ err: error }, 'scheduled backup failed'))
          .finally(schedule)
      },
      Math.max(0, at.getTime() - now().getTime()),
    )
    // a pending backup never keeps the process alive (shutdown stops it anyway)
    timer.unref()
  }
  schedule()
  params.logger.info(
    { backup: { keep: params.settings.keep, hour: params.settings.hour } },
    `scheduled backups on: daily at ${String(params.settings.hour).padStart(2, '0')}:00 China time`,
  )
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    return running
  }
}
