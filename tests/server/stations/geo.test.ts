import fc from 'fast-check'
import {
  bd09ToGcj02,
  CHINA_EXTENT,
  EARTH_RADIUS_METERS,
  gcj02ToBd09,
  gcj02ToWgs84,
  haversineMeters,
  isInChina,
  wgs84ToGcj02,
} from '../../../server/stations/geo'

/**
 * Published WGS-84 → GCJ-02 pairs:
 * - googollee/eviltransform, `javascript/test.js` (the same three pairs are in its Python, PHP and
 *   C tests): Shanghai, Shenzhen, Beijing.
 * - wandergis/coordtransform, README example: `wgs84togcj02(116.404, 39.915)` →
 *   `[116.41024449916938, 39.91640428150164]`.
 */
const PUBLISHED_PAIRS = [
  { place: 'Shanghai (eviltransform)', wgs: { lat: 31.1774276, lng: 121.5272106 }, gcj: { lat: 31.17530398364597, lng: 121.531541859215 } },
  { place: 'Shenzhen (eviltransform)', wgs: { lat: 22.543847, lng: 113.912316 }, gcj: { lat: 22.540796131694766, lng: 113.9171764808363 } },
  { place: 'Beijing (eviltransform)', wgs: { lat: 39.911954, lng: 116.377817 }, gcj: { lat: 39.91334545536069, lng: 116.38404722455657 } },
  { place: 'Beijing (coordtransform README)', wgs: { lat: 39.915, lng: 116.404 }, gcj: { lat: 39.91640428150164, lng: 116.41024449916938 } },
]

/** 1e-9° ≈ 0.1 mm: the published values differ from ours only by floating-point rounding. */
const SAME_DEGREES = 1e-9

/** Xiushan county seat as the ru/de Wikipedia infobox gives it (WGS-84, about ±100 m). */
const XIUSHAN_SEAT_WGS84 = { lat: 28.4461, lng: 108.9922 }

const pointInChina = fc.record({ lat: fc.double({ min: 18, max: 53, noNaN: true }), lng: fc.double({ min: 74, max: 134, noNaN: true }) })

describe('wgs84ToGcj02', () => {
  it.each(PUBLISHED_PAIRS)('reproduces the published pair for $place', ({ wgs, gcj }) => {
    const converted = wgs84ToGcj02(wgs)
    expect(Math.abs(converted.lat - gcj.lat)).toBeLessThan(SAME_DEGREES)
    expect(Math.abs(converted.lng - gcj.lng)).toBeLessThan(SAME_DEGREES)
  })

  it('moves a point in Xiushan by a few hundred metres', () => {
    const shifted = wgs84ToGcj02(XIUSHAN_SEAT_WGS84)
    const offset = haversineMeters({ from: XIUSHAN_SEAT_WGS84, to: shifted })
    expect(offset).toBeGreaterThan(200)
    expect(offset).toBeLessThan(1000)
    // the research notes computed about −0.0034° latitude and +0.0044° longitude here
    expect(shifted.lat - XIUSHAN_SEAT_WGS84.lat).toBeCloseTo(-0.0034, 3)
    expect(shifted.lng - XIUSHAN_SEAT_WGS84.lng).toBeCloseTo(0.0044, 3)
  })

  it('leaves points outside China unchanged', () => {
    for (const point of [
      { lat: 48.8566, lng: 2.3522 },
      { lat: 35.6762, lng: 139.6503 },
      { lat: 0, lng: 0 },
      { lat: -33.86, lng: 151.21 },
    ]) {
      expect(wgs84ToGcj02(point)).toEqual(point)
      expect(gcj02ToWgs84(point)).toEqual(point)
    }
  })
})

describe('gcj02ToWgs84', () => {
  it.each(PUBLISHED_PAIRS)('recovers the published WGS-84 point for $place within 1 m', ({ wgs, gcj }) => {
    expect(haversineMeters({ from: gcj02ToWgs84(gcj), to: wgs })).toBeLessThan(1)
  })

  it('undoes wgs84ToGcj02 within 1 m anywhere in China', () => {
    fc.assert(
      fc.property(pointInChina, (wgs) => {
        const roundTrip = gcj02ToWgs84(wgs84ToGcj02(wgs))
        expect(haversineMeters({ from: roundTrip, to: wgs })).toBeLessThan(1)
      }),
      { numRuns: 500 },
    )
  })

  it('places the AMap county seat of Xiushan within 250 m of the Wikipedia point', () => {
    // the research notes: the two published county-seat points agree to about 250 m once the offset is removed
    const amapCentreGcj02 = { lat: 28.444772, lng: 108.996043 }
    expect(haversineMeters({ from: gcj02ToWgs84(amapCentreGcj02), to: XIUSHAN_SEAT_WGS84 })).toBeLessThan(250)
  })
})

/**
 * Published BD-09 ⇄ GCJ-02 pairs:
 * - wandergis/coordtransform, README example (repeated in hutool's CoordinateUtilTest):
 *   `bd09togcj02(116.404, 39.915)` → `[116.39762729119315, 39.90865673957631]` and
 *   `gcj02tobd09(116.404, 39.915)` → `[116.41036949371029, 39.92133699351021]`.
 * - the Kotlin port of coordtransform, `bd09toGCJ02(30.946576225978003, 118.76519558159015)` →
 *   `(30.940779294367676, 118.75866025417945)`.
 * - Beijing railway station as the R package of the same formulas documents it, to 5 decimals:
 *   BD-09 (39.90851, 116.43351), GCJ-02 (39.90245, 116.42703).
 */
