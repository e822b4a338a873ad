import pino from 'pino'
import { createApp, type AppDeps } from '../../../server/app'
import type { Storage } from '../../../server/storage/database'

export const silentLogger = pino({ level: 'silent' })

export function buildTestApp(storage: Storage, overrides: Partial<AppDeps> = {}) {
  return createApp({ storage, logger: silentLogger, version: 'test', jsonBodyLimit: '1kb', ...overrides })
}
