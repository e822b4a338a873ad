import { isLoopbackAddress, metricsAccess, metricsTokenHash } from '../../../server/metrics/metrics-access'

const TOKEN = 'k3y-for-prometheus-0123456789abcdef'
const tokenHash = metricsTokenHash(TOKEN)

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::FFFF:7f00:1'])('when the socket is %s, answers loopback', (address) => {
    expect(isLoopbackAddress(address)).toBe(true)
  })

  it.each(['192.0.2.2', '::ffff:192.0.2.2', '10.0.0.1', '128.0.0.1', 'fd00::2', 'fe80::1%eth0', '::', '0.0.0.0', 'localhost', '', undefined])(
    'when the socket is %p, answers not loopback',
    (address) => {
      expect(isLoopbackAddress(address)).toBe(false)
    },
  )
})

describe('metricsAccess', () => {
  const decide = (params: { socketAddress?: string; proxied?: boolean; authorization?: string; tokenHash?: Buffer | null }) =>
    metricsAccess({
      socketAddress: params.socketAddress,
      proxied: params.proxied ?? false,
      authorization: params.authorization,
      tokenHash: params.tokenHash === undefined ? tokenHash : params.tokenHash,
    })

  it('when a client on this machine sends no token, admits it', () => {
    expect(decide({ socketAddress: '127.0.0.1' })).toBe('loopback')
    expect(decide({ socketAddress: '::ffff:127.0.0.1', tokenHash: null })).toBe('loopback')
  })

  it('when a request from this machine came through a proxy (X-Forwarded-For and the like), does not count it as this machine', () => {
    expect(decide({ socketAddress: '127.0.0.1', proxied: true })).toBe('no-token')
    expect(decide({ socketAddress: '127.0.0.1', proxied: true, authorization: `Bearer ${TOKEN}` })).toBe('token')
  })

  it('when another machine sends no token, refuses it, token configured or not', () => {
    expect(decide({ socketAddress: '192.0.2.2' })).toBe('no-token')
    expect(decide({ socketAddress: '192.0.2.2', tokenHash: null })).toBe('no-token')
    expect(decide({ socketAddress: undefined })).toBe('no-token')
  })

  it('when the right token comes as a Bearer token, admits it from anywhere', () => {
    expect(decide({ socketAddress: '192.0.2.2', authorization: `Bearer ${TOKEN}` })).toBe('token')
    expect(decide({ socketAddress: '192.0.2.2', authorization: `bearer ${TOKEN}` })).toBe('token')
  })

  it('when a token is wrong, malformed or not a Bearer token, refuses it, even from this machine', () => {
    for (const authorization of [
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN.replace('k', 'K')}`,
      'Bearer ',
      'Bearer',
      TOKEN,
      `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`,
      `Bearer ${TOKEN} extra`,
      '',
    ]) {
      expect(decide({ socketAddress: '192.0.2.2', authorization })).toBe('wrong-token')
      expect(decide({ socketAddress: '127.0.0.1', authorization })).toBe('wrong-token')
    }
  })

  it('when no METRICS_TOKEN is configured, refuses every token, the empty one too', () => {
    for (const authorization of ['Bearer anything-at-all-123456', 'Bearer ', ''])
      expect(decide({ socketAddress: '192.0.2.2', authorization, tokenHash: null })).toBe('wrong-token')
  })
})
