import { AliyunSms, aliyunPercentEncode } from '../../../server/sms/aliyun-sms'
import { SmsError } from '../../../server/sms/sms-sender'
import { startFakeAliyunSms, type FakeAliyunSms } from '../../support/fake-aliyun-sms'

const ACCESS_KEY_ID = 'LTAI5tQ3mYxWf8Rk2Zb9Hn4V'
const ACCESS_KEY_SECRET = 'Xq7wE2rT9yU4iO1pA6sD3fG8hJ5kL0'
const PHONE = '13900139000'
const now = () => new Date('2026-11-26T23:30:00+08:00')

describe('AliyunSms (阿里云短信 SendSms against a fake that recomputes the RPC signature on 127.0.0.1)', () => {
  let fake: FakeAliyunSms
  beforeEach(async () => {
    fake = await startFakeAliyunSms({ accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET })
  })
  afterEach(async () => {
    await fake.close()
  })

  const client = (secret = ACCESS_KEY_SECRET) =>
    new AliyunSms({
      baseUrl: fake.baseUrl,
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: secret,
      signName: '秀山司法',
      templates: { code: 'SMS_100000001', booking_created: 'SMS_100000002' },
      timeoutMs: 2000,
      now,
    })

  it('sends TemplateCode with TemplateParam as JSON (Chinese, spaces and * encoded as 阿里云 signs them), accepted by the signature check', async () => {
    await client().send({ phone: PHONE, kind: 'booking_created', params: { station: '秀山县 公共法律服务中心*', time: '11月27日 09:00', code: 'ABCD2345' } })
    expect(fake.refused).toEqual([])
    expect(fake.sent).toEqual([
      {
        phoneNumbers: PHONE,
        signName: '秀山司法',
        templateCode: 'SMS_100000002',
        templateParam: { station: '秀山县 公共法律服务中心*', time: '11月27日 09:00', code: 'ABCD2345' },
      },
    ])
  })

  it('a wrong AccessKeySecret is refused (SignatureDoesNotMatch); the string to sign 阿里云 echoes is not kept, nor the key id or the number', async () => {
    const error = (await client('WrongSecretWrongSecretWrong000')
      .send({ phone: PHONE, kind: 'code', params: { code: '654321' } })
      .catch((caught: unknown) => caught)) as SmsError
    expect(error).toBeInstanceOf(SmsError)
    expect(error.code).toBe('SignatureDoesNotMatch')
    expect(fake.refused).toEqual([{ code: 'SignatureDoesNotMatch' }])
    expect(fake.sent).toEqual([])
    expect(error.message).toContain('SignatureDoesNotMatch')
    expect(error.message).not.toMatch(new RegExp([ACCESS_KEY_ID, ACCESS_KEY_SECRET, PHONE, '654321', 'POST&'].join('|')))
  })

  it('isv.BUSINESS_LIMIT_CONTROL: SmsError marked limited', async () => {
    fake.failNext = 'isv.BUSINESS_LIMIT_CONTROL'
    const error = (await client()
      .send({ phone: PHONE, kind: 'code', params: { code: '654321' } })
      .catch((caught: unknown) => caught)) as SmsError
    expect(error.code).toBe('isv.BUSINESS_LIMIT_CONTROL')
    expect(error.limited).toBe(true)
  })

  it('percent-encodes as RFC 3986: space %20, * %2A, ~ kept, Chinese as UTF-8 bytes', () => {
    expect(aliyunPercentEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29')
    expect(aliyunPercentEncode('秀')).toBe('%E7%A7%80')
  })
})
