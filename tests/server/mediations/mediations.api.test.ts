import { randomUUID } from 'node:crypto'
import request from 'supertest'
import { homeResponseSchema, loginResponseSchema, mediationRecordSchema, mediationStatsResponseSchema } from '../../../contracts'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import { MediationRepository } from '../../../server/mediations/mediation.repository'
import type { Storage } from '../../../server/storage/database'
import { WechatClient } from '../../../server/wechat/wechat-client'
import { startFakeWechat } from '../../support/fake-wechat'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'
import { mediationRecord } from '../../support/mediation-records'

type App = Awaited<ReturnType<typeof buildTestApp>>
let phoneSeed = 0

const record = mediationRecord

describeEachStorage('mediation log API', (storage: () => Storage) => {
  const auth = () => new AuthService({ users: new UserRepository(storage().db), now: fixedNow })

  async function volunteer(app: App, town = '隘口镇') {
    phoneSeed += 1
    const phone = `1370000${String(phoneSeed).padStart(4, '0')}`
    const { inviteCode } = await auth().addVolunteer({ name: `明白人${phoneSeed}`, phone, county: '秀山土家族苗族自治县', town, village: '示例村' })
    const response = await request(app).post('/api/auth/login').send({ phone, inviteCode })
    expect(response.status).toBe(200)
    return { phone, inviteCode, token: loginResponseSchema.parse(response.body).token }
  }

  async function staffOf(app: App, stationId: string) {
    const username = `s-${randomUUID().slice(0, 8)}`
    const { password } = await auth().addStaff({ stationId, username })
    return loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' })).body).token
  }

  async function admin(app: App) {
    const username = `a-${randomUUID().slice(0, 8)}`
    const { password } = await auth().addAdmin({ username, county: '秀山土家族苗族自治县' })
    return loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' })).body).token
  }

  describe('sign-in', () => {
    it('a volunteer signs in with phone and invite code once; the used invite is refused', async () => {
      const app = await buildTestApp(storage())
      const { phone, inviteCode } = await volunteer(app)
      const again = await request(app).post('/api/auth/login').send({ phone, inviteCode })
      expect(again.status).toBe(401)
      expect(again.body.error.message).toMatch(/邀请码/)
    })

    it('in the mini program, binds the WeChat user with the invite code once, then signs in with the code alone; session_key never leaves', async () => {
      const wechat = await startFakeWechat({ appId: 'wx-a', secret: 's', codes: { 'code-1': 'openid-v', 'code-2': 'openid-v', 'code-3': 'openid-stranger' } })
      try {
        const client = new WechatClient({ apiBase: wechat.baseUrl, appId: 'wx-a', secret: 's', timeoutMs: 1000, now: fixedNow })
        const app = await buildTestApp(storage(), { wechat: client })
        const { inviteCode } = await auth().addVolunteer({
          name: '微信用户',
          phone: '13711112222',
          county: '秀山土家族苗族自治县',
          town: '中和街道',
          village: '示例社区',
        })
        const first = await request(app).post('/api/auth/login').send({ wechatCode: 'code-1', inviteCode })
        expect(first.status).toBe(200)
        expect(JSON.stringify(first.body)).not.toContain('SESSION-KEY')
        expect(first.body).toMatchObject({ role: 'volunteer', town: '中和街道' })
        const later = await request(app).post('/api/auth/login').send({ wechatCode: 'code-2' })
        expect(later.status).toBe(200)
        const stranger = await request(app).post('/api/auth/login').send({ wechatCode: 'code-3' })
        expect(stranger.status).toBe(401)
      } finally {
        await wechat.close()
      }
    })

    it('an expired token (after 30 days) and a disabled volunteer’s token are 401', async () => {
      const app = await buildTestApp(storage())
      const { token, phone } = await volunteer(app)
      const later = await buildTestApp(storage(), { now: () => new Date(fixedNow().getTime() + 31 * 86_400_000) })
      expect((await request(later).get('/api/mediations').set('Authorization', `Bearer ${token}`)).status).toBe(401)
      expect((await request(app).get('/api/mediations').set('Authorization', `Bearer ${token}`)).status).toBe(200)
      await auth().disableVolunteer({ phone })
      expect((await request(app).get('/api/mediations').set('Authorization', `Bearer ${token}`)).status).toBe(401)
    })

    it('without a token is 401', async () => {
      expect(
        (
          await request(await buildTestApp(storage()))
            .post('/api/mediations')
            .send(record())
        ).status,
      ).toBe(401)
    })
  })

  describe('POST /api/mediations', () => {
    it('stores a record once however often the same id is synced, and keeps an audit trail', async () => {
      const app = await buildTestApp(storage())
      const { token } = await volunteer(app)
      const body = record({ partyNames: ['张大山', '李小河'] })
      const first = await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(body)
      expect(first.status).toBe(201)
      const stored = mediationRecordSchema.parse(first.body)
      expect(stored.partyNames).toEqual(['张*', '李*'])
      const repeats = await Promise.all([1, 2, 3].map(() => request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(body)))
      expect(repeats.map((response) => response.status)).toEqual([200, 200, 200])
      expect(repeats.every((response) => response.body.id === body.id && response.body.version === 1)).toBe(true)
      const rows = await storage().db.selectFrom('mediation_records').select('id').where('id', '=', body.id).execute()
      expect(rows).toHaveLength(1)
      expect((await new MediationRepository(storage()).auditTrail(body.id)).map((entry) => entry.action)).toEqual(['create'])
    })

    it('gives 回访 at +7 and +30 days, and a 司法确认 prompt when the agreement involves payment', async () => {
      const app = await buildTestApp(storage())
      const { token } = await volunteer(app)
      const response = await request(app)
        .post('/api/mediations')
        .set('Authorization', `Bearer ${token}`)
        .send(record({ agreement: 'written', involvesPayment: true, amountYuan: 3000 }))
      expect(response.body.followUps.map((f: { kind: string; dueOn: string }) => [f.kind, f.dueOn])).toEqual([
        ['visit_7d', '2026-11-27'],
        ['visit_30d', '2026-12-20'],
        ['judicial_confirmation', '2026-12-20'],
      ])
      const home = homeResponseSchema.parse((await request(app).get('/api/home').set('Authorization', `Bearer ${token}`)).body)
      // the 司法确认 reminder shows from the start, until its last day
      expect(home.followUps.map((f) => f.kind)).toEqual(['visit_7d', 'judicial_confirmation'])
    })

    it('stores a 零上报 for a month as its own kind', async () => {
      const app = await buildTestApp(storage())
      const { token } = await volunteer(app)
      const response = await request(app)
        .post('/api/mediations')
        .set('Authorization', `Bearer ${token}`)
        .send({ kind: 'zero_report', id: randomUUID(), month: '2026-10', town: '隘口镇', village: '示例村' })
      expect(response.status).toBe(201)
      expect(response.body).toMatchObject({ kind: 'zero_report', month: '2026-10', disputeType: null })
    })

    it.each([
      ['an unknown dispute type', { disputeType: 'witchcraft' }, 'disputeType'],
      ['a summary over 1,000 characters', { summary: '长'.repeat(1001) }, 'summary'],
      ['a referral without whom to', { outcome: 'referred', agreement: 'none' }, 'referredTo'],
      ['an id that is not a UUID', { id: 'local-1' }, 'id'],
      ['one party', { partiesCount: 1 }, 'partiesCount'],
    ])('refuses %s with 400 naming the field', async (_name, change, field) => {
      const app = await buildTestApp(storage())
      const { token } = await volunteer(app)
      const response = await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(record(change))
      expect(response.status).toBe(400)
      expect(response.body.error.fields.map((f: { path: string }) => f.path)).toContain(field)
    })
  })

  describe('editing', () => {
    it('edits with the version it started from; a stale version answers 409 with the server’s copy', async () => {
      const app = await buildTestApp(storage())
      const { token } = await volunteer(app)
      const body = record()
      await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(body)
      const edited = await request(app)
        .patch(`/api/mediations/${body.id}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ version: 1, record: { ...body, summary: '补充：已回访。' } })
      expect(edited.status).toBe(200)
      expect(edited.body.version).toBe(2)
      const stale = await request(app)
        .patch(`/api/mediations/${body.id}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ version: 1, record: { ...body, summary: '旧手机上的修改' } })
      expect(stale.status).toBe(409)
      expect(stale.body.current).toMatchObject({ version: 2, summary: '补充：已回访。' })
      expect((await new MediationRepository(storage()).auditTrail(body.id)).map((entry) => [entry.action, entry.version])).toEqual([
        ['create', 1],
        ['update', 2],
      ])
    })

    it('refuses edits after 7 days', async () => {
      const app = await buildTestApp(storage())
      const { token } = await volunteer(app)
      const body = record()
      await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(body)
      const later = await buildTestApp(storage(), { now: () => new Date(fixedNow().getTime() + 8 * 86_400_000) })
      const response = await request(later).patch(`/api/mediations/${body.id}`).set('Authorization', `Bearer ${token}`).send({ version: 1, record: body })
      expect(response.status).toBe(409)
      expect(response.body.error.code).toBe('EDIT_WINDOW_CLOSED')
    })
  })

  describe('who sees what', () => {
    it('volunteer A reading or editing B’s record gets 404; town staff of another town get 404; their own town’s staff and the administrator see it', async () => {
      const app = await buildTestApp(storage())
      const a = await volunteer(app)
      const b = await volunteer(app)
      const body = record({ town: '隘口镇' })
      await request(app).post('/api/mediations').set('Authorization', `Bearer ${b.token}`).send(body)

      expect((await request(app).get(`/api/mediations/${body.id}`).set('Authorization', `Bearer ${a.token}`)).status).toBe(404)
      expect((await request(app).patch(`/api/mediations/${body.id}`).set('Authorization', `Bearer ${a.token}`).send({ version: 1, record: body })).status).toBe(
        404,
      )
      const listA = await request(app).get('/api/mediations').set('Authorization', `Bearer ${a.token}`)
      expect(listA.body.records.some((r: { id: string }) => r.id === body.id)).toBe(false)

      const otherTown = await staffOf(app, '500241001-ws') // 中和街道
      expect((await request(app).get(`/api/mediations/${body.id}`).set('Authorization', `Bearer ${otherTown}`)).status).toBe(404)
      const sameTown = await staffOf(app, '500241103-ws') // 隘口镇
      expect((await request(app).get(`/api/mediations/${body.id}`).set('Authorization', `Bearer ${sameTown}`)).status).toBe(200)
      expect(
        (await request(app).patch(`/api/mediations/${body.id}`).set('Authorization', `Bearer ${sameTown}`).send({ version: 1, record: body })).status,
      ).toBe(404)
      const county = await admin(app)
      expect((await request(app).get(`/api/mediations/${body.id}`).set('Authorization', `Bearer ${county}`)).status).toBe(200)
    })

    it('a volunteer of another town cannot file a record or 零上报 for 隘口镇, nor move one there: 403 naming the town; 隘口镇’s list and stats stay clean', async () => {
      const app = await buildTestApp(storage())
      const aikou = await staffOf(app, '500241103-ws') // 隘口镇
      const aikouStats = async () =>
        mediationStatsResponseSchema.parse((await request(app).get('/api/mediations/stats').set('Authorization', `Bearer ${aikou}`)).body)
      const before = await aikouStats()
      const other = await volunteer(app, '中和街道')
      const intruding = record({ town: '隘口镇' })
      const mediation = await request(app).post('/api/mediations').set('Authorization', `Bearer ${other.token}`).send(intruding)
      expect(mediation.status).toBe(403)
      expect(mediation.body.error).toMatchObject({ code: 'OTHER_TOWN', message: expect.stringMatching(/中和街道/) })
      expect(mediation.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['town'])
      const zero = await request(app)
        .post('/api/mediations')
        .set('Authorization', `Bearer ${other.token}`)
        .send({ kind: 'zero_report', id: randomUUID(), month: '2026-10', town: '隘口', village: '示例村' })
      expect(zero.status).toBe(403)
      expect(zero.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['town'])

      // their own town is fine; moving that record to 隘口镇 is refused and leaves it as it was
      const own = record({ town: '中和街道' })
      expect((await request(app).post('/api/mediations').set('Authorization', `Bearer ${other.token}`).send(own)).status).toBe(201)
      const moved = await request(app)
        .patch(`/api/mediations/${own.id}`)
        .set('Authorization', `Bearer ${other.token}`)
        .send({ version: 1, record: { ...own, town: '隘口镇', village: '示例村' } })
      expect(moved.status).toBe(403)
      expect(moved.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['record.town'])
      expect((await request(app).get(`/api/mediations/${own.id}`).set('Authorization', `Bearer ${other.token}`)).body).toMatchObject({
        version: 1,
        town: '中和街道',
      })

      const listed = (await request(app).get('/api/mediations').set('Authorization', `Bearer ${aikou}`)).body.records.map((r: { id: string }) => r.id)
      expect(listed).not.toContain(intruding.id)
      expect(listed).not.toContain(own.id)
      expect(await aikouStats()).toEqual(before)
    })

    it('exports CSV for the administrator only, without phone numbers', async () => {
      const app = await buildTestApp(storage())
      const v = await volunteer(app)
      await request(app)
        .post('/api/mediations')
        .set('Authorization', `Bearer ${v.token}`)
        .send(record({ partyNames: ['王=1+1'], summary: '含有 "引号", 逗号' }))
      const county = await admin(app)
      const csv = await request(app).get('/api/mediations/export.csv').set('Authorization', `Bearer ${county}`)
      expect(csv.status).toBe(200)
      expect(csv.headers['content-type']).toMatch(/text\/csv/)
      expect(csv.text.charCodeAt(0)).toBe(0xfeff)
      expect(csv.text).toContain('"含有 ""引号"", 逗号"')
      expect(csv.text).toContain('王*')
      expect(csv.text).not.toContain(v.phone)
      expect((await request(app).get('/api/mediations/export.csv').set('Authorization', `Bearer ${v.token}`)).status).toBe(404)
    })
  })
})

