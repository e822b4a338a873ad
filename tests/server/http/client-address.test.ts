import { clientAddressKey } from '../../../server/http/client-address'

describe('clientAddressKey', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7')
  })

  it('makes every IPv6 address of one /64 the same client, however it is written', () => {
    const keys = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:1:2:3', '2001:0DB8:0001:0002:0000:0000:0000:abcd', '2001:db8:1:2::7%eth0'].map(clientAddressKey)
    expect(new Set(keys)).toEqual(new Set(['2001:db8:1:2::/64']))
  })

  it('keeps neighbouring /64s apart', () => {
    expect(clientAddressKey('2001:db8:1:2::1')).not.toBe(clientAddressKey('2001:db8:1:3::1'))
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64')
  })

  it('reads an IPv4-mapped IPv6 address as its IPv4 address, in dotted or hex form', () => {
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7')
    expect(clientAddressKey('::ffff:cb00:7107')).toBe('203.0.113.7')
  })

  it('answers unknown without an address and leaves anything else untouched', () => {
    expect(clientAddressKey(undefined)).toBe('unknown')
    expect(clientAddressKey('not-an-ip')).toBe('not-an-ip')
  })
})
