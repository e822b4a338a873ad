import { randomUUID } from 'node:crypto'
import request from 'supertest'
import { loginResponseSchema, nearestResponseSchema, stationDetailResponseSchema } from '../../../contracts'
import { adminQueueResponseSchema, stationProfileResponseSchema, type StationProfileUpdate } from '../../../contracts/station-keeping'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import type { StationDirectory } from '../../../server/stations/station-directory'
import type { Storage } from '../../../server/storage/database'
import { createUpstreamClient } from '../../../server/upstream/upstream-client'
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow, testDirectory } from '../support/test-app'

type App = Awaited<ReturnType<typeof buildTestApp>>

const XIUSHAN = '秀山土家族苗族自治县'
const AIKOU = '500241103-ws'
/** the staff report on 20 November; the directory is read on the 26th (fixedNow), so it may carry days up to then */
const reportDay = () => new Date('2026-11-20T10:00:00+08:00')

/** The county's published row for 隘口镇's workstation (fictional numbers). */
const row = (overrides: Record<string, unknown> = {}) => ({
  id: AIKOU,
  name: '隘口镇公共法律服务工作站',
  tier: 'workstation',
  county: XIUSHAN,
  town: '隘口镇',
  address: '隘口镇司法所',
  phone: '023-76660001',
  lat: 28.61,
  lng: 109.05,
  location_quality: 'surveyed',
  source: '县司法局名录（测试，虚构）',
  ...overrides,
})

const selfReport: StationProfileUpdate = {
  phones: ['023-76669999'],
  address: '隘口镇便民服务中心二楼',
  hours: { text: '周一至周五 9:00-12:00，14:00-17:30' },
  services: ['legal_consultation', 'mediation'],
  location: { lat: 28.611, lng: 109.051, datum: 'gcj02' },
}

