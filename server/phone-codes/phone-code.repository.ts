import type { BookingRow } from '../bookings/booking.repository'
import type { Storage } from '../storage/database'
import type { PhoneCodesTable } from '../storage/schema'

export type PhoneCodeRow = Omit<PhoneCodesTable, 'tries'> & { tries: number }

/** What the send caps are counted from: the sends since a China midnight and the pair's last one. */
export interface SendCounts {
  /** sends to this phone from this address today */
  phoneAddressToday: number
  /** when this address last asked for this phone (UTC ISO), or null */
  phoneAddressLastSentAt: string | null
  /** sends from this address to any phone today */
  addressToday: number
  /** sends to this phone from anywhere today */
  phoneToday: number
}

export class PhoneCodeRepository {
  constructor(private readonly storage: Storage) {}

  /** `except`: a row just inserted, left out so what the others did since is counted (concurrent sends) */
  async counts(params: { phoneHash: string; addressHash: string; since: string; except?: string }): Promise<SendCounts> {
    const { db } = this.storage
    const except = params.except ?? ''
    const [phoneRows, addressRow] = await Promise.all([
      db
        .selectFrom('phone_codes')
        .select(['address_hash', 'sent_at'])
        .where('phone_hash', '=', params.phoneHash)
        .where('sent_at', '>=', params.since)
        .where('id', '<>', except)
        .execute(),
      db
        .selectFrom('phone_codes')
        .select((eb) => eb.fn.countAll<string | number>().as('count'))
        .where('address_hash', '=', params.addressHash)
        .where('sent_at', '>=', params.since)
        .where('id', '<>', except)
        .executeTakeFirst(),
    ])
    const pair = phoneRows.filter((row) => row.address_hash === params.addressHash)
    return {
      phoneAddressToday: pair.length,
      phoneAddressLastSentAt: pair.reduce<string | null>((latest, row) => (latest === null || row.sent_at > latest ? row.sent_at : latest), null),
      addressToday: Number(addressRow?.count ?? 0),
      phoneToday: phoneRows.length,
    }
  }

  async insert(row: Omit<PhoneCodeRow, 'tries' | 'verified_at'>): Promise<void> {
    await this.storage.db
      .insertInto('phone_codes')
      .values({ ...row, verified_at: null })
      .execute()
  }

  async remove(id: string): Promise<void> {
    await this.storage.db.deleteFrom('phone_codes').where('id', '=', id).execute()
  }

  find(id: string): Promise<PhoneCodeRow | undefined> {
    return this.storage.db.selectFrom('phone_codes').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** One wrong try, counted only if nobody counted one in between (two tries at once both count). */
  async countWrongTry(row: PhoneCodeRow): Promise<number> {
    const updated = await this.storage.db
      .updateTable('phone_codes')
      .set((eb) => ({ tries: eb('tries', '+', 1) }))
      .where('id', '=', row.id)
      .returning('tries')
      .executeTakeFirst()
    return updated?.tries ?? row.tries + 1
  }

  async markVerified(params: { id: string; at: string }): Promise<void> {
    await this.storage.db.updateTable('phone_codes').set({ verified_at: params.at }).where('id', '=', params.id).where('verified_at', 'is', null).execute()
  }

  /** A phone's bookings, newest slot first; erased ones no longer carry the number and are not found. */
  bookingsOfPhone(params: { phone: string; limit: number }): Promise<BookingRow[]> {
    return this.storage.db.selectFrom('bookings').selectAll().where('phone', '=', params.phone).orderBy('slot_start', 'desc').limit(params.limit).execute()
  }
}
