import { createHash } from 'node:crypto'
import type { ReportDetailResponse, ReportSearchResponse, ReportSummary } from '../../contracts'
import type { StructuredReport } from '../../contracts/report'
import { AppError } from '../errors/app-error'
import { isDatabaseUnavailable } from '../storage/database'
import { parseReport } from '../importers/report-parser'
import { typesetReport } from '../importers/typography'
import type { ReportRepository, StoredReport, UpsertOutcome } from './report.repository'
import { findComparisons, withServices } from './report-insights'
import { searchReport } from './report-search'

/** The county a report belongs to: given explicitly, else read from its title or publisher. */
export function inferCounty(params: { title: string; publisher: string | null }): string | null {
  for (const text of [params.title, params.publisher ?? '']) {
    const match = /^(.{2,20}?(?:自治县|自治旗|县|市|区|旗))/u.exec(text)
    if (match) return match[1]
  }
  return null
}

export function inferYear(title: string): number | null {
  const match = /((?:19|20)\d{2})\s*年/u.exec(title)
  return match ? Number(match[1]) : null
}

/**
 * Builds the stored form of a parsed report. The id depends on county and title only, so a
 * re-import of the same report (even re-scraped, with different damage) updates it in place.
 */
export function toStoredReport(params: { document: StructuredReport; county?: string; source: string | null; now: Date }): StoredReport {
  const { document } = params
  const county = params.county ?? inferCounty({ title: document.title, publisher: document.meta.publisher })
  if (!county) {
    throw AppError.of('COUNTY_UNKNOWN', { message: '无法从报告标题判断所属区县，请用 --county 指定', fields: [{ path: 'county', message: '必填' }] })
  }
  const year = document.year ?? inferYear(document.title)
  const id = `${year ?? 'r'}-${createHash('sha1').update(`${county}|${document.title}`).digest('hex').slice(0, 10)}`
  return {
    id,
    county,
    title: document.title,
    year,
    publisher: document.meta.publisher,
    publishedAt: document.meta.publishedAt,
    source: params.source,
    contentHash: createHash('sha256').update(JSON.stringify(document)).digest('hex'),
    document,
    importedAt: params.now.toISOString(),
  }
}

/** A read of the report list: `fromMemory` when the database could not be reached and the last list read is served. */
export interface ReportListRead {
  reports: ReportSummary[]
  fromMemory: boolean
}

/** How long a derived report detail is served before its stored version is checked again. */
const DETAIL_RECHECK_MS = 1000

/**
 * After a read found the database away, how long reports are served from memory without asking
 * it again: a network that drops packets makes every attempt wait the connect timeout (5 s).
 */
const DATABASE_AWAY_MS = 5000

export class ReportsService {
  /**
   * `monotonicMs` times the detail cache only (another BFF instance or the import CLI may store a
   * new version; it shows within DETAIL_RECHECK_MS): the most read answer costs no query per request.
   */
  constructor(
    private readonly repository: ReportRepository,
    private readonly monotonicMs: () => number = () => performance.now(),
    /** `wxacode`: the BFF can fetch 小程序码 (WeChat is configured); the reader asks for one only then */
    private readonly options: { wxacode: boolean } = { wxacode: false },
  ) {}

  /** Whether report details say a 小程序码 can be had. */
  get wxacode(): boolean {
    return this.options.wxacode
  }

  async importReport(params: { input: string; county?: string; source: string | null; now: Date }): Promise<{ report: StoredReport; outcome: UpsertOutcome }> {
    const document = parseReport({ input: params.input })
    if (!document.title) {
      throw AppError.of('REPORT_UNREADABLE', { message: '没有在内容里找到报告标题', fields: [{ path: 'input', message: '不是报告页面' }] })
    }
    // typeset once, here; the text itself is kept byte for byte beside it
    const report = {
      ...toStoredReport({ document: typesetReport({ document }), county: params.county, source: params.source, now: params.now }),
      sourceText: params.input,
    }
    const outcome = await this.repository.upsert(report)
    this.detailCache.delete(report.id)
    // read again (as stored) with the next list
    this.remembered.reports.delete(report.id)
    return { report, outcome }
  }

  /**
   * Reads every stored report again from the text it was imported from, with this build's importer,
   * so a better importer (a repaired heading, a figure no longer mislabelled) reaches reports imported
   * before it. A report the importer now reads as another report (a different id) is left as stored;
   * one without kept text (imported before texts were kept) too. Returns the ids that changed.
   */
  async refreshFromSources(params: { now: Date }): Promise<string[]> {
    const changed: string[] = []
    for (const summary of await this.repository.list()) {
      const input = await this.repository.sourceTextOf(summary.id)
      const stored = input === null ? null : await this.repository.findById(summary.id)
      if (input === null || stored === null) continue
      const document = parseReport({ input })
      if (!document.title) continue
      const report = {
        ...toStoredReport({ document: typesetReport({ document }), county: stored.county, source: stored.source, now: params.now }),
        sourceText: input,
      }
      if (report.id !== summary.id) continue
      if ((await this.repository.upsert(report)) !== 'unchanged') {
        this.detailCache.delete(report.id)
        this.remembered.reports.delete(report.id)
        changed.push(report.id)
      }
    }
    return changed
  }

  hasSource(source: string): Promise<boolean> {
    return this.repository.hasSource(source)
  }

