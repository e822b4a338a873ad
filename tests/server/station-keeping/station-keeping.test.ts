import { randomUUID } from 'node:crypto'
import request from 'supertest'
import { loginResponseSchema, stationDetailResponseSchema, stationSchema, stationVerification, type Station } from '../../../contracts'
import type { StationFacts } from '../../../contracts/station-keeping'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import { wgs84ToGcj02 } from '../../../server/stations/geo'
import { profileFacts } from '../../../server/station-keeping/station-keeping'
import { applyOverlay, factsOf, overlayOutcome, type StationOverlay } from '../../../server/stations/station-overlay'
import { buildStationIndex, shownDistance } from '../../../server/stations/station-index'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow, testDirectory } from '../support/test-app'
import { makeStation } from '../stations/support'

const directoryRow = (overrides: Partial<Station> = {}): Station => ({
  ...makeStation({ id: 'fx-a', location: { lat: 28.5, lng: 109 } }),
  phone: '023-76660001',
  ...overrides,
})
const facts = (overrides: Partial<StationFacts> = {}): StationFacts => ({ ...factsOf(directoryRow()), phone: '023-76669999', ...overrides })

function overlay(overrides: Partial<StationOverlay> = {}): StationOverlay {
  return {
    stationId: 'fx-a',
    county: '测试县',
    facts: facts(),
    status: 'self_reported',
    origin: 'staff',
    version: 1,
    reportedAt: '2026-11-20T02:00:00.000Z',
    reportedBy: 'u1',
    verifiedAt: null,
    verifiedBy: null,
    base: factsOf(directoryRow()),
    previous: null,
    ...overrides,
  }
}

describe('which facts a station serves (overlayOutcome)', () => {
  it('keeps what the station reported while the directory has not changed since', () => {
    expect(overlayOutcome({ overlay: overlay(), directory: directoryRow({ verifiedAt: '2026-11-25' }) })).toBe('overlay')
  })

  it('a changed directory row verified after the report’s China day replaces it; before it does not; the same day or no day is a conflict', () => {
    const changed = (verifiedAt: string | null) => directoryRow({ phone: '023-76660002', verifiedAt })
    expect(overlayOutcome({ overlay: overlay(), directory: changed('2026-11-21') })).toBe('directory_newer')
    expect(overlayOutcome({ overlay: overlay(), directory: changed('2026-11-19') })).toBe('overlay')
    expect(overlayOutcome({ overlay: overlay(), directory: changed('2026-11-20') })).toBe('conflict')
    expect(overlayOutcome({ overlay: overlay(), directory: changed(null) })).toBe('conflict')
    // 07:30 in Xiushan on the 21st is still the 20th in UTC: the report's day is the China day
    expect(overlayOutcome({ overlay: overlay({ reportedAt: '2026-11-20T23:30:00.000Z' }), directory: changed('2026-11-21') })).toBe('conflict')
    // a verified overlay dates from its verification
    expect(overlayOutcome({ overlay: overlay({ status: 'verified', verifiedAt: '2026-11-24' }), directory: changed('2026-11-21') })).toBe('overlay')
  })

  it('a directory that now says what the station reported takes over once it is verified on or after the report', () => {
    const agreeing = (verifiedAt: string | null) => directoryRow({ phone: '023-76669999', verifiedAt })
    expect(overlayOutcome({ overlay: overlay(), directory: agreeing(null) })).toBe('overlay')
    expect(overlayOutcome({ overlay: overlay(), directory: agreeing('2026-11-20') })).toBe('directory_newer')
  })

  it('reads a re-published row as the same: services in another order, a point within 0.1 m', () => {
    const republished = directoryRow({ services: ['mediation', 'legal_consultation'], location: { lat: 28.50000003, lng: 109.00000004 } })
    expect(
      overlayOutcome({ overlay: overlay({ base: factsOf(directoryRow({ services: ['legal_consultation', 'mediation'] })) }), directory: republished }),
    ).toBe('overlay')
  })

  it('labels the served station and keeps it a valid station', () => {
    const served = applyOverlay({ station: directoryRow({ verifiedAt: '2025-01-01' }), overlay: overlay() })
    expect(served).toMatchObject({ phone: '023-76669999', verification: 'self_reported', verifiedAt: null })
    expect(served.source).toMatch(/^服务站工作人员 2026-11-20 自报/)
    expect(stationSchema.safeParse(served).success).toBe(true)
    expect(applyOverlay({ station: directoryRow(), overlay: overlay({ status: 'verified', verifiedAt: '2026-11-22' }) })).toMatchObject({
      verification: 'verified',
      verifiedAt: '2026-11-22',
    })
    expect(stationVerification({ verifiedAt: '2026-01-01' })).toBe('verified')
    expect(stationVerification({ verifiedAt: null })).toBe('unverified')
  })
})

