import * as z from 'zod/mini'
import { reportFigureSchema, structuredReportSchema } from './report'
import { plainText } from './text'

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))

/** A report's id as routes and links carry it (`GET /api/reports/:id`, the reader's `?id=`). */
export const reportIdSchema = plainText({ min: 1, max: 64, trim: false })

/** One row of `GET /api/reports`. */
export const reportSummarySchema = z.object({
  id: z.string(),
  county: z.string(),
  title: z.string(),
  year: z.nullable(z.number().check(z.int())),
  publisher: z.nullable(z.string()),
  publishedAt: z.nullable(isoDate),
})
export type ReportSummary = z.infer<typeof reportSummarySchema>

export const reportListResponseSchema = z.object({
  reports: z.array(reportSummarySchema),
  /** `true` only while the database cannot be reached: the list the BFF read last (a report imported meanwhile may be missing) */
  stale: z.optional(z.literal(true)),
})
export type ReportListResponse = z.infer<typeof reportListResponseSchema>

/** Which service a figure describes, so the reader can link the claim to the service. */
export const figureServiceSchema = z.enum(['legal_aid', 'stations', 'mediation'])
export type FigureService = z.infer<typeof figureServiceSchema>

export const reportFigureWithServiceSchema = z.extend(reportFigureSchema, { service: z.nullable(figureServiceSchema) })
export type ReportFigureWithService = z.infer<typeof reportFigureWithServiceSchema>

/** Figures printed side by side in one sentence that compare (e.g. mediations by committee level). */
export const reportComparisonSchema = z.object({
  sectionId: z.nullable(z.string()),
  quote: z.string(),
  unit: z.nullable(z.string()),
  bars: z.array(z.object({ label: z.string(), value: z.number() })).check(z.minLength(2)),
  /** the sentence's leading figure when it is at least the sum of the bars */
  total: z.nullable(z.object({ label: z.string(), value: z.number() })),
})
export type ReportComparison = z.infer<typeof reportComparisonSchema>

/** `GET /api/reports/:id` */
export const reportDetailResponseSchema = z.extend(structuredReportSchema, {
  id: z.string(),
  county: z.string(),
  figures: z.array(reportFigureWithServiceSchema),
  comparisons: z.array(reportComparisonSchema),
  /**
   * Whether `GET /api/reports/:id/wxacode` gives this report's 小程序码 (the BFF has WeChat
   * configured); when false the reader shows the H5 code alone and never asks for the other.
   */
  wxacode: z.boolean(),
})
export type ReportDetailResponse = z.infer<typeof reportDetailResponseSchema>

export const reportSearchQuerySchema = z.object({ q: plainText({ min: 1, max: 50, tooShort: '请输入要搜索的词', tooLong: '搜索词最多 50 个字' }) })

/** One paragraph (or heading) that matches; offsets are in `snippet`, in UTF-16 code units. */
export const reportSearchHitSchema = z.object({
  sectionId: z.nullable(z.string()),
  sectionTitle: z.nullable(z.string()),
  /** index in the section's paragraphs (or the preamble); -1 when the heading itself matched */
  paragraphIndex: z.number().check(z.int(), z.gte(-1)),
  snippet: z.string(),
  highlights: z.array(z.object({ start: z.number().check(z.int(), z.gte(0)), length: z.number().check(z.int(), z.gte(1)) })),
})
export type ReportSearchHit = z.infer<typeof reportSearchHitSchema>

export const reportSearchResponseSchema = z.object({ query: z.string(), total: z.number().check(z.int()), hits: z.array(reportSearchHitSchema) })
export type ReportSearchResponse = z.infer<typeof reportSearchResponseSchema>
