import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStorage } from '../../../server/storage/database'
import { runCli } from '../../support/run-cli'

describe('npm run purge', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-purge-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('--dry-run prints the counts and changes nothing; without it, the data is erased', async () => {
    const sqlitePath = path.join(dir, 'purge.db')
    const storage = await openStorage({ kind: 'sqlite', sqlitePath })
    // a booking whose slot ended years ago, so the real clock of the CLI is past every limit
    const id = randomUUID()
    await storage.db
      .insertInto('bookings')
      .values({
        id,
        code: 'ABCDEFGH',
        station_id: '500241103-ws',
        station_name: '隘口镇公共法律服务工作站',
        slot_start: '2020-01-06T09:00:00+08:00',
        slot_end: '2020-01-06T09:30:00+08:00',
        matter: 'land',
        description: '宅基地边界',
        name: '王五',
        phone: '13900001234',
        phone_last4: '1234',
        status: 'done',
        cancel_reason: null,
        proxy: null,
        wechat_openid: null,
        created_at: '2020-01-01T00:00:00.000Z',
        updated_at: '2020-01-01T00:00:00.000Z',
      })
      .execute()
    await storage.db
      .insertInto('idempotency_keys')
      .values({ key: 'old-key-0001', fingerprint: 'f', status: 201, response: '{}', created_at: '2020-01-01T00:00:00.000Z' })
      .execute()
    await storage.close()

    const dry = await runCli({ script: 'purge', args: ['--dry-run', '--json'], env: { SQLITE_PATH: sqlitePath } })
    expect(dry.stderr).toBe('')
    expect(dry.status).toBe(0)
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, counts: { bookingsErased: 1, idempotencyKeysDeleted: 1 } })

    const text = await runCli({ script: 'purge', args: ['--dry-run'], env: { SQLITE_PATH: sqlitePath } })
    expect(text.stdout).toContain('试运行')
    expect(text.stdout).toContain('预约：抹去姓名、手机号、说明：1')

    const check = async () => {
      const opened = await openStorage({ kind: 'sqlite', sqlitePath })
      try {
        return {
          booking: await opened.db.selectFrom('bookings').select(['name', 'phone_last4']).where('id', '=', id).executeTakeFirstOrThrow(),
          keys: await opened.db.selectFrom('idempotency_keys').select('key').execute(),
        }
      } finally {
        await opened.close()
      }
    }
    expect(await check()).toEqual({ booking: { name: '王五', phone_last4: '1234' }, keys: [{ key: 'old-key-0001' }] })

    const real = await runCli({ script: 'purge', args: ['--json'], env: { SQLITE_PATH: sqlitePath } })
    expect(real.status).toBe(0)
    expect(JSON.parse(real.stdout)).toMatchObject({ dryRun: false, counts: { bookingsErased: 1, idempotencyKeysDeleted: 1 } })
    expect(await check()).toEqual({ booking: { name: '（已删除）', phone_last4: '' }, keys: [] })
  })

  it('an unknown option is a usage error (64)', async () => {
    const result = await runCli({ script: 'purge', args: ['--everything'], env: { SQLITE_PATH: path.join(dir, 'x.db') } })
    expect(result.status).toBe(64)
    expect(result.stderr).toContain('用法')
  })
})
