import type { Server } from 'node:http'
import path from 'node:path'
import type { Logger } from 'pino'
import { createApp } from './app'
import { createLogger } from './logging'
import { ConfigError, loadConfig, type AppConfig } from './config'
import { importBundledReports } from './reports/bundled-reports'
import { createUpstreamClient } from './upstream/upstream-client'
import { WechatClient } from './wechat/wechat-client'
import { KyselyReportRepository } from './reports/report.repository'
import { ReportsService } from './reports/reports.service'
import { gracefulServer } from './http/graceful-shutdown'
import { serverJobs, startJobs } from './jobs'
import { createStationDirectory } from './stations/station-directory'
import { KyselyStationRepository } from './stations/station.repository'
import { openStorage, type Storage } from './storage/database'
import { createSmsSender, describeSms } from './sms/sms-factory'
import { version } from './version'

function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(2)
    }
    throw error
  }
}

/** The reports the BFF serves: the bundled ones on first start, else the stored ones read again with this importer. */
async function openReports(params: { storage: Storage; config: AppConfig; logger: Logger }): Promise<ReportsService> {
  const { logger } = params
  const reports = new ReportsService(new KyselyReportRepository(params.storage.db))
  const seeded = await importBundledReports({ service: reports, reportsDir: path.join(params.config.seedDir, 'reports'), now: new Date() })
  if (seeded.length > 0) logger.info({ reports: seeded }, 'imported bundled reports on first start')
  // reports imported by an older importer are read again from their kept text (unchanged ones stay as they are)
  const refreshed = seeded.length > 0 ? [] : await reports.refreshFromSources({ now: new Date() })
  if (refreshed.length > 0) logger.info({ reports: refreshed }, 'read stored reports again with this importer')
  return reports
}

/** SMS (server/sms): off unless SMS_PROVIDER is set; the line names the provider, never a credential. */
function openSms(params: { config: AppConfig; logger: Logger }) {
  const { config } = params
  const sms = config.sms ? createSmsSender(config.sms, { timeoutMs: config.upstreamTimeoutMs, now: () => new Date() }) : null
  params.logger.info(
    describeSms(config.sms),
    config.sms
      ? 'SMS on: H5 bookings and 查预约 by phone use SMS codes'
      : 'SMS off (SMS_PROVIDER unset): no SMS codes; bookings are protected by the per-address and per-station limits',
  )
  return sms
}

async function main(): Promise<void> {
  const config = loadConfigOrExit()
  const logger = createLogger({ level: config.logLevel })
  const storage = await openStorage(config.storage, {
    onConnectionError: (db) => logger.warn({ db }, 'database connection lost; reconnecting on demand'),
    onMigrationsAhead: (migrations) =>
      logger.warn({ migrations }, 'the database was migrated by a newer release; serving it as it is (migrations only add within a release)'),
  })
  const reports = await openReports({ storage, config, logger })
  const upstream = createUpstreamClient({ timeoutMs: config.upstreamTimeoutMs })
  const directory = await createStationDirectory({
    stationsDir: path.join(config.seedDir, 'stations'),
    repository: new KyselyStationRepository(storage.db),
    logger,
    now: () => new Date(),
    upstream: config.directoryUpstream ? { url: config.directoryUpstream.url, client: upstream } : undefined,
    limits: config.directoryLimits,
  })
  const sms = openSms({ config, logger })
  const wechat = config.wechat ? new WechatClient({ ...config.wechat, timeoutMs: config.upstreamTimeoutMs, now: () => new Date() }) : null
  // the report feed, the directory refresh, reminders, retention and backups (server/jobs.ts)
  const stopJobs = startJobs({ jobs: serverJobs({ config, storage, reports, directory, upstream, wechat, sms, logger, now: () => new Date() }), logger })

  let draining = false
  const app = createApp({
    draining: () => draining,
    storage,
    directory,
    wechat,
    wxacodeEnv: config.wechat?.wxacodeEnv,
    linkCheckFile: config.linkCheckFile,
    rateLimits: config.rateLimits,
    logger,
    version,
    jsonBodyLimit: config.jsonBodyLimit,
    h5Dist: config.h5Dist,
    publicBaseUrl: config.publicBaseUrl,
    trustProxy: config.trustProxy,
    inviteTtlDays: config.inviteTtlDays,
    addressKey: config.addressKey,
    metricsToken: config.metricsToken,
    bookingLeadMinutes: config.bookingLeadMinutes,
    sms,
  })
  const server = app.listen(config.port, config.host, () => {
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : config.port
    logger.info({ port, storage: storage.kind }, `法治通 listening on http://localhost:${port}`)
  })
  // Idle connections stay open longer than the clients and proxies in front keep them (nginx 60 s,
  // cloud balancers 60 s): with Node's 5 s a client reusing a connection the BFF has just closed
  // gets "other side closed" on a POST it cannot safely resend. Headers must come within that too.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000

  stopOnSignals({ server, config, logger, storage, stopJobs, onDraining: () => (draining = true) })
}

/**
 * Graceful restart (README "Graceful restarts"): /api/health says 503 draining at once; after
 * SHUTDOWN_DELAY_MS accepting stops (a refused connect is what nginx retries on the other
 * instance, POSTs included) and answers carry Connection: close; in-flight requests get
 * SHUTDOWN_GRACE_MS, background jobs end, the database closes, exit 0. Requests cut by the
 * grace: exit 1, so the stop shows as failed in systemd and the log says how many.
 */
function stopOnSignals(params: {
  server: Server
  config: AppConfig
  logger: Logger
  storage: Storage
  stopJobs: () => Promise<void>
  /** called once the first signal came: /api/health answers draining from then on */
  onDraining: () => void
}): void {
  const { config, logger } = params
  const graceful = gracefulServer(params.server)
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) {
      // a second Ctrl-C does not wait
      logger.warn({ signal, inFlight: graceful.inFlight() }, 'second signal: stopping at once')
      process.exit(1)
    }
    stopping = true
    params.onDraining()
    logger.info({ signal, delayMs: config.shutdown.delayMs, graceMs: config.shutdown.graceMs, inFlight: graceful.inFlight() }, 'shutting down: draining')
    // nothing may hang the stop beyond its budget (systemd's TimeoutStopSec is longer still)
    setTimeout(
      () => {
        logger.error('shutdown did not finish in time')
        process.exit(1)
      },
      config.shutdown.delayMs + config.shutdown.graceMs + 5_000,
    ).unref()
    const jobsStopped = params.stopJobs()
    const { cut } = await graceful.drain(config.shutdown)
    await jobsStopped
    await params.storage.close()
    if (cut > 0) {
      logger.error({ cut, graceMs: config.shutdown.graceMs }, 'shutdown grace ran out: requests cut off')
      process.exit(1)
    }
    logger.info('stopped')
    process.exit(0)
  }
  const onSignal = (signal: string) => {
    shutdown(signal).catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed')
      process.exit(1)
    })
  }
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  process.on('SIGINT', () => onSignal('SIGINT'))
}

main().catch((error: unknown) => {
  process.stderr.write(`启动失败：${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
