import * as z from 'zod/mini'
import { reportFigureWithServiceSchema, reportSummarySchema } from './reports-api'
import { bookingStatusSchema } from './bookings'
import { followUpsResponseSchema } from './mediations'
import { nearestStationSchema } from './station'

/** The county this deployment serves, from its township registry: 首页's header says whose services these are. */
export const homeCountySchema = z.object({
  /** full name, e.g. `秀山土家族苗族自治县` */
  name: z.string(),
  /** the short form people use, e.g. `秀山县` (the name itself when the registry has none) */
  shortName: z.string(),
})
export type HomeCounty = z.infer<typeof homeCountySchema>

/** `GET /api/home`: everything 首页 needs in one call. */
export const homeResponseSchema = z.object({
  /** `null` when no township registry is loaded */
  county: z.nullable(homeCountySchema),
  /** when the BFF composed this answer (ISO); a copy saved on the phone says how old it is */
  generatedAt: z.string(),
  /**
   * The station directory's freshness: `stale` when the upstream directory cannot be fetched and
   * the BFF serves its last good copy, fetched at `fetchedAt` (null: never fetched, bundled data).
   */
  directory: z.object({ stale: z.boolean(), fetchedAt: z.nullable(z.string()) }),
  latestReport: z.nullable(reportSummarySchema),
  /** up to 3 headline figures of the latest report, one per service where the report has one */
  headlines: z.array(reportFigureWithServiceSchema),
  /** the three nearest stations when the request gave a position (`?lat&lng&datum`) */
  nearestStations: z.array(nearestStationSchema),
  /** the soonest active booking among the codes the device sent (`?bookings=`) */
  nextBooking: z.nullable(z.object({ code: z.string(), stationName: z.string(), slotStart: z.string(), status: bookingStatusSchema })),
  /** a signed-in volunteer's 回访 / 司法确认 prompts due within a week (with a Bearer token) */
  followUps: followUpsResponseSchema.shape.followUps,
  /**
   * `'unavailable'` when the device's bookings and a volunteer's prompts could not be read (the
   * database is away): `nextBooking` and `followUps` are then empty for that reason, not because
   * there are none, and the app keeps what it showed. Absent in a whole answer.
   */
  personal: z.optional(z.literal('unavailable')),
  /**
   * `'unavailable'` when no report could be read (the database is away and the BFF has none in
   * memory): `latestReport` and `headlines` are then empty for that reason. Absent in a whole answer.
   */
  reports: z.optional(z.literal('unavailable')),
})
export type HomeResponse = z.infer<typeof homeResponseSchema>