describe('what a profile sets (profileFacts)', () => {
  const base = {
    phones: ['023－7666１２３４', '023-76661234 转 801'],
    address: null,
    hours: { text: '周一至周五 8:30-12:00，14:30-17:30（午休 12:00-14:30）' },
    services: [],
    location: { lat: 28.6, lng: 109.0, datum: 'wgs84' as const },
  }

  it('normalises phones, keeps the lunch break as written, converts a browser’s WGS-84 point and calls it surveyed', () => {
    const read = profileFacts({ profile: base })
    expect(read).toEqual({
      ok: true,
      facts: {
        phone: '023-76661234、023-76661234转801',
        address: null,
        hours: { text: '周一至周五 8:30-12:00，14:30-17:30（午休 12:00-14:30）', isDefault: false },
        services: [],
        location: wgs84ToGcj02({ lat: 28.6, lng: 109.0 }),
        locationQuality: 'surveyed',
      },
    })
    expect(profileFacts({ profile: { ...base, phones: [], location: { lat: 28.6, lng: 109.0, datum: 'gcj02' } } })).toMatchObject({
      ok: true,
      facts: { phone: null, location: { lat: 28.6, lng: 109.0 } },
    })
    expect(profileFacts({ profile: { ...base, location: null } })).toMatchObject({ ok: true, facts: { location: null, locationQuality: 'unknown' } })
  })

  it('names each field it refuses', () => {
    expect(profileFacts({ profile: { ...base, phones: ['023-76661234、13800138000'] } })).toMatchObject({ ok: false, fields: [{ path: 'phones.0' }] })
    expect(profileFacts({ profile: { ...base, phones: ['023-76661234', '023 7666 1234'] } })).toMatchObject({
      ok: false,
      fields: [{ path: 'phones.1', message: '同一个电话号码只填一次' }],
    })
    expect(profileFacts({ profile: { ...base, location: { lat: -33.9, lng: 151.2, datum: 'gcj02' } } })).toMatchObject({
      ok: false,
      fields: [{ path: 'location' }],
    })
  })
})

describe('nearest: equally near as the app shows it, verified first', () => {
  it('rounds as the app prints distances', () => {
    expect([shownDistance(499.6), shownDistance(1049), shownDistance(1051), shownDistance(9960), shownDistance(12_400)]).toEqual([
      500, 1000, 1100, 10_000, 12_000,
    ])
  })

  it('puts a verified station before an unverified one shown at the same distance, never before a nearer one', () => {
    // ~500.2 m and ~500.4 m north of the query point: both shown as 500 米
    const at = (id: string, meters: number, verifiedAt: string | null, verification?: Station['verification']) => ({
      ...makeStation({ id, location: { lat: 28.5 + meters / 111_195, lng: 109 } }),
      verifiedAt,
      verification,
    })
    const index = buildStationIndex({
      stations: [
        at('near-unverified', 500.2, null),
        at('self', 500.3, null, 'self_reported'),
        at('far-verified', 500.4, '2026-11-01'),
        at('nearer', 300, null),
        at('further-verified', 700, '2026-11-01'),
      ],
    })
    expect(index.nearest({ lat: 28.5, lng: 109, limit: 4 }).map((entry) => entry.station.id)).toEqual(['nearer', 'far-verified', 'self', 'near-unverified'])
    expect(index.nearest({ lat: 28.5, lng: 109, limit: 2 }).map((entry) => entry.station.id)).toEqual(['nearer', 'far-verified'])
  })
})

describeEachStorage('another BFF instance on the same database', (storage: () => Storage) => {
  it('shows what staff changed through the first instance within its overlay poll', async () => {
    const first = await buildTestApp(storage())
    const secondDirectory = await testDirectory(storage())
    const second = await buildTestApp(storage(), { directory: secondDirectory })
    const stop = secondDirectory.startRefreshing(20)
    try {
      const username = `s-${randomUUID().slice(0, 8)}`
      const { password } = await new AuthService({ users: new UserRepository(storage().db), now: fixedNow }).addStaff({ stationId: '500241001-ws', username })
      const token = loginResponseSchema.parse(
        (await request(first).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' }).expect(200)).body,
      ).token
      await request(first)
        .put('/api/staff/stations/500241001-ws/profile')
        .set('Authorization', `Bearer ${token}`)
        .send({ phones: ['023-76665555'], address: null, hours: { text: '周一至周五 9:00-17:00' }, services: [], location: null })
        .expect(200)
      let phone: string | null = null
      for (let turn = 0; turn < 200 && phone === null; turn += 1) {
        await new Promise((resolve) => setTimeout(resolve, 25))
        phone = stationDetailResponseSchema.parse((await request(second).get('/api/stations/500241001-ws').expect(200)).body).station.phone
      }
      expect(phone).toBe('023-76665555')
    } finally {
      stop()
    }
  })
})
