import { createHash } from 'node:crypto'
import express, { type Express } from 'express'
import type { Logger } from 'pino'
import { FirstScreenService } from './h5/first-screen.service'
import { h5Routes, readIndexHtml } from './h5/h5.routes'
import { healthRoutes } from './health/health.routes'
import { qrRoutes } from './qr/qr.routes'
import { HomeService } from './home/home.service'
import { homeRoutes } from './home/home.routes'
import { compressAnswers } from './http/compress-answers'
import { apiNotFound, errorMiddleware, requireJsonBody } from './http/error-middleware'
import { requestLogger } from './http/request-logger'
import { gatedRouters, inSequence } from './http/router-gate'
import { securityHeadersByAnswer } from './http/security-headers'
import { KyselyReportRepository } from './reports/report.repository'
import { ReportsService } from './reports/reports.service'
import { reportsRoutes } from './reports/reports.routes'
import { authRoutes } from './auth/auth.routes'
import { AuthService } from './auth/auth.service'
import { HashingQueue } from './auth/hashing-queue'
import { UserRepository } from './auth/user.repository'
import { BookingRepository } from './bookings/booking.repository'
import { bookingsRoutes, slotsRoutes } from './bookings/bookings.routes'
import { BookingsService } from './bookings/bookings.service'
import { AddressHasher } from './bookings/address-hash'
import { BOOKING_LEAD_MINUTES_DEFAULT } from '../contracts/bookings'
import { staffRoutes } from './bookings/staff.routes'
import { DEFAULT_CORRECTIONS_PER_IP, DEFAULT_FAIR_SHARE, DEFAULT_RATE_LIMITS, type RateLimitSettings } from './config'
import { noRateLimit, StorageRateLimiter, type RateLimiter, type RateRule } from './http/rate-limit'
import { MediationRepository } from './mediations/mediation.repository'
import { mediationsRoutes } from './mediations/mediations.routes'
import { MediationsService } from './mediations/mediations.service'
import type { StationDirectory } from './stations/station-directory'
import type { WechatClient } from './wechat/wechat-client'
import { StationsService } from './stations/stations.service'
import { SceneRepository } from './scenes/scene.repository'
import { scenesRoutes, wxacodeRoutes } from './scenes/scenes.routes'
import { ScenesService } from './scenes/scenes.service'
import { getReport, getReportWxacode } from '../contracts/endpoints/public'
import { getStationPoster, getStationWxacode } from '../contracts/endpoints/stations'
import { requireUser } from './auth/auth.middleware'
import type { UserRole } from '../contracts/auth'
import type { WxacodeEnv } from './wechat/wechat-client'
import { stationsRoutes } from './stations/stations.routes'
import { adminRoutes } from './station-keeping/admin.routes'
import { CorrectionsService } from './station-keeping/corrections.service'
import { StationKeepingRepository } from './station-keeping/station-keeping.repository'
import { stationKeepingRoutes } from './station-keeping/station-keeping.routes'
import { StationKeepingService } from './station-keeping/station-keeping.service'
import type { Storage } from './storage/database'
import { bookingPhoneCheck } from './phone-codes/booking-phone-check'
import { PhoneCodeRepository } from './phone-codes/phone-code.repository'
import type { PhoneCodeLimits } from './phone-codes/phone-code-rules'
import { phoneCodesRoutes } from './phone-codes/phone-codes.routes'
import { PhoneCodeService } from './phone-codes/phone-codes.service'
import type { SmsSender } from './sms/sms-sender'
import { AppMetrics } from './metrics/metrics'
import { metricsSources } from './metrics/metrics.repository'
import { metricsRoutes } from './metrics/metrics.routes'
import { timeRequests } from './metrics/request-metrics'

