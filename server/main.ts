import path from 'node:path'
import { createApp } from './app'
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
import { StorageRateLimiter } from './http/rate-limit'
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
  const storage = await openStorage(config.storage, { onConnectionError: (db) => logger.warn({ db }, 'database connection lost; reconnecting on demand') })
  const reports = new ReportsService(new KyselyReportRepository(storage.db))
  const seeded = await importBundledReports({ service: reports, reportsDir: path.join(config.seedDir, 'reports'), now: new Date() })
  if (seeded.length > 0) logger.info({ reports: seeded }, 'imported bundled reports on first start')
  // reports imported by an older importer are read again from their kept text (unchanged ones stay as they are)
  const refreshed = seeded.length > 0 ? [] : await reports.refreshFromSources({ now: new Date() })
  if (refreshed.length > 0) logger.info({ reports: refreshed }, 'read stored reports again with this importer')

  const upstream = createUpstreamClient({ timeoutMs: config.upstreamTimeoutMs })
  const stopFeed = config.reportsFeed
    ? new ReportFeed({ feedUrl: config.reportsFeed.url, client: upstream, reports, logger, now: () => new Date() }).start(config.reportsFeed.intervalMs)
    : () => undefined

  const directory = await createStationDirectory({
    stationsDir: path.join(config.seedDir, 'stations'),
    repository: new KyselyStationRepository(storage.db),
    logger,
    now: () => new Date(),
    upstream: config.directoryUpstream ? { url: config.directoryUpstream.url, client: upstream } : undefined,
    limits: config.directoryLimits,
  })
  // the first refresh runs in the background: a slow county site must not delay start-up
  void directory.refresh()
  const stopDirectory = directory.startRefreshing(config.directoryUpstream?.intervalMs ?? 5 * 60_000)

  // SMS (server/sms): off unless SMS_PROVIDER is set; the line names the provider, never a credential
  const sms = config.sms ? createSmsSender(config.sms, { timeoutMs: config.upstreamTimeoutMs, now: () => new Date() }) : null
  logger.info(describeSms(config.sms), config.sms ? 'SMS on: H5 bookings and 查预约 by phone use SMS codes' : 'SMS off (SMS_PROVIDER unset): no SMS codes; bookings are protected by the per-address and per-station limits')
  const wechat = config.wechat ? new WechatClient({ ...config.wechat, timeoutMs: config.upstreamTimeoutMs, now: () => new Date() }) : null
  const stopReminders = new ReminderSender({
    storage,
    logger,
    now: () => new Date(),
    wechat: wechat && config.wechat?.bookingTemplateId ? { client: wechat, templateId: config.wechat.bookingTemplateId } : null,
    sms,
  }).start(30_000)

  // fixed windows older than a day can never limit anything again
  const limiter = new StorageRateLimiter(storage)
  const pruneTimer = setInterval(() => {
    void limiter.prune({ before: new Date(Date.now() - 24 * 60 * 60 * 1000) }).catch((error: unknown) => logger.warn({ err: error }, 'rate limit pruning failed'))
  }, 60 * 60 * 1000)
  pruneTimer.unref()

  // retention (server/retention): personal data is erased or deleted when the 隐私说明 page says;
  // once soon after start (a BFF restarted daily would otherwise never run it), then daily
  const retention = new RetentionService({ storage, now: () => new Date() })
  const applyRetention = () => {
    void retention
      .run()
      .then((counts) => logger.info({ retention: counts }, 'retention rules applied'))
      .catch((error: unknown) => logger.warn({ err: error }, 'retention run failed'))
  }
  const retentionStart = setTimeout(applyRetention, 60_000)
  retentionStart.unref()
  const retentionTimer = setInterval(applyRetention, RETENTION_INTERVAL_MS)
  retentionTimer.unref()

  const app = createApp({ storage, directory, wechat, wxacodeEnv: config.wechat?.wxacodeEnv, linkCheckFile: config.linkCheckFile, rateLimits: config.rateLimits, logger, version, jsonBodyLimit: config.jsonBodyLimit, h5Dist: config.h5Dist, publicBaseUrl: config.publicBaseUrl, trustProxy: config.trustProxy, inviteTtlDays: config.inviteTtlDays, addressKey: config.addressKey, metricsToken: config.metricsToken, bookingLeadMinutes: config.bookingLeadMinutes, sms })
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

  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    stopFeed()
    stopDirectory()
    stopReminders()
    clearInterval(pruneTimer)
    clearTimeout(retentionStart)
    clearInterval(retentionTimer)
    // stop accepting, let in-flight requests finish, then close the database
    server.close(() => {
      void storage.close().then(() => process.exit(0))
    })
    server.closeIdleConnections()
    setTimeout(() => process.exit(1), 10_000).unref()
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch((error: unknown) => {
  process.stderr.write(`启动失败：${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
