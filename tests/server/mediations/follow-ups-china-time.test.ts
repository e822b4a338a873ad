import { randomUUID } from 'node:crypto'
import request from 'supertest'
import { homeResponseSchema, loginResponseSchema } from '../../../contracts'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

let phoneSeed = 500

describeEachStorage('首页 follow-ups are due by the China date', (storage: () => Storage) => {
  it.each([
    ['07:30', '2026-11-26T07:30:00+08:00'],
    ['23:30', '2026-11-26T23:30:00+08:00'],
  ])('at %s China time, a success mediated today has its 7-day 回访 (due in 7 China days) among the due follow-ups', async (_clock, instant) => {
    const now = () => new Date(instant)
    const app = await buildTestApp(storage(), { now })
    phoneSeed += 1
    const phone = `1370000${String(phoneSeed).padStart(4, '0')}`
    const { inviteCode } = await new AuthService({ users: new UserRepository(storage().db), now }).addVolunteer({
      name: `明白人${phoneSeed}`,
      phone,
      county: '秀山土家族苗族自治县',
      town: '隘口镇',
      village: '示例村',
    })
    const { token } = loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ phone, inviteCode })).body)
    const id = randomUUID()
    const logged = await request(app)
      .post('/api/mediations')
      .set('Authorization', `Bearer ${token}`)
      .send({
        kind: 'mediation',
        id,
        occurredOn: '2026-11-26',
        town: '隘口镇',
        village: '示例村',
        disputeType: 'neighbor',
        source: 'application',
        partiesCount: 2,
        summary: '两户因排水沟占地起争执，经调解达成口头协议。',
        outcome: 'success',
        agreement: 'oral',
      })
    expect(logged.status).toBe(201)
    const home = homeResponseSchema.parse((await request(app).get('/api/home').set('Authorization', `Bearer ${token}`)).body)
    expect(home.followUps.filter((followUp) => followUp.recordId === id).map((followUp) => [followUp.kind, followUp.dueOn])).toEqual([
      ['visit_7d', '2026-12-03'],
    ])
  })
})