export interface AppDeps {
  storage: Storage
  /** the station directory, loaded (and refreshed) by the caller */
  directory: StationDirectory
  /** the clock, injected so rules never read it themselves */
  now?: () => Date
  logger: Logger
  version: string
  jsonBodyLimit: string
  /** limits on booking writes and look-ups; 'off' for load tests and benchmarks */
  rateLimits?: RateLimitSettings | 'off'
  /** WeChat server APIs, when an appid and secret are configured */
  wechat?: WechatClient | null
  /** which mini program version 小程序码 open (WECHAT_WXACODE_ENV); release unless set */
  wxacodeEnv?: WxacodeEnv
  /** origin of the H5 app in links and QR codes, when it differs from the request's (proxies) */
  publicBaseUrl?: string
  /** WeChat's check file for 扫普通链接二维码打开小程序 rules (WECHAT_LINK_CHECK_FILE), served at `/<name>` */
  linkCheckFile?: { name: string; content: string }
  /** the built H5 app; served with fallback to its index so one URL runs the product */
  h5Dist?: string
  /** Express's `trust proxy` (TRUST_PROXY): whose X-Forwarded-For names the client; false: nobody, the socket address is the client */
  trustProxy?: boolean | number | string[]
  /** minutes before a slot that it can still be booked (BOOKING_LEAD_MINUTES); 60 unless set */
  bookingLeadMinutes?: number
  /** days an invite code stays valid (INVITE_TTL_DAYS); 14 unless set */
  inviteTtlDays?: number
  /** the turns password sign-ins take for hashing; one per app unless a test brings its own */
  loginHashing?: HashingQueue
  /** BOOKING_ADDRESS_KEY: the key of the address hashes bookings store; unset: the one migration 0018 put in the database */
  addressKey?: string
  /** check every JSON answer against its contract (tests): a drifted answer fails loudly as a 500 */
  checkResponses?: boolean
  /** the SMS provider (SMS_PROVIDER): H5 bookings then prove the phone with an SMS code; null: no SMS */
  sms?: SmsSender | null
  /** true once the process is shutting down (server/http/graceful-shutdown.ts): /api/health answers 503 draining */
  draining?: () => boolean
  /** caps on sending SMS codes (server/phone-codes/phone-code-rules); the defaults unless a test brings its own */
  phoneCodeLimits?: PhoneCodeLimits
  /** what GET /metrics reports (server/metrics); one of its own per app unless a test brings one */
  metrics?: AppMetrics
  /** METRICS_TOKEN: lets a scraper that is not on this machine read /metrics (Authorization: Bearer …) */
  metricsToken?: string
}

/** Builds the BFF from its dependencies; it never listens, so tests drive it directly. */
export function createApp(deps: AppDeps): Express {
  const now = deps.now ?? (() => new Date())
  const metrics = deps.metrics ?? new AppMetrics({ version: deps.version })
  metrics.watch(metricsSources({ storage: deps.storage, directory: deps.directory, now }))
  const limits = rateLimitRules(deps)
  const services = createServices({ deps, now, metrics, limits })
  const h5Html = readIndexHtml(deps.h5Dist)

  const app = express()
  app.disable('x-powered-by')
  // hashing every JSON body for a weak ETag costs more than it saves; reports set a real one
  app.set('etag', false)
  app.set('trust proxy', deps.trustProxy ?? false)
  // first: every answer is timed, whatever answers it (server/metrics/request-metrics.ts)
  app.use(timeRequests(metrics))
  app.use(securityHeaders(h5Html))
  // JSON answers over one TCP segment are compressed (br or gzip, as the phone accepts); the report detail brings its own
  app.use(
    '/api',
    inSequence([
      requestLogger(deps.logger),
      compressAnswers({ encodesItself: [getReport] }),
      requireJsonBody,
      express.json({ limit: deps.jsonBodyLimit, strict: true }),
    ]),
  )
  app.use(gatedRouters(apiRouters({ deps, now, metrics, limits, services })))
  app.use('/api', apiNotFound)

  const linkCheck = deps.linkCheckFile
  if (linkCheck) {
    // WeChat fetches it once when the rule is saved; it must be the file's exact bytes, at the site root
    app.get(`/${linkCheck.name}`, (_req, res) => {
      res.set('Cache-Control', 'no-cache').type('text/plain').send(linkCheck.content)
    })
  }

  if (deps.h5Dist && h5Html !== null) {
    app.use(
      h5Routes({
        dist: deps.h5Dist,
        indexHtml: h5Html,
        firstScreens: new FirstScreenService({ reports: services.reports, stations: services.stations, now }),
        publicBaseUrl: deps.publicBaseUrl,
        logger: deps.logger,
      }),
    )
  }

  app.use(errorMiddleware(deps.logger, metrics))
  return app
}

