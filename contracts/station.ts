import * as z from 'zod/mini'
import { labelledEnum } from './labelled-enum'
import { plainText } from './text'

/**
 * The public legal service station directory: county 公共法律服务中心 → township 工作站 → village
 * 工作室. Locations are stored in GCJ-02 (the datum of Chinese maps and `wx.getLocation`); a
 * WGS-84 position (browser geolocation) is converted before searching. Anything the directory
 * does not know is `null` and is said to be unknown, never guessed.
 */

// ---------------------------------------------------------------- shared pieces

/** `YYYY-MM-DD` that is a real calendar date (2024-02-30 is rejected). */
export const stationDateSchema = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/),
  z.refine(
    (value) => {
      const date = new Date(`${value}T00:00:00Z`)
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
    },
    { message: 'not a calendar date' },
  ),
)

/** Stable, URL-safe: `500241-centre`, `500241001-ws`, `500241001-wr-3f2a9c1b`. */
export const stationIdSchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/))

export const { schema: stationTierSchema, labels: STATION_TIER_LABELS } = labelledEnum({
  centre: '公共法律服务中心',
  workstation: '公共法律服务工作站',
  workroom: '公共法律服务工作室',
})
export type StationTier = z.infer<typeof stationTierSchema>

export const { schema: stationServiceSchema, labels: STATION_SERVICE_LABELS } = labelledEnum({
  legal_consultation: '法律咨询',
  legal_aid_intake: '法律援助受理',
  mediation: '人民调解',
  duty_lawyer: '值班律师',
  notary_forensic_guidance: '公证/司法鉴定引导',
  legal_publicity: '法治宣传',
  village_legal_adviser: '村（居）法律顾问',
})
export type StationService = z.infer<typeof stationServiceSchema>

/** How far a stored point can be trusted: measured at the door, a stand-in (e.g. the county seat), or none. */
export const { schema: locationQualitySchema, labels: LOCATION_QUALITY_LABELS } = labelledEnum({
  surveyed: '实测位置',
  approximate: '近似位置',
  unknown: '暂无位置',
})
export type LocationQuality = z.infer<typeof locationQualitySchema>

export const datumSchema = z.enum(['gcj02', 'wgs84'])
export type Datum = z.infer<typeof datumSchema>

/** A point in degrees; stations always hold GCJ-02. */
export const geoPointSchema = z.object({ lat: z.number().check(z.gte(-90), z.lte(90)), lng: z.number().check(z.gte(-180), z.lte(180)) })
export type GeoPoint = z.infer<typeof geoPointSchema>

/**
 * Opening hours as a sentence for people (`周一至周五 9:00-12:00，14:00-17:30`). `isDefault` is true
 * when nobody has confirmed them for this station (the tier's usual hours were filled in), so the
 * app can say 以现场公告为准.
 */
export const openingHoursSchema = z.object({ text: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)), isDefault: z.boolean() })
export type OpeningHours = z.infer<typeof openingHoursSchema>

/**
 * How far the facts shown can be trusted: `verified` — the county (or the published directory)
 * confirmed them (`verifiedAt`); `self_reported` — the station's own staff set them and the county
 * has not confirmed them yet (服务站自报); `unverified` — nobody has confirmed them.
 */
export const { schema: stationVerificationSchema, labels: STATION_VERIFICATION_LABELS } = labelledEnum({
  verified: '已核实',
  self_reported: '服务站自报',
  unverified: '未核实',
})
export type StationVerification = z.infer<typeof stationVerificationSchema>

/** Landline, mobile or hotline; several numbers may be separated by 、 or ；. */
export const stationPhoneSchema = z.string().check(z.trim(), z.regex(/^(?=(?:\D*\d){3})[\d+()（）\-\s转、;；,，/]{3,60}$/u))

// ---------------------------------------------------------------- the station

const stationFields = z.object({
  id: stationIdSchema,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  tier: stationTierSchema,
  /** official county name, e.g. `秀山土家族苗族自治县` */
  county: z.string().check(z.trim(), z.minLength(1), z.maxLength(50)),
  /** official township (街道/镇/乡) name; `null` for a county centre */
  town: z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(50))),
  /** 村/社区 of a workroom; `null` when the station serves the whole township or county */
  village: z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(50))),
  address: z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  phone: z.nullable(stationPhoneSchema),
  hours: openingHoursSchema,
  services: z.array(stationServiceSchema),
  /** GCJ-02; `null` when no sourced point exists */
  location: z.nullable(geoPointSchema),
  locationQuality: locationQualitySchema,
  /** where the facts of this entry came from, for people (Chinese) */
  source: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)),
  /** the day someone confirmed the entry with the station; `null` = unverified */
  verifiedAt: z.nullable(stationDateSchema),
  /**
   * Always present in the BFF's answers (derived from `verifiedAt` and the station's own reports,
   * server/stations/station-overlay.ts); optional only so that stored, imported and bundled
   * entries — facts without a label — are stations too. Read it with `stationVerification`.
   */
  verification: z.optional(stationVerificationSchema),
})

/**
 * One station. A station without a point has quality `unknown`, and one with a point says how
 * good it is; the two cannot disagree, so the app never shows an unknown position on a map.
 */
