import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { openStorage } from '../../../server/storage/database'
import { runCli } from '../../support/run-cli'
import { buildTestApp } from '../support/test-app'

const runAdmin = (args: string[], env: Record<string, string>) => runCli({ script: 'admin', args, env })

describe('npm run admin -- add-staff', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-admin-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('prints a one-time password as JSON that signs the staff member in, scoped to the station', async () => {
    const sqlitePath = path.join(dir, 'admin.db')
    const result = await runAdmin(['add-staff', '--station', '500241103-ws', '--username', 'aikou.li', '--name', '李明', '--json'], { SQLITE_PATH: sqlitePath })
    expect(result.status).toBe(0)
    const created = JSON.parse(result.stdout) as { username: string; stationId: string; password: string }
    expect(created).toMatchObject({ username: 'aikou.li', stationId: '500241103-ws' })
    expect(created.password).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)

    const storage = await openStorage({ kind: 'sqlite', sqlitePath })
    try {
      const [row] = await storage.db.selectFrom('users').select(['password_hash']).execute()
      expect(row.password_hash).toMatch(/^scrypt\$/)
      expect(row.password_hash).not.toContain(created.password)
      const app = await buildTestApp(storage)
      // a printed password opens one sign-in, which must set the staff member's own
      const mustChange = await request(app).post('/api/auth/login').send({ username: 'aikou.li', password: created.password })
      expect(mustChange.status).toBe(403)
      expect(mustChange.body.error).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', fields: [{ path: 'newPassword' }] })
      const login = await request(app).post('/api/auth/login').send({ username: 'aikou.li', password: created.password, newPassword: 'own-password-2026' })
      expect(login.status).toBe(200)
      expect(login.body).toMatchObject({ role: 'staff', stationId: '500241103-ws' })
    } finally {
      await storage.close()
    }

    const again = await runAdmin(['add-staff', '--station', '500241103-ws', '--username', 'aikou.li', '--name', '李明'], { SQLITE_PATH: sqlitePath })
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('已被使用')
  })

  it('creates staff for a village workroom too, who keep that workroom’s schedule and no other', async () => {
    const sqlitePath = path.join(dir, 'admin.db')
    const result = await runAdmin(['add-staff', '--station', '500241103212-wr', '--username', 'bamang.wr', '--name', '坝芒村值班员', '--json'], {
      SQLITE_PATH: sqlitePath,
    })
    expect(result.status).toBe(0)
    const created = JSON.parse(result.stdout) as { stationId: string; stationName: string; password: string }
    expect(created).toMatchObject({ stationId: '500241103212-wr', stationName: '坝芒村公共法律服务工作室' })

    const storage = await openStorage({ kind: 'sqlite', sqlitePath })
    try {
      const app = await buildTestApp(storage)
      const login = await request(app).post('/api/auth/login').send({ username: 'bamang.wr', password: created.password, newPassword: 'own-password-2026' })
      expect(login.status).toBe(200)
      expect(login.body).toMatchObject({ role: 'staff', stationId: '500241103212-wr' })
      const auth = { Authorization: `Bearer ${login.body.token}` }
      expect((await request(app).get('/api/staff/stations/500241103212-wr/schedule').set(auth)).status).toBe(200)
      expect((await request(app).get('/api/staff/stations/500241103-ws/schedule').set(auth)).status).toBe(404)
    } finally {
      await storage.close()
    }
  })

  it('needs --name (the name shown on the 工作台 and in the station’s 修改记录); the name signs in with the account', async () => {
    const sqlitePath = path.join(dir, 'admin.db')
    const nameless = await runAdmin(['add-staff', '--station', '500241103-ws', '--username', 'no.name'], { SQLITE_PATH: sqlitePath })
    expect(nameless.status).toBe(64)
    expect(nameless.stderr).toContain('缺少参数：--name')
    const blank = await runAdmin(['add-staff', '--station', '500241103-ws', '--username', 'no.name', '--name', '   '], { SQLITE_PATH: sqlitePath })
    expect(blank.status).toBe(64)
    expect(blank.stderr).toContain('--name 应为 1–20 个字的姓名')
    const adminNameless = await runAdmin(['add-admin', '--username', 'no.admin', '--county', '秀山土家族苗族自治县'], { SQLITE_PATH: sqlitePath })
    expect(adminNameless.status).toBe(64)
    expect(adminNameless.stderr).toContain('缺少参数：--name')

    const result = await runAdmin(['add-staff', '--station', '500241103-ws', '--username', 'named.staff', '--name', '李明', '--json'], {
      SQLITE_PATH: sqlitePath,
    })
    expect(result.status).toBe(0)
    const created = JSON.parse(result.stdout) as { name: string; password: string }
    expect(created.name).toBe('李明')
    const storage = await openStorage({ kind: 'sqlite', sqlitePath })
    try {
      const app = await buildTestApp(storage)
      const login = await request(app).post('/api/auth/login').send({ username: 'named.staff', password: created.password, newPassword: 'own-password-2026' })
      expect(login.body).toMatchObject({ role: 'staff', displayName: '李明' })
    } finally {
      await storage.close()
    }
  })

  it('set-name renames an account made before --name was required; the next sign-in carries the new name', async () => {
    const sqlitePath = path.join(dir, 'admin.db')
    const created = JSON.parse(
      (await runAdmin(['add-staff', '--station', '500241103-ws', '--username', 'old.staff', '--name', 'old.staff', '--json'], { SQLITE_PATH: sqlitePath }))
        .stdout,
    ) as { password: string }
    const renamed = await runAdmin(['set-name', '--username', 'old.staff', '--name', '隘口镇值班员', '--json'], { SQLITE_PATH: sqlitePath })
    expect(renamed.status).toBe(0)
    expect(JSON.parse(renamed.stdout)).toMatchObject({ username: 'old.staff', name: '隘口镇值班员', previous: 'old.staff' })
    const unknown = await runAdmin(['set-name', '--username', 'nobody.here', '--name', '某人'], { SQLITE_PATH: sqlitePath })
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('没有用户名为 nobody.here')
    const storage = await openStorage({ kind: 'sqlite', sqlitePath })
    try {
      const app = await buildTestApp(storage)
      const login = await request(app).post('/api/auth/login').send({ username: 'old.staff', password: created.password, newPassword: 'own-password-2026' })
      expect(login.body.displayName).toBe('隘口镇值班员')
    } finally {
      await storage.close()
    }
  })

  it('refuses an unknown station', async () => {
    const result = await runAdmin(['add-staff', '--station', 'no-such', '--username', 'someone', '--name', '某人'], { SQLITE_PATH: path.join(dir, 'admin.db') })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('没有编号为 no-such 的服务站')
  })

  it('add-volunteer prints a one-time invite code (as JSON) that signs in once; reinvite issues a new one; disable revokes at once', async () => {
    const sqlitePath = path.join(dir, 'admin.db')
    const added = await runAdmin(['add-volunteer', '--name', '田大姐', '--phone', '13812345678', '--town', '孝溪乡', '--village', '示例村', '--json'], {
      SQLITE_PATH: sqlitePath,
    })
    expect(added.status).toBe(0)
    const volunteer = JSON.parse(added.stdout) as { inviteCode: string; town: string; county: string }
    // a former township name is stored under the current one
    expect(volunteer).toMatchObject({ town: '清溪场街道', county: '秀山土家族苗族自治县' })
    expect(volunteer.inviteCode).toMatch(/^[2-9A-Z]{8}$/)

    const storage = await openStorage({ kind: 'sqlite', sqlitePath })
    try {
      const app = await buildTestApp(storage)
      const login = await request(app).post('/api/auth/login').send({ phone: '13812345678', inviteCode: volunteer.inviteCode.toLowerCase() })
      expect(login.status).toBe(200)
      expect((await request(app).post('/api/auth/login').send({ phone: '13812345678', inviteCode: volunteer.inviteCode })).status).toBe(401)

      const reinvited = JSON.parse((await runAdmin(['reinvite', '--phone', '13812345678', '--json'], { SQLITE_PATH: sqlitePath })).stdout) as {
        inviteCode: string
      }
      expect((await request(app).post('/api/auth/login').send({ phone: '13812345678', inviteCode: reinvited.inviteCode })).status).toBe(200)

      const disabled = await runAdmin(['disable', '--phone', '13812345678'], { SQLITE_PATH: sqlitePath })
      expect(disabled.status).toBe(0)
      expect((await request(app).get('/api/mediations').set('Authorization', `Bearer ${login.body.token}`)).status).toBe(401)
    } finally {
      await storage.close()
    }
  })

  it('refuses an unknown township with the usage', async () => {
    const result = await runAdmin(['add-volunteer', '--name', '某', '--phone', '13812345679', '--town', '火星乡', '--village', '村'], {
      SQLITE_PATH: path.join(dir, 'admin.db'),
    })
    expect(result.status).toBe(64)
    expect(result.stderr).toContain('不认识乡镇')
  })
})