const BD09_PAIRS = [
  {
    place: 'Beijing (coordtransform README)',
    bd: { lat: 39.915, lng: 116.404 },
    gcj: { lat: 39.90865673957631, lng: 116.39762729119315 },
    within: SAME_DEGREES,
  },
  {
    place: 'a second point (coordtransform Kotlin port test)',
    bd: { lat: 30.946576225978003, lng: 118.76519558159015 },
    gcj: { lat: 30.940779294367676, lng: 118.75866025417945 },
    within: SAME_DEGREES,
  },
  { place: 'Beijing railway station (5 decimals)', bd: { lat: 39.90851, lng: 116.43351 }, gcj: { lat: 39.90245, lng: 116.42703 }, within: 1e-5 },
]

describe('bd09ToGcj02 and gcj02ToBd09', () => {
  it.each(BD09_PAIRS)('reproduces the published pair for $place', ({ bd, gcj, within }) => {
    const converted = bd09ToGcj02(bd)
    expect(Math.abs(converted.lat - gcj.lat)).toBeLessThan(within)
    expect(Math.abs(converted.lng - gcj.lng)).toBeLessThan(within)
  })

  it('reproduces the published forward pair (coordtransform README)', () => {
    const converted = gcj02ToBd09({ lat: 39.915, lng: 116.404 })
    expect(Math.abs(converted.lat - 39.92133699351021)).toBeLessThan(SAME_DEGREES)
    expect(Math.abs(converted.lng - 116.41036949371029)).toBeLessThan(SAME_DEGREES)
  })

  it('round-trips within 1e-5° anywhere in China', () => {
    fc.assert(
      fc.property(pointInChina, (gcj) => {
        const roundTrip = bd09ToGcj02(gcj02ToBd09(gcj))
        expect(Math.abs(roundTrip.lat - gcj.lat)).toBeLessThan(1e-5)
        expect(Math.abs(roundTrip.lng - gcj.lng)).toBeLessThan(1e-5)
      }),
      { numRuns: 500 },
    )
  })

  it('moves a Baidu point in Xiushan by several hundred metres, south-west', () => {
    const bd = { lat: 28.4508, lng: 109.0071 }
    const gcj = bd09ToGcj02(bd)
    const moved = haversineMeters({ from: bd, to: gcj })
    expect(moved).toBeGreaterThan(500)
    expect(moved).toBeLessThan(1200)
    expect(gcj.lat).toBeLessThan(bd.lat)
    expect(gcj.lng).toBeLessThan(bd.lng)
  })
})

describe('isInChina', () => {
  it('is true for Xiushan, Beijing, Urumqi and Sanya', () => {
    for (const point of [XIUSHAN_SEAT_WGS84, { lat: 39.9, lng: 116.4 }, { lat: 43.8, lng: 87.6 }, { lat: 18.25, lng: 109.5 }]) {
      expect(isInChina(point)).toBe(true)
    }
  })

  it('is false for Paris, Tokyo, Null Island and a Xiushan point with latitude and longitude swapped', () => {
    for (const point of [
      { lat: 48.85, lng: 2.35 },
      { lat: 35.68, lng: 139.69 },
      { lat: 0, lng: 0 },
      { lat: 108.9922, lng: 28.4461 },
    ]) {
      expect(isInChina(point)).toBe(false)
    }
  })

  it('includes the edges of the published rectangle', () => {
    expect(isInChina({ lat: CHINA_EXTENT.minLat, lng: CHINA_EXTENT.minLng })).toBe(true)
    expect(isInChina({ lat: CHINA_EXTENT.maxLat, lng: CHINA_EXTENT.maxLng })).toBe(true)
    expect(isInChina({ lat: CHINA_EXTENT.maxLat + 1e-9, lng: 100 })).toBe(false)
  })
})

describe('haversineMeters', () => {
  it('measures one degree along the equator as 2πR/360', () => {
    expect(haversineMeters({ from: { lat: 0, lng: 0 }, to: { lat: 0, lng: 1 } })).toBeCloseTo((2 * Math.PI * EARTH_RADIUS_METERS) / 360, 6)
  })

  it('measures pole to equator as a quarter of a great circle', () => {
    expect(haversineMeters({ from: { lat: 90, lng: 0 }, to: { lat: 0, lng: 123 } })).toBeCloseTo((Math.PI * EARTH_RADIUS_METERS) / 2, 3)
  })

  it('is zero for the same point and symmetric', () => {
    fc.assert(
      fc.property(pointInChina, pointInChina, (a, b) => {
        expect(haversineMeters({ from: a, to: a })).toBe(0)
        expect(haversineMeters({ from: a, to: b })).toBeCloseTo(haversineMeters({ from: b, to: a }), 6)
      }),
    )
  })

  it('gives about 1,068 km from Beijing to Shanghai', () => {
    // People's Square to Tiananmen, great-circle distance ≈ 1,067-1,068 km
    const distance = haversineMeters({ from: { lat: 39.9087, lng: 116.3975 }, to: { lat: 31.2304, lng: 121.4737 } })
    expect(distance / 1000).toBeGreaterThan(1060)
    expect(distance / 1000).toBeLessThan(1075)
  })
})
