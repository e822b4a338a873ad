import { aliyunSignature } from '../../../server/sms/aliyun-sms'
import { tc3Authorization } from '../../../server/sms/tencent-sms'
import { aliyunExpectedSignature } from '../../support/fake-aliyun-sms'
import { tc3ExpectedSignature } from '../../support/fake-tencent-sms'

/**
 * The providers' own worked examples, so the client and the fakes are checked against 腾讯云 and
 * 阿里云, not only against each other.
 */
describe('signatures: the providers’ documented examples', () => {
  // 腾讯云 API 3.0 签名方法 v3, the CVM DescribeInstances example (SignedHeaders content-type;host)
  const tencentBody = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
  const TENCENT_SIGNATURE = '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168'

  it('TC3-HMAC-SHA256: the BFF signs 腾讯云’s example to its published signature', () => {
    const authorization = tc3Authorization({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Host: 'cvm.tencentcloudapi.com' },
      body: tencentBody,
      timestamp: 1551113065,
      service: 'cvm',
    })
    expect(authorization).toBe(
      `TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${TENCENT_SIGNATURE}`,
    )
  })

  it('TC3-HMAC-SHA256: the fake 腾讯云 expects that same signature for that request', () => {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', host: 'cvm.tencentcloudapi.com' }
    expect(
      tc3ExpectedSignature({
        secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
        date: '2019-02-25',
        service: 'cvm',
        timestamp: 1551113065,
        signedHeaders: 'content-type;host',
        header: (name) => headers[name] ?? '',
        body: tencentBody,
      }),
    ).toBe(TENCENT_SIGNATURE)
  })

  // 阿里云 RPC 签名机制, the ECS DescribeRegions example (GET, AccessKeySecret testsecret)
  const aliyunQuery = {
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    Format: 'XML',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    SignatureVersion: '1.0',
    Timestamp: '2016-02-23T12:46:24Z',
    Version: '2014-05-26',
  }

  it('阿里云 RPC HMAC-SHA1: the BFF and the fake give the published signature and string to sign', () => {
    expect(aliyunSignature({ method: 'GET', query: aliyunQuery, accessKeySecret: 'testsecret' })).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=')
    expect(aliyunExpectedSignature({ method: 'GET', query: aliyunQuery, accessKeySecret: 'testsecret' })).toEqual({
      signature: 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=',
      stringToSign:
        'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    })
  })
})
