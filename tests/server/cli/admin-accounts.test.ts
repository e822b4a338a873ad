import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Express } from 'express'
import { Pool } from 'pg'
import request from 'supertest'
import { openStorage, type Storage } from '../../../server/storage/database'
import { runCli } from '../../support/run-cli'
import { testDatabaseUrl } from '../support/storages'
import { buildTestApp } from '../support/test-app'

/** A database the CLI (a child process, configured by its environment) and the test both open. */
interface CliDatabase {
  env: Record<string, string>
  open(): Promise<Storage>
  dispose(): Promise<void>
}

function sqliteDatabase(): CliDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-accounts-'))
  const sqlitePath = path.join(dir, 'admin.db')
  return {
    env: { SQLITE_PATH: sqlitePath },
    open: () => openStorage({ kind: 'sqlite', sqlitePath }),
    dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}

/** Its own schema, which the CLI reaches through DATABASE_URL's `options=-c search_path=…`. */
function postgresDatabase(databaseUrl: string): CliDatabase {
  const schema = `cli_${randomBytes(5).toString('hex')}`
  const url = new URL(databaseUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  let created = false
  const admin = () => new Pool({ connectionString: databaseUrl, max: 1 })
  return {
    env: { DATABASE_URL: url.toString() },
    async open() {
      if (!created) {
        const pool = admin()
        await pool.query(`create schema if not exists ${schema}`)
        await pool.end()
        created = true
      }
      return openStorage({ kind: 'postgres', databaseUrl, searchPath: schema })
    },
    async dispose() {
      const pool = admin()
      await pool.query(`drop schema if exists ${schema} cascade`)
      await pool.end()
    },
  }
}

const variants: [string, () => CliDatabase][] = [['sqlite', sqliteDatabase]]
const databaseUrl = testDatabaseUrl
if (databaseUrl) variants.push(['postgres', () => postgresDatabase(databaseUrl)])
else
  describe.skip('npm run admin: account life cycle on postgres (skipped: TEST_DATABASE_URL is not set)', () =>
    it('needs a PostgreSQL database', () => undefined))

for (const [name, make] of variants) {
  describe(`npm run admin: account life cycle on ${name}`, () => {
    let database: CliDatabase
    let storage: Storage
    let app: Express
    beforeAll(async () => {
      database = make()
      storage = await database.open()
      app = await buildTestApp(storage)
    })
    afterAll(async () => {
      await storage.close()
      await database.dispose()
    })

    const admin = (args: string[], env: Record<string, string> = {}) => runCli({ script: 'admin', args, env: { ...database.env, ...env } })
    const adminJson = async <T>(args: string[], env: Record<string, string> = {}): Promise<T> => {
      const result = await admin([...args, '--json'], env)
      expect(result.stderr).toBe('')
      expect(result.status).toBe(0)
      return JSON.parse(result.stdout) as T
    }
    const signIn = (body: object) => request(app).post('/api/auth/login').send(body)
    // a printed password opens one sign-in, which sets the account's own password
    const firstSignIn = (body: object) => signIn({ ...body, newPassword: 'own-password-2026' })
    const staffDay = (token: string) => request(app).get('/api/staff/bookings').query({ date: '2026-11-27' }).set('Authorization', `Bearer ${token}`)

    it('disable --username → the old staff token gets 401 at once, and the password no longer signs in', async () => {
      const { password } = await adminJson<{ password: string }>(['add-staff', '--station', '500241103-ws', '--username', 'dis.staff', '--name', '值班员甲'])
      const token = (await firstSignIn({ username: 'dis.staff', password })).body.token as string
      expect((await staffDay(token)).status).toBe(200)

      const disabled = await adminJson<object>(['disable', '--username', 'dis.staff'])
      expect(disabled).toMatchObject({ username: 'dis.staff', role: 'staff', disabled: true, tokensRevoked: 1 })
      const after = await staffDay(token)
      expect(after.status).toBe(401)
      expect(after.body.error.message).toMatch(/登录已过期或已退出/)
      expect((await signIn({ username: 'dis.staff', password })).status).toBe(401)
    })

    it('disable --username works for a county administrator too; an unknown name or a missing one is refused', async () => {
      const { password } = await adminJson<{ password: string }>([
        'add-admin',
        '--username',
        'dis.admin',
        '--county',
        '秀山土家族苗族自治县',
        '--name',
        '县司法局小周',
      ])
      expect((await firstSignIn({ username: 'dis.admin', password })).status).toBe(200)
      const text = await admin(['disable', '--username', 'dis.admin'])
      expect(text.status).toBe(0)
      expect(text.stdout).toContain('已停用 dis.admin，其所有登录（1 个）立即失效')
      expect((await signIn({ username: 'dis.admin', password })).status).toBe(401)

      const unknown = await admin(['disable', '--username', 'no.such'])
      expect(unknown.status).toBe(1)
      expect(unknown.stderr).toContain('没有用户名为 no.such 的工作人员或管理员账号')
      const neither = await admin(['disable'])
      expect(neither.status).toBe(64)
      expect(neither.stderr).toContain('--username')
    })

    it('reset-password prints a new password; the old password and every token stop working at once', async () => {
      const { password: first } = await adminJson<{ password: string }>([
        'add-staff',
        '--station',
        '500241103-ws',
        '--username',
        'reset.staff',
        '--name',
        '值班员乙',
      ])
      const token = (await firstSignIn({ username: 'reset.staff', password: first })).body.token as string

      const reset = await adminJson<{ password: string; tokensRevoked: number; enabled: boolean }>(['reset-password', '--username', 'reset.staff'])
      expect(reset.password).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)
      expect(reset.password).not.toBe(first)
      expect(reset).toMatchObject({ tokensRevoked: 1, enabled: false })
      expect((await staffDay(token)).status).toBe(401)
      expect((await signIn({ username: 'reset.staff', password: first })).status).toBe(401)
      // the reset password is one-time too: alone it asks for a new one
      const alone = await signIn({ username: 'reset.staff', password: reset.password })
      expect(alone.status).toBe(403)
      expect(alone.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED')
      const fresh = await firstSignIn({ username: 'reset.staff', password: reset.password })
      expect(fresh.status).toBe(200)
      // from then on the chosen password signs in, and the printed one no longer does
      expect((await signIn({ username: 'reset.staff', password: 'own-password-2026' })).status).toBe(200)
      expect((await signIn({ username: 'reset.staff', password: reset.password })).status).toBe(401)
      expect((await staffDay(fresh.body.token as string)).status).toBe(200)

      // the text says what the password is: shown once, to be replaced at the first sign-in
      const text = await admin(['reset-password', '--username', 'reset.staff'])
      expect(text.stdout).toMatch(/已给 reset\.staff 设新密码：[2-9A-Z-]{14}/)
      expect(text.stdout).toContain('只显示这一次')
    })

    it('reset-password of a disabled account refuses unless --enable is given', async () => {
      await adminJson(['add-staff', '--station', '500241103-ws', '--username', 'back.staff', '--name', '值班员丙'])
      await adminJson(['disable', '--username', 'back.staff'])

      const refused = await admin(['reset-password', '--username', 'back.staff'])
      expect(refused.status).toBe(1)
      expect(refused.stderr).toContain('账号 back.staff 已停用，没有改密码；确要重新启用，请加 --enable')
      const row = await storage.db.selectFrom('users').select(['disabled_at']).where('username', '=', 'back.staff').executeTakeFirstOrThrow()
      expect(row.disabled_at).not.toBeNull()

      const enabled = await adminJson<{ password: string; enabled: boolean }>(['reset-password', '--username', 'back.staff', '--enable'])
      expect(enabled.enabled).toBe(true)
      expect((await firstSignIn({ username: 'back.staff', password: enabled.password })).status).toBe(200)
    })

    it('reinvite of a disabled volunteer refuses unless --enable is given; invite codes expire after INVITE_TTL_DAYS', async () => {
      const added = await adminJson<{ inviteCode: string; inviteExpiresAt: string }>(
        ['add-volunteer', '--name', '停用者', '--phone', '13644440001', '--town', '隘口镇', '--village', '示例村'],
        { INVITE_TTL_DAYS: '2' },
      )
      const expiresInDays = (Date.parse(added.inviteExpiresAt) - Date.now()) / 86_400_000
      expect(expiresInDays).toBeGreaterThan(1.9)
      expect(expiresInDays).toBeLessThanOrEqual(2)
      const token = (await signIn({ phone: '13644440001', inviteCode: added.inviteCode })).body.token as string

      expect(await adminJson(['disable', '--phone', '13644440001'])).toMatchObject({ disabled: true, tokensRevoked: 1 })
      expect((await request(app).get('/api/mediations').set('Authorization', `Bearer ${token}`)).status).toBe(401)

      const refused = await admin(['reinvite', '--phone', '13644440001'])
      expect(refused.status).toBe(1)
      expect(refused.stderr).toContain('停用者（13644440001）已停用，没有发邀请码；确要重新启用，请加 --enable')
      const row = await storage.db.selectFrom('users').select(['disabled_at', 'invite_hash']).where('phone', '=', '13644440001').executeTakeFirstOrThrow()
      expect(row).toEqual({ disabled_at: expect.any(String), invite_hash: null })

      const reinvited = await adminJson<{ inviteCode: string; inviteExpiresAt: string; enabled: boolean }>(['reinvite', '--phone', '13644440001', '--enable'], {
        INVITE_TTL_DAYS: '1',
      })
      expect(reinvited.enabled).toBe(true)
      // the CLI runs on the real clock: an app whose clock is 1 ms past the printed expiry refuses the code
      const past = await buildTestApp(storage, { now: () => new Date(Date.parse(reinvited.inviteExpiresAt) + 1) })
      const expired = await request(past).post('/api/auth/login').send({ phone: '13644440001', inviteCode: reinvited.inviteCode })
      expect(expired.status).toBe(401)
      expect(expired.body.error.code).toBe('INVITE_EXPIRED')
      expect((await signIn({ phone: '13644440001', inviteCode: reinvited.inviteCode })).status).toBe(200)
    })
  })
}
