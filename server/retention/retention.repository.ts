import { sql, type Kysely } from 'kysely'
import { KyselyRateLimitRepository } from '../http/rate-limit.repository'
import type { Storage } from '../storage/database'
import { OUTBOX_MAX_ATTEMPTS, type DatabaseSchema } from '../storage/schema'
import { ERASED_TEXT, payloadWithoutOpenid, type RetentionCutoffs } from './retention-rules'

/** How many rows each rule touched in one run (or would touch, in a dry run). */
export interface RetentionCounts {
  /** bookings whose name, phone, 事项说明, cancel reason, 代办人 and address hash were erased */
  bookingsErased: number
  /** bookings whose WeChat openid was cleared because the slot has begun */
  bookingOpenidsCleared: number
  /** reminder rows whose WeChat openid was removed (sent, given up, or slot begun) */
  reminderOpenidsCleared: number
  /** sent or undeliverable reminder rows deleted */
  remindersDeleted: number
  idempotencyKeysDeleted: number
  /** expired or revoked sign-in tokens deleted */
  authTokensDeleted: number
  /** expired or revoked device credentials of staff and administrator phones deleted */
  loginDevicesDeleted: number
  rateLimitCountersDeleted: number
  /** disabled accounts whose phone, openid and invite were erased */
  accountsContactErased: number
  /** 信息有误 reports whose call-back phone was erased */
  correctionPhonesErased: number
  /** SMS code rows (keyed hashes) deleted */
  phoneCodesDeleted: number
}

class DryRun extends Error {
  constructor(readonly counts: RetentionCounts) {
    super('dry run: rolled back')
  }
}

const count = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }) => Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n)

/**
 * Applies the retention cut-offs in one write transaction, the same statements on SQLite and
 * PostgreSQL. A dry run does all of it and rolls back, so its counts are exactly what a real run
 * would change at that moment.
 */
export class RetentionRepository {
  constructor(private readonly storage: Storage) {}

  async apply(params: { cutoffs: RetentionCutoffs; now: Date; dryRun?: boolean }): Promise<RetentionCounts> {
    try {
      return await this.storage.writeTransaction(async (trx) => {
        const counts = await this.applyIn(trx, params)
        if (params.dryRun) throw new DryRun(counts)
        return counts
      })
    } catch (error) {
      if (error instanceof DryRun) return error.counts
      throw error
    }
  }

  private async applyIn(trx: Kysely<DatabaseSchema>, params: { cutoffs: RetentionCutoffs; now: Date }): Promise<RetentionCounts> {
    const { cutoffs } = params

    // the reminder is due a day before the slot: once the slot has begun the openid has no use
    const bookingOpenidsCleared = count(
      await trx
        .updateTable('bookings')
        .set({ wechat_openid: null })
        .where('wechat_openid', 'is not', null)
        .where('slot_start', '<=', cutoffs.slotStartedBy)
        .executeTakeFirst(),
    )

    // the row stays (station, slot, matter, status: the station's statistics); the person goes.
    // The phone becomes a per-row placeholder: rows still 'booked' keep the one-active-booking-per-
    // phone index satisfied, and no digits are left to look the booking up with.
    const bookingsErased = count(
      await trx
        .updateTable('bookings')
        .set({
          name: ERASED_TEXT,
          phone: sql<string>`'erased:' || id`,
          phone_last4: '',
          description: '',
          cancel_reason: null,
          proxy: null,
          wechat_openid: null,
          address_hash: null,
        })
        .where('slot_end', '<', cutoffs.slotEndedBefore)
        .where('phone_last4', '<>', '')
        .executeTakeFirst(),
    )

    // reminder rows carry the openid in their JSON payload; few rows a day, so they are read here
    let reminderOpenidsCleared = 0
    const withOpenid = await trx.selectFrom('outbox').select(['id', 'payload', 'sent_at', 'attempts']).where('payload', 'like', '%"openid":"%').execute()
    for (const row of withOpenid) {
      const payload = payloadWithoutOpenid({ payload: row.payload, done: row.sent_at !== null || row.attempts >= OUTBOX_MAX_ATTEMPTS, now: params.now })
      if (payload === null) continue
      await trx.updateTable('outbox').set({ payload }).where('id', '=', row.id).execute()
      reminderOpenidsCleared += 1
    }

    const remindersDeleted = count(
      await trx
        .deleteFrom('outbox')
        .where((eb) =>
          eb.or([
            eb.and([eb('sent_at', 'is not', null), eb('sent_at', '<', cutoffs.reminderDoneBefore)]),
            // undeliverable: never sent, no attempts left; its due time is when it stopped mattering
            eb.and([eb('sent_at', 'is', null), eb('attempts', '>=', OUTBOX_MAX_ATTEMPTS), eb('due_at', '<', cutoffs.reminderDoneBefore)]),
          ]),
        )
        .executeTakeFirst(),
    )

    const idempotencyKeysDeleted = count(await trx.deleteFrom('idempotency_keys').where('created_at', '<', cutoffs.idempotencyCreatedBefore).executeTakeFirst())

    const authTokensDeleted = count(
      await trx
        .deleteFrom('auth_tokens')
        .where((eb) => eb.or([eb('expires_at', '<=', cutoffs.now), eb('revoked_at', 'is not', null)]))
        .executeTakeFirst(),
    )

    const loginDevicesDeleted = count(
      await trx
        .deleteFrom('login_devices')
        .where((eb) => eb.or([eb('expires_at', '<=', cutoffs.now), eb('revoked_at', 'is not', null)]))
        .executeTakeFirst(),
    )

    // the one place old rate-limit windows go (the limiter's own table, its own statement)
    const rateLimitCountersDeleted = await new KyselyRateLimitRepository(trx).prune({ before: cutoffs.rateLimitWindowBefore })

    const accountsContactErased = count(
      await trx
        .updateTable('users')
        .set({ phone: null, wechat_openid: null, invite_hash: null })
        .where('disabled_at', 'is not', null)
        .where('disabled_at', '<', cutoffs.accountDisabledBefore)
        .where((eb) => eb.or([eb('phone', 'is not', null), eb('wechat_openid', 'is not', null), eb('invite_hash', 'is not', null)]))
        .executeTakeFirst(),
    )

    // the report stays (station, what was wrong, how it was resolved); the resident's number goes
    const correctionPhonesErased = count(
      await trx
        .updateTable('station_corrections')
        .set({ callback_phone: null })
        .where('callback_phone', 'is not', null)
        .where('created_at', '<', cutoffs.correctionCreatedBefore)
        .executeTakeFirst(),
    )

    const phoneCodesDeleted = count(await trx.deleteFrom('phone_codes').where('sent_at', '<', cutoffs.phoneCodeSentBefore).executeTakeFirst())

    return {
      bookingsErased,
      bookingOpenidsCleared,
      reminderOpenidsCleared,
      remindersDeleted,
      idempotencyKeysDeleted,
      authTokensDeleted,
      loginDevicesDeleted,
      rateLimitCountersDeleted,
      accountsContactErased,
      correctionPhonesErased,
      phoneCodesDeleted,
    }
  }
}
