import type { GeoPoint, Station } from '../../../contracts/station'

/** A minimal valid station for index tests; only id and location matter there. */
export function makeStation(params: { id: string; location: GeoPoint | null }): Station {
  return {
    id: params.id,
    name: `测试站 ${params.id}（虚构）`,
    tier: 'workroom',
    county: '测试县',
    town: '测试镇',
    village: null,
    address: null,
    phone: null,
    hours: { text: '周一至周五 9:00-12:00，14:00-17:30', isDefault: true },
    services: [],
    location: params.location,
    locationQuality: params.location === null ? 'unknown' : 'approximate',
    source: '测试夹具（虚构）',
    verifiedAt: null,
  }
}

/** Xiushan county bounding box in GCJ-02 (computed from the AMap county polygon, see the research notes). */
export const XIUSHAN_BOUNDS = { minLat: 28.160298, maxLat: 28.882774, minLng: 108.723053, maxLng: 109.321035 } as const
