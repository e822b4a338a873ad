import * as z from 'zod/mini'
import { reportFigureWithServiceSchema } from './reports-api'
import { stationListQuerySchema, stationListResponseSchema, stationSchema } from './station'

// ---------------------------------------------------------------- GET /api/stations, in pages

export const STATION_PAGE_SIZE_DEFAULT = 100
export const STATION_PAGE_SIZE_MAX = 1000

/** A whole number in a query string (`page=2`); anything else is left as it is for the check to name. */
function queryInteger(message: string, max: number) {
  return z.pipe(
    z.transform((value: unknown) => (typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : value)),
    z.number({ error: message }).check(z.int({ error: message }), z.gte(1, message), z.lte(max, `${message}，最大 ${max}`)),
  )
}

/**
 * `GET /api/stations?tier&town&q&page&pageSize`: `page` from 1, `pageSize` up to 1000, 100 by
 * default. A call that names neither gets the first 1000 at once, as before paging existed (the
 * client's 选服务站 lists a county's whole directory in one call); `total` says how many match.
 */
export const stationPageQuerySchema = z.strictObject({
  ...stationListQuerySchema.shape,
  page: z.optional(queryInteger('页码应为从 1 开始的整数', 1_000_000)),
  pageSize: z.optional(queryInteger('每页条数应为 1 到 1000 的整数', STATION_PAGE_SIZE_MAX)),
})
export type StationPageQuery = z.infer<typeof stationPageQuerySchema>

/** A page of the listing: what `stationListResponseSchema` holds, plus where the page is. */
export const stationPageResponseSchema = z.object({
  ...stationListResponseSchema.shape,
  page: z.number().check(z.int(), z.gte(1)),
  pageSize: z.number().check(z.int(), z.gte(1)),
  /** stations matching the filters, on every page together */
  total: z.number().check(z.int(), z.gte(0)),
})
export type StationPageResponse = z.infer<typeof stationPageResponseSchema>

/** One 村 or 社区 of a township, with its 村（居）公共法律服务工作室 when the directory lists one. */
export const townVillageSchema = z.object({
  name: z.string(),
  /** NBS 统计用区划代码 (12 digits); `null` for a village only a listed station names */
  code: z.nullable(z.string()),
  /** the village's workroom; `null` when none is listed */
  stationId: z.nullable(z.string()),
})
export type TownVillage = z.infer<typeof townVillageSchema>

/** `GET /api/stations/towns`: what the town → village picker offers, per county. */
export const townListResponseSchema = z.object({
  counties: z.array(
    z.object({
      county: z.string(),
      towns: z.array(
        z.object({
          name: z.string(),
          /** the township's villages and communities (the county's registry, and any a listed station names), by name */
          villages: z.array(z.string()),
          /**
           * the same villages in the same order, with their codes and workrooms; an answer cached
           * before it existed (the H5 worker's stale-while-revalidate copy) reads as none
           */
          villageDetails: z._default(z.array(townVillageSchema), []),
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
  /**
   * `'unavailable'` when the county's reports could not be read (the database is away and the BFF
   * has none in memory): `reportFigures` and `network.reported` are then null for that reason, not
   * because the county has no report. Absent in a whole answer.
   */
  reports: z.optional(z.literal('unavailable')),
})
export type StationDetailResponse = z.infer<typeof stationDetailResponseSchema>

/** Optional position for `GET /api/home`; without it no nearest stations are given. */
export const homeQuerySchema = z
  .strictObject({
    lat: z.optional(z.coerce.number().check(z.gte(-90), z.lte(90))),
    lng: z.optional(z.coerce.number().check(z.gte(-180), z.lte(180))),
    datum: z._default(z.enum(['gcj02', 'wgs84']), 'gcj02'),
    /**
     * bare booking codes, as app versions before manage tokens sent them: still accepted, but they
     * reveal nothing (a code alone is not proof); the device's tokens go in `X-Booking-Tokens`
     */
    bookings: z.optional(
      z.pipe(
        z.string().check(z.regex(/^[2-9A-HJ-NP-Z]{8}(,[2-9A-HJ-NP-Z]{8}){0,19}$/, '预约码格式不对')),
        z.transform((value: string) => value.split(',')),
      ),
    ),
  })
  .check(z.refine((query) => (query.lat === undefined) === (query.lng === undefined), { message: '纬度和经度要一起给', path: ['lat'] }))
