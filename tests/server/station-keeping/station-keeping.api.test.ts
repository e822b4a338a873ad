import { randomUUID } from 'node:crypto'
import request from 'supertest'
import { homeResponseSchema, loginResponseSchema, nearestResponseSchema, stationDetailResponseSchema, stationPageResponseSchema } from '../../../contracts'
import { adminQueueResponseSchema, correctionSchema, stationProfileResponseSchema, type StationProfileUpdate } from '../../../contracts/station-keeping'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import { DEFAULT_RATE_LIMITS } from '../../../server/config'
import { RetentionService } from '../../../server/retention/retention.service'
import { wgs84ToGcj02 } from '../../../server/stations/geo'
import { KyselyStationRepository } from '../../../server/stations/station.repository'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'
import { makeStation } from '../stations/support'

type App = Awaited<ReturnType<typeof buildTestApp>>

const XIUSHAN = '秀山土家族苗族自治县'
const AIKOU = '500241103-ws'
const ZHONGHE = '500241001-ws'
/** 01:00 in Xiushan on 26 November is still the 25th in UTC: verification days are China days */
const earlyMorning = () => new Date('2026-11-26T01:00:00+08:00')

const profile = (overrides: Partial<StationProfileUpdate> = {}): StationProfileUpdate => ({
  phones: ['023-7666１２３４', '13800138000'],
  address: '秀山县隘口镇隘口社区便民服务中心二楼',
  hours: { text: '周一至周五 9:00-12:00，14:00-17:30（12:00-14:00 午休）' },
  services: ['legal_consultation', 'mediation'],
  location: { lat: 28.62, lng: 109.06, datum: 'wgs84' },
  ...overrides,
})

