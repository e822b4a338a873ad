import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { z } from 'zod'
import { BOOKING_LEAD_MINUTES_DEFAULT } from '../contracts/bookings'
import type { FairShareCaps } from './bookings/fair-share'
import { DEFAULT_POOL_LIMITS, type PoolLimits } from './storage/postgres-pool'
import { SMS_DEFAULT_BASE_URLS, type SmsSettings } from './sms/sms-factory'

/**
 * The checkout the BFF runs from: the nearest folder above this file with a package.json. The
 * sources sit at `server/config.ts` and the compiled BFF at `dist/server/main.js` (npm run
 * build:server), so a fixed `..` would be right for one and wrong for the other.
 */
function findRepoRoot(start: string): string {
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (fs.existsSync(path.join(folder, 'package.json'))) return folder
    if (path.dirname(folder) === folder) return path.resolve(start, '..')
  }
}

export const repoRoot = findRepoRoot(__dirname)

const port = z.coerce.number().int().min(0).max(65535)

/** The abuse limits when RATE_LIMIT_* are unset: written once, used by the schema and by createApp's default. */
const DEFAULT_RATE_LIMITS_VALUES = Object.freeze({ bookingsPerIp: 30, bookingsPerPhone: 10, lookupsPerIp: 60, lookupsPerCode: 20, correctionsPerIp: 10 })
/**
 * A station's fair shares (server/bookings/fair-share.ts), when RATE_LIMIT_SHARE_* are unset. The
 * numbers, and why:
 * - A station under the default schedule (two 30-minute places, 13 slots a working day) offers
 *   about 26 places a day and 258 over its 14-day horizon (measured: the red-team bot took 258).
 *   Xiushan's 2023 report counts 1,175 legal-aid cases a year over 1 centre + 19 town stations +
 *   268 village workrooms: a town station sees a few consultations a day at most, not dozens.
 * - One carrier address (CGNAT) can stand for a whole village, so the address's share must hold a
 *   busy village's real demand at one station: 4 a day (15 % of the day's places, twice a busy
 *   station's whole daily demand) and 12 over the horizon. IPv6 clients count per /64, i.e. per
 *   household or phone, and most mobile traffic in China is IPv6 now: sharing is the IPv4 case.
 * - A bot on 10 addresses then holds at most 120 of the 258 places (46 %): more than half the
 *   horizon stays bookable for everybody else, and staff can cancel a bot's bookings by address.
 * - One phone from one address: 2 a day (one's own and a relative's matter) and 4 over the horizon.
 *   Counted per (phone, address), so a stranger typing someone's number fills only their own share.
 */
const DEFAULT_FAIR_SHARE: Readonly<FairShareCaps> = Object.freeze({ perAddressDay: 4, perAddressHorizon: 12, perPhoneDay: 2, perPhoneHorizon: 4 })

/** residents' 信息有误 reports from one address per hour, when the settings do not say */
export const DEFAULT_CORRECTIONS_PER_IP = DEFAULT_RATE_LIMITS_VALUES.correctionsPerIp

