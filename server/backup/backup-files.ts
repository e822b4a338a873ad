/**
 * The pure rules of backups and restores (server/backup): names, schedule, which old files go,
 * what kind of file a backup is, how its migrations compare with the code's, and how a
 * PostgreSQL URL becomes pg_dump's environment. No I/O here; time is a parameter.
 */

/** China time is UTC+08:00 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

export type BackupKind = 'sqlite' | 'postgres'

/** The file extension of each kind: a SQLite database file, a pg_dump custom-format archive. */
export const BACKUP_EXTENSIONS: Readonly<Record<BackupKind, string>> = { sqlite: 'db', postgres: 'dump' }

/** `YYYY-MM-DD` of the China date at `at`. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** A scheduled backup's name: `fazhitong-<China date>.db` or `.dump`. */
export function scheduledBackupName(params: { kind: BackupKind; at: Date }): string {
  return `fazhitong-${chinaDate(params.at)}.${BACKUP_EXTENSIONS[params.kind]}`
}

const SCHEDULED_NAME = /^fazhitong-(\d{4}-\d{2}-\d{2})\.(db|dump)$/

/** The next time strictly after `now` that it is `hour`:00 in China. */
export function nextBackupAt(params: { now: Date; hour: number }): Date {
  const chinaMidnight = Date.parse(`${chinaDate(params.now)}T00:00:00+08:00`)
  const today = chinaMidnight + params.hour * 60 * 60 * 1000
  return new Date(today > params.now.getTime() ? today : today + DAY_MS)
}

/**
 * Of the files in the backup directory, those to delete so the newest `keep` scheduled backups
 * remain. Only names the scheduler writes are considered: anything else there (a backup taken by
 * hand, a temp file of a backup in progress) is never touched.
 */
export function backupsToPrune(params: { names: readonly string[]; keep: number }): string[] {
  const scheduled = params.names.filter((name) => SCHEDULED_NAME.test(name))
  // newest first: by the date in the name, then by name (a .db and a .dump of one day: both are kept or go in a stable order)
  const newestFirst = [...scheduled].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
  return newestFirst.slice(Math.max(0, params.keep))
}

const SCHEDULED_TEMP = /^\.fazhitong-\d{4}-\d{2}-\d{2}\.(db|dump)\.tmp-\d+-\d+$/

/**
 * Temp files a scheduled backup left when its process ended mid-way (their names never match a
 * backup's, so pruning would never see them): those of the scheduler's own pattern older than
 * `olderThanMs` (a backup in progress in another process is younger).
 */
export function staleBackupTemps(params: { files: readonly { name: string; modifiedAt: Date }[]; now: Date; olderThanMs: number }): string[] {
  return params.files
    .filter((file) => SCHEDULED_TEMP.test(file.name) && params.now.getTime() - file.modifiedAt.getTime() > params.olderThanMs)
    .map((file) => file.name)
}

/**
 * What a file is, from its first bytes: SQLite's header (`SQLite format 3\0`), pg_dump's custom
 * format (`PGDMP`), or neither.
 */
export function backupKindOf(header: Uint8Array): BackupKind | null {
  const text = Buffer.from(header).toString('latin1')
  if (text.startsWith('SQLite format 3\u0000')) return 'sqlite'
  if (text.startsWith('PGDMP')) return 'postgres'
  return null
}

export type MigrationComparison =
  | { kind: 'same'; latest: string }
  /** the code has migrations the backup lacks: restore, then migrate up */
  | { kind: 'older'; latest: string; pending: string[] }
  /** the backup has migrations this code does not know: it came from newer code */
  | { kind: 'newer'; latest: string; unknown: string[] }

/** How the migrations applied in a backup compare with the code's. */
export function compareMigrations(params: { backup: readonly string[]; code: readonly string[] }): MigrationComparison {
  const known = new Set(params.code)
  const applied = new Set(params.backup)
  const latest = [...params.backup].sort().at(-1) ?? '（无）'
  const unknown = params.backup.filter((name) => !known.has(name))
  if (unknown.length > 0) return { kind: 'newer', latest, unknown }
  const pending = params.code.filter((name) => !applied.has(name))
  return pending.length > 0 ? { kind: 'older', latest, pending } : { kind: 'same', latest }
}

/**
 * The first schema of a `-c search_path=…` in DATABASE_URL's `options` (how tests and shared
 * servers isolate a deployment), or null when the URL sets none (the role's default, `public`).
 */
export function searchPathSchema(databaseUrl: string): string | null {
  let options: string | null
  try {
    options = new URL(databaseUrl).searchParams.get('options')
  } catch {
    return null
  }
  const match = options ? /(?:^|\s)-c\s*search_path\s*=\s*([^\s]+)/.exec(options) : null
  const first = match?.[1]
    .split(',')[0]
    ?.trim()
    .replace(/^"(.*)"$/, '$1')
  return first && !first.startsWith('$') ? first : null
}

/**
 * libpq's environment for DATABASE_URL: pg_dump and pg_restore get the connection through PG*
 * variables, never on their command line (where `ps` would show the password).
 */
export function libpqEnvironment(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl)
  const env: Record<string, string> = {}
  const host = url.searchParams.get('host') ?? decodeURIComponent(url.hostname)
  if (host) env.PGHOST = host.replace(/^\[(.*)\]$/, '$1')
  if (url.port) env.PGPORT = url.port
  if (url.username) env.PGUSER = decodeURIComponent(url.username)
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password)
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (database) env.PGDATABASE = database
  const sslmode = url.searchParams.get('sslmode')
  if (sslmode) env.PGSSLMODE = sslmode
  const options = url.searchParams.get('options')
  if (options) env.PGOPTIONS = options
  return env
}

/**
 * The values of the first column of a `COPY … FROM stdin;` block in pg_restore's SQL output (the
 * rows of kysely_migration: its `name` column comes first). Text format: tab-separated, `\.` ends.
 */
export function copiedFirstColumn(params: { sql: string; table: string }): string[] {
  const lines = params.sql.split('\n')
  const start = lines.findIndex((line) => new RegExp(`^COPY (?:[\\w"]+\\.)?"?${params.table}"? `).test(line))
  if (start < 0) return []
  const values: string[] = []
  for (const line of lines.slice(start + 1)) {
    if (line === '\\.') break
    values.push(line.split('\t')[0])
  }
  return values
}

/** The schema of `table` in pg_restore --list output (`215; 1259 16392 TABLE s2 k postgres`), or null. */
export function tableSchemaInList(params: { list: string; table: string }): string | null {
  for (const line of params.list.split('\n')) {
    const match = /^\d+; \d+ \d+ TABLE (\S+) (\S+) /.exec(line)
    if (match && match[2] === params.table) return match[1]
  }
  return null
}

/** A size for people: `812 B`, `40.0 KB`, `12.3 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
