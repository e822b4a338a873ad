import { AddressHasher } from '../../../server/bookings/address-hash'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'

describeEachStorage('AddressHasher: the keyed hash of an address bucket a booking stores', (storage: () => Storage) => {
  it('hashes one bucket alike every time and across instances on one database, two buckets apart, and never shows the address', async () => {
    const [one, two] = [new AddressHasher(storage()), new AddressHasher(storage())]
    const hashed = await one.hash('203.0.113.7')
    expect(hashed).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(hashed).not.toContain('203')
    expect(await two.hash('203.0.113.7')).toBe(hashed)
    expect(await one.hash('203.0.113.8')).not.toBe(hashed)
    expect(await one.hash('2001:db8:1:2::/64')).not.toBe(hashed)
  })

  it('with BOOKING_ADDRESS_KEY, hashes under that key instead of the database’s', async () => {
    const key = 'x'.repeat(32)
    const configured = await new AddressHasher(storage(), key).hash('203.0.113.7')
    expect(configured).not.toBe(await new AddressHasher(storage()).hash('203.0.113.7'))
    expect(await new AddressHasher(storage(), key).hash('203.0.113.7')).toBe(configured)
    expect(await new AddressHasher(storage(), 'y'.repeat(32)).hash('203.0.113.7')).not.toBe(configured)
  })
})