/** Every environment variable the BFF reads; README's configuration table mirrors this. */
const configSchema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    SQLITE_PATH: z
      .string()
      .min(1)
      .default(path.join(repoRoot, 'data', 'fazhitong.db')),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, '应以 postgres:// 或 postgresql:// 开头')
      .optional(),
    // PostgreSQL only. Defaults (see DEFAULT_POOL_LIMITS): 10 connections per instance (2 instances
    // and their health pings hold 22 of PostgreSQL's default max_connections 100); 1,000 requests may
    // wait for one (a burst of 1,000 bookings over 2 instances queues ~500 on each, and still fits on
    // one), each at most 30 s (such a burst drains in 3–6 s). Beyond: 503 DATABASE_BUSY + Retry-After.
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(DEFAULT_POOL_LIMITS.size),
    DATABASE_QUEUE_LIMIT: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_POOL_LIMITS.queueLimit),
    DATABASE_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(DEFAULT_POOL_LIMITS.queueTimeoutMs),
    // scheduled backups (server/backup): off unless BACKUP_DIR is set; daily at BACKUP_HOUR:00 China time, the newest BACKUP_KEEP kept
    BACKUP_DIR: z.string().min(1).optional(),
    BACKUP_KEEP: z.coerce.number().int().min(1).max(3650).default(7),
    BACKUP_HOUR: z.coerce.number().int().min(0).max(23).default(3),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    JSON_BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, '形如 64kb')
      .default('64kb'),
    H5_DIST: z
      .string()
      .min(1)
      .default(path.join(repoRoot, 'dist', 'h5')),
    SEED_DIR: z.string().min(1).default(path.join(repoRoot, 'data')),
    PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: '应为 http(s):// 开头的网址' }).optional(),
    REPORTS_FEED_URL: z.url({ protocol: /^https?$/, error: '应为 http(s):// 开头的网址' }).optional(),
    REPORTS_FEED_INTERVAL_MINUTES: z.coerce.number().positive().default(60),
    DIRECTORY_URL: z.url({ protocol: /^https?$/, error: '应为 http(s):// 开头的网址' }).optional(),
    DIRECTORY_REFRESH_MINUTES: z.coerce.number().positive().default(60),
    RATE_LIMIT: z.enum(['on', 'off']).default('on'),
    RATE_LIMIT_BOOKINGS_PER_IP: z.coerce.number().int().positive().default(DEFAULT_RATE_LIMITS_VALUES.bookingsPerIp),
    RATE_LIMIT_BOOKINGS_PER_PHONE: z.coerce.number().int().positive().default(DEFAULT_RATE_LIMITS_VALUES.bookingsPerPhone),
    RATE_LIMIT_LOOKUPS_PER_IP: z.coerce.number().int().positive().default(DEFAULT_RATE_LIMITS_VALUES.lookupsPerIp),
    RATE_LIMIT_LOOKUPS_PER_CODE: z.coerce.number().int().positive().default(DEFAULT_RATE_LIMITS_VALUES.lookupsPerCode),
    RATE_LIMIT_CORRECTIONS_PER_IP: z.coerce.number().int().positive().default(DEFAULT_CORRECTIONS_PER_IP),
    RATE_LIMIT_SHARE_ADDRESS_DAY: z.coerce.number().int().positive().default(DEFAULT_FAIR_SHARE.perAddressDay),
    RATE_LIMIT_SHARE_ADDRESS_HORIZON: z.coerce.number().int().positive().default(DEFAULT_FAIR_SHARE.perAddressHorizon),
    RATE_LIMIT_SHARE_PHONE_DAY: z.coerce.number().int().positive().default(DEFAULT_FAIR_SHARE.perPhoneDay),
    RATE_LIMIT_SHARE_PHONE_HORIZON: z.coerce.number().int().positive().default(DEFAULT_FAIR_SHARE.perPhoneHorizon),
    WECHAT_API_BASE: z.url({ protocol: /^https?$/, error: '应为 http(s):// 开头的网址' }).default('https://api.weixin.qq.com'),
    WECHAT_APPID: z.string().min(1).optional(),
    WECHAT_SECRET: z.string().min(1).optional(),
    WECHAT_BOOKING_TEMPLATE_ID: z.string().min(1).optional(),
    WECHAT_WXACODE_ENV: z.enum(['release', 'trial', 'develop']).default('release'),
    // the check file WeChat gives for a 扫普通链接二维码打开小程序 rule, served at /<its name>
    WECHAT_LINK_CHECK_FILE: z
      .string()
      .refine((file) => /^[A-Za-z0-9_-]{1,64}\.txt$/.test(path.basename(file)), '应为微信给的校验文件（文件名形如 AbC123.txt）')
      .refine((file) => fs.existsSync(file) && fs.statSync(file).isFile() && fs.statSync(file).size <= 1024, '文件不存在或超过 1 KB')
      .optional(),
    UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
    // who may set X-Forwarded-For: nobody unless configured (see README); parsed by parseTrustProxy
    TRUST_PROXY: z
      .string()
      .refine((value) => {
        const parsed = parseTrustProxy(value)
        return !Array.isArray(parsed) || parsed.every(isProxyAddress)
      }, '应为 false、跳数（如 1）或逗号分隔的地址/网段（如 loopback、10.0.0.5、100.64.0.0/10）')
      .optional(),
    // the key of the address hashes bookings store (server/bookings/address-hash.ts); unset: a key in the database
    BOOKING_ADDRESS_KEY: z.string().min(32, '至少 32 个字符（例如 openssl rand -base64 32 的输出）').optional(),
    // lets a scraper that is not on this machine read /metrics (Authorization: Bearer …); it travels in a header
    METRICS_TOKEN: z
      .string()
      .min(16, '至少 16 个字符（例如 openssl rand -hex 32 的输出）')
      .regex(/^[A-Za-z0-9._~+/=-]+$/, '只能用字母、数字和 . _ ~ + / = -（例如 openssl rand -hex 32 的输出）')
      .optional(),
    INVITE_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    BOOKING_LEAD_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(BOOKING_LEAD_MINUTES_DEFAULT),
    DIRECTORY_MAX_BYTES: z.coerce.number().int().min(1024).max(200_000_000).default(4_000_000),
    DIRECTORY_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
    // graceful shutdown (server/http/graceful-shutdown.ts): after SIGTERM, health says draining for
    // SHUTDOWN_DELAY_MS while still serving (for balancers with active checks; nginx has none, so 0),
    // then in-flight requests get SHUTDOWN_GRACE_MS to finish. systemd's TimeoutStopSec must exceed both.
    SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    // SMS (server/sms): unset SMS_PROVIDER = no SMS; set = all of its provider's variables below
    SMS_PROVIDER: z.enum(['tencent', 'aliyun'], { error: '应为 tencent（腾讯云短信）或 aliyun（阿里云短信）' }).optional(),
    SMS_API_BASE: z.url({ protocol: /^https?$/, error: '应为 http(s):// 开头的网址' }).optional(),
    SMS_SIGN_NAME: z.string().min(1).max(20).optional(),
    SMS_TEMPLATE_CODE: z.string().min(1).optional(),
    SMS_TEMPLATE_BOOKING_CREATED: z.string().min(1).optional(),
    SMS_TEMPLATE_BOOKING_REMINDER: z.string().min(1).optional(),
    SMS_TEMPLATE_BOOKING_CANCELLED: z.string().min(1).optional(),
    TENCENT_SMS_SECRET_ID: z.string().min(1).optional(),
    TENCENT_SMS_SECRET_KEY: z.string().min(1).optional(),
    TENCENT_SMS_SDK_APP_ID: z.string().regex(/^\d+$/, '应为短信应用的 SdkAppId（数字，如 1400000000）').optional(),
    TENCENT_SMS_REGION: z
      .string()
      .regex(/^[a-z]+-[a-z]+$/, '形如 ap-guangzhou')
      .default('ap-guangzhou'),
    ALIYUN_SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
    ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  })
  .superRefine((values, context) => {
    smsIssues(values).forEach((issue) => context.addIssue({ code: 'custom', ...issue }))
    // one without the other used to switch WeChat off without a word: sign-in and reminders would silently not work
    if (values.WECHAT_APPID && !values.WECHAT_SECRET)
      context.addIssue({ code: 'custom', path: ['WECHAT_SECRET'], message: '设置了 WECHAT_APPID 就要同时设置 WECHAT_SECRET（两个都不设则不接微信）' })
    if (values.WECHAT_SECRET && !values.WECHAT_APPID)
      context.addIssue({ code: 'custom', path: ['WECHAT_APPID'], message: '设置了 WECHAT_SECRET 就要同时设置 WECHAT_APPID（两个都不设则不接微信）' })
  })

