import { repeatInBackground } from '../repeat'
import { redactUrl } from '../logging'
import type { Logger } from 'pino'
import { z } from 'zod'
import { CachedSource, type SourceSnapshot } from '../upstream/cached-source'
import type { UpstreamClient } from '../upstream/upstream-client'
import type { ReportsService } from './reports.service'

const httpUrl = z.url({ protocol: /^https?$/ })

/** A feed is a JSON list of report page URLs, bare or with the county they belong to. */
export const reportFeedSchema = z.union([
  z.array(httpUrl),
  z.object({ reports: z.array(z.union([httpUrl, z.object({ url: httpUrl, county: z.string().min(1).optional() })])) }),
])

export interface FeedEntry {
  url: string
  county?: string
}

export function parseFeed(body: string): FeedEntry[] {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    throw new Error('报告清单不是有效的 JSON')
  }
  const parsed = reportFeedSchema.safeParse(json)
  if (!parsed.success) throw new Error('报告清单的格式不对：应为网址列表，或 { "reports": [...] }')
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.reports
  return entries.map((entry) => (typeof entry === 'string' ? { url: entry } : entry))
}

export interface FeedPollResult {
  imported: string[]
  failed: { url: string; error: string }[]
  feedError: string | null
}

/**
 * Polls REPORTS_FEED_URL and imports the reports it has not seen. A failing feed or page never
 * touches what is stored; a page that failed is tried again on the next poll.
 */
export class ReportFeed {
  private readonly feed: CachedSource<FeedEntry[]>
  private lastPoll: FeedPollResult | null = null

  constructor(private readonly deps: { feedUrl: string; client: UpstreamClient; reports: ReportsService; logger: Logger; now: () => Date }) {
    this.feed = new CachedSource({ url: deps.feedUrl, client: deps.client, parse: parseFeed, fallback: [], now: deps.now })
  }

  status(): { feed: SourceSnapshot<FeedEntry[]>; lastPoll: FeedPollResult | null } {
    return { feed: this.feed.current(), lastPoll: this.lastPoll }
  }

  async poll(): Promise<FeedPollResult> {
    const outcome = await this.feed.refresh()
    const result: FeedPollResult = { imported: [], failed: [], feedError: outcome.status === 'failed' ? outcome.error : null }
    if (result.feedError)
      this.deps.logger.warn({ feed: redactUrl(this.deps.feedUrl), error: result.feedError }, 'report feed unavailable; serving stored reports')
    for (const entry of this.feed.current().value) {
      if (await this.deps.reports.hasSource(entry.url)) continue
      try {
        const page = await this.deps.client.fetchText({ url: entry.url })
        if (page.status !== 'ok') continue
        const { report } = await this.deps.reports.importReport({ input: page.body, county: entry.county, source: entry.url, now: this.deps.now() })
        result.imported.push(report.id)
        this.deps.logger.info({ url: redactUrl(entry.url), id: report.id }, 'imported report from feed')
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        result.failed.push({ url: entry.url, error: message })
        this.deps.logger.warn({ url: redactUrl(entry.url), error: message }, 'report from feed not imported; will retry')
      }
    }
    this.lastPoll = result
    return result
  }

  /** Polls now and every `intervalMs`, one poll at a time; returns a stop function. */
  start(intervalMs: number): () => Promise<void> {
    return repeatInBackground({ work: () => this.poll(), intervalMs, runNow: true, logger: this.deps.logger, failure: 'report feed poll failed' })
  }
}
