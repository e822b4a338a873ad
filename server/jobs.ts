import type { Logger } from 'pino'
import { startScheduledBackups } from './backup/backup-scheduler'
import { ReminderSender } from './bookings/reminder-sender'
import type { AppConfig } from './config'
import { repeatInBackground } from './repeat'
import { ReportFeed } from './reports/report-feed'
import type { ReportsService } from './reports/reports.service'
import { RETENTION_INTERVAL_MS, RetentionService } from './retention/retention.service'
import type { SmsSender } from './sms/sms-sender'
import type { StationDirectory } from './stations/station-directory'
import type { Storage } from './storage/database'
import type { UpstreamClient } from './upstream/upstream-client'
import type { WechatClient } from './wechat/wechat-client'

/** Work the BFF does beside answering requests: started once, stopped at shutdown. */
export interface BackgroundJob {
  name: string
  /** Starts it; the function it returns stops it and resolves when a run under way has finished (the database closes after that). */
  start: () => () => Promise<void>
}

/**
 * Starts every job; one that fails to start is logged and the others run. The one function returned
 * stops them all (a stop that fails is logged, the others are still awaited).
 */
export function startJobs(deps: { jobs: readonly BackgroundJob[]; logger: Logger }): () => Promise<void> {
  const running = deps.jobs.flatMap((job) => {
    try {
      return [{ name: job.name, stop: job.start() }]
    } catch (error) {
      deps.logger.error({ err: error, job: job.name }, 'background job did not start')
      return []
    }
  })
  return async () => {
    const stopped = await Promise.allSettled(running.map((job) => job.stop()))
    stopped.forEach((outcome, index) => {
      if (outcome.status === 'rejected') deps.logger.warn({ err: outcome.reason, job: running[index].name }, 'background job did not stop cleanly')
    })
  }
}

/** How often the reminder sender looks for due messages. */
export const REMINDER_INTERVAL_MS = 30_000
/** Retention's first run after a start: a BFF restarted daily would otherwise never run it. */
export const RETENTION_FIRST_RUN_MS = 60_000
/** Without DIRECTORY_URL the directory still reloads what was imported or kept on another instance. */
export const DIRECTORY_REFRESH_DEFAULT_MS = 5 * 60_000

/** The BFF's jobs, as the configuration turns them on. */
export function serverJobs(deps: {
  config: Pick<AppConfig, 'reportsFeed' | 'directoryUpstream' | 'wechat' | 'backups' | 'storage'>
  storage: Storage
  reports: ReportsService
  directory: StationDirectory
  upstream: UpstreamClient
  wechat: WechatClient | null
  sms: SmsSender | null
  logger: Logger
  now: () => Date
}): BackgroundJob[] {
  const { config, logger, now } = deps
  const jobs: BackgroundJob[] = []
  const feed = config.reportsFeed
  if (feed) {
    const reportFeed = new ReportFeed({ feedUrl: feed.url, client: deps.upstream, reports: deps.reports, logger, now })
    jobs.push({ name: 'report feed', start: () => reportFeed.start(feed.intervalMs) })
  }
  // the first refresh runs in the background: a slow county site must not delay start-up
  jobs.push({
    name: 'station directory',
    start: () => deps.directory.startRefreshing(config.directoryUpstream?.intervalMs ?? DIRECTORY_REFRESH_DEFAULT_MS, { runNow: true }),
  })
  const template = config.wechat?.bookingTemplateId
  const reminders = new ReminderSender({
    storage: deps.storage,
    logger,
    now,
    wechat: deps.wechat && template ? { client: deps.wechat, templateId: template } : null,
    sms: deps.sms,
  })
  jobs.push({ name: 'reminders', start: () => reminders.start(REMINDER_INTERVAL_MS) })
  // retention (server/retention): personal data is erased or deleted when the 隐私说明 page says; old rate-limit windows go with it
  const retention = new RetentionService({ storage: deps.storage, now })
  jobs.push({
    name: 'retention',
    start: () =>
      repeatInBackground({
        work: async () => logger.info({ retention: await retention.run() }, 'retention rules applied'),
        intervalMs: RETENTION_INTERVAL_MS,
        firstRunInMs: RETENTION_FIRST_RUN_MS,
        logger,
        failure: 'retention run failed',
      }),
  })
  // daily backups (BACKUP_DIR): off unless configured
  const backups = config.backups
  if (backups) jobs.push({ name: 'backups', start: () => startScheduledBackups({ storage: config.storage, settings: backups, logger, now }) })
  return jobs
}
