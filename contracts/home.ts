import * as z from 'zod/mini'
import { reportFigureWithServiceSchema, reportSummarySchema } from './reports-api'
import { bookingStatusSchema } from './bookings'
import { followUpsResponseSchema } from './mediations'
import { nearestStationSchema } from './station'

/** `GET /api/home`: everything 首页 needs in one call. */
export const homeResponseSchema = z.object({
  latestReport: z.nullable(reportSummarySchema),
  /** 3–4 headline figures of the latest report, one per service where the report has one */
  headlines: z.array(reportFigureWithServiceSchema),
  /** the three nearest stations when the request gave a position (`?lat&lng&datum`) */
  nearestStations: z.array(nearestStationSchema),
  /** the soonest active booking among the codes the device sent (`?bookings=`) */
  nextBooking: z.nullable(z.object({ code: z.string(), stationName: z.string(), slotStart: z.string(), status: bookingStatusSchema })),
  /** a signed-in volunteer's 回访 / 司法确认 prompts due within a week (with a Bearer token) */
  followUps: followUpsResponseSchema.shape.followUps,
})
export type HomeResponse = z.infer<typeof homeResponseSchema>
