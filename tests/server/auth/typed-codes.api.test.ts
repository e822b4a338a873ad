import request from 'supertest'
import { loginResponseSchema } from '../../../contracts/auth'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'

/**
 * Issue 22, item 13: a printed one-time password or invite code typed the way people type it —
 * lower case, without the dashes, with spaces or a Chinese keyboard's full-width characters — is
 * the same code. A password the user chose is compared exactly.
 */
describeEachStorage('POST /api/auth/login with a printed code typed another way', (storage: () => Storage) => {
  const auth = () => new AuthService({ users: new UserRepository(storage().db), now: fixedNow })
  const lowerWithoutDashes = (printed: string) => printed.replace(/-/g, '').toLowerCase()
  const fullWidth = (text: string) => Array.from(text, (char) => (char === ' ' ? '\u3000' : String.fromCharCode(char.charCodeAt(0) + 0xfee0))).join('')

  it('takes a staff member’s one-time password in lower case without dashes, and asks for an own password as it does for the printed form', async () => {
    const app = await buildTestApp(storage())
    const { password: printed } = await auth().addStaff({ stationId: '500241103-ws', username: 'typed.staff', displayName: '隘口镇值班员' })
    const typed = lowerWithoutDashes(printed)
    const asked = await request(app).post('/api/auth/login').send({ username: 'typed.staff', password: typed })
    expect(asked.status).toBe(403)
    expect(asked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED')
    const signedIn = await request(app).post('/api/auth/login').send({ username: 'typed.staff', password: typed, newPassword: 'own-password-2026' })
    expect(signedIn.status).toBe(200)
    expect(loginResponseSchema.parse(signedIn.body)).toMatchObject({ role: 'staff', displayName: '隘口镇值班员' })
  })

  it('takes an administrator’s one-time password with spaces for dashes, in full-width characters', async () => {
    const app = await buildTestApp(storage())
    const { password: printed } = await auth().addAdmin({ username: 'typed.admin', county: '秀山土家族苗族自治县', displayName: '县司法局小周' })
    const typed = fullWidth(printed.replace(/-/g, ' ').toLowerCase())
    const signedIn = await request(app).post('/api/auth/login').send({ username: 'typed.admin', password: typed, newPassword: 'admin-own-2026' })
    expect(signedIn.status).toBe(200)
    expect(loginResponseSchema.parse(signedIn.body).role).toBe('admin')
  })

  it('still refuses a wrong one-time password, and the new password may not be the printed one typed another way', async () => {
    const app = await buildTestApp(storage())
    const { password: printed } = await auth().addStaff({ stationId: '500241103-ws', username: 'typed.wrong', displayName: '值班员乙' })
    const wrong = `${printed.slice(0, -1)}${printed.endsWith('2') ? '3' : '2'}`
    const refused = await request(app)
      .post('/api/auth/login')
      .send({ username: 'typed.wrong', password: lowerWithoutDashes(wrong), newPassword: 'own-password-2026' })
    expect(refused.status).toBe(401)
    expect(refused.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: '用户名或密码不对' })
    const same = await request(app)
      .post('/api/auth/login')
      .send({ username: 'typed.wrong', password: printed, newPassword: lowerWithoutDashes(printed) })
    expect(same.status).toBe(400)
    expect(same.body.error.fields).toEqual([{ path: 'newPassword', message: '请换一个新密码' }])
  })

  it('compares a password the user chose exactly: another case or without its dashes is refused', async () => {
    const app = await buildTestApp(storage())
    const { password: printed } = await auth().addStaff({ stationId: '500241103-ws', username: 'typed.own', displayName: '值班员丙' })
    const own = 'Own-Pass-2026'
    expect((await request(app).post('/api/auth/login').send({ username: 'typed.own', password: printed, newPassword: own })).status).toBe(200)
    expect((await request(app).post('/api/auth/login').send({ username: 'typed.own', password: own })).status).toBe(200)
    for (const variant of ['own-pass-2026', 'OwnPass2026', 'Own Pass 2026']) {
      const refused = await request(app).post('/api/auth/login').send({ username: 'typed.own', password: variant })
      expect(refused.status).toBe(401)
    }
    // the printed password is gone, however it is typed
    expect(
      (
        await request(app)
          .post('/api/auth/login')
          .send({ username: 'typed.own', password: lowerWithoutDashes(printed) })
      ).status,
    ).toBe(401)
  })

  it('takes a volunteer’s invite code in lower case, with a dash or spaces in the middle', async () => {
    const app = await buildTestApp(storage())
    for (const [index, shape] of [
      (code: string) => code.toLowerCase(),
      (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`,
      (code: string) => fullWidth(`${code.slice(0, 4)} ${code.slice(4)}`.toLowerCase()),
    ].entries()) {
      const phone = `1365555010${index}`
      const { inviteCode } = await auth().addVolunteer({ name: `明白人${index}`, phone, county: '秀山土家族苗族自治县', town: '隘口镇', village: '示例村' })
      const signedIn = await request(app)
        .post('/api/auth/login')
        .send({ phone, inviteCode: shape(inviteCode) })
      expect(signedIn.status).toBe(200)
      expect(loginResponseSchema.parse(signedIn.body).role).toBe('volunteer')
    }
  })
})
