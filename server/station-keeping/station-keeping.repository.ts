import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { type CorrectionField, type ProfileAction, type StationFacts } from '../../contracts/station-keeping'
import type { Storage } from '../storage/database'
import type { DatabaseSchema, StationCorrectionsTable, StationOverlaysTable, StationProfileHistoryTable } from '../storage/schema'
import type { StationOverlay } from '../stations/station-overlay'
import { factsOrNull, listOverlays, toOverlay } from '../stations/station-overlay.repository'

/** Who changed a station's facts; null for the county's published directory. */
export interface ProfileActor {
  id: string
  name: string
  role: 'staff' | 'admin'
}

export interface ProfileHistoryRecord {
  id: string
  stationId: string
  county: string
  action: ProfileAction
  /** the overlay version the change made */
  version: number
  actor: ProfileActor | null
  /** UTC ISO */
  at: string
  before: StationFacts | null
  after: StationFacts | null
  note: string | null
}

export interface CorrectionRecord {
  id: string
  stationId: string
  county: string
  field: CorrectionField
  message: string
  /** digits, unmasked: never leaves the BFF (answers mask it) */
  callbackPhone: string | null
  createdAt: string
  resolvedAt: string | null
  resolvedBy: { id: string; name: string } | null
  note: string | null
  /** identical reports folded into this one (1: one sender) */
  reports: number
}

export type FileCorrectionOutcome = { kind: 'added' | 'folded'; record: CorrectionRecord } | { kind: 'full' }

/** One 回电 of a booking's phone, for the county's eyes: never the whole number. */
export interface PhoneRevealEntry {
  revealedAt: string
  stationId: string
  staffName: string
  slotStart: string
  phone: string
}

/** What a station keeps now (null: nothing, or never anything) and the version to change it from (0: never kept). */
export interface KeptRow {
  version: number
  overlay: StationOverlay | null
}

function toRow(overlay: StationOverlay): StationOverlaysTable {
  return {
    station_id: overlay.stationId,
    county: overlay.county,
    facts: JSON.stringify(overlay.facts),
    status: overlay.status,
    origin: overlay.origin,
    version: overlay.version,
    reported_at: overlay.reportedAt,
    reported_by: overlay.reportedBy,
    verified_at: overlay.verifiedAt,
    verified_by: overlay.verifiedBy,
    base: overlay.base === null ? null : JSON.stringify(overlay.base),
    previous: overlay.previous === null ? null : JSON.stringify(overlay.previous),
  }
}

/** The keys a history entry and a correction both carry: its own id, its station and that station's county. */
function stationKeys(row: { id: string; station_id: string; county: string }) {
  return { id: row.id, stationId: row.station_id, county: row.county }
}

function toHistory(row: StationProfileHistoryTable): ProfileHistoryRecord {
  return {
    ...stationKeys(row),
    action: row.action as ProfileAction,
    version: row.version,
    actor: row.actor_id === null ? null : { id: row.actor_id, name: row.actor_name ?? '', role: row.actor_role === 'admin' ? 'admin' : 'staff' },
    at: row.at,
    before: factsOrNull(row.before),
    after: factsOrNull(row.after),
    note: row.note,
  }
}

function toCorrection(row: StationCorrectionsTable): CorrectionRecord {
  return {
    ...stationKeys(row),
    field: row.field as CorrectionField,
    message: row.message,
    callbackPhone: row.callback_phone,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by === null ? null : { id: row.resolved_by, name: row.resolved_by_name ?? '' },
    note: row.resolution_note,
    reports: row.reports,
  }
}

export class StationKeepingRepository {
  constructor(private readonly storage: Storage) {}

  async findOverlay(stationId: string): Promise<KeptRow> {
    const row = await this.storage.db.selectFrom('station_overlays').selectAll().where('station_id', '=', stationId).executeTakeFirst()
    return row ? { version: row.version, overlay: toOverlay(row) } : { version: 0, overlay: null }
  }

  listOverlays(where: { county?: string } = {}): Promise<StationOverlay[]> {
    return listOverlays(this.storage.db, where)
  }

  /** Newest first. */
  async history(stationId: string, limit = 200): Promise<ProfileHistoryRecord[]> {
    const rows = await this.storage.db
      .selectFrom('station_profile_history')
      .selectAll()
      .where('station_id', '=', stationId)
      .orderBy('version', 'desc')
      .limit(limit)
      .execute()
    return rows.map(toHistory)
  }

  /**
   * Replaces what the station keeps (`next: null`: nothing any more) if it is still at
   * `expectedVersion` (0: never kept), and records the change as version `expectedVersion + 1`, in
   * one transaction. False when someone changed it first.
   */
  async writeOverlay(params: {
    stationId: string
    expectedVersion: number
    next: StationOverlay | null
    change: Omit<ProfileHistoryRecord, 'version'>
  }): Promise<boolean> {
    const version = params.expectedVersion + 1
    return this.storage.writeTransaction(async (trx) => {
      let written: boolean
      if (params.expectedVersion === 0) {
        if (params.next === null) return false
        const inserted = await trx
          .insertInto('station_overlays')
          .values(toRow({ ...params.next, version }))
          .onConflict((conflict) => conflict.column('station_id').doNothing())
          .executeTakeFirst()
        written = Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1
      } else {
        // nothing kept any more: the row stays (status 'none') so the next change counts on from its version
        const values =
          params.next === null ? { status: 'none', version, previous: null } : (({ station_id: _id, ...rest }) => rest)(toRow({ ...params.next, version }))
        const updated = await trx
          .updateTable('station_overlays')
          .set(values)
          .where('station_id', '=', params.stationId)
          .where('version', '=', params.expectedVersion)
          .executeTakeFirst()
        written = updated.numUpdatedRows === 1n
      }
      if (!written) return false
      const { change } = params
      await trx
        .insertInto('station_profile_history')
        .values({
          id: change.id,
          station_id: change.stationId,
          county: change.county,
          action: change.action,
          version,
          actor_id: change.actor?.id ?? null,
          actor_name: change.actor?.name ?? null,
          actor_role: change.actor?.role ?? null,
          at: change.at,
          before: change.before === null ? null : JSON.stringify(change.before),
          after: change.after === null ? null : JSON.stringify(change.after),
          note: change.note,
        })
        .execute()
      return true
    })
  }