export type AppConfig = {
  port: number
  host: string
  /** `pool`: connections per instance and the bounded wait for one (PostgreSQL) */
  storage: { kind: 'sqlite'; sqlitePath: string } | { kind: 'postgres'; databaseUrl: string; pool: PoolLimits }
  /** BACKUP_DIR (+ BACKUP_KEEP, BACKUP_HOUR): daily backups; absent: off */
  backups?: { dir: string; keep: number; hour: number }
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL']
  jsonBodyLimit: string
  h5Dist: string
  seedDir: string
  publicBaseUrl?: string
  reportsFeed?: { url: string; intervalMs: number }
  upstreamTimeoutMs: number
  directoryUpstream?: { url: string; intervalMs: number }
  rateLimits: RateLimitSettings | 'off'
  wechat: { apiBase: string; appId: string; secret: string; bookingTemplateId: string | null; wxacodeEnv: 'release' | 'trial' | 'develop' } | null
  /** Express's `trust proxy`: false (default: the socket address is the client), a hop count, or addresses/subnets */
  trustProxy: boolean | number | string[]
  /** days an invite code stays valid */
  inviteTtlDays: number
  /** BOOKING_ADDRESS_KEY: the key of bookings' address hashes, kept out of the database; absent: the database's own */
  addressKey?: string
  /** METRICS_TOKEN: admits /metrics scrapes from other machines; without it only this machine may read /metrics */
  metricsToken?: string
  /** minutes before a slot that it can still be booked (same-day booking), China time */
  bookingLeadMinutes: number
  /** limits on the county's directory document (DIRECTORY_URL) */
  directoryLimits: { maxBytes: number; maxRows: number }
  /** WeChat's check file for 普通链接二维码 rules: served at `/<name>` */
  linkCheckFile?: { name: string; content: string }
  /** SMS_PROVIDER with its credentials, 签名 and 模板; null: no SMS (codes, confirmations by SMS off) */
  sms: SmsSettings | null
  /** SHUTDOWN_DELAY_MS (draining but still accepting) and SHUTDOWN_GRACE_MS (in-flight requests finish) */
  shutdown: { delayMs: number; graceMs: number }
}

