/* eslint-disable max-lines -- the append-only migration history, in order: each release adds one at the end, none is edited or moved after it shipped */
import { randomBytes } from 'node:crypto'
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import { idempotencyKeyId, sealAnswer } from '../storage/idempotency-seal'
import { migrationsAhead } from './migration-rules'

/** Migrations are code, ordered by name, and must run unchanged on SQLite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '0001_reports': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('reports')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('county', 'text', (col) => col.notNull())
        .addColumn('year', 'integer')
        .addColumn('title', 'text', (col) => col.notNull())
        .addColumn('publisher', 'text')
        .addColumn('published_at', 'text')
        .addColumn('source', 'text')
        .addColumn('content_hash', 'text', (col) => col.notNull())
        .addColumn('document', 'text', (col) => col.notNull())
        .addColumn('imported_at', 'text', (col) => col.notNull())
        .execute()
      await db.schema.createIndex('reports_published_idx').on('reports').columns(['published_at', 'id']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('reports').execute()
    },
  },
  '0002_stations': {
    async up(db: Kysely<unknown>) {
      // stations imported by an administrator (import:stations); the bundled snapshot stays in data/
      await db.schema
        .createTable('stations')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('county', 'text', (col) => col.notNull())
        .addColumn('station', 'text', (col) => col.notNull())
        .addColumn('imported_at', 'text', (col) => col.notNull())
        .execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('stations').execute()
    },
  },
  '0003_bookings': {
    // ~100 lines: the booking tables came in one release, and a shipped migration is not rewritten
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('schedules')
        .addColumn('station_id', 'text', (col) => col.primaryKey())
        .addColumn('schedule', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .addColumn('updated_by', 'text')
        .execute()
      // one row per slot that has ever been booked; the CHECK is the overbooking guard of last resort
      await db.schema
        .createTable('slots')
        .addColumn('station_id', 'text', (col) => col.notNull())
        .addColumn('slot_start', 'text', (col) => col.notNull())
        .addColumn('capacity', 'integer', (col) => col.notNull())
        .addColumn('booked', 'integer', (col) => col.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('slots_pk', ['station_id', 'slot_start'])
        .addCheckConstraint('slots_capacity_check', sql`booked >= 0 and booked <= capacity`)
        .execute()
      await db.schema
        .createTable('bookings')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('code', 'text', (col) => col.notNull().unique())
        .addColumn('station_id', 'text', (col) => col.notNull())
        .addColumn('station_name', 'text', (col) => col.notNull())
        .addColumn('slot_start', 'text', (col) => col.notNull())
        .addColumn('slot_end', 'text', (col) => col.notNull())
        .addColumn('matter', 'text', (col) => col.notNull())
        .addColumn('description', 'text', (col) => col.notNull())
        .addColumn('name', 'text', (col) => col.notNull())
        .addColumn('phone', 'text', (col) => col.notNull())
        .addColumn('phone_last4', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('cancel_reason', 'text')
        .addColumn('proxy', 'text')
        .addColumn('wechat_openid', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute()
      await db.schema.createIndex('bookings_station_slot_idx').on('bookings').columns(['station_id', 'slot_start']).execute()
      // one active booking per phone per slot, enforced by the database
      await db.schema
        .createIndex('bookings_active_phone_slot_uq')
        .on('bookings')
        .columns(['station_id', 'slot_start', 'phone'])
        .unique()
        .where(sql.ref('status'), 'in', ['booked', 'confirmed'])
        .execute()
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('key', 'text', (col) => col.primaryKey())
        .addColumn('fingerprint', 'text', (col) => col.notNull())
        .addColumn('status', 'integer', (col) => col.notNull())
        .addColumn('response', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute()
      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('payload', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('due_at', 'text', (col) => col.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .execute()
      await db.schema.createIndex('outbox_pending_idx').on('outbox').columns(['sent_at', 'due_at']).execute()
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('role', 'text', (col) => col.notNull())
        .addColumn('username', 'text', (col) => col.unique())
        .addColumn('password_hash', 'text')
        .addColumn('display_name', 'text', (col) => col.notNull())
        .addColumn('station_id', 'text')
        .addColumn('county', 'text')
        .addColumn('town', 'text')
        .addColumn('village', 'text')
        .addColumn('phone', 'text')
        .addColumn('invite_hash', 'text')
        .addColumn('wechat_openid', 'text', (col) => col.unique())
        .addColumn('disabled_at', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute()
      await db.schema
        .createTable('auth_tokens')
        .addColumn('token_hash', 'text', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('revoked_at', 'text')
        .execute()
      await db.schema
        .createTable('rate_limits')
        .addColumn('bucket', 'text', (col) => col.notNull())
        .addColumn('window_start', 'text', (col) => col.notNull())
        .addColumn('hits', 'integer', (col) => col.notNull())
        .addPrimaryKeyConstraint('rate_limits_pk', ['bucket', 'window_start'])
        .execute()
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['rate_limits', 'auth_tokens', 'users', 'outbox', 'idempotency_keys', 'bookings', 'slots', 'schedules'])
        await db.schema.dropTable(table).execute()
    },
  },
  '0004_mediations': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mediation_records')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('version', 'integer', (col) => col.notNull())
        .addColumn('volunteer_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('county', 'text', (col) => col.notNull())
        .addColumn('town', 'text', (col) => col.notNull())
        .addColumn('village', 'text', (col) => col.notNull())
        .addColumn('occurred_on', 'text')
        .addColumn('month', 'text', (col) => col.notNull())
        .addColumn('dispute_type', 'text')
        .addColumn('source', 'text')
        .addColumn('parties_count', 'integer')
        .addColumn('party_names', 'text', (col) => col.notNull())
        .addColumn('summary', 'text', (col) => col.notNull())
        .addColumn('outcome', 'text')
        .addColumn('referred_to', 'text')
        .addColumn('agreement', 'text')
        .addColumn('amount_yuan', 'double precision')
        .addColumn('involves_payment', 'integer', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute()
      await db.schema.createIndex('mediation_scope_idx').on('mediation_records').columns(['county', 'town', 'month']).execute()
      await db.schema.createIndex('mediation_volunteer_idx').on('mediation_records').columns(['volunteer_id', 'created_at']).execute()
      // every change to a record, kept whole: who, when, what it became
      await db.schema
        .createTable('mediation_audit')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('record_id', 'text', (col) => col.notNull())
        .addColumn('version', 'integer', (col) => col.notNull())
        .addColumn('action', 'text', (col) => col.notNull())
        .addColumn('changed_by', 'text', (col) => col.notNull())
        .addColumn('changed_at', 'text', (col) => col.notNull())
        .addColumn('snapshot', 'text', (col) => col.notNull())
        .addUniqueConstraint('mediation_audit_version_uq', ['record_id', 'version'])
        .execute()
      await db.schema.createIndex('users_volunteer_phone_uq').on('users').columns(['role', 'phone']).unique().where(sql.ref('phone'), 'is not', null).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('users_volunteer_phone_uq').execute()
      await db.schema.dropTable('mediation_audit').execute()
      await db.schema.dropTable('mediation_records').execute()
    },
  },
  '0005_scenes': {
    async up(db: Kysely<unknown>) {
      // the short code a 小程序码 carries (WeChat allows 32 characters; station ids reach 80)
      await db.schema
        .createTable('scenes')
        .addColumn('scene', 'text', (col) => col.primaryKey())
        .addColumn('page', 'text', (col) => col.notNull())
        .addColumn('target_id', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addUniqueConstraint('scenes_target_uq', ['page', 'target_id'])
        .execute()
      // each code is fetched from WeChat once per version it opens; base64 keeps one column type on both databases
      await db.schema
        .createTable('wxacodes')
        .addColumn('scene', 'text', (col) => col.notNull().references('scenes.scene'))
        .addColumn('env_version', 'text', (col) => col.notNull())
        .addColumn('content_type', 'text', (col) => col.notNull())
        .addColumn('image_base64', 'text', (col) => col.notNull())
        .addColumn('fetched_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('wxacodes_pk', ['scene', 'env_version'])
        .execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('wxacodes').execute()
      await db.schema.dropTable('scenes').execute()
    },
  },
  '0006_booking_tokens_invite_expiry': {
    async up(db: Kysely<unknown>) {
      // sha256 of the secret the booking device keeps (X-Booking-Token); null for older bookings
      await db.schema.alterTable('bookings').addColumn('manage_token_hash', 'text').execute()
      // when an invite code stops working; null: no invite outstanding
      await db.schema.alterTable('users').addColumn('invite_expires_at', 'text').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('users').dropColumn('invite_expires_at').execute()
      await db.schema.alterTable('bookings').dropColumn('manage_token_hash').execute()
    },
  },
  '0007_password_must_change': {
    async up(db: Kysely<unknown>) {
      // 1 while the password is one the county printed (new account, reset): the first sign-in sets a new one
      await db.schema
        .alterTable('users')
        .addColumn('password_must_change', 'integer', (col) => col.notNull().defaultTo(0))
        .execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('users').dropColumn('password_must_change').execute()
    },
  },
  '0008_station_keeping': {
    async up(db: Kysely<unknown>) {
      // what a station's staff or the county set over the directory's facts, one row per station;
      // status 'none' once nothing is kept any more (rejected, replaced), so versions keep counting
      await db.schema
        .createTable('station_overlays')
        .addColumn('station_id', 'text', (col) => col.primaryKey())
        .addColumn('county', 'text', (col) => col.notNull())
        .addColumn('facts', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('origin', 'text', (col) => col.notNull())
        .addColumn('version', 'integer', (col) => col.notNull())
        .addColumn('reported_at', 'text', (col) => col.notNull())
        .addColumn('reported_by', 'text', (col) => col.notNull())
        .addColumn('verified_at', 'text')
        .addColumn('verified_by', 'text')
        .addColumn('base', 'text')
        .addColumn('previous', 'text')
        .execute()
      await db.schema.createIndex('station_overlays_county_idx').on('station_overlays').columns(['county', 'status']).execute()
      // every change of a station's facts: who, when, before, after (never deleted)
      await db.schema
        .createTable('station_profile_history')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('station_id', 'text', (col) => col.notNull())
        .addColumn('county', 'text', (col) => col.notNull())
        .addColumn('action', 'text', (col) => col.notNull())
        // the station's overlay version this change made: orders a station's history
        .addColumn('version', 'integer', (col) => col.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text')
        .addColumn('actor_role', 'text')
        .addColumn('at', 'text', (col) => col.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('note', 'text')
        .addUniqueConstraint('station_profile_history_version_uq', ['station_id', 'version'])
        .execute()
      // residents' 信息有误 reports; the call-back phone is erased by the retention rules
      await db.schema
        .createTable('station_corrections')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('station_id', 'text', (col) => col.notNull())
        .addColumn('county', 'text', (col) => col.notNull())
        .addColumn('field', 'text', (col) => col.notNull())
        .addColumn('message', 'text', (col) => col.notNull())
        .addColumn('callback_phone', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('resolved_by', 'text')
        .addColumn('resolved_by_name', 'text')
        .addColumn('resolution_note', 'text')
        .execute()
      await db.schema.createIndex('station_corrections_county_idx').on('station_corrections').columns(['county', 'resolved_at', 'created_at']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('station_corrections').execute()
      await db.schema.dropTable('station_profile_history').execute()
      await db.schema.dropTable('station_overlays').execute()
    },
  },
  '0009_staff_day': {
    async up(db: Kysely<unknown>) {
      // every status change of a booking — who, when, from, to — numbered per booking; staff's
      // undo reads the last one. No personal data: ids, statuses and times only.
      await db.schema
        .createTable('booking_status_changes')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('booking_id', 'text', (col) => col.notNull())
        .addColumn('station_id', 'text', (col) => col.notNull())
        .addColumn('version', 'integer', (col) => col.notNull())
        .addColumn('from_status', 'text', (col) => col.notNull())
        .addColumn('to_status', 'text', (col) => col.notNull())
        // 'staff' (changed_by: their users.id) or 'resident' (the booking's own phone: cancel, reschedule)
        .addColumn('actor', 'text', (col) => col.notNull())
        .addColumn('changed_by', 'text')
        .addColumn('changed_at', 'text', (col) => col.notNull())
        // the change this one undid (staff's 撤销); null for ordinary changes
        .addColumn('undoes', 'text')
        .addUniqueConstraint('booking_status_changes_version_uq', ['booking_id', 'version'])
        .execute()
      // each 回电: which booking's phone which staff member saw, when; never the phone itself
      await db.schema
        .createTable('booking_phone_reveals')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('booking_id', 'text', (col) => col.notNull())
        .addColumn('station_id', 'text', (col) => col.notNull())
        .addColumn('revealed_by', 'text', (col) => col.notNull())
        .addColumn('revealed_at', 'text', (col) => col.notNull())
        .execute()
      await db.schema.createIndex('booking_phone_reveals_booking_idx').on('booking_phone_reveals').columns(['booking_id', 'revealed_at']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('booking_phone_reveals').execute()
      await db.schema.dropTable('booking_status_changes').execute()
    },
  },
  // an administrator who calls a resident back sees one correction's number; each look is recorded
  '0010_correction_phone_reveals': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('correction_phone_reveals')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('correction_id', 'text', (col) => col.notNull())
        .addColumn('revealed_by', 'text', (col) => col.notNull())
        .addColumn('revealed_at', 'text', (col) => col.notNull())
        .execute()
      await db.schema.createIndex('correction_phone_reveals_correction_idx').on('correction_phone_reveals').columns(['correction_id', 'revealed_at']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('correction_phone_reveals').execute()
    },
  },
  // the text a report was imported from, byte for byte (GET /api/reports/:id/source); the stored
  // document is typeset. Reports imported before have none (null): they are typeset when read.
  '0011_report_source': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('reports').addColumn('source_text', 'text').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('reports').dropColumn('source_text').execute()
    },
  },
  // Lead time became one county setting (BOOKING_LEAD_MINUTES, default 60, same-day booking): the
  // 120 minutes stored in every schedule was the contract's default, which no editor ever offered,
  // so it goes; a different value someone set through the API stays that station's own.
  '0012_schedule_lead_time': {
    async up(db: Kysely<unknown>) {
      const schedules = db as unknown as Kysely<{ schedules: { station_id: string; schedule: string } }>
      const rows = await schedules.selectFrom('schedules').select(['station_id', 'schedule']).execute()
      for (const row of rows) {
        const schedule = JSON.parse(row.schedule) as Record<string, unknown>
        if (schedule.minNoticeMinutes !== 120) continue
        delete schedule.minNoticeMinutes
        await schedules
          .updateTable('schedules')
          .set({ schedule: JSON.stringify(schedule) })
          .where('station_id', '=', row.station_id)
          .execute()
      }
    },
    async down() {
      // nothing to restore: a schedule without its own lead time uses the county's
    },
  },
  // 回访 on the server (issue 22): one row per follow-up, its id made on the phone (a retried sync
  // stores once), at most one per record and prompt; county and town copied for the scoped counts
  '0013_mediation_follow_ups': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mediation_follow_ups')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('record_id', 'text', (col) => col.notNull().references('mediation_records.id'))
        .addColumn('volunteer_id', 'text', (col) => col.notNull())
        .addColumn('county', 'text', (col) => col.notNull())
        .addColumn('town', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('visited_on', 'text', (col) => col.notNull())
        .addColumn('fulfilment', 'text', (col) => col.notNull())
        .addColumn('recurred', 'integer', (col) => col.notNull())
        .addColumn('judicial', 'text', (col) => col.notNull())
        .addColumn('note', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addUniqueConstraint('mediation_follow_ups_prompt_uq', ['record_id', 'kind'])
        .execute()
      await db.schema.createIndex('mediation_follow_ups_scope_idx').on('mediation_follow_ups').columns(['county', 'town', 'visited_on']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('mediation_follow_ups').execute()
    },
  },
  // issue 23 row 2: the stored 201 answers held each booking's manageToken in clear. From now on a
  // row is found by the Idempotency-Key's hash and the token is sealed under the key (a database
  // reader can neither use nor open it); the rows of the last 48 hours are rewritten the same way,
  // so a retry of a booking made before the upgrade still gets its token back
  '0014_idempotency_sealed_tokens': {
    async up(db: Kysely<unknown>) {
      const keys = db as unknown as Kysely<{ idempotency_keys: { key: string; response: string } }>
      const rows = await keys.selectFrom('idempotency_keys').select(['key', 'response']).execute()
      for (const row of rows) {
        let answer: unknown = null
        try {
          answer = JSON.parse(row.response)
        } catch {
          // not an answer this code wrote: only its key is rewritten
        }
        const response =
          typeof answer === 'object' && answer !== null && typeof (answer as { manageToken?: unknown }).manageToken === 'string'
            ? sealAnswer({ key: row.key, answer: answer as { manageToken: string } })
            : row.response
        await keys
          .updateTable('idempotency_keys')
          .set({ key: idempotencyKeyId(row.key), response })
          .where('key', '=', row.key)
          .execute()
      }
    },
    async down() {
      // a sealed token cannot be opened without its key: nothing to restore (the rows expire in 48 h)
    },
  },
  '0016_reveal_caps_and_correction_counts': {
    async up(db: Kysely<unknown>) {
      // 回电's daily cap counts a staff member's reveals since their China midnight
      await db.schema.createIndex('booking_phone_reveals_by_idx').on('booking_phone_reveals').columns(['revealed_by', 'revealed_at']).execute()
      // identical corrections of a station fold into one open correction that counts its senders
      await db.schema
        .alterTable('station_corrections')
        .addColumn('reports', 'integer', (col) => col.notNull().defaultTo(1))
        .execute()
      await db.schema.createIndex('station_corrections_station_open_idx').on('station_corrections').columns(['station_id', 'resolved_at']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('station_corrections_station_open_idx').execute()
      await db.schema.alterTable('station_corrections').dropColumn('reports').execute()
      await db.schema.dropIndex('booking_phone_reveals_by_idx').execute()
    },
  },
  '0017_phone_codes': {
    async up(db: Kysely<unknown>) {
      // SMS codes (server/phone-codes): keyed hashes only — of the request id the phone keeps, the
      // phone, the address and the code; deleted a day after they were sent (server/retention)
      await db.schema
        .createTable('phone_codes')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('phone_hash', 'text', (col) => col.notNull())
        .addColumn('address_hash', 'text', (col) => col.notNull())
        .addColumn('purpose', 'text', (col) => col.notNull())
        .addColumn('code_hash', 'text', (col) => col.notNull())
        .addColumn('sent_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('tries', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('verified_at', 'text')
        .execute()
      await db.schema.createIndex('phone_codes_phone_idx').on('phone_codes').columns(['phone_hash', 'sent_at']).execute()
      await db.schema.createIndex('phone_codes_address_idx').on('phone_codes').columns(['address_hash', 'sent_at']).execute()
      await db.schema.createIndex('phone_codes_sent_idx').on('phone_codes').column('sent_at').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('phone_codes').execute()
    },
  },
  // issue 23 rows 3–4: a station's fair shares count a booking's client address; only a keyed hash
  // of its bucket (IPv4 /32, IPv6 /64) is stored, under a key made here once (shared by every
  // instance on one database), and erased with the booking's personal data (server/retention)
  '0018_booking_address_shares': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('bookings').addColumn('address_hash', 'text').execute()
      await db.schema.createIndex('bookings_station_address_idx').on('bookings').columns(['station_id', 'address_hash', 'slot_start']).execute()
      await db.schema.createIndex('bookings_station_phone_idx').on('bookings').columns(['station_id', 'phone', 'slot_start']).execute()
      await db.schema
        .createTable('server_keys')
        .addColumn('name', 'text', (col) => col.primaryKey())
        .addColumn('secret', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute()
      const keys = db as unknown as Kysely<{ server_keys: { name: string; secret: string; created_at: string } }>
      await keys
        .insertInto('server_keys')
        .values({ name: 'booking-address', secret: randomBytes(32).toString('base64url'), created_at: new Date().toISOString() })
        .execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('server_keys').execute()
      await db.schema.dropIndex('bookings_station_phone_idx').execute()
      await db.schema.dropIndex('bookings_station_address_idx').execute()
      await db.schema.alterTable('bookings').dropColumn('address_hash').execute()
    },
  },
  // issue 23 row 5: a phone that signed in to a staff or administrator account keeps a random
  // device credential; only its hash is kept here, bound to the account, expiring and revocable.
  // A sign-in that brings a live one takes the hashing queue's known-device lane (a flood cannot fill it)
  '0019_login_devices': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('login_devices')
        .addColumn('credential_hash', 'text', (col) => col.primaryKey())
        .addColumn('user_id', 'text', (col) => col.notNull().references('users.id'))
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('expires_at', 'text', (col) => col.notNull())
        .addColumn('revoked_at', 'text')
        .execute()
      await db.schema.createIndex('login_devices_user_idx').on('login_devices').columns(['user_id', 'created_at']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('login_devices').execute()
    },
  },
}

/**
 * Migrations that may break the previous release (server/storage/migration-rules.ts): each ships a
 * release after the code that needed the old shape, and says why it is safe. A migration not named
 * here only adds; tests/server/storage/rolling-upgrade.test.ts reads every one and holds them to it.
 */
