import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { repoRoot, startBff } from '../support/bff-process'
import { startFakeAliyunSms } from '../support/fake-aliyun-sms'

describe('server/main.ts as a process', () => {
  it('on first start imports the bundled report, serves it, and exits 0 on SIGTERM', async () => {
    const bff = await startBff()
    try {
      const home = (await (await fetch(`${bff.baseUrl}/api/home`)).json()) as { latestReport: { title: string } | null }
      expect(home.latestReport?.title).toBe('秀山土家族苗族自治县2023年度法治政府建设情况报告')
      const health = (await (await fetch(`${bff.baseUrl}/api/health`)).json()) as { storage: string }
      expect(health.storage).toBe('sqlite')
      expect(await bff.stop('SIGTERM')).toBe(0)
    } finally {
      await bff.stop('SIGKILL')
      bff.cleanup()
    }
  })

  it('when a variable is invalid, refuses to start and names it', () => {
    const result = spawnSync(path.join(repoRoot, 'node_modules/.bin/tsx'), ['server/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('PORT')
    expect(result.stderr).toContain('配置有误')
  })

  it('says at start-up whether SMS is on and through which provider, with no credential, 签名 or template in the line; codes then go through it', async () => {
    const fake = await startFakeAliyunSms({ accessKeyId: 'LTAI5tMainTestKeyId0001', accessKeySecret: 'MainTestSecret000000000000001' })
    const withSms = await startBff({
      env: {
        LOG_LEVEL: 'info',
        SMS_PROVIDER: 'aliyun',
        SMS_API_BASE: fake.baseUrl,
        SMS_SIGN_NAME: '秀山司法局',
        SMS_TEMPLATE_CODE: 'SMS_900000001',
        ALIYUN_SMS_ACCESS_KEY_ID: 'LTAI5tMainTestKeyId0001',
        ALIYUN_SMS_ACCESS_KEY_SECRET: 'MainTestSecret000000000000001',
      },
    })
    const without = await startBff({ env: { LOG_LEVEL: 'info' } })
    try {
      const sent = await fetch(`${withSms.baseUrl}/api/phone-codes`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ phone: '13712345678', purpose: 'lookup' }),
      })
      expect(sent.status).toBe(201)
      expect(fake.sent).toEqual([
        { phoneNumbers: '13712345678', signName: '秀山司法局', templateCode: 'SMS_900000001', templateParam: { code: expect.stringMatching(/^\d{6}$/) } },
      ])
      const line = withSms
        .output()
        .split('\n')
        .find((text) => text.includes('SMS on'))
      expect(JSON.parse(line ?? '{}')).toMatchObject({ sms: 'aliyun', messages: ['code'] })
      expect(withSms.output()).not.toMatch(/LTAI5tMainTestKeyId0001|MainTestSecret|秀山司法局|SMS_900000001|13712345678/)
      expect(without.output()).toContain('SMS off (SMS_PROVIDER unset)')
    } finally {
      await withSms.stop('SIGKILL')
      withSms.cleanup()
      await without.stop('SIGKILL')
      without.cleanup()
      await fake.close()
    }
  })

  it('SMS_PROVIDER without its credentials refuses to start naming them, never echoing a secret', () => {
    const result = spawnSync(path.join(repoRoot, 'node_modules/.bin/tsx'), ['server/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        SMS_PROVIDER: 'tencent',
        SMS_SIGN_NAME: '秀山司法',
        SMS_TEMPLATE_CODE: '1',
        TENCENT_SMS_SECRET_KEY: 'TopSecretKey123456789',
        DATABASE_URL: '',
      },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('TENCENT_SMS_SECRET_ID')
    expect(result.stderr).toContain('TENCENT_SMS_SDK_APP_ID')
    expect(result.stderr).not.toContain('TopSecretKey123456789')
  })
})
