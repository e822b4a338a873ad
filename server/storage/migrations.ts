import type { Kysely} from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely'

/** Migrations are code, ordered by name, and must run unchanged on SQLite and PostgreSQL. */
const migrations: Record<string, Migration> = {
  '0001_reports': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('reports')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('county', 'text', (col) => col.notNull())
        .addColumn('year', 'integer')
        .addColumn('title', 'text', (col) => col.notNull())
        .addColumn('publisher', 'text')
        .addColumn('published_at', 'text')
        .addColumn('source', 'text')
        .addColumn('content_hash', 'text', (col) => col.notNull())
        .addColumn('document', 'text', (col) => col.notNull())
        .addColumn('imported_at', 'text', (col) => col.notNull())
        .execute()
      await db.schema.createIndex('reports_published_idx').on('reports').columns(['published_at', 'id']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('reports').execute()
    },
  },
  '0002_stations': {
    async up(db: Kysely<unknown>) {
      // stations imported by an administrator (import:stations); the bundled snapshot stays in data/
      await db.schema
        .createTable('stations')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('county', 'text', (col) => col.notNull())
        .addColumn('station', 'text', (col) => col.notNull())
        .addColumn('imported_at', 'text', (col) => col.notNull())
        .execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('stations').execute()
    },
  },
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
