import fs from 'node:fs/promises'
import path from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { redactUrl } from '../logging'
import { openStorage, type Storage, type StorageOptions } from '../storage/database'
import { createUpstreamClient } from '../upstream/upstream-client'

/** What the `npm run` commands of the BFF (./admin.ts, ./backup.ts, ./import-*.ts, ./purge.ts, ./restore.ts) share. */

/** The exit code of a command called wrongly (sysexits EX_USAGE), as scripts around it expect. */
export const USAGE_EXIT = 64

/** Progress goes to stderr so `--json` leaves stdout to the JSON alone. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`)
}

/** The options of argv, or — an unknown or malformed option — null after saying what is wrong and the usage (exit USAGE_EXIT). */
export function parseOptions<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> | null {
  try {
    return parseArgs<T>({ args: process.argv.slice(2), ...config })
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`)
    return null
  }
}

/** What every import takes besides its own options: `<file-or-url> [--county NAME] [--dry-run] [--json]`. */
export const IMPORT_OPTIONS = {
  county: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const

/** `--help`, or not exactly one file or URL: the usage on stderr and the exit code (0 when asked for); null when the call is right. */
export function usageUnlessOneTarget(parsed: { values: { help?: boolean }; positionals: string[] }, usage: string): number | null {
  if (!parsed.values.help && parsed.positionals.length === 1) return null
  process.stderr.write(`${usage}\n`)
  return parsed.values.help ? 0 : USAGE_EXIT
}

export const isUrl = (target: string): boolean => /^https?:\/\//i.test(target)

/** A URL through the upstream client (decoded by its declared charset, else detected); a file as its bytes. */
export async function readTarget(params: { target: string; timeoutMs: number }): Promise<string | Buffer> {
  if (isUrl(params.target)) {
    progress(`下载 ${redactUrl(params.target) ?? ''} …`)
    const result = await createUpstreamClient({ timeoutMs: params.timeoutMs }).fetchText({ url: params.target })
    if (result.status !== 'ok') throw new Error('服务器没有返回内容')
    return result.body
  }
  progress(`读取 ${params.target} …`)
  return fs.readFile(path.resolve(params.target))
}

/** The configured database, open for `work` and closed after it, whatever happens. */
export async function withStorage<T>(options: StorageOptions, work: (storage: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage(options)
  try {
    return await work(storage)
  } finally {
    await storage.close()
  }
}

/**
 * Runs a command and exits with its code. A failure is one line on stderr, `${failure}：<message>`,
 * and exit 1 unless `exitCode` names the error's own (a backup's pg_dump missing, …).
 */
export function runCommand(main: () => Promise<number>, params: { failure: string; exitCode?: (error: unknown) => number }): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${params.failure}：${error instanceof Error ? error.message : String(error)}\n`)
      process.exit(params.exitCode?.(error) ?? 1)
    },
  )
}
