import type { Kysely } from 'kysely'
import type { DatabaseSchema, ScenesTable, WxacodesTable } from '../storage/schema'

export type SceneRow = ScenesTable
export type WxacodeRow = WxacodesTable

/** Scenes (short codes in 小程序码) and the code images fetched for them. */
export class SceneRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  findByScene(scene: string): Promise<SceneRow | undefined> {
    return this.db.selectFrom('scenes').selectAll().where('scene', '=', scene).executeTakeFirst()
  }

  findByTarget(params: { page: string; targetId: string }): Promise<SceneRow | undefined> {
    return this.db.selectFrom('scenes').selectAll().where('page', '=', params.page).where('target_id', '=', params.targetId).executeTakeFirst()
  }

  /** false when the scene or the target already has a row (another request won, or the code collided) */
  async insertScene(row: SceneRow): Promise<boolean> {
    const result = await this.db
      .insertInto('scenes')
      .values(row)
      .onConflict((conflict) => conflict.doNothing())
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
  }

  findCode(params: { scene: string; envVersion: string }): Promise<WxacodeRow | undefined> {
    return this.db.selectFrom('wxacodes').selectAll().where('scene', '=', params.scene).where('env_version', '=', params.envVersion).executeTakeFirst()
  }

  /** the first stored image wins; a later identical fetch changes nothing */
  async saveCode(row: WxacodeRow): Promise<void> {
    await this.db
      .insertInto('wxacodes')
      .values(row)
      .onConflict((conflict) => conflict.doNothing())
      .execute()
  }
}