describeEachStorage('keeping the station directory true (issue 14)', (storage: () => Storage) => {
  const auth = () => new AuthService({ users: new UserRepository(storage().db), now: fixedNow })

  // one database per suite: each test starts with nothing kept, reported or counted
  beforeEach(async () => {
    for (const table of ['station_overlays', 'station_profile_history', 'station_corrections', 'correction_phone_reveals', 'rate_limits'] as const)
      await storage().db.deleteFrom(table).execute()
  })

  async function signIn(app: App, username: string, password: string): Promise<string> {
    const response = await request(app).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' })
    expect(response.status).toBe(200)
    return loginResponseSchema.parse(response.body).token
  }
  async function staffOf(app: App, stationId: string, displayName = '工作人员甲'): Promise<string> {
    const username = `s-${randomUUID().slice(0, 8)}`
    const { password } = await auth().addStaff({ stationId, username, displayName })
    return signIn(app, username, password)
  }
  async function adminOf(app: App, county = XIUSHAN, displayName = '县司法局乙'): Promise<string> {
    const username = `a-${randomUUID().slice(0, 8)}`
    const { password } = await auth().addAdmin({ username, county, displayName })
    return signIn(app, username, password)
  }
  const put = (app: App, token: string, path: string, body: object) => request(app).put(path).set('Authorization', `Bearer ${token}`).send(body)
  const post = (app: App, token: string, path: string, body: object = {}) => request(app).post(path).set('Authorization', `Bearer ${token}`).send(body)
  const get = (app: App, token: string, path: string) => request(app).get(path).set('Authorization', `Bearer ${token}`)
  const detail = async (app: App, id: string) => stationDetailResponseSchema.parse((await request(app).get(`/api/stations/${id}`).expect(200)).body).station
  const queue = async (app: App, token: string) => adminQueueResponseSchema.parse((await get(app, token, '/api/admin/queue').expect(200)).body)

  it('a staff update shows at once in the list, nearest, the station and 首页, labelled self_reported, with its history', async () => {
    const app = await buildTestApp(storage())
    const token = await staffOf(app, AIKOU)
    const saved = await put(app, token, `/api/staff/stations/${AIKOU}/profile`, profile())
    expect(saved.status).toBe(200)
    const body = stationProfileResponseSchema.parse(saved.body)
    const place = wgs84ToGcj02({ lat: 28.62, lng: 109.06 })
    expect(body.station).toMatchObject({
      phone: '023-76661234、13800138000',
      address: '秀山县隘口镇隘口社区便民服务中心二楼',
      hours: { text: '周一至周五 9:00-12:00，14:00-17:30（12:00-14:00 午休）', isDefault: false },
      services: ['legal_consultation', 'mediation'],
      location: place,
      locationQuality: 'surveyed',
      verification: 'self_reported',
      verifiedAt: null,
    })
    expect(body.phones).toEqual(['023-76661234', '13800138000'])
    expect(body.keeping).toMatchObject({
      verification: 'self_reported',
      version: 1,
      reportedBy: { name: '工作人员甲', role: 'staff' },
      verifiedAt: null,
      conflict: null,
    })

    const station = await detail(app, AIKOU)
    expect(station).toMatchObject({ phone: '023-76661234、13800138000', verification: 'self_reported', location: place })
    const list = stationPageResponseSchema.parse((await request(app).get('/api/stations').query({ town: '隘口镇' }).expect(200)).body)
    expect(list.stations.find((entry) => entry.id === AIKOU)).toMatchObject({ verification: 'self_reported', phone: '023-76661234、13800138000' })
    expect(list.stations.filter((entry) => entry.id !== AIKOU).every((entry) => entry.verification === 'unverified')).toBe(true)
    const nearest = nearestResponseSchema.parse(
      (await request(app).get('/api/stations/nearest').query({ lat: 28.62, lng: 109.06, datum: 'wgs84' }).expect(200)).body,
    )
    expect(nearest.stations[0].station).toMatchObject({ id: AIKOU, phone: '023-76661234、13800138000', verification: 'self_reported' })
    expect(nearest.stations[0].distanceMeters).toBeLessThan(1)
    const poster = await request(app).get(`/api/stations/${AIKOU}/poster`).expect(200)
    expect(poster.text).toContain('023-76661234、13800138000')
    expect(poster.text).toContain('data-verification="self_reported"><span class="label">信息状态：</span>服务站自报（县司法局尚未核实）')
    const home = homeResponseSchema.parse((await request(app).get('/api/home').query({ lat: 28.62, lng: 109.06, datum: 'wgs84' }).expect(200)).body)
    expect(home.nearestStations[0].station).toMatchObject({ id: AIKOU, verification: 'self_reported' })

    const again = stationProfileResponseSchema.parse((await get(app, token, `/api/staff/stations/${AIKOU}/profile`).expect(200)).body)
    expect(again.history).toHaveLength(1)
    expect(again.history[0]).toMatchObject({ action: 'self_report', by: { name: '工作人员甲', role: 'staff' }, at: fixedNow().toISOString(), note: null })
    expect(again.history[0].before).toMatchObject({ phone: null, address: null, location: null, hours: { isDefault: true } })
    expect(again.history[0].after).toMatchObject({ phone: '023-76661234、13800138000', location: place })
  })

  it('a save that changes only the phone keeps an approximate point approximate (the form sends back the point it showed)', async () => {
    const app = await buildTestApp(storage())
    const token = await staffOf(app, '500241-centre')
    const centre = await detail(app, '500241-centre')
    expect(centre.locationQuality).toBe('approximate')
    const shown = { lat: centre.location!.lat, lng: centre.location!.lng, datum: 'gcj02' as const }
    await put(app, token, '/api/staff/stations/500241-centre/profile', profile({ location: shown })).expect(200)
    expect(await detail(app, '500241-centre')).toMatchObject({
      phone: '023-76661234、13800138000',
      location: centre.location,
      locationQuality: 'approximate',
      verification: 'self_reported',
    })
    // standing at the station moves the point: that one is surveyed
    await put(app, token, '/api/staff/stations/500241-centre/profile', profile({ location: { lat: 28.4451, lng: 108.9962, datum: 'gcj02' } })).expect(200)
    expect(await detail(app, '500241-centre')).toMatchObject({ location: { lat: 28.4451, lng: 108.9962 }, locationQuality: 'surveyed' })
  })

  it('two saves at the same moment both land, one after the other, each in the history', async () => {
    const app = await buildTestApp(storage())
    const [first, second] = [await staffOf(app, AIKOU, '甲'), await staffOf(app, AIKOU, '乙')]
    const answers = await Promise.all([
      put(app, first, `/api/staff/stations/${AIKOU}/profile`, profile({ phones: ['023-76661111'] })),
      put(app, second, `/api/staff/stations/${AIKOU}/profile`, profile({ phones: ['023-76662222'] })),
    ])
    expect(answers.map((answer) => answer.status)).toEqual([200, 200])
    const kept = stationProfileResponseSchema.parse((await get(app, first, `/api/staff/stations/${AIKOU}/profile`).expect(200)).body)
    expect(kept.keeping.version).toBe(2)
    expect(kept.history.map((entry) => entry.after?.phone).sort()).toEqual(['023-76661111', '023-76662222'])
    // the later one is what is served, and its "before" is the earlier one
    expect(kept.history[0].before?.phone).toBe(kept.history[1].after?.phone)
    expect((await detail(app, AIKOU)).phone).toBe(kept.history[0].after?.phone)
  })

  it('staff of station X get 404 for station Y, and for the county’s endpoints', async () => {
    const app = await buildTestApp(storage())
    const token = await staffOf(app, AIKOU)
    expect((await get(app, token, `/api/staff/stations/${ZHONGHE}/profile`)).status).toBe(404)
    expect((await put(app, token, `/api/staff/stations/${ZHONGHE}/profile`, profile())).status).toBe(404)
    expect((await put(app, token, '/api/staff/stations/no-such-station/profile', profile())).status).toBe(404)
    expect((await get(app, token, '/api/admin/queue')).status).toBe(404)
    expect((await post(app, token, `/api/admin/stations/${AIKOU}/verify`)).status).toBe(404)
    expect((await request(app).get(`/api/staff/stations/${AIKOU}/profile`)).status).toBe(401)
    expect((await detail(app, ZHONGHE)).verification).toBe('unverified')
  })

  it('bad input is a 400 naming the field, in Chinese', async () => {
    const app = await buildTestApp(storage())
    const token = await staffOf(app, AIKOU)
    const cases: [object, string][] = [
      [profile({ phones: ['023-76661234', '问问村委会'] }), 'phones.1'],
      [profile({ location: { lat: 48.85, lng: 2.35, datum: 'wgs84' } }), 'location'],
      [{ ...profile(), hours: { text: '' } }, 'hours.text'],
      [{ ...profile(), services: ['legal_consultation', 'legal_consultation'] }, 'services'],
      [{ ...profile(), phones: Array.from({ length: 6 }, (_, index) => `1380013800${index}`) }, 'phones'],
    ]
    for (const [body, path] of cases) {
      const response = await put(app, token, `/api/staff/stations/${AIKOU}/profile`, body)
      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('VALIDATION_FAILED')
      expect(response.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(/\p{Script=Han}/u) })]))
    }
    expect((await detail(app, AIKOU)).verification).toBe('unverified')
  })

  it('an administrator verifies: verified, with verifiedAt the China day and who; the queue empties', async () => {
    const app = await buildTestApp(storage(), { now: earlyMorning })
    const staff = await staffOf(app, AIKOU)
    await put(app, staff, `/api/staff/stations/${AIKOU}/profile`, profile()).expect(200)
    const admin = await adminOf(app)
    const pending = await queue(app, admin)
    expect(pending.county).toBe(XIUSHAN)
    expect(pending.items).toEqual([
      expect.objectContaining({
        kind: 'station',
        reason: 'self_report',
        after: expect.objectContaining({ phone: '023-76661234、13800138000' }),
        before: expect.objectContaining({ phone: null }),
      }),
    ])

    const verified = stationProfileResponseSchema.parse((await post(app, admin, `/api/admin/stations/${AIKOU}/verify`, { version: 1 }).expect(200)).body)
    expect(verified.station).toMatchObject({ verification: 'verified', verifiedAt: '2026-11-26', phone: '023-76661234、13800138000' })
    expect(verified.keeping).toMatchObject({
      verification: 'verified',
      verifiedAt: '2026-11-26',
      verifiedBy: { name: '县司法局乙', role: 'admin' },
      reportedBy: { name: '工作人员甲' },
    })
    expect(verified.history.map((entry) => entry.action)).toEqual(['verify', 'self_report'])
    expect(await detail(app, AIKOU)).toMatchObject({ verification: 'verified', verifiedAt: '2026-11-26' })
    expect((await queue(app, admin)).items).toEqual([])
    // a verify naming a version that is no longer current is refused
    expect((await post(app, admin, `/api/admin/stations/${AIKOU}/verify`, { version: 1 })).body.error.code).toBe('VERSION_CONFLICT')
    // the same facts sent again by staff change nothing: still verified
    await put(app, staff, `/api/staff/stations/${AIKOU}/profile`, profile()).expect(200)
    expect((await detail(app, AIKOU)).verification).toBe('verified')
  })

  it('a rejection restores the facts before the self-report and is recorded with its reason', async () => {
    const app = await buildTestApp(storage())
    const staff = await staffOf(app, AIKOU)
    const admin = await adminOf(app)
    // a first report rejected: the directory's facts return
    await put(app, staff, `/api/staff/stations/${AIKOU}/profile`, profile()).expect(200)
    const first = stationProfileResponseSchema.parse((await post(app, admin, `/api/admin/stations/${AIKOU}/reject`, { reason: '电话打不通' }).expect(200)).body)
    expect(first.station).toMatchObject({ phone: null, location: null, verification: 'unverified' })
    expect(first.history[0]).toMatchObject({ action: 'reject', note: '电话打不通', by: { role: 'admin' }, after: expect.objectContaining({ phone: null }) })

    // verified facts, then two reports: rejecting restores the verified ones
    await put(app, staff, `/api/staff/stations/${AIKOU}/profile`, profile()).expect(200)
    await post(app, admin, `/api/admin/stations/${AIKOU}/verify`).expect(200)
    await put(app, staff, `/api/staff/stations/${AIKOU}/profile`, profile({ phones: ['023-76669999'] })).expect(200)
    await put(app, staff, `/api/staff/stations/${AIKOU}/profile`, profile({ phones: ['023-76668888'], address: null })).expect(200)
    expect(await detail(app, AIKOU)).toMatchObject({ phone: '023-76668888', verification: 'self_reported' })
    const restored = stationProfileResponseSchema.parse(
      (await post(app, admin, `/api/admin/stations/${AIKOU}/reject`, { reason: '不是本站电话' }).expect(200)).body,
    )
    expect(restored.station).toMatchObject({
      phone: '023-76661234、13800138000',
      address: '秀山县隘口镇隘口社区便民服务中心二楼',
      verification: 'verified',
      verifiedAt: '2026-11-26',
    })
    expect(await detail(app, AIKOU)).toMatchObject({ phone: '023-76661234、13800138000', verification: 'verified' })
    expect(restored.history.map((entry) => entry.action)).toEqual(['reject', 'self_report', 'self_report', 'verify', 'self_report', 'reject', 'self_report'])

    const nothing = await post(app, admin, `/api/admin/stations/${AIKOU}/reject`, { reason: '再退一次' })
    expect(nothing.status).toBe(409)
    expect(nothing.body.error.code).toBe('NO_PENDING_REPORT')
    const noReason = await post(app, admin, `/api/admin/stations/${AIKOU}/reject`, {})
    expect(noReason.status).toBe(400)
    expect(noReason.body.error.fields).toEqual([expect.objectContaining({ path: 'reason' })])
  })

  it('a 退回 stands in the staff’s profile — when, why, whose report of when — until the next report, verification or edit (issue 22, item 11)', async () => {
    const app = await buildTestApp(storage())
    const reporter = await staffOf(app, AIKOU, '隘口镇值班员')
    const colleague = await staffOf(app, AIKOU, '隘口镇副站长')
    const admin = await adminOf(app, XIUSHAN, '县司法局小周')
    const profileOf = async (token: string, path: string) => stationProfileResponseSchema.parse((await get(app, token, path).expect(200)).body)
    expect((await profileOf(reporter, `/api/staff/stations/${AIKOU}/profile`)).rejection).toBeNull()
    await put(app, reporter, `/api/staff/stations/${AIKOU}/profile`, profile()).expect(200)
    expect((await profileOf(reporter, `/api/staff/stations/${AIKOU}/profile`)).rejection).toBeNull()

    await post(app, admin, `/api/admin/stations/${AIKOU}/reject`, { reason: '电话打不通，请核对号码' }).expect(200)
    const seen = {
      at: fixedNow().toISOString(),
      by: { name: '县司法局小周', role: 'admin' },
      reason: '电话打不通，请核对号码',
      reportedAt: fixedNow().toISOString(),
      reportedBy: { name: '隘口镇值班员', role: 'staff' },
    }
    expect((await profileOf(reporter, `/api/staff/stations/${AIKOU}/profile`)).rejection).toEqual({ ...seen, reportedByYou: true })
    expect((await profileOf(colleague, `/api/staff/stations/${AIKOU}/profile`)).rejection).toEqual({ ...seen, reportedByYou: false })
    expect((await profileOf(admin, `/api/admin/stations/${AIKOU}/profile`)).rejection).toEqual({ ...seen, reportedByYou: false })

    // the colleague reports again: the 退回 is over
    const again = stationProfileResponseSchema.parse(
      (await put(app, colleague, `/api/staff/stations/${AIKOU}/profile`, profile({ phones: ['023-76665678'] })).expect(200)).body,
    )
    expect(again.rejection).toBeNull()
    // a verification ends a later one as well
    await post(app, admin, `/api/admin/stations/${AIKOU}/reject`, { reason: '不是本站电话' }).expect(200)
    expect((await profileOf(reporter, `/api/staff/stations/${AIKOU}/profile`)).rejection).toMatchObject({
      reason: '不是本站电话',
      reportedBy: { name: '隘口镇副站长' },
      reportedByYou: false,
    })
    await post(app, admin, `/api/admin/stations/${AIKOU}/verify`).expect(200)
    expect((await profileOf(reporter, `/api/staff/stations/${AIKOU}/profile`)).rejection).toBeNull()
  })

  it('an administrator of county P gets 404 for county Q’s stations and corrections, and edits their own (verified at once)', async () => {
    // a station of another county, as import:stations stores it
    const other = { ...makeStation({ id: 'zz-other-ws', location: { lat: 28.1, lng: 108.8 } }), county: '测试县', town: '测试镇' }
    await new KyselyStationRepository(storage().db).upsertMany({ stations: [other], importedAt: fixedNow().toISOString() })
    const app = await buildTestApp(storage())
    const xiushan = await adminOf(app)
    const testCounty = await adminOf(app, '测试县', '测试县管理员')
    const elsewhere = await adminOf(app, '酉阳土家族苗族自治县')

    expect((await get(app, xiushan, '/api/admin/stations/zz-other-ws/profile')).status).toBe(404)
    expect((await put(app, xiushan, '/api/admin/stations/zz-other-ws/profile', profile())).status).toBe(404)
    expect((await post(app, xiushan, '/api/admin/stations/zz-other-ws/verify')).status).toBe(404)
    expect((await post(app, xiushan, '/api/admin/stations/zz-other-ws/reject', { reason: '不对' })).status).toBe(404)
    expect((await post(app, elsewhere, `/api/admin/stations/${AIKOU}/verify`)).status).toBe(404)

    const edited = stationProfileResponseSchema.parse(
      (await put(app, testCounty, '/api/admin/stations/zz-other-ws/profile', profile({ location: { lat: 28.1, lng: 108.8, datum: 'gcj02' } })).expect(200))
        .body,
    )
    expect(edited.station).toMatchObject({ county: '测试县', verification: 'verified', verifiedAt: '2026-11-26', location: { lat: 28.1, lng: 108.8 } })
    expect(edited.history[0]).toMatchObject({ action: 'admin_edit', by: { name: '测试县管理员', role: 'admin' } })

    const report = correctionSchema.parse(
      (await request(app).post('/api/stations/zz-other-ws/corrections').send({ field: 'phone', message: '电话是空号' }).expect(201)).body,
    )
    expect((await queue(app, xiushan)).items).toEqual([])
    expect((await queue(app, testCounty)).items).toEqual([
      expect.objectContaining({ kind: 'correction', correction: expect.objectContaining({ id: report.id }) }),
    ])
    expect((await post(app, xiushan, `/api/admin/corrections/${report.id}/resolve`, { note: '已核对' })).status).toBe(404)
    expect((await post(app, xiushan, `/api/admin/corrections/${report.id}/reveal-phone`, {})).status).toBe(404)
    expect((await post(app, testCounty, `/api/admin/corrections/${report.id}/resolve`, { note: '已核对' })).status).toBe(200)
  })

  it('a resident’s correction reaches the county’s queue with the call-back phone masked, and is resolved with a note', async () => {
    const app = await buildTestApp(storage())
    const sent = await request(app)
      .post(`/api/stations/${ZHONGHE}/corrections`)
      .send({ field: 'closed', message: '工作站已经搬到街道办三楼了', callbackPhone: '138 0013 8000' })
    expect(sent.status).toBe(201)
    const correction = correctionSchema.parse(sent.body)
    expect(correction).toMatchObject({ stationId: ZHONGHE, field: 'closed', callbackPhone: '138****8000', status: 'open', resolvedAt: null })

    const admin = await adminOf(app)
    const listed = await get(app, admin, '/api/admin/queue').expect(200)
    expect(adminQueueResponseSchema.parse(listed.body).items).toEqual([
      expect.objectContaining({
        kind: 'correction',
        station: expect.objectContaining({ id: ZHONGHE }),
        correction: expect.objectContaining({ id: correction.id, callbackPhone: '138****8000' }),
      }),
    ])
    const resolved = await post(app, admin, `/api/admin/corrections/${correction.id}/resolve`, { note: '已电话核实，地址已更新' })
    expect(resolved.status).toBe(200)
    expect(correctionSchema.parse(resolved.body)).toMatchObject({
      status: 'resolved',
      note: '已电话核实，地址已更新',
      resolvedBy: { name: '县司法局乙', role: 'admin' },
      callbackPhone: '138****8000',
    })
    expect((await queue(app, admin)).items).toEqual([])
    expect((await post(app, admin, `/api/admin/corrections/${correction.id}/resolve`, { note: '再处理' })).body.error.code).toBe('CORRECTION_RESOLVED')
    // the whole number is in no list or answer; it is kept for the call-back
    expect(JSON.stringify([sent.body, listed.body, resolved.body])).not.toContain('13800138000')
    expect(await storage().db.selectFrom('station_corrections').select('callback_phone').where('id', '=', correction.id).executeTakeFirst()).toEqual({
      callback_phone: '13800138000',
    })
    // 回电: the county's administrator sees it on purpose, one correction at a time, and each look is recorded
    const revealed = await post(app, admin, `/api/admin/corrections/${correction.id}/reveal-phone`, {})
    expect(revealed.status).toBe(200)
    expect(revealed.body).toEqual({ phone: '13800138000' })
    expect(revealed.headers['cache-control']).toBe('no-store')
    expect(await storage().db.selectFrom('correction_phone_reveals').select(['correction_id', 'revealed_by']).execute()).toEqual([
      { correction_id: correction.id, revealed_by: expect.any(String) },
    ])
    // without a number left to show: 410, and nothing recorded
    const silent = correctionSchema.parse(
      (await request(app).post(`/api/stations/${ZHONGHE}/corrections`).send({ field: 'other', message: '门口的牌子掉了' }).expect(201)).body,
    )
    const none = await post(app, admin, `/api/admin/corrections/${silent.id}/reveal-phone`, {})
    expect(none.status).toBe(410)
    expect(none.body.error.code).toBe('PHONE_ERASED')
    expect(await storage().db.selectFrom('correction_phone_reveals').select('id').execute()).toHaveLength(1)

    const bad = await request(app).post(`/api/stations/${ZHONGHE}/corrections`).send({ field: 'colour', message: '', callbackPhone: '12' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual(['callbackPhone', 'field', 'message'])
    expect((await request(app).post('/api/stations/no-such-station/corrections').send({ field: 'other', message: '没有这个站' })).status).toBe(404)
  })

  it('the call-back phone is erased 180 days after the report; the report stays', async () => {
    const app = await buildTestApp(storage())
    const correction = correctionSchema.parse(
      (
        await request(app)
          .post(`/api/stations/${ZHONGHE}/corrections`)
          .send({ field: 'phone', message: '电话打不通', callbackPhone: '023-76661234' })
          .expect(201)
      ).body,
    )
    expect(correction.callbackPhone).toBe('023****1234')
    const retention = (days: number) => new RetentionService({ storage: storage(), now: () => new Date(fixedNow().getTime() + days * 86_400_000) }).run()
    expect((await retention(179)).correctionPhonesErased).toBe(0)
    expect((await retention(181)).correctionPhonesErased).toBe(1)
    const admin = await adminOf(app)
    expect((await queue(app, admin)).items).toEqual([
      expect.objectContaining({ correction: expect.objectContaining({ id: correction.id, callbackPhone: null, message: '电话打不通' }) }),
    ])
  })

  it('limits corrections per address: a stranger’s flood is refused beyond the limit, other residents and the county are not', async () => {
    const app = await buildTestApp(storage(), { rateLimits: { ...DEFAULT_RATE_LIMITS, correctionsPerIp: 3 }, trustProxy: ['loopback'] })
    let sent = 0
    // different words each time: the same words about a station fold into one correction
    const from = (ip: string, stationId: string) =>
      request(app)
        .post(`/api/stations/${stationId}/corrections`)
        .set('X-Forwarded-For', ip)
        .send({ field: 'other', message: `刷屏 ${(sent += 1)}` })
    for (let index = 0; index < 3; index += 1) expect((await from('203.0.113.9', index % 2 === 0 ? AIKOU : ZHONGHE)).status).toBe(201)
    const refused = await from('203.0.113.9', '500241-centre')
    expect(refused.status).toBe(429)
    expect(refused.body.error.code).toBe('RATE_LIMITED')
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    // invalid requests count too, so a flood of garbage is no cheaper
    expect((await request(app).post(`/api/stations/${AIKOU}/corrections`).set('X-Forwarded-For', '203.0.113.9').send({})).status).toBe(429)

    expect((await from('198.51.100.23', AIKOU)).status).toBe(201)
    expect((await from('198.51.100.24', '500241-centre')).status).toBe(201)
    const admin = await adminOf(app)
    expect((await queue(app, admin)).items.filter((item) => item.kind === 'correction')).toHaveLength(5)
  })

  it('a flood of 600 corrections from 600 addresses, then a real one: the flood folds (same words) or stops at 20 open per station, and the real one is first in the county’s queue', async () => {
    let tick = 0
    // each request a second later, so "newest first" has something to sort by
    const app = await buildTestApp(storage(), {
      rateLimits: DEFAULT_RATE_LIMITS,
      trustProxy: ['loopback'],
      now: () => new Date(fixedNow().getTime() + (tick += 1) * 1000),
    })
    const send = (index: number, stationId: string, message: string) =>
      request(app)
        .post(`/api/stations/${stationId}/corrections`)
        .set('X-Forwarded-For', `10.${index >> 8}.${index & 255}.7`)
        .send({ field: 'other', message })
    const statuses: number[] = []
    for (let index = 0; index < 300; index += 1) statuses.push((await send(index, '500241111-ws', '这个站是假的，别去')).status)
    for (let index = 300; index < 600; index += 1) {
      const answer = await send(index, '500241115-ws', `乱写的第 ${index} 条`)
      statuses.push(answer.status)
      if (answer.status === 429) expect(answer.body.error).toMatchObject({ code: 'CORRECTIONS_FULL', message: expect.stringMatching(/12348/) })
    }
    // the identical 300 are one correction; of the 300 different ones the station takes 20
    expect(statuses.slice(0, 300).every((status) => status === 201)).toBe(true)
    expect(statuses.slice(300).filter((status) => status === 201)).toHaveLength(20)

    const real = await request(app)
      .post(`/api/stations/${ZHONGHE}/corrections`)
      .set('X-Forwarded-For', '198.51.100.200')
      .send({ field: 'phone', message: '电话换了，现在是 023-76661111' })
    expect(real.status).toBe(201)
    const admin = await adminOf(app)
    const corrections = (await queue(app, admin)).items.flatMap((item) => (item.kind === 'correction' ? [item.correction] : []))
    expect(corrections[0]).toMatchObject({ id: real.body.id, stationId: ZHONGHE, reports: 1 })
    expect(corrections).toHaveLength(22)
    expect(corrections.find((correction) => correction.stationId === '500241111-ws')).toMatchObject({ message: '这个站是假的，别去', reports: 300 })

    // once the county has dealt with the station's pile, residents can report it again
    for (const correction of corrections.filter((entry) => entry.stationId === '500241115-ws')) {
      expect((await post(app, admin, `/api/admin/corrections/${correction.id}/resolve`, { note: '刷屏，已核实无误' })).status).toBe(200)
    }
    expect((await send(900, '500241115-ws', '门口的牌子掉了')).status).toBe(201)
  })

  it('a station whose staff set its place is first near that place, with its phone; among equally near ones the verified comes first', async () => {
    const app = await buildTestApp(storage())
    // the county centre's bundled point is approximate (the county seat); a workstation stands 30 m away
    const place = { lat: 28.44505, lng: 108.99604 }
    const before = nearestResponseSchema.parse((await request(app).get('/api/stations/nearest').query(place).expect(200)).body)
    expect(before.stations[0].station.id).toBe('500241-centre')

    const zhonghe = await staffOf(app, ZHONGHE)
    await put(app, zhonghe, `/api/staff/stations/${ZHONGHE}/profile`, profile({ phones: ['023-76662222'], location: { ...place, datum: 'gcj02' } })).expect(200)
    const after = nearestResponseSchema.parse(
      (
        await request(app)
          .get('/api/stations/nearest')
          .query({ ...place, limit: 3 })
          .expect(200)
      ).body,
    )
    expect(after.stations[0]).toMatchObject({ station: { id: ZHONGHE, phone: '023-76662222', verification: 'self_reported' }, distanceMeters: 0 })
    expect(after.stations[1].station.id).toBe('500241-centre')
    expect(after.withoutLocation).toBe(before.withoutLocation - 1)

    // a second station at the very same place: equally near, so the one the county verified comes first
    const aikou = await staffOf(app, AIKOU)
    await put(app, aikou, `/api/staff/stations/${AIKOU}/profile`, profile({ phones: ['023-76661111'], location: { ...place, datum: 'gcj02' } })).expect(200)
    const nearestTwo = async () =>
      nearestResponseSchema
        .parse(
          (
            await request(app)
              .get('/api/stations/nearest')
              .query({ ...place, limit: 2 })
              .expect(200)
          ).body,
        )
        .stations.map((entry) => [entry.station.id, entry.station.verification])
    const tied = await nearestTwo()
    expect(tied.map(([, verification]) => verification)).toEqual(['self_reported', 'self_reported'])
    const second = String(tied[1][0])
    await post(app, await adminOf(app), `/api/admin/stations/${second}/verify`).expect(200)
    expect(await nearestTwo()).toEqual([
      [second, 'verified'],
      [tied[0][0], 'self_reported'],
    ])
  })
})
