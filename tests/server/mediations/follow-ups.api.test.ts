import { randomUUID } from 'node:crypto'
import request from 'supertest'
import { homeResponseSchema, loginResponseSchema, mediationRecordSchema, mediationStatsResponseSchema } from '../../../contracts'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'
import { mediationRecord } from '../../support/mediation-records'

type App = Awaited<ReturnType<typeof buildTestApp>>
let phoneSeed = 700

/** Mediated on 2026-11-18: at fixedNow (2026-11-26 08:00 China) its 7-day 回访 (11-25) is overdue, its 30-day one (12-18) not due. */
/** settled in writing with a payment: its follow-ups include the payment's */
function mediation(overrides: Record<string, unknown> = {}) {
  return mediationRecord({
    occurredOn: '2026-11-18',
    summary: '两户因排水沟占地起争执，经调解达成书面协议。',
    agreement: 'written',
    involvesPayment: true,
    amountYuan: 3000,
    ...overrides,
  })
}

function followUp(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    kind: 'visit_7d',
    visitedOn: '2026-11-25',
    fulfilment: 'fulfilled',
    recurred: false,
    judicial: 'not_needed',
    note: '双方按协议付清了款。',
    ...overrides,
  }
}

function helpers(storage: () => Storage) {
  const auth = (now: () => Date = fixedNow) => new AuthService({ users: new UserRepository(storage().db), now })

  async function volunteer(app: App, now: () => Date = fixedNow) {
    phoneSeed += 1
    const phone = `1370000${String(phoneSeed).padStart(4, '0')}`
    const { inviteCode } = await auth(now).addVolunteer({
      name: `明白人${phoneSeed}`,
      phone,
      county: '秀山土家族苗族自治县',
      town: '隘口镇',
      village: '示例村',
    })
    return loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ phone, inviteCode })).body).token
  }

  async function admin(app: App) {
    const username = `a-${randomUUID().slice(0, 8)}`
    const { password } = await auth().addAdmin({ username, county: '秀山土家族苗族自治县' })
    return loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' })).body).token
  }

  async function logged(app: App, token: string, overrides: Record<string, unknown> = {}) {
    const body = mediation(overrides)
    expect((await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(body)).status).toBe(201)
    return body
  }

  const post = (app: App, token: string, recordId: string, body: Record<string, unknown>) =>
    request(app).post(`/api/mediations/${recordId}/follow-ups`).set('Authorization', `Bearer ${token}`).send(body)
  return { volunteer, admin, logged, post }
}

