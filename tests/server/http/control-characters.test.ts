import request from 'supertest'
import { loginResponseSchema } from '../../../contracts'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'
import { mediationRecord } from '../../support/mediation-records'

const booking = {
  stationId: '500241103-ws',
  slotStart: '2026-11-27T09:00:00+08:00',
  matter: 'land',
  description: '宅基地边界',
  name: '张三',
  phone: '13800138000',
  consent: true,
}

describeEachStorage('control characters and lone surrogates are a 400, never a 500, and are never stored', (storage: () => Storage) => {
  async function rowCount(table: 'bookings' | 'mediation_records' | 'slots'): Promise<number> {
    const row = await storage()
      .db.selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  it.each([
    ['NUL in the name', { name: '张\u0000三' }, 'name'],
    ['NUL in the description', { description: '欠薪\u0000三个月' }, 'description'],
    ['ESC in the description', { description: '欠薪\u001b[31m' }, 'description'],
    ['a newline in the name', { name: '张\n三' }, 'name'],
    ['a lone high surrogate in the name', { name: '张\ud800' }, 'name'],
    ['a lone low surrogate in the description', { description: '\udc00欠薪' }, 'description'],
  ])('POST /api/bookings with %s answers 400 naming the field, and books nothing', async (_case, change, field) => {
    const app = await buildTestApp(storage())
    const response = await request(app)
      .post('/api/bookings')
      .send({ ...booking, ...change })
    expect(response.status).toBe(400)
    expect(response.body.error.fields.map((entry: { path: string }) => entry.path)).toContain(field)
    expect(response.body.error.message).toMatch(/\p{Script=Han}/u)
    expect(await rowCount('bookings')).toBe(0)
    expect(await rowCount('slots')).toBe(0)
  })

  it('a description keeps its newlines and tabs', async () => {
    const app = await buildTestApp(storage())
    const response = await request(app)
      .post('/api/bookings')
      .send({ ...booking, slotStart: '2026-11-27T09:30:00+08:00', description: '一、欠薪\n二、\t工伤' })
    expect(response.status).toBe(201)
    expect(response.body.description).toBe('一、欠薪\n二、\t工伤')
  })

  it('a mediation summary with NUL or a lone surrogate answers 400 naming summary', async () => {
    const app = await buildTestApp(storage())
    const auth = new AuthService({ users: new UserRepository(storage().db), now: fixedNow })
    const { inviteCode } = await auth.addVolunteer({ name: '明白人', phone: '13700009999', county: '秀山土家族苗族自治县', town: '隘口镇', village: '示例村' })
    const token = loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ phone: '13700009999', inviteCode })).body).token
    for (const summary of ['口头\u0000协议', '口头\ud83d协议']) {
      const response = await request(app).post('/api/mediations').set('Authorization', `Bearer ${token}`).send(mediationRecord({ summary }))
      expect(response.status).toBe(400)
      expect(response.body.error.fields.map((entry: { path: string }) => entry.path)).toContain('summary')
    }
    expect(await rowCount('mediation_records')).toBe(0)
  })

  it.each([['admin\u0000'], ['ad\u0007min'], ['\ud800admin']])('a sign-in with the username %j answers 400 naming username', async (username) => {
    const response = await request(await buildTestApp(storage()))
      .post('/api/auth/login')
      .send({ username, password: 'whatever-1' })
    expect(response.status).toBe(400)
    expect(response.body.error.fields.map((entry: { path: string }) => entry.path)).toContain('username')
  })

  it.each([
    '/api/reports/%00',
    '/api/reports/a%00b/search?q=x',
    '/api/reports/%ED%A0%80',
    '/api/reports/%ED%B0%80/search?q=x',
    '/api/reports/%1B',
    '/api/reports/x/search?q=%00',
    '/api/stations/%00',
    '/api/stations/%ED%A0%80',
    '/api/stations/%00/slots',
    '/api/stations?q=%00',
    '/api/bookings/%00?phoneLast4=1234',
    '/api/bookings/%ED%A0%80?phoneLast4=1234',
    '/api/scenes/%00',
  ])('GET %s answers 400 or 404 with the error shape, never 500', async (path) => {
    const response = await request(await buildTestApp(storage())).get(path)
    expect([400, 404]).toContain(response.status)
    expect(response.body.error.message).toMatch(/\p{Script=Han}/u)
  })
})
