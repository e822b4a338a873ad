import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import request from 'supertest'
import { ConfigError, DEFAULT_RATE_LIMITS, loadConfig, repoRoot } from '../../server/config'
import { openStorage } from '../../server/storage/database'
import { DEFAULT_POOL_LIMITS } from '../../server/storage/postgres-pool'
import { buildTestApp } from './support/test-app'

describe('loadConfig', () => {
  it('with an empty environment, listens on 3000 and uses the SQLite file under data/', () => {
    const config = loadConfig({})
    expect(config.port).toBe(3000)
    expect(config.storage).toEqual({ kind: 'sqlite', sqlitePath: path.join(repoRoot, 'data', 'fazhitong.db') })
    expect(config.h5Dist).toBe(path.join(repoRoot, 'dist', 'h5'))
  })

  it('with DATABASE_URL set, chooses PostgreSQL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://127.0.0.1:5432/test' })
    expect(config.storage).toEqual({ kind: 'postgres', databaseUrl: 'postgres://127.0.0.1:5432/test', pool: DEFAULT_POOL_LIMITS })
  })

  it('reads the PostgreSQL pool size and the bound and deadline of its queue, and stops on a bad one', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://127.0.0.1:5432/test',
      DATABASE_POOL_SIZE: '20',
      DATABASE_QUEUE_LIMIT: '5000',
      DATABASE_QUEUE_TIMEOUT_MS: '15000',
    })
    expect(config.storage).toEqual({
      kind: 'postgres',
      databaseUrl: 'postgres://127.0.0.1:5432/test',
      pool: { size: 20, queueLimit: 5000, queueTimeoutMs: 15000 },
    })
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/)
    expect(() => loadConfig({ DATABASE_QUEUE_LIMIT: 'many' })).toThrow(/DATABASE_QUEUE_LIMIT/)
    expect(() => loadConfig({ DATABASE_QUEUE_TIMEOUT_MS: '-1' })).toThrow(/DATABASE_QUEUE_TIMEOUT_MS/)
  })

  it('reads the shutdown delay and grace (defaults 0 and 10 s), and stops on a bad one', () => {
    expect(loadConfig({}).shutdown).toEqual({ delayMs: 0, graceMs: 10_000 })
    expect(loadConfig({ SHUTDOWN_DELAY_MS: '5000', SHUTDOWN_GRACE_MS: '20000' }).shutdown).toEqual({ delayMs: 5000, graceMs: 20_000 })
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '0' })).toThrow(/SHUTDOWN_GRACE_MS/)
    expect(() => loadConfig({ SHUTDOWN_DELAY_MS: 'soon' })).toThrow(/SHUTDOWN_DELAY_MS/)
  })

  it('takes the default abuse limits from one place', () => {
    expect(loadConfig({}).rateLimits).toEqual(DEFAULT_RATE_LIMITS)
    expect(loadConfig({ RATE_LIMIT_LOOKUPS_PER_CODE: '7' }).rateLimits).toEqual({ ...DEFAULT_RATE_LIMITS, lookupsPerCode: 7 })
    expect(loadConfig({ RATE_LIMIT_SHARE_ADDRESS_DAY: '6', RATE_LIMIT_SHARE_PHONE_HORIZON: '3' }).rateLimits).toEqual({
      ...DEFAULT_RATE_LIMITS,
      fairShare: { perAddressDay: 6, perAddressHorizon: 12, perPhoneDay: 2, perPhoneHorizon: 3 },
    })
    expect(() => loadConfig({ RATE_LIMIT_SHARE_ADDRESS_HORIZON: '0' })).toThrow(/RATE_LIMIT_SHARE_ADDRESS_HORIZON/)
  })

  it('reads TRUST_PROXY as nobody, a hop count, or addresses and subnets', () => {
    expect(loadConfig({}).trustProxy).toBe(false)
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1)
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.5, 100.64.0.0/10' }).trustProxy).toEqual(['loopback', '10.0.0.5', '100.64.0.0/10'])
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).storage.kind).toBe('sqlite')
  })

  it('stops with a message naming the variable when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/)
    expect(() => loadConfig({ JSON_BODY_LIMIT: 'lots' })).toThrow(/JSON_BODY_LIMIT/)
    expect(() => loadConfig({ WECHAT_APPID: 'wx0123456789abcdef' })).toThrow(/WECHAT_SECRET/)
    expect(() => loadConfig({ WECHAT_SECRET: 'secret' })).toThrow(/WECHAT_APPID/)
    expect(loadConfig({ WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 'secret' }).wechat?.appId).toBe('wx0123456789abcdef')
    expect(() => loadConfig({ RATE_LIMIT_BOOKINGS_PER_IP: '0' })).toThrow(/RATE_LIMIT_BOOKINGS_PER_IP/)
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/)
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example.cn' })).toThrow(/TRUST_PROXY/)
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/)
  })

  describe('WECHAT_LINK_CHECK_FILE (扫普通链接二维码打开小程序)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-check-'))
    const checkFile = path.join(dir, 'Ab12Cd34Ef.txt')
    fs.writeFileSync(checkFile, '5f2c0e1d9b7a4c3e8f6a2b1d0c9e8f7a')
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

    it('serves WeChat’s check file, byte for byte, at the site root', async () => {
      const config = loadConfig({ WECHAT_LINK_CHECK_FILE: checkFile })
      expect(config.linkCheckFile).toEqual({ name: 'Ab12Cd34Ef.txt', content: '5f2c0e1d9b7a4c3e8f6a2b1d0c9e8f7a' })
      const storage = await openStorage({ kind: 'sqlite', sqlitePath: ':memory:' })
      try {
        const response = await request(await buildTestApp(storage, { linkCheckFile: config.linkCheckFile })).get('/Ab12Cd34Ef.txt')
        expect(response.status).toBe(200)
        expect(response.text).toBe('5f2c0e1d9b7a4c3e8f6a2b1d0c9e8f7a')
      } finally {
        await storage.close()
      }
    })

    it('stops at start-up, naming the variable, for a missing file or one that is not a check file', () => {
      expect(() => loadConfig({ WECHAT_LINK_CHECK_FILE: path.join(dir, 'Missing1.txt') })).toThrow(/WECHAT_LINK_CHECK_FILE/)
      const notACheckFile = path.join(dir, 'index.html')
      fs.writeFileSync(notACheckFile, '<html>')
      expect(() => loadConfig({ WECHAT_LINK_CHECK_FILE: notACheckFile })).toThrow(/WECHAT_LINK_CHECK_FILE/)
    })
  })
})

