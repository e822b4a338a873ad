import { z } from 'zod'
import { reportFigureWithServiceSchema } from './reports-api'
import { stationSchema } from './station'

/** `GET /api/stations/towns`: what the town → village picker offers, per county. */
export const townListResponseSchema = z.object({
  counties: z.array(
    z.object({
      county: z.string(),
      towns: z.array(
        z.object({
          name: z.string(),
          /** villages that have a listed workroom; empty when none are listed */
          villages: z.array(z.string()),
          stationCount: z.number().int().min(0),
        }),
      ),
    }),
  ),
  stale: z.boolean(),
})
export type TownListResponse = z.infer<typeof townListResponseSchema>

/** The county's network as its latest report states it and as our directory lists it. */
export const stationNetworkSchema = z.object({
  reported: z.object({
    reportId: z.string(),
    reportTitle: z.string(),
    centres: z.number().nullable(),
    workstations: z.number().nullable(),
    workrooms: z.number().nullable(),
  }).nullable(),
  listed: z.object({ centres: z.number().int(), workstations: z.number().int(), workrooms: z.number().int() }),
})
export type StationNetwork = z.infer<typeof stationNetworkSchema>

/** `GET /api/stations/:id`: one station with the county's figures from its latest report. */
export const stationDetailResponseSchema = z.object({
  station: stationSchema,
  stale: z.boolean(),
  /** legal-aid and mediation figures of the latest report of the station's county */
  reportFigures: z
    .object({
      reportId: z.string(),
      reportTitle: z.string(),
      legalAid: z.array(reportFigureWithServiceSchema),
      mediation: z.array(reportFigureWithServiceSchema),
    })
    .nullable(),
  network: stationNetworkSchema,
})
export type StationDetailResponse = z.infer<typeof stationDetailResponseSchema>

/** Optional position for `GET /api/home`; without it no nearest stations are given. */
export const homeQuerySchema = z.strictObject({
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
  datum: z.enum(['gcj02', 'wgs84']).default('gcj02'),
  /** booking codes this device holds, comma separated: 首页 shows the next one */
  bookings: z
    .string()
    .regex(/^[2-9A-HJ-NP-Z]{8}(,[2-9A-HJ-NP-Z]{8}){0,19}$/, '预约码格式不对')
    .transform((value) => value.split(','))
    .optional(),
}).refine((query) => (query.lat === undefined) === (query.lng === undefined), { message: '纬度和经度要一起给', path: ['lat'] })