const TEN_MINUTES = 600
const HOUR = 3600
const UNLIMITED: RateRule = { name: 'unlimited', limit: Number.MAX_SAFE_INTEGER, windowSeconds: HOUR }

/** The abuse limits (RATE_LIMIT…) as rules; every rule unlimited when they are off (load tests, benchmarks). */
function rateLimitRules(deps: Pick<AppDeps, 'rateLimits' | 'storage'>) {
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS
  if (limits === 'off') {
    return {
      limiter: noRateLimit,
      fairShare: null,
      booking: { createPerIp: UNLIMITED, createPerPhone: UNLIMITED, lookupPerIp: UNLIMITED, lookupPerCode: UNLIMITED, guessesPerCode: UNLIMITED },
      login: UNLIMITED,
      correctionsPerIp: UNLIMITED,
      perWechatUser: UNLIMITED,
    }
  }
  return {
    limiter: new StorageRateLimiter(deps.storage) as RateLimiter,
    fairShare: limits.fairShare ?? DEFAULT_FAIR_SHARE,
    booking: {
      createPerIp: { name: 'booking-create-ip', limit: limits.bookingsPerIp, windowSeconds: TEN_MINUTES },
      createPerPhone: { name: 'booking-create-phone', limit: limits.bookingsPerPhone, windowSeconds: HOUR },
      lookupPerIp: { name: 'booking-lookup-ip', limit: limits.lookupsPerIp, windowSeconds: TEN_MINUTES },
      lookupPerCode: { name: 'booking-lookup-code-ip', limit: limits.lookupsPerCode, windowSeconds: HOUR },
      // 10,000 possible last-4 values: at 5× the per-address limit an hour, a guess takes days
      guessesPerCode: { name: 'booking-guess-code', limit: limits.lookupsPerCode * 5, windowSeconds: HOUR },
    },
    login: { name: 'login-ip', limit: 20, windowSeconds: TEN_MINUTES },
    correctionsPerIp: { name: 'correction-ip', limit: limits.correctionsPerIp ?? DEFAULT_CORRECTIONS_PER_IP, windowSeconds: HOUR },
    perWechatUser: { name: 'booking-create-wechat', limit: limits.bookingsPerPhone, windowSeconds: HOUR },
  }
}

type RateLimitRules = ReturnType<typeof rateLimitRules>

/** The services the routes call, wired to their repositories. */
function createServices(params: { deps: AppDeps; now: () => Date; metrics: AppMetrics; limits: RateLimitRules }) {
  const { deps, now, metrics, limits } = params
  const reports = new ReportsService(new KyselyReportRepository(deps.storage.db), undefined, { wxacode: Boolean(deps.wechat) })
  // every report read into memory now, so the reader and 首页 hold up if the database goes away early
  reports.list().catch(() => undefined)
  const stations = new StationsService({ directory: deps.directory, reports, now })
  const auth = new AuthService({ users: new UserRepository(deps.storage.db), now, inviteTtlDays: deps.inviteTtlDays })
  const bookings = new BookingsService({
    repository: new BookingRepository(deps.storage),
    stations,
    now,
    logger: deps.logger,
    wechat: deps.wechat ?? null,
    leadMinutes: deps.bookingLeadMinutes ?? BOOKING_LEAD_MINUTES_DEFAULT,
    // staff's weekly openings are the station's published hours (one truth, issue 22)
    publishHours: (hours) => keeping.publishHours(hours),
    addresses: new AddressHasher(deps.storage, deps.addressKey),
    fairShare: limits.fairShare,
    metrics,
  })
  const mediations = new MediationsService({
    repository: new MediationRepository(deps.storage),
    stations,
    registries: () => deps.directory.registries,
    now,
    metrics,
  })
  const home = new HomeService({ reports, stations, bookings, mediations, auth, now })
  const scenes = new ScenesService({
    repository: new SceneRepository(deps.storage.db),
    wechat: deps.wechat ? { client: deps.wechat, envVersion: deps.wxacodeEnv ?? 'release' } : null,
    now,
    logger: deps.logger,
  })
  const keepingRepository = new StationKeepingRepository(deps.storage)
  const corrections = new CorrectionsService({ repository: keepingRepository, directory: deps.directory, now })
  const keeping = new StationKeepingService({
    repository: keepingRepository,
    directory: deps.directory,
    users: new UserRepository(deps.storage.db),
    corrections,
    now,
    logger: deps.logger,
  })
  // SMS codes (server/phone-codes): only with a provider; without one the per-address caps protect bookings
  const phoneCodes = deps.sms
    ? new PhoneCodeService({ repository: new PhoneCodeRepository(deps.storage), sms: deps.sms, now, logger: deps.logger, limits: deps.phoneCodeLimits })
    : null
  const phoneCheck = phoneCodes
    ? bookingPhoneCheck({
        codes: phoneCodes,
        wechat: deps.wechat ?? null,
        limiter: limits.limiter,
        perWechatUser: limits.perWechatUser,
        now,
        logger: deps.logger,
      })
    : null
  return { reports, stations, auth, bookings, mediations, home, scenes, keeping, corrections, phoneCodes, phoneCheck }
}