export const stationSchema = stationFields.check(
  z.superRefine((station, context) => {
    if (station.location === null && station.locationQuality !== 'unknown') {
      context.addIssue({ code: 'custom', path: ['locationQuality'], message: 'a station without location has quality unknown' })
    }
    if (station.location !== null && station.locationQuality === 'unknown') {
      context.addIssue({ code: 'custom', path: ['locationQuality'], message: 'a located station says whether it is surveyed or approximate' })
    }
    if (station.tier !== 'centre' && station.town === null) {
      context.addIssue({ code: 'custom', path: ['town'], message: 'a workstation or workroom belongs to a township' })
    }
    if (new Set(station.services).size !== station.services.length) {
      context.addIssue({ code: 'custom', path: ['services'], message: 'services are listed once each' })
    }
  }),
)
export type Station = z.infer<typeof stationSchema>

/** The label of a station's facts; an entry without one (not from the BFF) is verified when it has a `verifiedAt`. */
export function stationVerification(station: Pick<Station, 'verification' | 'verifiedAt'>): StationVerification {
  return station.verification ?? (station.verifiedAt === null ? 'unverified' : 'verified')
}

// ---------------------------------------------------------------- query parameters

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)$/

/**
 * Classic zod's `z.preprocess`, which zod/mini spells as a pipe from a transform. Typed as classic
 * types it (an optional `schema` leaves the key optional in the input type too); at run time both
 * are the same pipe.
 */
function preprocess<Out extends z.core.$ZodType>(
  fn: (value: unknown) => unknown,
  schema: Out,
): z.ZodMiniType<z.output<Out>, unknown, z.core.$ZodPreprocessInternals<Out>> {
  return z.pipe(z.transform(fn), schema)
}

/**
 * Query strings arrive as text: a decimal string becomes a number, anything else (empty, `abc`,
 * `1e3`, an array from a repeated key) is left alone so the number check reports it as it is.
 * Unlike `z.coerce.number()`, an empty `lat=` is not silently 0.
 */
function queryNumber<T extends z.ZodMiniType<number>>(schema: T) {
  return preprocess((value) => (typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value.trim()) : value), schema)
}

/** Clients often send an empty `q=`; treat it as absent. */
function optionalQueryText(maxLength: number) {
  return preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.optional(plainText({ min: 1, max: maxLength })))
}

/** `GET /api/stations?tier&town&q` */
export const stationListQuerySchema = z.strictObject({
  tier: z.optional(stationTierSchema),
  /** current or former township name; the service maps former names */
  town: optionalQueryText(50),
  /** free text matched against name, town, village and address */
  q: optionalQueryText(50),
})
export type StationListQuery = z.infer<typeof stationListQuerySchema>

export const NEAREST_LIMIT_DEFAULT = 5
export const NEAREST_LIMIT_MAX = 50

/** `GET /api/stations/nearest?lat&lng&limit&datum`; `datum` says what the caller's position is in. */
export const nearestQuerySchema = z.strictObject({
  lat: queryNumber(z.number().check(z.gte(-90), z.lte(90))),
  lng: queryNumber(z.number().check(z.gte(-180), z.lte(180))),
  limit: z._default(queryNumber(z.number().check(z.int(), z.gte(1), z.lte(NEAREST_LIMIT_MAX))), NEAREST_LIMIT_DEFAULT),
  datum: z._default(datumSchema, 'gcj02'),
})
export type NearestQuery = z.infer<typeof nearestQuerySchema>

// ---------------------------------------------------------------- responses

/** `GET /api/stations`. `stale` is true when the upstream directory failed and a snapshot is served. */
export const stationListResponseSchema = z.object({
  stations: z.array(stationSchema),
  stale: z.boolean(),
  /** when the served directory was produced (ISO 8601) */
  generatedAt: z.iso.datetime({ offset: true }),
})
export type StationListResponse = z.infer<typeof stationListResponseSchema>

export const nearestStationSchema = z.object({
  station: stationSchema,
  /** great-circle distance from the query point, metres */
  distanceMeters: z.number().check(z.gte(0)),
})
export type NearestStation = z.infer<typeof nearestStationSchema>

/**
 * `GET /api/stations/nearest`: nearest first. `datum` echoes the datum of the query point (station
 * locations are always GCJ-02). `withoutLocation` counts stations that could not be ranked because
 * the directory has no point for them, so the app can point to the list instead.
 */
export const nearestResponseSchema = z.object({
  stations: z.array(nearestStationSchema),
  datum: datumSchema,
  stale: z.boolean(),
  withoutLocation: z.number().check(z.int(), z.gte(0)),
  /**
   * Set when the point is far outside the area of the county whose station is nearest (farther from
   * the county's centre than its farthest located station plus a margin): the app then says so and
   * lists the stations without a "nearest" distance. Null inside or near the county.
   */
  outsideArea: z.nullable(
    z.object({
      /** full name, e.g. `秀山土家族苗族自治县` */
      county: z.string(),
      /** how people say it, e.g. `秀山县` (from the township registry; the name itself without one) */
      countyShortName: z.string(),
      /** from the point to the county's centre, metres */
      distanceMeters: z.number().check(z.gte(0)),
    }),
  ),
})
export type NearestResponse = z.infer<typeof nearestResponseSchema>
