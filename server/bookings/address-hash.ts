import { createHmac } from 'node:crypto'
import type { Storage } from '../storage/database'

const KEY_NAME = 'booking-address'

/**
 * The keyed hash a booking stores of its client address bucket (server/http/client-address.ts
 * clientKey: an IPv4 address, or an IPv6 /64): HMAC-SHA256 under the key migration 0018 made,
 * shared by every instance on the database. Equal buckets hash alike, so a station's fair share and
 * staff's 取消同一网络的预约 can match bookings by it; the address itself is never stored.
 */
export class AddressHasher {
  private key: Promise<Buffer> | null = null

  constructor(private readonly storage: Storage) {}

  private async load(): Promise<Buffer> {
    const row = await this.storage.db.selectFrom('server_keys').select('secret').where('name', '=', KEY_NAME).executeTakeFirstOrThrow()
    return Buffer.from(row.secret, 'base64url')
  }

  async hash(bucket: string): Promise<string> {
    this.key ??= this.load().catch((error: unknown) => {
      // a failed read is tried again on the next booking
      this.key = null
      throw error
    })
    return createHmac('sha256', await this.key).update(bucket).digest('base64url')
  }
}
