import { createHmac } from 'node:crypto'
import type { Storage } from '../storage/database'
import { readServerKey } from '../storage/server-keys.repository'

const KEY_NAME = 'booking-address'

/**
 * The keyed hash a booking stores of its client address bucket (server/http/client-address.ts
 * clientKey: an IPv4 address, or an IPv6 /64): HMAC-SHA256 under BOOKING_ADDRESS_KEY when it is
 * set (the key then lives outside the database: a copy of the database alone cannot test guesses
 * of the 2^32 IPv4 addresses against it), else under the key migration 0018 made in the database,
 * shared by every instance on it. Equal buckets hash alike, so a station's fair share and staff's
 * 取消同一网络的预约 can match bookings by it; the address itself is never stored. Changing the key
 * only forgets which upcoming bookings came from one address (their shares start afresh).
 */
export class AddressHasher {
  private key: Promise<Buffer> | null

  constructor(
    private readonly storage: Storage,
    configuredKey?: string,
  ) {
    this.key = configuredKey ? Promise.resolve(Buffer.from(configuredKey, 'utf8')) : null
  }

  private load(): Promise<Buffer> {
    return readServerKey(this.storage.db, KEY_NAME)
  }

  async hash(bucket: string): Promise<string> {
    this.key ??= this.load().catch((error: unknown) => {
      // a failed read is tried again on the next booking
      this.key = null
      throw error
    })
    return createHmac('sha256', await this.key)
      .update(bucket)
      .digest('base64url')
  }
}