describe('GET /api/mediations/stats equals a hand-computed fixture, with <5 suppression', () => {
  it('counts by type, outcome, town and month; outside the volunteer’s own view, 1–4 show as <5', async () => {
    const { openStorage } = await import('../../../server/storage/database')
    const storage = await openStorage({ kind: 'sqlite', sqlitePath: ':memory:' })
    try {
      const app = await buildTestApp(storage)
      const auth = new AuthService({ users: new UserRepository(storage.db), now: fixedNow })
      const { inviteCode } = await auth.addVolunteer({
        name: '统计员',
        phone: '13600000001',
        county: '秀山土家族苗族自治县',
        town: '隘口镇',
        village: '示例村',
      })
      const token = loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ phone: '13600000001', inviteCode })).body).token
      // a volunteer files for their own town only: 中和街道's records come from one of 中和街道
      const zhonghe = await auth.addVolunteer({ name: '中和统计员', phone: '13600000002', county: '秀山土家族苗族自治县', town: '中和街道', village: '示例村' })
      const zhongheToken = loginResponseSchema.parse(
        (await request(app).post('/api/auth/login').send({ phone: '13600000002', inviteCode: zhonghe.inviteCode })).body,
      ).token
      // 6 neighbour disputes in 隘口镇 (5 success, 1 failed), 2 marriage in 中和街道 (success), in Oct and Nov; one 零上报
      const fixture = [
        ...Array.from({ length: 5 }, (_, i) => record({ town: '隘口镇', occurredOn: i < 3 ? '2026-10-10' : '2026-11-10', disputeType: 'neighbor' })),
        record({ town: '隘口镇', occurredOn: '2026-11-11', disputeType: 'neighbor', outcome: 'failed', agreement: 'none' }),
      ]
      for (const body of fixture) expect((await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(body)).status).toBe(201)
      for (let i = 0; i < 2; i += 1) {
        const body = record({ town: '中和街道', occurredOn: '2026-11-12', disputeType: 'marriage_family' })
        expect((await request(app).post('/api/mediations').set('Authorization', `Bearer ${zhongheToken}`).send(body)).status).toBe(201)
      }
      await request(app)
        .post('/api/mediations')
        .set('Authorization', `Bearer ${token}`)
        .send({ kind: 'zero_report', id: randomUUID(), month: '2026-09', town: '隘口镇', village: '示例村' })

      const own = mediationStatsResponseSchema.parse((await request(app).get('/api/mediations/stats').set('Authorization', `Bearer ${token}`)).body)
      expect(own).toEqual({
        scope: { level: 'volunteer', name: '统计员' },
        total: 6,
        zeroReports: 1,
        byType: [{ key: 'neighbor', label: '邻里纠纷', count: 6 }],
        byOutcome: [
          { key: 'success', label: '调解成功', count: 5 },
          { key: 'failed', label: '未成功', count: 1 },
        ],
        byTown: [{ key: '隘口镇', label: '隘口镇', count: 6 }],
        byMonth: [
          { key: '2026-10', label: '2026-10', count: 3 },
          { key: '2026-11', label: '2026-11', count: 3 },
        ],
        // on 2026-11-26: the 7-day visits of 11-10 (×2) and the 30-day visits of 10-10 (×3, due 11-09)
        // are due; the 7-day visits of 10-10 (10-17) are more than 30 days late and off the list
        followUps: { done: 0, due: 5, byOutcome: [] },
      })

      const { password } = await auth.addAdmin({ username: 'county-admin', county: '秀山土家族苗族自治县' })
      const adminToken = loginResponseSchema.parse(
        (await request(app).post('/api/auth/login').send({ username: 'county-admin', password, newPassword: 'own-password-2026' })).body,
      ).token
      const county = mediationStatsResponseSchema.parse((await request(app).get('/api/mediations/stats').set('Authorization', `Bearer ${adminToken}`)).body)
      expect(county.total).toBe(8)
      expect(county.zeroReports).toBe('<5')
      expect(county.byType).toEqual([
        { key: 'neighbor', label: '邻里纠纷', count: 6 },
        { key: 'marriage_family', label: '婚姻家庭继承', count: '<5' },
      ])
      expect(county.byOutcome).toEqual([
        { key: 'success', label: '调解成功', count: 7 },
        { key: 'failed', label: '未成功', count: '<5' },
      ])
      expect(county.byMonth).toEqual([
        { key: '2026-10', label: '2026-10', count: '<5' },
        { key: '2026-11', label: '2026-11', count: 5 },
      ])
      const november = mediationStatsResponseSchema.parse(
        (await request(app).get('/api/mediations/stats').query({ from: '2026-11', to: '2026-11' }).set('Authorization', `Bearer ${adminToken}`)).body,
      )
      expect(november.total).toBe(5)
    } finally {
      await storage.close()
    }
  })
})
