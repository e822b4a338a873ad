import { sql, type Kysely } from 'kysely'
import type { ReportSummary } from '../../contracts'
import type { StructuredReport } from '../../contracts/report'
import { typesetReport } from '../importers/typography'
import type { DatabaseSchema } from '../storage/schema'

export interface StoredReport extends ReportSummary {
  source: string | null
  contentHash: string
  /** typeset for reading (server/importers/typography.ts) */
  document: StructuredReport
  importedAt: string
  /** the text the report was imported from, byte for byte; only on import (read it with `sourceTextOf`) */
  sourceText?: string | null
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged'

export interface ReportRepository {
  /** Creates the report or replaces the one with the same id; never duplicates. */
  upsert(report: StoredReport): Promise<UpsertOutcome>
  /** Newest publication first. */
  list(): Promise<ReportSummary[]>
  findById(id: string): Promise<StoredReport | null>
  /** The stored version's hash alone, cheap enough to check on every read. */
  contentHashOf(id: string): Promise<string | null>
  /** The imported text byte for byte; null for an unknown id or a report imported before it was kept. */
  sourceTextOf(id: string): Promise<string | null>
  count(): Promise<number>
  /** whether a report was imported from this source (file or URL) */
  hasSource(source: string): Promise<boolean>
}

type ReportRow = DatabaseSchema['reports']

function toSummary(row: Pick<ReportRow, 'id' | 'county' | 'title' | 'year' | 'publisher' | 'published_at'>): ReportSummary {
  return { id: row.id, county: row.county, title: row.title, year: row.year, publisher: row.publisher, publishedAt: row.published_at }
}

/** One implementation for both databases: Kysely speaks each dialect. */
/**
 * The hash of what is served (the ETag): a report stored before 0011 is typeset on read, so its
 * stored hash (of the untypeset text) would let a phone keep the old text with a 304.
 */
function servedHash(params: { contentHash: string; legacy: boolean }): string {
  return params.legacy ? `${params.contentHash}-typeset` : params.contentHash
}

export class KyselyReportRepository implements ReportRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async upsert(report: StoredReport): Promise<UpsertOutcome> {
    const row: ReportRow = {
      id: report.id,
      county: report.county,
      year: report.year,
      title: report.title,
      publisher: report.publisher,
      published_at: report.publishedAt,
      source: report.source,
      content_hash: report.contentHash,
      document: JSON.stringify(report.document),
      imported_at: report.importedAt,
      source_text: report.sourceText ?? null,
    }
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('reports').select(['content_hash']).where('id', '=', report.id).executeTakeFirst()
      if (existing?.content_hash === report.contentHash) return 'unchanged'
      await trx
        .insertInto('reports')
        .values(row)
        .onConflict((conflict) => conflict.column('id').doUpdateSet({ ...row, id: undefined }))
        .execute()
      return existing ? 'updated' : 'created'
    })
  }

  async list(): Promise<ReportSummary[]> {
    const rows = await this.db
      .selectFrom('reports')
      .select(['id', 'county', 'title', 'year', 'publisher', 'published_at'])
      // coalesce: SQLite and PostgreSQL disagree on where NULLs sort
      .orderBy(sql`coalesce(published_at, '')`, 'desc')
      .orderBy(sql`coalesce(year, 0)`, 'desc')
      .orderBy('id')
      .execute()
    return rows.map(toSummary)
  }

  async findById(id: string): Promise<StoredReport | null> {
    const row = await this.db
      .selectFrom('reports')
      .select(['id', 'county', 'title', 'year', 'publisher', 'published_at', 'source', 'content_hash', 'document', 'imported_at'])
      .select((eb) => eb.case().when('source_text', 'is', null).then(1).else(0).end().as('legacy'))
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) return null
    const document = JSON.parse(row.document) as StructuredReport
    return {
      ...toSummary(row),
      source: row.source,
      contentHash: servedHash({ contentHash: row.content_hash, legacy: Number(row.legacy) === 1 }),
      // imported before 0011_report_source: stored as parsed, typeset now (the same rule as at import)
      document: Number(row.legacy) === 1 ? typesetReport({ document }) : document,
      importedAt: row.imported_at,
    }
  }

  async sourceTextOf(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('reports').select('source_text').where('id', '=', id).executeTakeFirst()
    return row?.source_text ?? null
  }

  async contentHashOf(id: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('reports')
      .select('content_hash')
      .select((eb) => eb.case().when('source_text', 'is', null).then(1).else(0).end().as('legacy'))
      .where('id', '=', id)
      .executeTakeFirst()
    return row ? servedHash({ contentHash: row.content_hash, legacy: Number(row.legacy) === 1 }) : null
  }

  async hasSource(source: string): Promise<boolean> {
    const row = await this.db.selectFrom('reports').select('id').where('source', '=', source).executeTakeFirst()
    return row !== undefined
  }

  async count(): Promise<number> {
    const { total } = await this.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<string | number>().as('total'))
      .executeTakeFirstOrThrow()
    return Number(total)
  }
}