  /**
   * What was last read from the database: the list, and every listed report's stored version. A
   * database that goes away (restart, failover, network) leaves these readable: reports change a
   * few times a year, and a villager's 首页 and reader must not go blank meanwhile. A handful of
   * reports of ~100 KB each; reports no longer listed are dropped with the next list read.
   */
  private readonly remembered: { list: ReportSummary[] | null; reports: Map<string, StoredReport> } = { list: null, reports: new Map() }

  /** Until when (monotonicMs) memory answers without asking the database, after it was found away. */
  private awayUntil = Number.NEGATIVE_INFINITY

  private databaseAway(): boolean {
    return this.monotonicMs() < this.awayUntil
  }

  /** Whether the error says the database is away; if so, memory answers for the next DATABASE_AWAY_MS. */
  private wentAway(error: unknown): boolean {
    if (!isDatabaseUnavailable(error)) return false
    this.awayUntil = this.monotonicMs() + DATABASE_AWAY_MS
    return true
  }

  /** Stores what a read found; a report the database no longer has is forgotten. */
  private remember(id: string, report: StoredReport | null): StoredReport | null {
    if (report) this.remembered.reports.set(id, report)
    else this.remembered.reports.delete(id)
    return report
  }

  /** The stored version, remembered for when the database is away; with the database away, the remembered one (or the error). */
  private async findStored(id: string): Promise<StoredReport | null> {
    const known = this.remembered.reports.get(id)
    if (known && this.databaseAway()) return known
    try {
      return this.remember(id, await this.repository.findById(id))
    } catch (error) {
      if (this.wentAway(error) && known) return known
      throw error
    }
  }

  /**
   * The list, newest first. Each read also brings the listed reports not yet in memory (once per
   * report and BFF process), so every report stays readable while the database is away, not only
   * those read since the start. With the database away: the list last read, or the error.
   */
  async readList(): Promise<ReportListRead> {
    if (this.remembered.list && this.databaseAway()) return { reports: this.remembered.list, fromMemory: true }
    let reports: ReportSummary[]
    try {
      reports = await this.repository.list()
    } catch (error) {
      if (this.wentAway(error) && this.remembered.list) return { reports: this.remembered.list, fromMemory: true }
      throw error
    }
    const listed = new Set(reports.map((report) => report.id))
    for (const id of this.remembered.reports.keys()) if (!listed.has(id)) this.remembered.reports.delete(id)
    for (const report of reports) {
      if (this.remembered.reports.has(report.id)) continue
      try {
        this.remember(report.id, await this.repository.findById(report.id))
      } catch (error) {
        // the database went away halfway: the list is still good, the rest comes with the next read
        if (!this.wentAway(error)) throw error
        break
      }
    }
    this.remembered.list = reports
    return { reports, fromMemory: false }
  }

  async list(): Promise<ReportSummary[]> {
    return (await this.readList()).reports
  }

  async latest(): Promise<ReportSummary | null> {
    const [first] = await this.list()
    return first ?? null
  }

  async latestStored(): Promise<StoredReport | null> {
    const latest = await this.latest()
    return latest ? this.findStored(latest.id) : null
  }

  /** The newest report of one county (a station's page quotes its county's figures). */
  async latestStoredForCounty(county: string): Promise<StoredReport | null> {
    const latest = (await this.list()).find((report) => report.county === county)
    return latest ? this.findStored(latest.id) : null
  }

  /** One report; with the database away, the version last read (a report never read then answers 503, not 404: nobody can tell). */
  async get(id: string): Promise<StoredReport> {
    const report = await this.findStored(id)
    if (!report) throw AppError.notFound('没有这份报告')
    return report
  }

  /** The text the report was imported from, byte for byte. */
  async sourceText(id: string): Promise<string> {
    const text = await this.repository.sourceTextOf(id)
    if (text === null) {
      await this.get(id)
      throw AppError.notFound('这份报告导入时没有保存原文，请重新导入')
    }
    return text
  }

  /** Derived once per stored version: the reader is the most read page. */
  private readonly detailCache = new Map<string, { contentHash: string; detail: ReportDetailResponse; json: string; checkedAt: number }>()

  async detail(id: string): Promise<{ detail: ReportDetailResponse; contentHash: string; json: string }> {
    const cached = this.detailCache.get(id)
    const now = this.monotonicMs()
    if (cached && now - cached.checkedAt < DETAIL_RECHECK_MS) return cached
    if (cached) {
      // the database is away: the version derived last is the one it holds (checked again after a while)
      if (this.databaseAway()) return cached
      let stored: string | null
      try {
        stored = await this.repository.contentHashOf(id)
      } catch (error) {
        if (this.wentAway(error)) return cached
        throw error
      }
      if (cached.contentHash === stored) {
        cached.checkedAt = now
        return cached
      }
    }
    const { document, county, contentHash } = await this.get(id)
    const detail = {
      ...document,
      id,
      county,
      figures: withServices({ figures: document.figures }),
      comparisons: findComparisons({ figures: document.figures }),
      wxacode: this.options.wxacode,
    }
    const entry = { contentHash, detail, json: JSON.stringify(detail), checkedAt: now }
    this.detailCache.set(id, entry)
    return entry
  }

  async search(params: { id: string; query: string }): Promise<ReportSearchResponse> {
    const { document } = await this.get(params.id)
    return { query: params.query, ...searchReport({ document, query: params.query }) }
  }
}