export const CONTRACT_STEPS: Readonly<Record<string, string>> = {
  '0012_schedule_lead_time':
    'rewrites schedules rows, deleting a stored minNoticeMinutes of 120. Safe beside the release before it: that release read a missing minNoticeMinutes as its default, 120, so it offers the same slots as before.',
  '0014_idempotency_sealed_tokens':
    'rewrites idempotency_keys rows (key → its hash, token sealed). A release before it, beside this one, finds no stored answer for a retried key and books again at most once per retry within 48 h; shipped alone, before any two-instance deployment (issue 23).',
}

/**
 * Brings the schema up to date. `schema` (PostgreSQL) names where Kysely's own bookkeeping tables
 * live: without it the migrator looks for them in every schema, so a deployment or bench running
 * under its own search_path on a database whose `public` was migrated before would find public's
 * lock table and then query its own, missing one. The migrations' tables follow the search_path.
 *
 * A database migrated by a newer release (its migrations all newer than ours: a rolling upgrade
 * where this instance restarts after the new one migrated, or a rolled-back deployment) is served
 * as it is: those migrations only added (CONTRACT_STEPS aside), so they are recorded as known and
 * skipped, and named in `ahead`. Kysely alone would refuse to start ("corrupted migrations").
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  options: { schema?: string; /** this code's migrations; tests pass an earlier release's set */ migrations?: Record<string, Migration> } = {},
): Promise<{ applied: string[]; ahead: string[] }> {
  const known = options.migrations ?? migrations
  const state = migrationsAhead({ known: Object.keys(known), executed: await executedMigrations(db, options.schema) })
  if ('unrelated' in state) {
    throw new Error(`数据库里有本版本不认识的迁移：${state.unrelated.join(', ')}（不是更新版本的迁移，请核对部署的代码与数据库）`)
  }
  const alreadyApplied = async () => undefined
  const provider: MigrationProvider = {
    getMigrations: async () => ({ ...known, ...Object.fromEntries(state.ahead.map((name) => [name, { up: alreadyApplied }])) }),
  }
  const migrator = new Migrator({ db, provider, ...(options.schema ? { migrationTableSchema: options.schema } : {}) })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName), ahead: state.ahead }
}

/** Names in Kysely's migration table, [] before the first migration. */
async function executedMigrations(db: Kysely<unknown>, schema: string | undefined): Promise<string[]> {
  const table = schema ? sql`${sql.id(schema)}.${sql.id(MIGRATION_TABLE)}` : sql.id(MIGRATION_TABLE)
  try {
    const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(db)
    return rows.map((row) => row.name)
  } catch (error) {
    if (isMissingTable(error)) return []
    throw error
  }
}

/** Kysely's default name for its bookkeeping table */
const MIGRATION_TABLE = 'kysely_migration'

const isMissingTable = (error: unknown): boolean => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return code === '42P01' || (typeof message === 'string' && /no such table/i.test(message))
}