const SMS_VARIABLES = {
  common: ['SMS_SIGN_NAME', 'SMS_TEMPLATE_CODE'],
  tencent: ['TENCENT_SMS_SECRET_ID', 'TENCENT_SMS_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID'],
  aliyun: ['ALIYUN_SMS_ACCESS_KEY_ID', 'ALIYUN_SMS_ACCESS_KEY_SECRET'],
} as const
/** never echoed in a configuration error */
// URLs among them may carry a user and password (DATABASE_URL) or an access key (DIRECTORY_URL, REPORTS_FEED_URL)
const SECRET_VARIABLES = new Set([
  'DATABASE_URL',
  'DIRECTORY_URL',
  'REPORTS_FEED_URL',
  'BOOKING_ADDRESS_KEY',
  'METRICS_TOKEN',
  'WECHAT_SECRET',
  'TENCENT_SMS_SECRET_ID',
  'TENCENT_SMS_SECRET_KEY',
  'ALIYUN_SMS_ACCESS_KEY_ID',
  'ALIYUN_SMS_ACCESS_KEY_SECRET',
])
const SMS_OPTIONAL = ['SMS_API_BASE', 'SMS_TEMPLATE_BOOKING_CREATED', 'SMS_TEMPLATE_BOOKING_REMINDER', 'SMS_TEMPLATE_BOOKING_CANCELLED'] as const

/**
 * SMS is all or nothing: with SMS_PROVIDER every variable it needs is set, and a variable of SMS
 * without SMS_PROVIDER (or of the other provider) is named instead of silently doing nothing.
 */
function smsIssues(values: Record<string, unknown>): { path: string[]; message: string }[] {
  const provider = values.SMS_PROVIDER as 'tencent' | 'aliyun' | undefined
  const providerNames = { tencent: '腾讯云短信', aliyun: '阿里云短信' } as const
  if (!provider) {
    const stray = [...SMS_VARIABLES.common, ...SMS_VARIABLES.tencent, ...SMS_VARIABLES.aliyun, ...SMS_OPTIONAL].filter((name) => values[name] !== undefined)
    return stray.map((name) => ({ path: [name], message: '设置了短信的变量就要同时设置 SMS_PROVIDER（tencent 或 aliyun）；不接短信则都不设' }))
  }
  const other = provider === 'tencent' ? 'aliyun' : 'tencent'
  return [
    ...[...SMS_VARIABLES.common, ...SMS_VARIABLES[provider]]
      .filter((name) => values[name] === undefined)
      .map((name) => ({ path: [name], message: `SMS_PROVIDER=${provider}（${providerNames[provider]}）需要设置它` })),
    ...SMS_VARIABLES[other]
      .filter((name) => values[name] !== undefined)
      .map((name) => ({ path: [name], message: `这是${providerNames[other]}的变量，SMS_PROVIDER 是 ${provider}：删掉它或改 SMS_PROVIDER` })),
  ]
}

