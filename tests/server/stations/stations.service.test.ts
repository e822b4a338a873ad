import type { Station } from '../../../contracts/station'
import { countyAreas, countyShortName, OUTSIDE_AREA_MARGIN_METERS, outsideArea } from '../../../server/stations/stations.service'
import type { TownRegistry } from '../../../server/stations/towns'

function station(params: { id: string; county: string; tier: Station['tier']; lat?: number; lng?: number }): Station {
  return {
    id: params.id,
    name: `${params.id} 服务站`,
    tier: params.tier,
    county: params.county,
    town: params.tier === 'centre' ? null : '某镇',
    village: null,
    address: null,
    phone: null,
    location: params.lat !== undefined && params.lng !== undefined ? { lat: params.lat, lng: params.lng, datum: 'gcj02', quality: 'approximate' } : null,
  } as unknown as Station
}

const registries = [{ county: { code: '500241', name: '秀山土家族苗族自治县', aliases: ['秀山县', '秀山'] }, towns: [] }] as unknown as TownRegistry[]

describe('the county area of the nearest search (server/stations/stations.service)', () => {
  it('reaches from the centre to its farthest located station, and the margin beyond', () => {
    const areas = countyAreas({
      stations: [
        station({ id: 'c', county: '甲县', tier: 'centre', lat: 28, lng: 109 }),
        station({ id: 'w', county: '甲县', tier: 'workstation', lat: 28.3, lng: 109 }),
        station({ id: 'x', county: '甲县', tier: 'workroom' }),
      ],
    })
    const area = areas.get('甲县')
    expect(area?.middle).toEqual({ lat: 28, lng: 109 })
    expect(area?.radiusMeters).toBeGreaterThan(33_000)
    expect(area?.radiusMeters).toBeLessThan(34_000)
    // 0.3° + 60 km north of the centre is inside; 0.3° + 0.6° (≈ 100 km) is not
    expect(outsideArea({ point: { lat: 28.3 + 0.5, lng: 109 }, nearestCounty: '甲县', areas, registries })).toBeNull()
    expect(outsideArea({ point: { lat: 28.3 + 0.6, lng: 109 }, nearestCounty: '甲县', areas, registries })).toMatchObject({
      county: '甲县',
      countyShortName: '甲县',
    })
    expect(OUTSIDE_AREA_MARGIN_METERS).toBe(60_000)
  })

  it('without a centre with a place, measures from the midpoint of the located stations', () => {
    const areas = countyAreas({
      stations: [
        station({ id: 'a', county: '乙县', tier: 'workstation', lat: 28, lng: 109 }),
        station({ id: 'b', county: '乙县', tier: 'workstation', lat: 28.2, lng: 109 }),
      ],
    })
    expect(areas.get('乙县')?.middle.lat).toBeCloseTo(28.1, 6)
  })

  it('says nothing when no station has a place or no county is known', () => {
    expect(countyAreas({ stations: [station({ id: 'x', county: '丙县', tier: 'workroom' })] }).size).toBe(0)
    expect(outsideArea({ point: { lat: 23, lng: 113 }, nearestCounty: null, areas: new Map(), registries })).toBeNull()
  })

  it('names the county the way people say it, from the registry', () => {
    expect(countyShortName({ county: '秀山土家族苗族自治县', registries })).toBe('秀山县')
    expect(countyShortName({ county: '甲县', registries })).toBe('甲县')
  })
})
