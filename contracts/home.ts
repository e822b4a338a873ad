import { z } from 'zod'
import { reportSummarySchema } from './reports-api'

/** `GET /api/home`: everything 首页 needs in one call. */
export const homeResponseSchema = z.object({
  latestReport: reportSummarySchema.nullable(),
})
export type HomeResponse = z.infer<typeof homeResponseSchema>