function smsSettings(values: z.infer<typeof configSchema>): SmsSettings | null {
  if (!values.SMS_PROVIDER || !values.SMS_SIGN_NAME || !values.SMS_TEMPLATE_CODE) return null
  const common = {
    signName: values.SMS_SIGN_NAME,
    templates: {
      code: values.SMS_TEMPLATE_CODE,
      booking_created: values.SMS_TEMPLATE_BOOKING_CREATED,
      booking_reminder: values.SMS_TEMPLATE_BOOKING_REMINDER,
      booking_cancelled: values.SMS_TEMPLATE_BOOKING_CANCELLED,
    },
  }
  if (values.SMS_PROVIDER === 'tencent' && values.TENCENT_SMS_SECRET_ID && values.TENCENT_SMS_SECRET_KEY && values.TENCENT_SMS_SDK_APP_ID) {
    return {
      provider: 'tencent',
      baseUrl: values.SMS_API_BASE ?? SMS_DEFAULT_BASE_URLS.tencent,
      secretId: values.TENCENT_SMS_SECRET_ID,
      secretKey: values.TENCENT_SMS_SECRET_KEY,
      sdkAppId: values.TENCENT_SMS_SDK_APP_ID,
      region: values.TENCENT_SMS_REGION,
      ...common,
    }
  }
  if (values.SMS_PROVIDER === 'aliyun' && values.ALIYUN_SMS_ACCESS_KEY_ID && values.ALIYUN_SMS_ACCESS_KEY_SECRET) {
    return {
      provider: 'aliyun',
      baseUrl: values.SMS_API_BASE ?? SMS_DEFAULT_BASE_URLS.aliyun,
      accessKeyId: values.ALIYUN_SMS_ACCESS_KEY_ID,
      accessKeySecret: values.ALIYUN_SMS_ACCESS_KEY_SECRET,
      ...common,
    }
  }
  return null
}

