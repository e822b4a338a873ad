import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { openStorage } from '../../../server/storage/database'
import { repoRoot } from '../../support/bff-process'
import { buildTestApp } from '../support/test-app'

function runAdmin(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['server/cli/admin.ts', ...args], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: '', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

describe('npm run admin -- add-staff', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-admin-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('prints a one-time password as JSON that signs the staff member in, scoped to the station', async () => {
    const sqlitePath = path.join(dir, 'admin.db')
    const result = await runAdmin(['add-staff', '--station', '500241103-ws', '--username', 'aikou.li', '--json'], { SQLITE_PATH: sqlitePath })
    expect(result.status).toBe(0)
    const created = JSON.parse(result.stdout) as { username: string; stationId: string; password: string }
    expect(created).toMatchObject({ username: 'aikou.li', stationId: '500241103-ws' })
    expect(created.password).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)

    const storage = await openStorage({ kind: 'sqlite', sqlitePath })
    try {
      const [row] = await storage.db.selectFrom('users').select(['password_hash']).execute()
      expect(row.password_hash).toMatch(/^scrypt\$/)
      expect(row.password_hash).not.toContain(created.password)
      const login = await request(await buildTestApp(storage)).post('/api/auth/login').send({ username: 'aikou.li', password: created.password })
      expect(login.status).toBe(200)
      expect(login.body).toMatchObject({ role: 'staff', stationId: '500241103-ws' })
    } finally {
      await storage.close()
    }

    const again = await runAdmin(['add-staff', '--station', '500241103-ws', '--username', 'aikou.li'], { SQLITE_PATH: sqlitePath })
    expect(again.status).toBe(1)
    expect(again.stderr).toContain('已被使用')
  })

  it('refuses an unknown station', async () => {
    const result = await runAdmin(['add-staff', '--station', 'no-such', '--username', 'someone'], { SQLITE_PATH: path.join(dir, 'admin.db') })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('没有编号为 no-such 的服务站')
  })
})