describeEachStorage('the county’s directory stays the source of record over what stations report (DIRECTORY_URL)', (storage: () => Storage) => {
  let upstream: FakeUpstream
  let directory: StationDirectory
  let app: App
  let etag = 0

  beforeEach(async () => {
    for (const table of ['station_overlays', 'station_profile_history', 'station_corrections'] as const) await storage().db.deleteFrom(table).execute()
    upstream = await startFakeUpstream()
    directory = await testDirectory(storage(), { url: `${upstream.baseUrl}/directory`, client: createUpstreamClient({ timeoutMs: 2000, retries: 0 }) })
    app = await buildTestApp(storage(), { directory, now: reportDay })
  })
  afterEach(async () => {
    await upstream.close()
  })

  /** The county publishes these rows; the BFF reads them at its next refresh. */
  async function publish(rows: object[]): Promise<void> {
    etag += 1
    const body = JSON.stringify(rows)
    upstream.respond((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: `"v${etag}"` })
      res.end(body)
    })
    expect(await directory.refresh()).toEqual({ status: 'updated' })
  }

  const auth = () => new AuthService({ users: new UserRepository(storage().db), now: fixedNow })
  async function signIn(username: string, password: string): Promise<string> {
    return loginResponseSchema.parse(
      (await request(app).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' }).expect(200)).body,
    ).token
  }
  const staff = async () => {
    const username = `s-${randomUUID().slice(0, 8)}`
    return signIn(username, (await auth().addStaff({ stationId: AIKOU, username })).password)
  }
  const admin = async () => {
    const username = `a-${randomUUID().slice(0, 8)}`
    return signIn(username, (await auth().addAdmin({ username, county: XIUSHAN })).password)
  }
  const served = async () => stationDetailResponseSchema.parse((await request(app).get(`/api/stations/${AIKOU}`).expect(200)).body).station
  const queue = async (token: string) =>
    adminQueueResponseSchema.parse((await request(app).get('/api/admin/queue').set('Authorization', `Bearer ${token}`).expect(200)).body).items
  async function report(): Promise<string> {
    const token = await staff()
    await request(app).put(`/api/staff/stations/${AIKOU}/profile`).set('Authorization', `Bearer ${token}`).send(selfReport).expect(200)
    expect(await served()).toMatchObject({ phone: '023-76669999', verification: 'self_reported' })
    return token
  }

  it('a row verified after the self-report replaces it, with a history entry, and it does not come back', async () => {
    await publish([row()])
    expect(await served()).toMatchObject({ phone: '023-76660001', verification: 'unverified' })
    const token = await report()

    await publish([row({ phone: '023-76660002', verified_at: '2026-11-25' })])
    expect(await served()).toMatchObject({ phone: '023-76660002', address: '隘口镇司法所', verification: 'verified', verifiedAt: '2026-11-25' })
    const nearest = nearestResponseSchema.parse((await request(app).get('/api/stations/nearest').query({ lat: 28.61, lng: 109.05 }).expect(200)).body)
    expect(nearest.stations[0].station).toMatchObject({ id: AIKOU, phone: '023-76660002', verification: 'verified' })

    const profile = stationProfileResponseSchema.parse(
      (await request(app).get(`/api/staff/stations/${AIKOU}/profile`).set('Authorization', `Bearer ${token}`).expect(200)).body,
    )
    expect(profile.keeping).toMatchObject({ verification: 'verified', version: 2, reportedAt: null, conflict: null })
    expect(profile.history[0]).toMatchObject({
      action: 'upstream_replaced',
      by: null,
      before: expect.objectContaining({ phone: '023-76669999' }),
      after: expect.objectContaining({ phone: '023-76660002' }),
      note: expect.stringContaining('2026-11-25'),
    })
    expect(await queue(await admin())).toEqual([])

    // the self-report was retired, not hidden: a later unverified row is served as it is
    await publish([row({ phone: '023-76660003' })])
    expect(await served()).toMatchObject({ phone: '023-76660003', verification: 'unverified' })
  })

  it('a row verified before the self-report does not replace it; the same row published again changes nothing', async () => {
    await publish([row()])
    await report()
    await publish([row(), { ...row(), id: 'fx-other', name: '测试站（虚构）', lat: 28.5 }])
    expect(await served()).toMatchObject({ phone: '023-76669999', verification: 'self_reported' })
    await publish([row({ phone: '023-76660002', verified_at: '2026-11-01' })])
    expect(await served()).toMatchObject({ phone: '023-76669999', verification: 'self_reported', verifiedAt: null })
    expect(await queue(await admin())).toEqual([
      expect.objectContaining({ kind: 'station', reason: 'self_report', keeping: expect.objectContaining({ conflict: null }) }),
    ])
  })

  it('a row that differs with no date, or of the same day, goes to the county’s queue; verify keeps the report, reject takes the row', async () => {
    await publish([row()])
    await report()
    const county = await admin()

    await publish([row({ phone: '023-76660002' })])
    expect(await served()).toMatchObject({ phone: '023-76669999', verification: 'self_reported' })
    expect(await queue(county)).toEqual([
      expect.objectContaining({
        kind: 'station',
        reason: 'conflict',
        keeping: expect.objectContaining({ conflict: { directory: expect.objectContaining({ phone: '023-76660002' }), directoryVerifiedAt: null } }),
      }),
    ])

    await publish([row({ phone: '023-76660004', verified_at: '2026-11-20' })])
    expect(await queue(county)).toEqual([
      expect.objectContaining({
        reason: 'conflict',
        keeping: expect.objectContaining({ conflict: expect.objectContaining({ directoryVerifiedAt: '2026-11-20' }) }),
      }),
    ])

    // the county keeps the station's report: verified, and the row it has seen is no longer news
    await request(app).post(`/api/admin/stations/${AIKOU}/verify`).set('Authorization', `Bearer ${county}`).send({}).expect(200)
    expect(await served()).toMatchObject({ phone: '023-76669999', verification: 'verified', verifiedAt: '2026-11-20' })
    expect(await queue(county)).toEqual([])

    // the row changes again without a date: in conflict with verified facts; the county takes the row
    await publish([row({ phone: '023-76660005' })])
    expect(await queue(county)).toEqual([expect.objectContaining({ reason: 'conflict', keeping: expect.objectContaining({ verification: 'verified' }) })])
    const rejected = stationProfileResponseSchema.parse(
      (await request(app).post(`/api/admin/stations/${AIKOU}/reject`).set('Authorization', `Bearer ${county}`).send({ reason: '以县里名录为准' }).expect(200))
        .body,
    )
    expect(rejected.station).toMatchObject({ phone: '023-76660005', verification: 'unverified' })
    expect(rejected.history[0]).toMatchObject({ action: 'reject', note: '以县里名录为准' })
    expect(await served()).toMatchObject({ phone: '023-76660005', verification: 'unverified' })
    expect(await queue(county)).toEqual([])
  })
})