/** Security headers for pages and the API's one HTML answer. */
function securityHeaders(h5Html: string | null) {
  return securityHeadersByAnswer({
    pages: {
      contentSecurityPolicy: {
        directives: {
          // the index's inline rem script is allowed by its hash, nothing else inline
          'script-src': ["'self'", ...(h5Html ? inlineScriptHashes(h5Html) : [])],
          // Taro's H5 runtime injects its styles at run time; QR codes are data: images
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          // the service worker and its Workbox runtime are our own files
          'worker-src': ["'self'"],
        },
      },
    },
    // the API's one HTML answer, printed from a browser
    apiDocuments: [getStationPoster],
  })
}

/**
 * Every route's path and method come from contracts/endpoints (a test holds the two sets equal);
 * each router is entered only by requests its routes could match (server/http/router-gate.ts).
 */
function apiRouters(params: { deps: AppDeps; now: () => Date; metrics: AppMetrics; limits: RateLimitRules; services: ReturnType<typeof createServices> }) {
  const { deps, now, metrics, limits, services } = params
  const { reports, stations, bookings, scenes, keeping, corrections, phoneCodes } = services
  const { limiter } = limits
  const checkResponses = deps.checkResponses ?? false
  const authenticate = (roles: readonly UserRole[]) => requireUser({ auth: services.auth, roles })
  return [
    healthRoutes({ storage: deps.storage, version: deps.version, directory: deps.directory, checkResponses, draining: deps.draining }),
    homeRoutes({ service: services.home, limiter, lookupRule: limits.booking.lookupPerIp, now, checkResponses }),
    reportsRoutes(reports, { checkResponses }),
    wxacodeRoutes({ service: scenes, kind: 'report', endpoint: getReportWxacode, findTarget: (id) => reports.get(id) }),
    scenesRoutes(scenes),
    authRoutes({
      auth: services.auth,
      wechat: deps.wechat ?? null,
      limiter,
      loginRule: limits.login,
      hashing: deps.loginHashing ?? new HashingQueue(),
      now,
      checkResponses,
    }),
    bookingsRoutes({ service: bookings, limiter, rules: limits.booking, now, checkResponses, phoneCheck: services.phoneCheck }),
    phoneCodesRoutes({ service: phoneCodes, limiter, lookupPerIp: limits.booking.lookupPerIp, now, checkResponses }),
    mediationsRoutes({ authenticate, service: services.mediations, checkResponses }),
    staffRoutes({ authenticate, service: bookings, checkResponses }),
    stationKeepingRoutes({ authenticate, keeping, corrections, limiter, correctionsPerIp: limits.correctionsPerIp, now, checkResponses }),
    adminRoutes({ authenticate, keeping, corrections, checkResponses }),
    slotsRoutes(bookings, { checkResponses, smsCodeRequired: phoneCodes !== null }),
    wxacodeRoutes({ service: scenes, kind: 'station', endpoint: getStationWxacode, findTarget: async (id) => stations.find(id) }),
    stationsRoutes({ service: stations, scenes, publicBaseUrl: deps.publicBaseUrl, logger: deps.logger, checkResponses }),
    qrRoutes({ publicBaseUrl: deps.publicBaseUrl }),
    metricsRoutes({ metrics, token: deps.metricsToken }),
  ]
}

function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = []
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.push(`'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`)
  }
  return hashes
}
