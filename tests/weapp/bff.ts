/**
 * The real BFF for the weapp tests: createApp() over SQLite in a temporary file, seeded with the
 * bundled report exactly as a first start does, listening on 127.0.0.1.
 */
import { createStationDirectory } from '../../server/stations/station-directory'
import { KyselyStationRepository } from '../../server/stations/station.repository'
import fs from 'node:fs'
import type { Server } from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { loginResponseSchema, type LoginResponse } from '../../contracts'
import { createApp } from '../../server/app'
import { AuthService } from '../../server/auth/auth.service'
import { UserRepository } from '../../server/auth/user.repository'
import { importBundledReports } from '../../server/reports/bundled-reports'
import { KyselyReportRepository } from '../../server/reports/report.repository'
import { ReportsService } from '../../server/reports/reports.service'
import { openStorage, type Storage } from '../../server/storage/database'

const repoRoot = path.resolve(__dirname, '../..')

/** The report shipped in data/reports/ and shown as 最新报告 on a fresh install. */
export const BUNDLED_REPORT_TITLE = '秀山土家族苗族自治县2023年度法治政府建设情况报告'

export interface RunningBff {
  origin: string
  port: number
  storage: Storage
  close(): Promise<void>
}

/** Starts the BFF; `port` 0 (default) picks a free one. */
export async function startBff(options: { port?: number } = {}): Promise<RunningBff> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-weapp-'))
  let storage: Storage | null = null
  let server: Server | null = null
  const cleanUp = async (): Promise<void> => {
    if (server) {
      const closing = server
      server = null
      closing.closeAllConnections()
      await new Promise<void>((resolve) => closing.close(() => resolve()))
    }
    if (storage) {
      const open = storage
      storage = null
      await open.close()
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
  try {
    storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'bff.sqlite') })
    await importBundledReports({
      service: new ReportsService(new KyselyReportRepository(storage.db)),
      reportsDir: path.join(repoRoot, 'data/reports'),
      now: new Date('2026-11-26T08:00:00+08:00'),
    })
    const logger = pino({ level: 'silent' })
    const directory = await createStationDirectory({
      stationsDir: path.join(repoRoot, 'data/stations'),
      repository: new KyselyStationRepository(storage.db),
      logger,
      now: () => new Date('2026-11-26T08:00:00+08:00'),
    })
    const app = createApp({ storage, directory, logger, version: 'test', jsonBodyLimit: '64kb', checkResponses: true })
    const listening = app.listen(options.port ?? 0, '127.0.0.1')
    server = listening
    await new Promise<void>((resolve, reject) => {
      listening.once('listening', resolve)
      listening.once('error', reject)
    })
    const address = listening.address()
    if (!address || typeof address === 'string') throw new Error('the BFF did not report its port')
    return { origin: `http://127.0.0.1:${address.port}`, port: address.port, storage, close: cleanUp }
  } catch (error) {
    await cleanUp()
    throw error
  }
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', resolve)
  })
  const address = probe.address()
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  if (!address || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** The accounts of the BFF, as `npm run admin` adds them. */
export function accountsOf(bff: RunningBff): AuthService {
  return new AuthService({ users: new UserRepository(bff.storage.db), now: () => new Date() })
}

/** A first sign-in with the printed one-time password (setting their own): the session the sign-in stores. */
export async function signInFirstTime(bff: RunningBff, username: string, password: string): Promise<LoginResponse> {
  const login = await fetch(`${bff.origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password, newPassword: 'weapp-own-password' }),
  })
  return loginResponseSchema.parse(await login.json())
}

/** A staff member of the station, added and signed in once: the session the sign-in stores. */
export async function signInStaff(bff: RunningBff, staff: { stationId: string; username: string; displayName?: string }): Promise<LoginResponse> {
  return signInFirstTime(bff, staff.username, (await accountsOf(bff).addStaff(staff)).password)
}
