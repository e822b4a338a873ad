import type { NearestResponse, Station } from '../../../contracts/station'
import { choosableStations } from '../../../client/services/booking-stations'
import { bookingOffers } from '../../../client/services/bookings'

const station = (id: string, name: string, town: string | null): Station =>
  ({ id, name, town, county: '秀山土家族苗族自治县', village: null, location: { lat: 28, lng: 109 } }) as unknown as Station

const stations = [
  station('c', '秀山县公共法律服务中心', null),
  station('a', '隘口镇公共法律服务工作站', '隘口镇'),
  station('z', '中和街道公共法律服务工作站', '中和街道'),
  station('b', '坝芒村公共法律服务工作室', '隘口镇'),
]

describe('choosableStations', () => {
  it('finds stations by name or town, spaces and all', () => {
    expect(choosableStations({ stations, search: ' 隘 口', nearest: null, firstId: null }).map((entry) => entry.station.id)).toEqual(['a', 'b'])
  })

  it('orders the nearest first with their distance, the rest after them; the station the user came from on top', () => {
    const nearest = {
      stations: [
        { station: stations[2], distanceMeters: 300 },
        { station: stations[1], distanceMeters: 9000 },
      ],
      datum: 'gcj02',
      stale: false,
      withoutLocation: 0,
    } as unknown as NearestResponse
    const ordered = choosableStations({ stations, search: '', nearest, firstId: null })
    expect(ordered.map((entry) => [entry.station.id, entry.distanceMeters])).toEqual([
      ['z', 300],
      ['a', 9000],
      ['c', undefined],
      ['b', undefined],
    ])
    expect(choosableStations({ stations, search: '', nearest, firstId: 'b' })[0].station.id).toBe('b')
  })
})

describe('bookingOffers', () => {
  const now = new Date('2026-11-26T08:00:00+08:00')
  it('改期 and 取消 only for an active booking still to come; 查看 and 再约一次 for a cancelled, finished or past one', () => {
    expect(bookingOffers({ booking: { status: 'booked', slotStart: '2026-11-27T09:00:00+08:00' }, now })).toEqual({
      canChange: true,
      linkLabel: '查看、改期或取消',
      rebook: false,
    })
    for (const booking of [
      { status: 'cancelled', slotStart: '2026-11-27T09:00:00+08:00' },
      { status: 'done', slotStart: '2026-11-25T09:00:00+08:00' },
      { status: 'confirmed', slotStart: '2026-11-26T07:30:00+08:00' },
    ] as const) {
      expect(bookingOffers({ booking, now })).toEqual({ canChange: false, linkLabel: '查看', rebook: true })
    }
  })
})
