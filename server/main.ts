import path from 'node:path'
import { createApp } from './app'
import { startScheduledBackups } from './backup/backup-scheduler'
import { createLogger } from './logging'
import { ConfigError, loadConfig } from './config'
import { importBundledReports } from './reports/bundled-reports'
import { ReportFeed } from './reports/report-feed'
import { createUpstreamClient } from './upstream/upstream-client'
import { WechatClient } from './wechat/wechat-client'
import { KyselyReportRepository } from './reports/report.repository'
import { ReportsService } from './reports/reports.service'
import { ReminderSender } from './bookings/reminder-sender'
import { RETENTION_INTERVAL_MS, RetentionService } from './retention/retention.service'
import { gracefulServer } from './http/graceful-shutdown'
import { createStationDirectory } from './stations/station-directory'
import { KyselyStationRepository } from './stations/station.repository'
import { openStorage } from './storage/database'
import { createSmsSender, describeSms } from './sms/sms-factory'
import { version } from './version'

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig(process.env)
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(2)
    }
    throw error
  }
  const logger = createLogger({ level: config.logLevel })
  const storage = await openStorage(config.storage, {
    onConnectionError: (db) => logger.warn({ db }, 'database connection lost; reconnecting on demand'),
    onMigrationsAhead: (migrations) =>
      logger.warn({ migrations }, 'the database was migrated by a newer release; serving it as it is (migrations only add within a release)'),
  })
  const reports = new ReportsService(new KyselyReportRepository(storage.db))
  const seeded = await importBundledReports({ service: reports, reportsDir: path.join(config.seedDir, 'reports'), now: new Date() })
  if (seeded.length > 0) logger.info({ reports: seeded }, 'imported bundled reports on first start')
  // reports imported by an older importer are read again from their kept text (unchanged ones stay as they are)
  const refreshed = seeded.length > 0 ? [] : await reports.refreshFromSources({ now: new Date() })
  if (refreshed.length > 0) logger.info({ reports: refreshed }, 'read stored reports again with this importer')

  const upstream = createUpstreamClient({ timeoutMs: config.upstreamTimeoutMs })
  const stopFeed = config.reportsFeed
    ? new ReportFeed({ feedUrl: config.reportsFeed.url, client: upstream, reports, logger, now: () => new Date() }).start(config.reportsFeed.intervalMs)
    : async () => undefined

  const directory = await createStationDirectory({
    stationsDir: path.join(config.seedDir, 'stations'),
    repository: new KyselyStationRepository(storage.db),
    logger,
    now: () => new Date(),
    upstream: config.directoryUpstream ? { url: config.directoryUpstream.url, client: upstream } : undefined,
    limits: config.directoryLimits,
  })
  // background work shutdown waits for before it closes the database
  const background = new Set<Promise<unknown>>()
  const inBackground = (work: Promise<unknown>) => {
    background.add(work)
    void work.finally(() => background.delete(work))
  }
  // the first refresh runs in the background: a slow county site must not delay start-up
  inBackground(directory.refresh())
  const stopDirectory = directory.startRefreshing(config.directoryUpstream?.intervalMs ?? 5 * 60_000)

  // SMS (server/sms): off unless SMS_PROVIDER is set; the line names the provider, never a credential
  const sms = config.sms ? createSmsSender(config.sms, { timeoutMs: config.upstreamTimeoutMs, now: () => new Date() }) : null
  logger.info(
    describeSms(config.sms),
    config.sms
      ? 'SMS on: H5 bookings and 查预约 by phone use SMS codes'
      : 'SMS off (SMS_PROVIDER unset): no SMS codes; bookings are protected by the per-address and per-station limits',
  )
  const wechat = config.wechat ? new WechatClient({ ...config.wechat, timeoutMs: config.upstreamTimeoutMs, now: () => new Date() }) : null
  const stopReminders = new ReminderSender({
    storage,
    logger,
    now: () => new Date(),
    wechat: wechat && config.wechat?.bookingTemplateId ? { client: wechat, templateId: config.wechat.bookingTemplateId } : null,
    sms,
  }).start(30_000)

  // retention (server/retention): personal data is erased or deleted when the 隐私说明 page says;
  // once soon after start (a BFF restarted daily would otherwise never run it), then daily
  const retention = new RetentionService({ storage, now: () => new Date() })
  const applyRetention = () => {
    inBackground(
      retention
        .run()
        .then((counts) => logger.info({ retention: counts }, 'retention rules applied'))
        .catch((error: unknown) => logger.warn({ err: error }, 'retention run failed')),
    )
  }
  const retentionStart = setTimeout(applyRetention, 60_000)
  retentionStart.unref()
  const retentionTimer = setInterval(applyRetention, RETENTION_INTERVAL_MS)
  retentionTimer.unref()

  // daily backups (BACKUP_DIR): off unless configured
  const stopBackups = config.backups ? startScheduledBackups({ storage: config.storage, settings: config.backups, logger }) : async () => undefined

  let stopping = false
  const app = createApp({
    draining: () => stopping,
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

  const graceful = gracefulServer(server)

  // Graceful restart (README "Graceful restarts"): /api/health says 503 draining at once; after
  // SHUTDOWN_DELAY_MS accepting stops (a refused connect is what nginx retries on the other
  // instance, POSTs included) and answers carry Connection: close; in-flight requests get
  // SHUTDOWN_GRACE_MS, background work ends, the database closes, exit 0. Requests cut by the
  // grace: exit 1, so the stop shows as failed in systemd and the log says how many.
  const shutdown = async (signal: string) => {
    if (stopping) {
      // a second Ctrl-C does not wait
      logger.warn({ signal, inFlight: graceful.inFlight() }, 'second signal: stopping at once')
      process.exit(1)
    }
    stopping = true
    logger.info({ signal, delayMs: config.shutdown.delayMs, graceMs: config.shutdown.graceMs, inFlight: graceful.inFlight() }, 'shutting down: draining')
    // nothing may hang the stop beyond its budget (systemd's TimeoutStopSec is longer still)
    setTimeout(
      () => {
        logger.error('shutdown did not finish in time')
        process.exit(1)
      },
      config.shutdown.delayMs + config.shutdown.graceMs + 5_000,
    ).unref()
    clearTimeout(retentionStart)
    clearInterval(retentionTimer)
    const timersStopped = Promise.all([stopFeed(), stopDirectory(), stopReminders(), stopBackups()])
    const { cut } = await graceful.drain(config.shutdown)
    await timersStopped
    await Promise.allSettled([...background])
    await storage.close()
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
