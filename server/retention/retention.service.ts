import type { Storage } from '../storage/database'
import { RetentionRepository, type RetentionCounts } from './retention.repository'
import { RETENTION_LIMITS, retentionCutoffs, type RetentionLimits } from './retention-rules'

/** Once a day is enough: every limit is counted in hours or days. */
export const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000

/**
 * Erases and deletes personal data on the schedule the 隐私说明 page states. Run daily by the BFF
 * (server/main.ts) and by hand with `npm run purge [-- --dry-run]` (server/cli/purge.ts).
 */
export class RetentionService {
  private readonly repository: RetentionRepository

  constructor(private readonly deps: { storage: Storage; now: () => Date; limits?: Readonly<RetentionLimits> }) {
    this.repository = new RetentionRepository(deps.storage)
  }

  run(params: { dryRun?: boolean } = {}): Promise<RetentionCounts> {
    const now = this.deps.now()
    return this.repository.apply({ cutoffs: retentionCutoffs({ now, limits: this.deps.limits ?? RETENTION_LIMITS }), now, dryRun: params.dryRun })
  }
}