describe('BACKUP_DIR, BACKUP_KEEP, BACKUP_HOUR (scheduled backups)', () => {
  it('are off unless BACKUP_DIR is set; then the newest 7 are kept, taken at 03:00 China time; a bad value stops the start', () => {
    expect(loadConfig({}).backups).toBeUndefined()
    expect(loadConfig({ BACKUP_DIR: 'backups' }).backups).toEqual({ dir: path.resolve('backups'), keep: 7, hour: 3 })
    expect(loadConfig({ BACKUP_DIR: '/var/backups/fazhitong', BACKUP_KEEP: '30', BACKUP_HOUR: '23' }).backups).toEqual({
      dir: '/var/backups/fazhitong',
      keep: 30,
      hour: 23,
    })
    expect(() => loadConfig({ BACKUP_DIR: 'b', BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/)
    expect(() => loadConfig({ BACKUP_DIR: 'b', BACKUP_HOUR: '24' })).toThrow(/BACKUP_HOUR/)
  })
})

describe('BOOKING_ADDRESS_KEY', () => {
  it('is absent unless set, and a short key stops the start with the variable named', () => {
    expect(loadConfig({}).addressKey).toBeUndefined()
    expect(loadConfig({ BOOKING_ADDRESS_KEY: 'k'.repeat(32) }).addressKey).toBe('k'.repeat(32))
    expect(() => loadConfig({ BOOKING_ADDRESS_KEY: 'short' })).toThrow(/BOOKING_ADDRESS_KEY: 至少 32 个字符/)
  })
})

describe('METRICS_TOKEN', () => {
  it('is absent unless set; a short one, or one with characters a header would mangle, stops the start with the variable named and the value not shown', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined()
    expect(loadConfig({ METRICS_TOKEN: 'a1b2c3d4e5f6a7b8c9d0' }).metricsToken).toBe('a1b2c3d4e5f6a7b8c9d0')
    for (const token of ['short-token', 'sixteen chars or more but spaces', '令牌令牌令牌令牌令牌令牌令牌令牌']) {
      let message = ''
      try {
        loadConfig({ METRICS_TOKEN: token })
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toMatch(/METRICS_TOKEN: /)
      expect(message).toContain('已设置，不显示')
      expect(message).not.toContain(token)
    }
  })
})

describe('loadConfig: SMS (SMS_PROVIDER and its variables, all or nothing)', () => {
  const tencent = {
    SMS_PROVIDER: 'tencent',
    SMS_SIGN_NAME: '秀山司法',
    SMS_TEMPLATE_CODE: '1900001',
    TENCENT_SMS_SECRET_ID: 'AKIDsecretid000000000000',
    TENCENT_SMS_SECRET_KEY: 'secretkey0000000000000000',
    TENCENT_SMS_SDK_APP_ID: '1400787878',
  }

  it('unset: no SMS', () => {
    expect(loadConfig({}).sms).toBeNull()
  })

  it('tencent with its variables: the provider, its endpoint and the templates', () => {
    expect(loadConfig({ ...tencent, SMS_TEMPLATE_BOOKING_REMINDER: '1900003' }).sms).toMatchObject({
      provider: 'tencent',
      baseUrl: 'https://sms.tencentcloudapi.com',
      region: 'ap-guangzhou',
      sdkAppId: '1400787878',
      templates: { code: '1900001', booking_reminder: '1900003' },
    })
    expect(
      loadConfig({
        SMS_PROVIDER: 'aliyun',
        SMS_SIGN_NAME: '秀山司法',
        SMS_TEMPLATE_CODE: 'SMS_1',
        ALIYUN_SMS_ACCESS_KEY_ID: 'LTAIkeyid0000',
        ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret0000',
      }).sms,
    ).toMatchObject({ provider: 'aliyun', baseUrl: 'https://dysmsapi.aliyuncs.com' })
  })

  it('a missing variable is named; a secret is never echoed', () => {
    const { TENCENT_SMS_SDK_APP_ID: _omitted, ...partial } = tencent
    expect(() => loadConfig(partial)).toThrow(/TENCENT_SMS_SDK_APP_ID: SMS_PROVIDER=tencent/)
    let message = ''
    try {
      loadConfig({ ALIYUN_SMS_ACCESS_KEY_SECRET: 'VerySecretValue123456' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('ALIYUN_SMS_ACCESS_KEY_SECRET')
    expect(message).toContain('SMS_PROVIDER')
    expect(message).not.toContain('VerySecretValue123456')
  })

  it('the other provider’s variable is named', () => {
    expect(() => loadConfig({ ...tencent, ALIYUN_SMS_ACCESS_KEY_ID: 'LTAIkeyid0000' })).toThrow(/ALIYUN_SMS_ACCESS_KEY_ID/)
  })
})

describe('a variable whose value may hold a credential', () => {
  it.each([
    ['DATABASE_URL', 'mysql://fazhitong:S3cretPassw0rd@db.example/fzt'],
    ['DIRECTORY_URL', 'ftp://county:S3cretPassw0rd@dir.example/stations.json?access_key=S3cretPassw0rd'],
    ['REPORTS_FEED_URL', 'not a url S3cretPassw0rd'],
    ['BOOKING_ADDRESS_KEY', 'S3cretPassw0rd'],
  ])('%s: a bad value stops the start, naming the variable without showing the value', (name, value) => {
    let message = ''
    try {
      loadConfig({ [name]: value })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain(`${name}: `)
    expect(message).toContain('已设置，不显示')
    expect(message).not.toContain('S3cretPassw0rd')
  })
})
