import { z } from 'zod'

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

/** One row of `GET /api/reports`. */
export const reportSummarySchema = z.object({
  id: z.string(),
  county: z.string(),
  title: z.string(),
  year: z.number().int().nullable(),
  publisher: z.string().nullable(),
  publishedAt: isoDate.nullable(),
})
export type ReportSummary = z.infer<typeof reportSummarySchema>

export const reportListResponseSchema = z.object({ reports: z.array(reportSummarySchema) })
export type ReportListResponse = z.infer<typeof reportListResponseSchema>
