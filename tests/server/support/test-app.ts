import path from 'node:path'
import pino from 'pino'
import { createApp, type AppDeps } from '../../../server/app'
import { createStationDirectory, type StationDirectory } from '../../../server/stations/station-directory'
import { KyselyStationRepository } from '../../../server/stations/station.repository'
import type { Storage } from '../../../server/storage/database'
import type { UpstreamClient } from '../../../server/upstream/upstream-client'

export const silentLogger = pino({ level: 'silent' })
export const bundledStationsDir = path.resolve(__dirname, '../../../data/stations')
export const fixedNow = () => new Date('2026-11-26T08:00:00+08:00')

export function testDirectory(storage: Storage, upstream?: { url: string; client: UpstreamClient }): Promise<StationDirectory> {
  return createStationDirectory({
    stationsDir: bundledStationsDir,
    repository: new KyselyStationRepository(storage.db),
    logger: silentLogger,
    now: fixedNow,
    upstream,
  })
}

/**
 * createApp with the bundled directory; tests that need another pass `directory`. Rate limits
 * are off unless a test passes `rateLimits` (many sign-ins from one test IP would trip them).
 */
export async function buildTestApp(storage: Storage, overrides: Partial<AppDeps> = {}) {
  const directory = overrides.directory ?? (await testDirectory(storage))
  return createApp({
    storage,
    directory,
    logger: silentLogger,
    version: 'test',
    jsonBodyLimit: '16kb',
    now: fixedNow,
    rateLimits: 'off',
    checkResponses: true,
    ...overrides,
  })
}
