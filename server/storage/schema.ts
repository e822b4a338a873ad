/** Table types for Kysely; column names are snake_case in both databases. */
export interface ReportsTable {
  id: string
  county: string
  year: number | null
  title: string
  publisher: string | null
  published_at: string | null
  source: string | null
  content_hash: string
  /** the structured report (contracts/report.ts) as JSON text, identical in SQLite and PostgreSQL */
  document: string
  imported_at: string
}

export interface StationsTable {
  id: string
  county: string
  /** the station (contracts/station.ts) as JSON text */
  station: string
  imported_at: string
}

export interface DatabaseSchema {
  reports: ReportsTable
  stations: StationsTable
}
