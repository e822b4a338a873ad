import * as z from 'zod/mini'
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
          stationCount: z.number().check(z.int(), z.gte(0)),
        }),
      ),
    }),
  ),
  stale: z.boolean(),
})
export type TownListResponse = z.infer<typeof townListResponseSchema>

/** The county's network as its latest report states it and as our directory lists it. */
export const stationNetworkSchema = z.object({
  reported: z.nullable(
    z.object({
      reportId: z.string(),
      reportTitle: z.string(),
      centres: z.nullable(z.number()),
      workstations: z.nullable(z.number()),
      workrooms: z.nullable(z.number()),
    }),
  ),
  listed: z.object({ centres: z.number().check(z.int()), workstations: z.number().check(z.int()), workrooms: z.number().check(z.int()) }),
})
export type StationNetwork = z.infer<typeof stationNetworkSchema>

/** `GET /api/stations/:id`: one station with the county's figures from its latest report. */
export const stationDetailResponseSchema = z.object({
  station: stationSchema,
  stale: z.boolean(),
  /** legal-aid and mediation figures of the latest report of the station's county */
  reportFigures: z.nullable(
    z.object({
      reportId: z.string(),
      reportTitle: z.string(),
      legalAid: z.array(reportFigureWithServiceSchema),
      mediation: z.array(reportFigureWithServiceSchema),
    }),
  ),
  network: stationNetworkSchema,
})
export type StationDetailResponse = z.infer<typeof stationDetailResponseSchema>

/** Optional position for `GET /api/home`; without it no nearest stations are given. */
export const homeQuerySchema = z
  .strictObject({
    lat: z.optional(z.coerce.number().check(z.gte(-90), z.lte(90))),
    lng: z.optional(z.coerce.number().check(z.gte(-180), z.lte(180))),
    datum: z._default(z.enum(['gcj02', 'wgs84']), 'gcj02'),
    /** booking codes this device holds, comma separated: 首页 shows the next one */
    bookings: z.optional(
      z.pipe(
        z.string().check(z.regex(/^[2-9A-HJ-NP-Z]{8}(,[2-9A-HJ-NP-Z]{8}){0,19}$/, '预约码格式不对')),
        z.transform((value: string) => value.split(',')),
      ),
    ),
  })
  .check(z.refine((query) => (query.lat === undefined) === (query.lng === undefined), { message: '纬度和经度要一起给', path: ['lat'] }))

