import { SmsError } from '../../../server/sms/sms-sender'
import { TencentSms } from '../../../server/sms/tencent-sms'
import { startFakeTencentSms, type FakeTencentSms } from '../../support/fake-tencent-sms'

// 腾讯云-shaped values, long and distinct, so a leak of any of them shows
const SECRET_ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA'
const SECRET_KEY = 'Gu5t9xGARNpq86cd98joQYCN3Cozk1qA'
const SDK_APP_ID = '1400787878'
const PHONE = '13800138000'
const now = () => new Date('2026-11-26T07:30:00+08:00')

describe('TencentSms (腾讯云短信 SendSms against a fake that checks TC3-HMAC-SHA256 on 127.0.0.1)', () => {
  let fake: FakeTencentSms
  beforeEach(async () => {
    fake = await startFakeTencentSms({ secretId: SECRET_ID, secretKey: SECRET_KEY, sdkAppId: SDK_APP_ID })
  })
  afterEach(async () => {
    await fake.close()
  })

  const client = (overrides: { secretKey?: string; secretId?: string } = {}) =>
    new TencentSms({
      baseUrl: fake.baseUrl,
      secretId: overrides.secretId ?? SECRET_ID,
      secretKey: overrides.secretKey ?? SECRET_KEY,
      sdkAppId: SDK_APP_ID,
      region: 'ap-guangzhou',
      signName: '秀山司法',
      templates: { code: '1900001', booking_reminder: '1900003' },
      timeoutMs: 2000,
      now,
    })

  it('sends the template with its parameters in order to +86 and the number, signed so 腾讯云 accepts it', async () => {
    await client().send({ phone: PHONE, kind: 'booking_reminder', params: { station: '隘口镇工作站', time: '11月27日 09:00', code: 'ABCD2345' } })
    expect(fake.refused).toEqual([])
    expect(fake.sent).toEqual([
      {
        phoneNumber: '+8613800138000',
        sdkAppId: SDK_APP_ID,
        signName: '秀山司法',
        templateId: '1900003',
        params: ['隘口镇工作站', '11月27日 09:00', 'ABCD2345'],
      },
    ])
    const seen = fake.upstream.requests[0]
    expect(seen.headers['x-tc-action']).toBe('SendSms')
    expect(seen.headers['x-tc-version']).toBe('2021-01-11')
    expect(seen.headers['x-tc-region']).toBe('ap-guangzhou')
    expect(seen.headers['x-tc-timestamp']).toBe(String(Date.parse('2026-11-26T07:30:00+08:00') / 1000))
    // 07:30 in China is still the 25th in UTC: the credential scope's date is UTC's
    expect(seen.headers.authorization).toContain(`Credential=${SECRET_ID}/2026-11-25/sms/tc3_request`)
  })

  it('a wrong SecretKey is refused by the fake (the signature check is real): SmsError with 腾讯云’s code, no secret or number in its message', async () => {
    const error = await client({ secretKey: 'WrongKey0000000000000000000000000' })
      .send({ phone: PHONE, kind: 'code', params: { code: '123456' } })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SmsError)
    expect((error as SmsError).code).toBe('AuthFailure.SignatureFailure')
    expect(fake.refused).toEqual([{ code: 'AuthFailure.SignatureFailure' }])
    expect(fake.sent).toEqual([])
    expect((error as Error).message).not.toMatch(new RegExp([SECRET_ID, SECRET_KEY, PHONE, '123456'].join('|')))
  })

  it('a clock more than 5 minutes off is refused as 腾讯云 does (AuthFailure.SignatureExpire); within 5 minutes it is accepted', async () => {
    const strict = await startFakeTencentSms({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      sdkAppId: SDK_APP_ID,
      now: () => new Date(now().getTime() + 6 * 60_000),
    })
    const close = await startFakeTencentSms({
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      sdkAppId: SDK_APP_ID,
      now: () => new Date(now().getTime() + 4 * 60_000),
    })
    try {
      const send = (baseUrl: string) =>
        new TencentSms({
          baseUrl,
          secretId: SECRET_ID,
          secretKey: SECRET_KEY,
          sdkAppId: SDK_APP_ID,
          region: 'ap-guangzhou',
          signName: '秀山司法',
          templates: { code: '1900001' },
          timeoutMs: 2000,
          now,
        }).send({ phone: PHONE, kind: 'code', params: { code: '123456' } })
      await expect(send(strict.baseUrl)).rejects.toMatchObject({ code: 'AuthFailure.SignatureExpire' })
      await send(close.baseUrl)
      expect(close.sent).toHaveLength(1)
    } finally {
      await strict.close()
      await close.close()
    }
  })

  it('an unknown SecretId is refused as 腾讯云 does', async () => {
    const error = await client({ secretId: 'AKIDunknownunknownunknownunknown00' })
      .send({ phone: PHONE, kind: 'code', params: { code: '123456' } })
      .catch((caught: unknown) => caught)
    expect((error as SmsError).code).toBe('AuthFailure.SecretIdNotFound')
  })

  it('a number 腾讯云 limits: SmsError marked limited, the echoed number not kept', async () => {
    fake.failNext = 'LimitExceeded.PhoneNumberDailyLimit'
    const error = (await client()
      .send({ phone: PHONE, kind: 'code', params: { code: '123456' } })
      .catch((caught: unknown) => caught)) as SmsError
    expect(error.code).toBe('LimitExceeded.PhoneNumberDailyLimit')
    expect(error.limited).toBe(true)
    expect(error.message).not.toContain(PHONE)
  })

  it('a message without a template is not sent', async () => {
    expect(client().canSend('booking_created')).toBe(false)
    await expect(client().send({ phone: PHONE, kind: 'booking_created', params: {} })).rejects.toThrow(SmsError)
    expect(fake.upstream.requests).toEqual([])
  })
})
