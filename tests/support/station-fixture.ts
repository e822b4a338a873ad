import type { Station } from '../../contracts/station'

/** A made-up workstation with no phone, no address and no position, unverified, on the default hours: override what a test needs. */
export function makeStation(overrides: Partial<Station> = {}): Station {
  return {
    id: '500241103-ws',
    name: '隘口镇公共法律服务工作站',
    tier: 'workstation',
    county: '秀山土家族苗族自治县',
    town: '隘口镇',
    village: null,
    address: null,
    phone: null,
    hours: { text: '周一至周五 9:00-12:00，14:00-17:30', isDefault: true },
    services: ['legal_consultation', 'mediation'],
    location: null,
    locationQuality: 'unknown',
    source: '测试夹具（虚构）',
    verifiedAt: null,
    ...overrides,
  }
}