describeEachStorage('回访 (follow-ups) on the server', (storage: () => Storage) => {
  const { volunteer, admin, logged, post } = helpers(storage)

  describe('POST /api/mediations/:id/follow-ups', () => {
    it('records a 回访 with its date, outcome and note on the volunteer’s own record: 201, the record lists it, and its prompt leaves the record and 首页', async () => {
      const app = await buildTestApp(storage())
      const token = await volunteer(app)
      const record = await logged(app, token)
      const before = homeResponseSchema.parse((await request(app).get('/api/home').set('Authorization', `Bearer ${token}`)).body)
      expect(before.followUps.filter((prompt) => prompt.recordId === record.id).map((prompt) => prompt.kind)).toEqual(['visit_7d', 'judicial_confirmation'])

      const body = followUp({ fulfilment: 'partial', recurred: true })
      const response = await post(app, token, record.id, body)
      expect(response.status).toBe(201)
      const stored = mediationRecordSchema.parse(response.body)
      expect(stored.followUpsDone).toEqual([
        {
          id: body.id,
          kind: 'visit_7d',
          visitedOn: '2026-11-25',
          fulfilment: 'partial',
          recurred: true,
          judicial: 'not_needed',
          note: '双方按协议付清了款。',
          createdAt: fixedNow().toISOString(),
        },
      ])
      expect(stored.followUps.map((prompt) => prompt.kind)).toEqual(['visit_30d', 'judicial_confirmation'])
      expect(stored.version).toBe(1)

      const after = homeResponseSchema.parse((await request(app).get('/api/home').set('Authorization', `Bearer ${token}`)).body)
      expect(after.followUps.filter((prompt) => prompt.recordId === record.id).map((prompt) => prompt.kind)).toEqual(['judicial_confirmation'])
      const listed = (await request(app).get('/api/mediations').set('Authorization', `Bearer ${token}`)).body.records.find(
        (entry: { id: string }) => entry.id === record.id,
      )
      expect(listed.followUpsDone.map((done: { fulfilment: string }) => done.fulfilment)).toEqual(['partial'])
    })

    it('stores a retried sync once: the same id sent again, even three at a time, answers 200 with the same record and one row', async () => {
      const app = await buildTestApp(storage())
      const token = await volunteer(app)
      const record = await logged(app, token)
      const body = followUp()
      expect((await post(app, token, record.id, body)).status).toBe(201)
      const repeats = await Promise.all([1, 2, 3].map(() => post(app, token, record.id, body)))
      expect(repeats.map((response) => response.status)).toEqual([200, 200, 200])
      expect(repeats.every((response) => response.body.followUpsDone.length === 1 && response.body.followUpsDone[0].id === body.id)).toBe(true)
      expect(await storage().db.selectFrom('mediation_follow_ups').select('id').where('record_id', '=', record.id).execute()).toHaveLength(1)
    })

    it('a first sync sent twice at once stores one follow-up and answers 201 and 200', async () => {
      const app = await buildTestApp(storage())
      const token = await volunteer(app)
      const record = await logged(app, token)
      const body = followUp()
      const statuses = (await Promise.all([post(app, token, record.id, body), post(app, token, record.id, body)])).map((response) => response.status).sort()
      expect(statuses).toEqual([200, 201])
      expect(await storage().db.selectFrom('mediation_follow_ups').select('id').where('record_id', '=', record.id).execute()).toHaveLength(1)
    })

    it('on another volunteer’s record, a record that does not exist, or with an administrator’s token answers 404; without a token 401; nothing is stored', async () => {
      const app = await buildTestApp(storage())
      const owner = await volunteer(app)
      const stranger = await volunteer(app)
      const record = await logged(app, owner)
      expect((await post(app, stranger, record.id, followUp())).status).toBe(404)
      expect((await post(app, owner, randomUUID(), followUp())).status).toBe(404)
      expect((await post(app, await admin(app), record.id, followUp())).status).toBe(404)
      expect((await request(app).post(`/api/mediations/${record.id}/follow-ups`).send(followUp())).status).toBe(401)
      expect(await storage().db.selectFrom('mediation_follow_ups').select('id').where('record_id', '=', record.id).execute()).toHaveLength(0)
    })

    it('a second follow-up for the same prompt under another id answers 409 FOLLOW_UP_RECORDED; an id used on another record answers 409 ID_TAKEN', async () => {
      const app = await buildTestApp(storage())
      const token = await volunteer(app)
      const first = await logged(app, token)
      const second = await logged(app, token)
      const body = followUp()
      expect((await post(app, token, first.id, body)).status).toBe(201)
      const again = await post(app, token, first.id, followUp())
      expect(again.status).toBe(409)
      expect(again.body.error.code).toBe('FOLLOW_UP_RECORDED')
      const reused = await post(app, token, second.id, body)
      expect(reused.status).toBe(409)
      expect(reused.body.error.code).toBe('ID_TAKEN')
    })

    it.each([
      [
        'a 回访 of a mediation that did not succeed (it has none)',
        { outcome: 'failed', agreement: 'none', involvesPayment: false, amountYuan: undefined },
        {},
        'kind',
      ],
      ['a 司法确认 follow-up where no payment was agreed', { involvesPayment: false }, { kind: 'judicial_confirmation' }, 'kind'],
      ['a visit before the mediation', {}, { visitedOn: '2026-11-17' }, 'visitedOn'],
      ['a visit after today (China date)', {}, { visitedOn: '2026-11-27' }, 'visitedOn'],
      ['an unknown outcome', {}, { fulfilment: 'mostly' }, 'fulfilment'],
      ['a note over 200 characters', {}, { note: '长'.repeat(201) }, 'note'],
    ])('refuses %s with 400 naming the field', async (_name, recordChange, change, field) => {
      const app = await buildTestApp(storage())
      const token = await volunteer(app)
      const record = await logged(app, token, recordChange)
      const response = await post(app, token, record.id, followUp(change))
      expect(response.status).toBe(400)
      expect(response.body.error.fields.map((entry: { path: string }) => entry.path)).toContain(field)
    })

    it('a note of 200 emoji is 200 characters, as the phone counts them, and is taken', async () => {
      const app = await buildTestApp(storage())
      const token = await volunteer(app)
      const record = await logged(app, token)
      expect((await post(app, token, record.id, followUp({ note: '👍'.repeat(200) }))).status).toBe(201)
    })

    it('the 30-day visit also settles the 7-day one; reporting a step towards 司法确认 settles its reminder', async () => {
      const now = () => new Date('2026-12-19T09:00:00+08:00')
      const app = await buildTestApp(storage(), { now })
      const token = await volunteer(app, now)
      const record = await logged(app, token)
      const response = await post(app, token, record.id, followUp({ kind: 'visit_30d', visitedOn: '2026-12-18', judicial: 'applied' }))
      expect(response.status).toBe(201)
      expect(mediationRecordSchema.parse(response.body).followUps).toEqual([])
    })

    it('a record cannot be moved to another town (403), so its 回访 stay counted in the volunteer’s own town', async () => {
      const app = await buildTestApp(storage())
      const token = await volunteer(app)
      const record = await logged(app, token)
      expect((await post(app, token, record.id, followUp())).status).toBe(201)
      expect(
        (
          await request(app)
            .patch(`/api/mediations/${record.id}`)
            .set('Authorization', `Bearer ${token}`)
            .send({ version: 1, record: { ...record, town: '中和街道' } })
        ).status,
      ).toBe(403)
      const rows = await storage().db.selectFrom('mediation_follow_ups').select(['town']).where('record_id', '=', record.id).execute()
      expect(rows).toEqual([{ town: '隘口镇' }])
    })

    it('masks a mobile number written in the note before it is stored', async () => {
      const app = await buildTestApp(storage())
      const token = await volunteer(app)
      const record = await logged(app, token)
      const response = await post(app, token, record.id, followUp({ note: '张某电话13812345678，已付清。' }))
      expect(response.body.followUpsDone[0].note).toBe('张某电话138****5678，已付清。')
      const rows = await storage().db.selectFrom('mediation_follow_ups').select('note').where('record_id', '=', record.id).execute()
      expect(rows.map((row) => row.note)).toEqual(['张某电话138****5678，已付清。'])
    })
  })

  describe('the county’s CSV export', () => {
    it('lists each record’s 回访 with its date and outcome', async () => {
      const app = await buildTestApp(storage())
      const token = await volunteer(app)
      const record = await logged(app, token)
      await post(app, token, record.id, followUp({ fulfilment: 'partial' }))
      const csv = await request(app)
        .get('/api/mediations/export.csv')
        .set('Authorization', `Bearer ${await admin(app)}`)
      expect(csv.text).toContain('2026-11-25 7 天回访 · 协议部分履行 · 没有反复 · 不需要司法确认（双方按协议付清了款。）')
    })
  })

  describe('GET /api/mediations/stats', () => {
    it('counts a 回访 in the month it was made, whatever the month of the mediation', async () => {
      const now = () => new Date('2026-12-02T07:30:00+08:00')
      const app = await buildTestApp(storage(), { now })
      const token = await volunteer(app, now)
      const record = await logged(app, token)
      expect((await post(app, token, record.id, followUp({ visitedOn: '2026-12-01' }))).status).toBe(201)
      const month = async (value: string) =>
        mediationStatsResponseSchema.parse(
          (await request(app).get('/api/mediations/stats').query({ from: value, to: value }).set('Authorization', `Bearer ${token}`)).body,
        )
      expect((await month('2026-12')).followUps.done).toBe(1)
      expect((await month('2026-12')).total).toBe(0)
      expect((await month('2026-11')).followUps.done).toBe(0)
      expect((await month('2026-11')).total).toBe(1)
    })
  })
})