  /**
   * Files a resident's correction: the same field and words as an open one of the station fold
   * into it (its count goes up; a call-back number is kept when it had none); otherwise a new one,
   * unless the station already has `openPerStation` open (then `full`, nothing stored).
   */
  async fileCorrection(params: { record: CorrectionRecord; openPerStation: number }): Promise<FileCorrectionOutcome> {
    const { record } = params
    return this.storage.writeTransaction(async (trx): Promise<FileCorrectionOutcome> => {
      const open = trx.selectFrom('station_corrections').where('station_id', '=', record.stationId).where('resolved_at', 'is', null)
      const same = await open
        .selectAll()
        .where('field', '=', record.field)
        .where('message', '=', record.message)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst()
      if (same) {
        const callbackPhone = same.callback_phone ?? record.callbackPhone
        await trx
          .updateTable('station_corrections')
          .set({ reports: sql<number>`reports + 1`, callback_phone: callbackPhone })
          .where('id', '=', same.id)
          .execute()
        return { kind: 'folded', record: toCorrection({ ...same, callback_phone: callbackPhone, reports: same.reports + 1 }) }
      }
      const { count } = await open.select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirstOrThrow()
      if (Number(count) >= params.openPerStation) return { kind: 'full' }
      await this.insertCorrection(trx, record)
      return { kind: 'added', record }
    })
  }

  /** The 回电 of bookings at these stations since `since`, newest first, with the staff member's name and the phone masked by `mask`. */
  async recentPhoneReveals(params: {
    stationIds: readonly string[]
    since: string
    limit: number
    mask: (phone: string) => string
  }): Promise<PhoneRevealEntry[]> {
    if (params.stationIds.length === 0) return []
    const rows = await this.storage.db
      .selectFrom('booking_phone_reveals as r')
      .innerJoin('bookings as b', 'b.id', 'r.booking_id')
      .leftJoin('users as u', 'u.id', 'r.revealed_by')
      .select(['r.revealed_at', 'r.station_id', 'u.display_name', 'b.slot_start', 'b.phone'])
      .where('r.station_id', 'in', [...params.stationIds])
      .where('r.revealed_at', '>=', params.since)
      .orderBy('r.revealed_at', 'desc')
      .orderBy('r.id')
      .limit(params.limit)
      .execute()
    return rows.map((row) => ({
      revealedAt: row.revealed_at,
      stationId: row.station_id,
      staffName: row.display_name ?? '（已删除的账号）',
      slotStart: row.slot_start,
      phone: params.mask(row.phone),
    }))
  }

  async addCorrection(record: CorrectionRecord): Promise<void> {
    await this.insertCorrection(this.storage.db, record)
  }

  private async insertCorrection(db: Kysely<DatabaseSchema>, record: CorrectionRecord): Promise<void> {
    await db
      .insertInto('station_corrections')
      .values({
        id: record.id,
        station_id: record.stationId,
        county: record.county,
        field: record.field,
        message: record.message,
        callback_phone: record.callbackPhone,
        created_at: record.createdAt,
        resolved_at: null,
        resolved_by: null,
        resolved_by_name: null,
        resolution_note: null,
        reports: record.reports,
      })
      .execute()
  }

  async findCorrection(id: string): Promise<CorrectionRecord | null> {
    const row = await this.storage.db.selectFrom('station_corrections').selectAll().where('id', '=', id).executeTakeFirst()
    return row ? toCorrection(row) : null
  }

  /** Records that an administrator saw a correction's call-back number, then answers it (null once erased). */
  async revealCorrectionPhone(params: { id: string; by: string; at: string }): Promise<string | null> {
    return this.storage.writeTransaction(async (trx) => {
      const row = await trx.selectFrom('station_corrections').select('callback_phone').where('id', '=', params.id).executeTakeFirst()
      if (!row?.callback_phone) return null
      await trx
        .insertInto('correction_phone_reveals')
        .values({ id: randomUUID(), correction_id: params.id, revealed_by: params.by, revealed_at: params.at })
        .execute()
      return row.callback_phone
    })
  }

  /** Open corrections of a county, newest first (at most `limit`): a flood of old ones cannot hide a new one. */
  async openCorrections(params: { county: string; limit: number }): Promise<CorrectionRecord[]> {
    const rows = await this.storage.db
      .selectFrom('station_corrections')
      .selectAll()
      .where('county', '=', params.county)
      .where('resolved_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(params.limit)
      .execute()
    return rows.map(toCorrection)
  }

  /** False when it was resolved already. */
  async resolveCorrection(params: { id: string; by: { id: string; name: string }; note: string; at: string }): Promise<boolean> {
    const result = await this.storage.db
      .updateTable('station_corrections')
      .set({ resolved_at: params.at, resolved_by: params.by.id, resolved_by_name: params.by.name, resolution_note: params.note })
      .where('id', '=', params.id)
      .where('resolved_at', 'is', null)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }
}
