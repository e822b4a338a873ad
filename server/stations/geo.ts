import type { GeoPoint } from '../../contracts/station'

/**
 * WGS-84 ⇄ GCJ-02, BD-09 ⇄ GCJ-02 and great-circle distance. GCJ-02 is WGS-84 plus a published, deterministic
 * offset of a few hundred metres inside China (the widely used reimplementation found in
 * eviltransform and coordtransform); outside China both datums are the same.
 */

/** Krasovsky 1940 ellipsoid, which the GCJ-02 offset formula is defined on. */
const KRASOVSKY_SEMI_MAJOR_AXIS = 6378245.0
// 0.00669342162296594323 in the published formula; this is the same double
const KRASOVSKY_ECCENTRICITY_SQUARED = 0.006693421622965943

/** Mean Earth radius in metres (6,371 km, the sphere geodesy uses for great-circle distances). */
export const EARTH_RADIUS_METERS = 6_371_000

const DEGREES = Math.PI / 180

/**
 * The rectangle the GCJ-02 formula is applied in (the same box as eviltransform/coordtransform).
 * It is coarse: it also covers neighbouring countries, but it is what every Chinese map app uses
 * to decide whether to shift a point, so it is also the right test for "could be in China".
 */
export const CHINA_EXTENT = { minLat: 0.8293, maxLat: 55.8271, minLng: 72.004, maxLng: 137.8347 } as const

export function isInChina(point: GeoPoint): boolean {
  return point.lat >= CHINA_EXTENT.minLat && point.lat <= CHINA_EXTENT.maxLat && point.lng >= CHINA_EXTENT.minLng && point.lng <= CHINA_EXTENT.maxLng
}

function offsetLatitude(x: number, y: number): number {
  let result = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  result += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  result += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0
  result += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0
  return result
}

function offsetLongitude(x: number, y: number): number {
  let result = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  result += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  result += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0
  result += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0
  return result
}

/** GCJ-02 minus WGS-84 at a WGS-84 point, in degrees. */
function gcjOffset(point: GeoPoint): GeoPoint {
  const x = point.lng - 105.0
  const y = point.lat - 35.0
  const latRadians = point.lat * DEGREES
  const sinLat = Math.sin(latRadians)
  const magic = 1 - KRASOVSKY_ECCENTRICITY_SQUARED * sinLat * sinLat
  const sqrtMagic = Math.sqrt(magic)
  const metresPerDegreeLat = ((KRASOVSKY_SEMI_MAJOR_AXIS * (1 - KRASOVSKY_ECCENTRICITY_SQUARED)) / (magic * sqrtMagic)) * DEGREES
  const metresPerDegreeLng = (KRASOVSKY_SEMI_MAJOR_AXIS / sqrtMagic) * Math.cos(latRadians) * DEGREES
  return { lat: offsetLatitude(x, y) / metresPerDegreeLat, lng: offsetLongitude(x, y) / metresPerDegreeLng }
}

export function wgs84ToGcj02(point: GeoPoint): GeoPoint {
  if (!isInChina(point)) return { lat: point.lat, lng: point.lng }
  const offset = gcjOffset(point)
  return { lat: point.lat + offset.lat, lng: point.lng + offset.lng }
}

/** 1e-9° is about 0.1 mm: far below any position a phone reports. */
const INVERSE_TOLERANCE_DEGREES = 1e-9
const INVERSE_MAX_ITERATIONS = 30

/**
 * The formula has no closed-form inverse. The offset changes slowly with position, so the
 * fixed-point iteration wgs ← wgs + (gcj − f(wgs)) converges in a handful of steps to well under a
 * millimetre (the one-step version common in libraries is off by up to ~1-2 m).
 */
export function gcj02ToWgs84(point: GeoPoint): GeoPoint {
  if (!isInChina(point)) return { lat: point.lat, lng: point.lng }
  let wgs: GeoPoint = { lat: point.lat, lng: point.lng }
  for (let iteration = 0; iteration < INVERSE_MAX_ITERATIONS; iteration += 1) {
    const shifted = wgs84ToGcj02(wgs)
    const errorLat = shifted.lat - point.lat
    const errorLng = shifted.lng - point.lng
    wgs = { lat: wgs.lat - errorLat, lng: wgs.lng - errorLng }
    if (Math.abs(errorLat) < INVERSE_TOLERANCE_DEGREES && Math.abs(errorLng) < INVERSE_TOLERANCE_DEGREES) break
  }
  return wgs
}

/**
 * BD-09 (百度坐标) is GCJ-02 with Baidu's own further shift. Its published formula (bd_encrypt /
 * bd_decrypt, as in coordtransform, eviltransform and Baidu's own SDK samples) rotates and
 * stretches about the origin in a ~3000-radian wave and adds a fixed offset. Unlike GCJ-02, it is
 * applied everywhere, not only inside China.
 */
const BD_WAVE = (Math.PI * 3000.0) / 180.0
const BD_OFFSET = { lat: 0.006, lng: 0.0065 } as const

export function bd09ToGcj02(point: GeoPoint): GeoPoint {
  const x = point.lng - BD_OFFSET.lng
  const y = point.lat - BD_OFFSET.lat
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * BD_WAVE)
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * BD_WAVE)
  return { lat: z * Math.sin(theta), lng: z * Math.cos(theta) }
}

/** The forward formula; bd09ToGcj02(gcj02ToBd09(p)) is p within about 1e-6° (the decrypt is not its exact inverse). */
export function gcj02ToBd09(point: GeoPoint): GeoPoint {
  const x = point.lng
  const y = point.lat
  const z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * BD_WAVE)
  const theta = Math.atan2(y, x) + 0.000003 * Math.cos(x * BD_WAVE)
  return { lat: z * Math.sin(theta) + BD_OFFSET.lat, lng: z * Math.cos(theta) + BD_OFFSET.lng }
}

/** Great-circle distance on a sphere of radius `EARTH_RADIUS_METERS` (haversine). */
export function haversineMeters(params: { from: GeoPoint; to: GeoPoint }): number {
  const { from, to } = params
  const sinHalfLat = Math.sin(((to.lat - from.lat) * DEGREES) / 2)
  const sinHalfLng = Math.sin(((to.lng - from.lng) * DEGREES) / 2)
  const haversine = sinHalfLat * sinHalfLat + Math.cos(from.lat * DEGREES) * Math.cos(to.lat * DEGREES) * sinHalfLng * sinHalfLng
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(Math.min(1, haversine)))
}