describeEachStorage('GET /api/mediations/stats counts the 回访 (a county of its own)', (storage: () => Storage) => {
  const { volunteer, admin, logged, post } = helpers(storage)

  it('the volunteer sees exact 回访 done and 待回访 due; the county sees them too (1–4 as <5), and 5 follow-ups as 5 with what they found', async () => {
    const app = await buildTestApp(storage())
    const token = await volunteer(app)
    const records = []
    for (let index = 0; index < 6; index += 1) records.push(await logged(app, token))
    const stats = async (as: string) =>
      mediationStatsResponseSchema.parse((await request(app).get('/api/mediations/stats').set('Authorization', `Bearer ${as}`)).body)
    // six 7-day visits overdue, none done
    expect((await stats(token)).followUps).toEqual({ done: 0, due: 6, byOutcome: [] })

    expect((await post(app, token, records[0].id, followUp())).status).toBe(201)
    expect((await stats(token)).followUps).toEqual({ done: 1, due: 5, byOutcome: [{ key: 'fulfilled', label: '已履行', count: 1 }] })
    const countyToken = await admin(app)
    const county = await stats(countyToken)
    expect(county.scope.level).toBe('county')
    expect(county.followUps.done).toBe('<5')
    expect(county.followUps.due).toBe(5)

    for (const record of records.slice(1, 5))
      expect((await post(app, token, record.id, followUp({ fulfilment: 'unfulfilled', recurred: true, judicial: 'applied' }))).status).toBe(201)
    expect((await stats(countyToken)).followUps).toEqual({
      done: 5,
      due: '<5',
      byOutcome: [
        { key: 'fulfilled', label: '已履行', count: '<5' },
        { key: 'unfulfilled', label: '未履行', count: '<5' },
        { key: 'recurred', label: '有反复', count: '<5' },
        { key: 'judicial_applied', label: '已申请司法确认', count: '<5' },
      ],
    })
    expect((await stats(token)).followUps.due).toBe(1)
  })
})
