import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { uniqueViolation, violates, type Storage, type UniqueKey } from '../storage/database'
import type { DatabaseSchema, MediationFollowUpsTable, MediationRecordsTable } from '../storage/schema'

export type MediationRow = MediationRecordsTable
export type FollowUpRow = MediationFollowUpsTable

export interface MediationScope {
  volunteerId?: string
  county?: string
  town?: string
}

/** The record's primary key (migration 0004_mediations): PostgreSQL's name for it, SQLite's table and column. */
const RECORD_ID: UniqueKey = { constraint: 'mediation_records_pkey', table: 'mediation_records', columns: ['id'] }
/** A follow-up's primary key, and one follow-up per record and prompt (migration 0013_mediation_follow_ups). */
const FOLLOW_UP_ID: UniqueKey = { constraint: 'mediation_follow_ups_pkey', table: 'mediation_follow_ups', columns: ['id'] }
const FOLLOW_UP_PROMPT: UniqueKey = { constraint: 'mediation_follow_ups_prompt_uq', table: 'mediation_follow_ups', columns: ['record_id', 'kind'] }

export class MediationRepository {
  constructor(private readonly storage: Storage) {}

  private get db(): Kysely<DatabaseSchema> {
    return this.storage.db
  }

  findById(id: string): Promise<MediationRow | undefined> {
    return this.db.selectFrom('mediation_records').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** Inserts the record and its first audit entry together; an existing id inserts nothing. */
  async insert(params: { row: MediationRow; changedBy: string }): Promise<{ created: boolean; row: MediationRow }> {
    try {
      await this.storage.writeTransaction(async (trx) => {
        await trx.insertInto('mediation_records').values(params.row).execute()
        await trx
          .insertInto('mediation_audit')
          .values({
            id: randomUUID(),
            record_id: params.row.id,
            version: params.row.version,
            action: 'create',
            changed_by: params.changedBy,
            changed_at: params.row.created_at,
            snapshot: JSON.stringify(params.row),
          })
          .execute()
      })
      return { created: true, row: params.row }
    } catch (error) {
      // the same record synced twice at once: the other request stored it
      if (!violates(uniqueViolation(error), RECORD_ID)) throw error
      const existing = await this.findById(params.row.id)
      if (!existing) throw error
      return { created: false, row: existing }
    }
  }

  /** Optimistic concurrency: the update applies only to the version the editor started from. */
  async update(params: { row: MediationRow; expectedVersion: number; changedBy: string }): Promise<MediationRow | null> {
    return this.storage.writeTransaction(async (trx) => {
      const { id, volunteer_id: _volunteer, created_at: _created, ...changes } = params.row
      const result = await trx
        .updateTable('mediation_records')
        .set(changes)
        .where('id', '=', id)
        .where('version', '=', params.expectedVersion)
        .executeTakeFirst()
      if (result.numUpdatedRows === 0n) return null
      // a record moved to another town takes its 回访 along, so the town's counts stay whole
      await trx.updateTable('mediation_follow_ups').set({ county: params.row.county, town: params.row.town }).where('record_id', '=', id).execute()
      await trx
        .insertInto('mediation_audit')
        .values({
          id: randomUUID(),
          record_id: id,
          version: params.row.version,
          action: 'update',
          changed_by: params.changedBy,
          changed_at: params.row.updated_at,
          snapshot: JSON.stringify(params.row),
        })
        .execute()
      return params.row
    })
  }

  list(params: { scope: MediationScope; fromMonth?: string; toMonth?: string; limit?: number }): Promise<MediationRow[]> {
    let query = this.db.selectFrom('mediation_records').selectAll()
    if (params.scope.volunteerId) query = query.where('volunteer_id', '=', params.scope.volunteerId)
    if (params.scope.county) query = query.where('county', '=', params.scope.county)
    if (params.scope.town) query = query.where('town', '=', params.scope.town)
    if (params.fromMonth) query = query.where('month', '>=', params.fromMonth)
    if (params.toMonth) query = query.where('month', '<=', params.toMonth)
    return query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(params.limit ?? 10_000)
      .execute()
  }

  auditTrail(recordId: string) {
    return this.db.selectFrom('mediation_audit').selectAll().where('record_id', '=', recordId).orderBy('version').execute()
  }

  volunteerNames(ids: readonly string[]): Promise<{ id: string; display_name: string }[]> {
    if (ids.length === 0) return Promise.resolve([])
    return this.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()
  }

  /** The follow-ups of these records, oldest visit first. */
  followUpsOf(recordIds: readonly string[]): Promise<FollowUpRow[]> {
    if (recordIds.length === 0) return Promise.resolve([])
    return this.db
      .selectFrom('mediation_follow_ups')
      .selectAll()
      .where('record_id', 'in', recordIds)
      .orderBy('visited_on')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  }

  findFollowUp(id: string): Promise<FollowUpRow | undefined> {
    return this.db.selectFrom('mediation_follow_ups').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /**
   * Stores a follow-up. `existing`: that id is stored already (a retried sync, or two at once);
   * `prompt-taken`: the record already has a follow-up for that prompt under another id.
   */
  async insertFollowUp(row: FollowUpRow): Promise<{ kind: 'created'; row: FollowUpRow } | { kind: 'existing'; row: FollowUpRow } | { kind: 'prompt-taken' }> {
    try {
      await this.storage.writeTransaction(async (trx) => {
        await trx.insertInto('mediation_follow_ups').values(row).execute()
      })
      return { kind: 'created', row }
    } catch (error) {
      const violation = uniqueViolation(error)
      if (violates(violation, FOLLOW_UP_ID)) {
        const existing = await this.findFollowUp(row.id)
        if (existing) return { kind: 'existing', row: existing }
      }
      if (violates(violation, FOLLOW_UP_PROMPT)) {
        // the same id may have won the race under the prompt's constraint
        const existing = await this.findFollowUp(row.id)
        return existing ? { kind: 'existing', row: existing } : { kind: 'prompt-taken' }
      }
      throw error
    }
  }

  /** Follow-ups in scope, by the day of the visit (`YYYY-MM` bounds, inclusive). */
  listFollowUps(params: { scope: MediationScope; fromMonth?: string; toMonth?: string }): Promise<FollowUpRow[]> {
    let query = this.db.selectFrom('mediation_follow_ups').selectAll()
    if (params.scope.volunteerId) query = query.where('volunteer_id', '=', params.scope.volunteerId)
    if (params.scope.county) query = query.where('county', '=', params.scope.county)
    if (params.scope.town) query = query.where('town', '=', params.scope.town)
    if (params.fromMonth) query = query.where('visited_on', '>=', `${params.fromMonth}-01`)
    if (params.toMonth) query = query.where('visited_on', '<=', `${params.toMonth}-31`)
    return query.execute()
  }
}
