import {
  nearestQuerySchema,
  nearestResponseSchema,
  STATION_SERVICE_LABELS,
  STATION_TIER_LABELS,
  stationListQuerySchema,
  stationListResponseSchema,
  stationSchema,
  stationServiceSchema,
  stationTierSchema,
} from '../../../contracts/station'
import { makeStation } from './support'

const issueCodes = (result: { success: boolean; error?: { issues: Array<{ code: string; path: PropertyKey[] }> } }) =>
  result.error?.issues.map((issue) => `${issue.path.join('.')}:${issue.code}`) ?? []

describe('stationSchema', () => {
  const located = makeStation({ id: '500241-centre', location: { lat: 28.444772, lng: 108.996043 } })

  it('accepts a station with and without a location', () => {
    expect(stationSchema.parse(located)).toEqual(located)
    expect(stationSchema.safeParse(makeStation({ id: 'x', location: null })).success).toBe(true)
  })

  it('keeps the location and its quality consistent', () => {
    expect(issueCodes(stationSchema.safeParse({ ...located, locationQuality: 'unknown' }))).toEqual(['locationQuality:custom'])
    expect(issueCodes(stationSchema.safeParse({ ...located, location: null, locationQuality: 'surveyed' }))).toEqual(['locationQuality:custom'])
  })

  it('requires a township for workstations and workrooms but not for the centre', () => {
    expect(issueCodes(stationSchema.safeParse({ ...located, tier: 'workstation', town: null }))).toEqual(['town:custom'])
    expect(stationSchema.safeParse({ ...located, tier: 'centre', town: null }).success).toBe(true)
  })

  it('rejects ids that are not URL-safe, dates that are not calendar days, repeated services and bad phones', () => {
    expect(issueCodes(stationSchema.safeParse({ ...located, id: '中心/1' }))).toEqual(['id:invalid_format'])
    expect(issueCodes(stationSchema.safeParse({ ...located, verifiedAt: '2025-02-29' }))).toEqual(['verifiedAt:custom'])
    expect(stationSchema.safeParse({ ...located, verifiedAt: '2024-02-29' }).success).toBe(true)
    expect(issueCodes(stationSchema.safeParse({ ...located, services: ['mediation', 'mediation'] }))).toEqual(['services:custom'])
    expect(issueCodes(stationSchema.safeParse({ ...located, phone: 'ask at the door' }))).toEqual(['phone:invalid_format'])
    expect(stationSchema.safeParse({ ...located, phone: '023-7666 1234、13800000000' }).success).toBe(true)
  })

  it('rejects a location outside the globe', () => {
    expect(issueCodes(stationSchema.safeParse({ ...located, location: { lat: 108.99, lng: 28.44 } }))).toEqual(['location.lat:too_big'])
  })
})

describe('labels', () => {
  it('has a Chinese label for every tier and service code', () => {
    expect(Object.keys(STATION_TIER_LABELS).sort()).toEqual([...stationTierSchema.options].sort())
    expect(Object.keys(STATION_SERVICE_LABELS).sort()).toEqual([...stationServiceSchema.options].sort())
    expect(STATION_SERVICE_LABELS.legal_aid_intake).toBe('法律援助受理')
    expect(STATION_SERVICE_LABELS.notary_forensic_guidance).toBe('公证/司法鉴定引导')
  })
})

describe('nearestQuerySchema', () => {
  it('turns query-string numbers into numbers and fills limit and datum defaults', () => {
    expect(nearestQuerySchema.parse({ lat: '28.44', lng: ' 108.99 ' })).toEqual({ lat: 28.44, lng: 108.99, limit: 5, datum: 'gcj02' })
    expect(nearestQuerySchema.parse({ lat: '-1', lng: '+2.5', limit: '50', datum: 'wgs84' })).toEqual({ lat: -1, lng: 2.5, limit: 50, datum: 'wgs84' })
    expect(nearestQuerySchema.parse({ lat: 28.44, lng: 108.99, limit: 1 })).toMatchObject({ limit: 1 })
  })

  it('does not read an empty or non-numeric value as 0', () => {
    expect(issueCodes(nearestQuerySchema.safeParse({ lat: '', lng: 'abc' }))).toEqual(['lat:invalid_type', 'lng:invalid_type'])
    expect(issueCodes(nearestQuerySchema.safeParse({ lat: '1e3', lng: '108' }))).toEqual(['lat:invalid_type'])
    expect(issueCodes(nearestQuerySchema.safeParse({ lat: ['1', '2'], lng: '108' }))).toEqual(['lat:invalid_type'])
    expect(issueCodes(nearestQuerySchema.safeParse({}))).toEqual(['lat:invalid_type', 'lng:invalid_type'])
  })

  it('rejects out-of-range coordinates and limits, unknown datums and unknown parameters', () => {
    expect(issueCodes(nearestQuerySchema.safeParse({ lat: '91', lng: '-181', limit: '0' }))).toEqual(['lat:too_big', 'lng:too_small', 'limit:too_small'])
    expect(issueCodes(nearestQuerySchema.safeParse({ lat: '1', lng: '2', limit: '51' }))).toEqual(['limit:too_big'])
    expect(issueCodes(nearestQuerySchema.safeParse({ lat: '1', lng: '2', limit: '2.5' }))).toEqual(['limit:invalid_type'])
    expect(issueCodes(nearestQuerySchema.safeParse({ lat: '1', lng: '2', datum: 'bd09' }))).toEqual(['datum:invalid_value'])
    expect(issueCodes(nearestQuerySchema.safeParse({ lat: '1', lng: '2', radius: '5' }))).toEqual([':unrecognized_keys'])
  })
})

describe('stationListQuerySchema', () => {
  it('accepts tier, town and q, treating empty text as absent', () => {
    expect(stationListQuerySchema.parse({})).toEqual({})
    expect(stationListQuerySchema.parse({ tier: 'workroom', town: ' 孝溪乡 ', q: '' })).toEqual({ tier: 'workroom', town: '孝溪乡' })
  })

  it('rejects unknown tiers, over-long text and unknown parameters', () => {
    expect(issueCodes(stationListQuerySchema.safeParse({ tier: '工作站' }))).toEqual(['tier:invalid_value'])
    expect(issueCodes(stationListQuerySchema.safeParse({ q: '法'.repeat(51) }))).toEqual(['q:too_big'])
    expect(issueCodes(stationListQuerySchema.safeParse({ page: '2' }))).toEqual([':unrecognized_keys'])
  })
})

describe('response schemas', () => {
  const station = makeStation({ id: 'a', location: { lat: 28.5, lng: 109 } })

  it('describe the listing and the nearest answer', () => {
    expect(stationListResponseSchema.safeParse({ stations: [station], stale: false, generatedAt: '2026-11-26T08:00:00+08:00' }).success).toBe(true)
    expect(stationListResponseSchema.safeParse({ stations: [station], stale: false, generatedAt: 'yesterday' }).success).toBe(false)
    expect(
      nearestResponseSchema.safeParse({ stations: [{ station, distanceMeters: 12.5 }], datum: 'wgs84', stale: true, withoutLocation: 27, outsideArea: null })
        .success,
    ).toBe(true)
    expect(
      nearestResponseSchema.safeParse({ stations: [{ station, distanceMeters: -1 }], datum: 'gcj02', stale: false, withoutLocation: 0, outsideArea: null })
        .success,
    ).toBe(false)
  })
})
