import request from 'supertest'
import { loginResponseSchema } from '../../../contracts/auth'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import type { Storage } from '../../../server/storage/database'
import { WechatClient } from '../../../server/wechat/wechat-client'
import { startFakeWechat } from '../../support/fake-wechat'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'

/**
 * `POST /api/auth/login` names the account it signed in (`userId`, the users row), for every
 * role and every way of signing in, so a shared phone can keep each person's things apart (the
 * volunteers' offline outbox): the same id at every sign-in of one person, another for anyone else.
 */
describeEachStorage('sign-in answers the user id', (storage: () => Storage) => {
  const auth = () => new AuthService({ users: new UserRepository(storage().db), now: fixedNow })
  const idOf = async (username: string) => (await storage().db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id

  it('staff and administrators (password, also the first sign-in that replaces the printed one)', async () => {
    const app = await buildTestApp(storage())
    const staff = await auth().addStaff({ stationId: '500241103-ws', username: 'uid.staff', displayName: '工作人员甲' })
    const admin = await auth().addAdmin({ username: 'uid.admin', county: '秀山土家族苗族自治县' })

    const first = await request(app).post('/api/auth/login').send({ username: 'uid.staff', password: staff.password, newPassword: 'own-password-2026' })
    expect(first.status).toBe(200)
    expect(loginResponseSchema.parse(first.body)).toMatchObject({ userId: staff.user.id, role: 'staff', stationId: '500241103-ws', displayName: '工作人员甲' })
    expect(first.body.userId).toBe(await idOf('uid.staff'))
    const again = await request(app).post('/api/auth/login').send({ username: 'uid.staff', password: 'own-password-2026' })
    expect(again.body).toMatchObject({ userId: staff.user.id, role: 'staff' })
    expect(again.body.token).not.toBe(first.body.token)

    const adminAnswer = await request(app).post('/api/auth/login').send({ username: 'uid.admin', password: admin.password, newPassword: 'admin-password-2026' })
    expect(adminAnswer.status).toBe(200)
    expect(loginResponseSchema.parse(adminAnswer.body)).toMatchObject({ userId: admin.user.id, role: 'admin', stationId: null })
    expect(adminAnswer.body.userId).toBe(await idOf('uid.admin'))
    expect(adminAnswer.body.userId).not.toBe(staff.user.id)
  })

  it('volunteers with phone + invite code: two of the same name in the same village get different ids', async () => {
    const app = await buildTestApp(storage())
    const place = { county: '秀山土家族苗族自治县', town: '隘口镇', village: '示例村' }
    const first = await auth().addVolunteer({ name: '田大姐', phone: '13655560001', ...place })
    const second = await auth().addVolunteer({ name: '田大姐', phone: '13655560002', ...place })

    const one = await request(app).post('/api/auth/login').send({ phone: '13655560001', inviteCode: first.inviteCode })
    const two = await request(app).post('/api/auth/login').send({ phone: '13655560002', inviteCode: second.inviteCode })
    expect(one.status).toBe(200)
    expect(two.status).toBe(200)
    expect(loginResponseSchema.parse(one.body)).toMatchObject({
      userId: first.user.id,
      role: 'volunteer',
      displayName: '田大姐',
      town: '隘口镇',
      village: '示例村',
    })
    expect(loginResponseSchema.parse(two.body)).toMatchObject({
      userId: second.user.id,
      role: 'volunteer',
      displayName: '田大姐',
      town: '隘口镇',
      village: '示例村',
    })
    expect(one.body.userId).not.toBe(two.body.userId)
    const rows = await storage().db.selectFrom('users').select(['id', 'phone']).where('phone', 'in', ['13655560001', '13655560002']).execute()
    expect(Object.fromEntries(rows.map((row) => [row.phone, row.id]))).toEqual({ '13655560001': one.body.userId, '13655560002': two.body.userId })
  })

  it('volunteers in the mini program: the first sign-in (wx.login code + invite) and later ones (code only) answer the same id', async () => {
    const { user, inviteCode } = await auth().addVolunteer({
      name: '微信田',
      phone: '13655560003',
      county: '秀山土家族苗族自治县',
      town: '隘口镇',
      village: '示例村',
    })
    const wechat = await startFakeWechat({ appId: 'wx-uid', secret: 's', codes: { 'code-first': 'openid-uid', 'code-later': 'openid-uid' } })
    try {
      const client = new WechatClient({ apiBase: wechat.baseUrl, appId: 'wx-uid', secret: 's', timeoutMs: 1000, now: fixedNow })
      const app = await buildTestApp(storage(), { wechat: client })
      const first = await request(app).post('/api/auth/login').send({ wechatCode: 'code-first', inviteCode })
      expect(first.status).toBe(200)
      expect(loginResponseSchema.parse(first.body)).toMatchObject({ userId: user.id, role: 'volunteer', displayName: '微信田' })
      const later = await request(app).post('/api/auth/login').send({ wechatCode: 'code-later' })
      expect(later.status).toBe(200)
      expect(later.body).toMatchObject({ userId: user.id, role: 'volunteer' })
    } finally {
      await wechat.close()
    }
  })

  it('answers nothing else new: the fields of the answer are exactly these', async () => {
    const app = await buildTestApp(storage())
    const { inviteCode } = await auth().addVolunteer({ name: '字段', phone: '13655560004', county: '秀山土家族苗族自治县', town: '隘口镇', village: '示例村' })
    const answer = await request(app).post('/api/auth/login').send({ phone: '13655560004', inviteCode })
    expect(Object.keys(answer.body).sort()).toEqual(['displayName', 'expiresAt', 'role', 'stationId', 'token', 'town', 'userId', 'village'])
  })
})