/** Limits per window; windows are fixed: 10 minutes per IP, an hour per phone or booking code. */
export interface RateLimitSettings {
  bookingsPerIp: number
  bookingsPerPhone: number
  lookupsPerIp: number
  lookupsPerCode: number
  /** residents' corrections per address per hour; DEFAULT_CORRECTIONS_PER_IP when absent (settings written before it existed) */
  correctionsPerIp?: number
  /** a station's fair shares per address and per (phone, address); DEFAULT_FAIR_SHARE when absent */
  fairShare?: FairShareCaps
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = { ...DEFAULT_RATE_LIMITS_VALUES, fairShare: DEFAULT_FAIR_SHARE }
export { DEFAULT_FAIR_SHARE }

export class ConfigError extends Error {}

/** Parses the environment once at start-up; a bad value stops the process with the variable named. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  // an empty variable means "not set", as shells and .env files often leave them
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const result = configSchema.safeParse(present)
  if (!result.success) {
    const shown = (name: string) => (SECRET_VARIABLES.has(name) && present[name] !== undefined ? '已设置，不显示' : `当前值：${JSON.stringify(present[name])}`)
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}（${shown(String(issue.path[0]))}）`)
    throw new ConfigError(`配置有误，无法启动：\n${lines.join('\n')}`)
  }
  const values = result.data
  return {
    port: values.PORT,
    host: values.HOST,
    storage: values.DATABASE_URL
      ? {
          kind: 'postgres',
          databaseUrl: values.DATABASE_URL,
          pool: { size: values.DATABASE_POOL_SIZE, queueLimit: values.DATABASE_QUEUE_LIMIT, queueTimeoutMs: values.DATABASE_QUEUE_TIMEOUT_MS },
        }
      : { kind: 'sqlite', sqlitePath: path.resolve(values.SQLITE_PATH) },
    backups: values.BACKUP_DIR ? { dir: path.resolve(values.BACKUP_DIR), keep: values.BACKUP_KEEP, hour: values.BACKUP_HOUR } : undefined,
    logLevel: values.LOG_LEVEL,
    jsonBodyLimit: values.JSON_BODY_LIMIT,
    h5Dist: path.resolve(values.H5_DIST),
    seedDir: path.resolve(values.SEED_DIR),
    trustProxy: parseTrustProxy(values.TRUST_PROXY),
    inviteTtlDays: values.INVITE_TTL_DAYS,
    addressKey: values.BOOKING_ADDRESS_KEY,
    metricsToken: values.METRICS_TOKEN,
    bookingLeadMinutes: values.BOOKING_LEAD_MINUTES,
    directoryLimits: { maxBytes: values.DIRECTORY_MAX_BYTES, maxRows: values.DIRECTORY_MAX_ROWS },
    linkCheckFile: values.WECHAT_LINK_CHECK_FILE
      ? { name: path.basename(values.WECHAT_LINK_CHECK_FILE), content: fs.readFileSync(values.WECHAT_LINK_CHECK_FILE, 'utf8') }
      : undefined,
    publicBaseUrl: values.PUBLIC_BASE_URL,
    reportsFeed: values.REPORTS_FEED_URL ? { url: values.REPORTS_FEED_URL, intervalMs: values.REPORTS_FEED_INTERVAL_MINUTES * 60_000 } : undefined,
    upstreamTimeoutMs: values.UPSTREAM_TIMEOUT_MS,
    rateLimits:
      values.RATE_LIMIT === 'off'
        ? 'off'
        : {
            bookingsPerIp: values.RATE_LIMIT_BOOKINGS_PER_IP,
            bookingsPerPhone: values.RATE_LIMIT_BOOKINGS_PER_PHONE,
            lookupsPerIp: values.RATE_LIMIT_LOOKUPS_PER_IP,
            lookupsPerCode: values.RATE_LIMIT_LOOKUPS_PER_CODE,
            correctionsPerIp: values.RATE_LIMIT_CORRECTIONS_PER_IP,
            fairShare: {
              perAddressDay: values.RATE_LIMIT_SHARE_ADDRESS_DAY,
              perAddressHorizon: values.RATE_LIMIT_SHARE_ADDRESS_HORIZON,
              perPhoneDay: values.RATE_LIMIT_SHARE_PHONE_DAY,
              perPhoneHorizon: values.RATE_LIMIT_SHARE_PHONE_HORIZON,
            },
          },
    wechat:
      values.WECHAT_APPID && values.WECHAT_SECRET
        ? {
            apiBase: values.WECHAT_API_BASE,
            appId: values.WECHAT_APPID,
            secret: values.WECHAT_SECRET,
            bookingTemplateId: values.WECHAT_BOOKING_TEMPLATE_ID ?? null,
            wxacodeEnv: values.WECHAT_WXACODE_ENV,
          }
        : null,
    directoryUpstream: values.DIRECTORY_URL ? { url: values.DIRECTORY_URL, intervalMs: values.DIRECTORY_REFRESH_MINUTES * 60_000 } : undefined,
    sms: smsSettings(values),
    shutdown: { delayMs: values.SHUTDOWN_DELAY_MS, graceMs: values.SHUTDOWN_GRACE_MS },
  }
}

/**
 * TRUST_PROXY: unset, `false` or `0` → trust nobody; a number → that many proxy hops (a cloud
 * load balancer: 1); otherwise a comma list of addresses or subnets (`127.0.0.1`, `10.0.0.0/8`,
 * or Express's names `loopback`, `linklocal`, `uniquelocal`) whose X-Forwarded-For is believed.
 */
export function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  const text = (value ?? '').trim()
  if (text === '' || text === 'false' || text === '0') return false
  if (/^\d+$/.test(text)) return Number(text)
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
}

/** What Express accepts in a `trust proxy` list: an IP, an IP/prefix, or one of its names. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true
  const [address, prefix, extra] = entry.split('/')
  if (extra !== undefined || net.isIP(address) === 0) return false
  if (prefix === undefined) return true
  const bits = Number(prefix)
  return /^\d+$/.test(prefix) && bits >= 0 && bits <= (net.isIP(address) === 4 ? 32 : 128)
}
