/**
 * Rules that keep two releases on one database (a rolling upgrade): within a release a migration
 * only *expands* the schema — new tables, new nullable columns or columns with a default, new
 * indexes — so the BFF of the previous release, still serving beside the new one, reads and writes
 * as before. Dropping, renaming, tightening or rewriting what the previous release uses is a
 * *contract* step: it ships a release after the code that stopped needing it, and is marked so in
 * CONTRACT_STEPS (server/storage/migrations.ts) with its reason. Pure: reads a migration's code.
 */

export interface BreakingOperation {
  /** what the code does, in words a reviewer reads in the test's failure */
  operation: string
  /** the piece of code that does it */
  excerpt: string
}

/** Patterns over a migration's `up` code (Kysely's schema builder or raw SQL), and what each breaks. */
const BREAKING_PATTERNS: readonly { operation: string; pattern: RegExp }[] = [
  { operation: 'drops a table the previous release reads', pattern: /\.dropTable\(|\bdrop\s+table\b/gi },
  { operation: 'drops a column the previous release reads or writes', pattern: /\.dropColumn\(|\bdrop\s+column\b/gi },
  { operation: 'renames a column (the previous release still uses the old name)', pattern: /\.renameColumn\(|\brename\s+column\b/gi },
  { operation: 'renames a table (the previous release still uses the old name)', pattern: /\.renameTo\(|\brename\s+to\b/gi },
  { operation: 'drops a constraint or index the previous release relies on', pattern: /\.dropConstraint\(|\.dropIndex\(|\bdrop\s+(?:constraint|index)\b/gi },
  { operation: 'tightens or retypes a column the previous release writes', pattern: /\.alterColumn\(|\.setNotNull\(|\.setDataType\(|\balter\s+column\b/gi },
  { operation: 'rewrites or deletes rows the previous release reads', pattern: /\.updateTable\(|\.deleteFrom\(|\bupdate\s+\w+\s+set\b|\bdelete\s+from\b/gi },
]

/**
 * `alterTable(t).addColumn(c, …notNull()…)` without a default: rows the previous release inserts
 * (it does not know the column) would be refused. A new table's columns are free to be NOT NULL.
 */
const REQUIRED_COLUMN_ON_EXISTING_TABLE = /\.alterTable\([^)]*\)\s*\.addColumn\(([^;]*?)\)\s*\.execute\(/gs

/** What in this migration code would break the previous release running beside it; [] when it only adds. */
export function breakingOperations(params: { code: string }): BreakingOperation[] {
  const found: BreakingOperation[] = []
  for (const { operation, pattern } of BREAKING_PATTERNS) {
    for (const match of params.code.matchAll(pattern)) found.push({ operation, excerpt: excerptAt(params.code, match.index ?? 0) })
  }
  for (const match of params.code.matchAll(REQUIRED_COLUMN_ON_EXISTING_TABLE)) {
    const column = match[1]
    if (/\.notNull\(\)/.test(column) && !/\.defaultTo\(/.test(column)) {
      found.push({
        operation: 'adds a NOT NULL column without a default to a table the previous release inserts into',
        excerpt: excerptAt(params.code, match.index ?? 0),
      })
    }
  }
  return found
}

function excerptAt(code: string, index: number): string {
  return code
    .slice(index, index + 90)
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * The migrations a database has that this code does not know, when they are all newer than this
 * code's newest: the database was migrated by a newer release (a rolling upgrade, or a rollback of
 * the code) — expand-only migrations keep this release working on it. An unknown name that sorts
 * among ours is not that: it is another branch's migration, and the schema cannot be trusted.
 */
export function migrationsAhead(params: { known: readonly string[]; executed: readonly string[] }): { ahead: string[] } | { unrelated: string[] } {
  const known = new Set(params.known)
  const newestKnown = [...params.known].sort().at(-1) ?? ''
  const unknown = params.executed.filter((name) => !known.has(name)).sort()
  const unrelated = unknown.filter((name) => name <= newestKnown)
  return unrelated.length > 0 ? { unrelated } : { ahead: unknown }
}
