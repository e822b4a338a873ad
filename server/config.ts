import path from 'node:path'
import { z } from 'zod'

export const repoRoot = path.resolve(__dirname, '..')

const port = z.coerce.number().int().min(0).max(65535)

/** Every environment variable the BFF reads; README's configuration table mirrors this. */
const configSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  SQLITE_PATH: z.string().min(1).default(path.join(repoRoot, 'data', 'fazhitong.db')),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, '应以 postgres:// 或 postgresql:// 开头')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JSON_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, '形如 64kb')
    .default('64kb'),
  H5_DIST: z.string().min(1).default(path.join(repoRoot, 'dist', 'h5')),
  SEED_DIR: z.string().min(1).default(path.join(repoRoot, 'data')),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: '应为 http(s):// 开头的网址' }).optional(),
  REPORTS_FEED_URL: z.url({ protocol: /^https?$/, error: '应为 http(s):// 开头的网址' }).optional(),
  REPORTS_FEED_INTERVAL_MINUTES: z.coerce.number().positive().default(60),
  DIRECTORY_URL: z.url({ protocol: /^https?$/, error: '应为 http(s):// 开头的网址' }).optional(),
  DIRECTORY_REFRESH_MINUTES: z.coerce.number().positive().default(60),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
})

export type AppConfig = {
  port: number
  host: string
  storage: { kind: 'sqlite'; sqlitePath: string } | { kind: 'postgres'; databaseUrl: string }
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL']
  jsonBodyLimit: string
  h5Dist: string
  seedDir: string
  publicBaseUrl?: string
  reportsFeed?: { url: string; intervalMs: number }
  upstreamTimeoutMs: number
  directoryUpstream?: { url: string; intervalMs: number }
}

export class ConfigError extends Error {}

/** Parses the environment once at start-up; a bad value stops the process with the variable named. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  // an empty variable means "not set", as shells and .env files often leave them
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const result = configSchema.safeParse(present)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}（当前值：${JSON.stringify(present[String(issue.path[0])])}）`)
    throw new ConfigError(`配置有误，无法启动：\n${lines.join('\n')}`)
  }
  const values = result.data
  return {
    port: values.PORT,
    host: values.HOST,
    storage: values.DATABASE_URL ? { kind: 'postgres', databaseUrl: values.DATABASE_URL } : { kind: 'sqlite', sqlitePath: path.resolve(values.SQLITE_PATH) },
    logLevel: values.LOG_LEVEL,
    jsonBodyLimit: values.JSON_BODY_LIMIT,
    h5Dist: path.resolve(values.H5_DIST),
    seedDir: path.resolve(values.SEED_DIR),
    publicBaseUrl: values.PUBLIC_BASE_URL,
    reportsFeed: values.REPORTS_FEED_URL ? { url: values.REPORTS_FEED_URL, intervalMs: values.REPORTS_FEED_INTERVAL_MINUTES * 60_000 } : undefined,
    upstreamTimeoutMs: values.UPSTREAM_TIMEOUT_MS,
    directoryUpstream: values.DIRECTORY_URL ? { url: values.DIRECTORY_URL, intervalMs: values.DIRECTORY_REFRESH_MINUTES * 60_000 } : undefined,
  }
}
