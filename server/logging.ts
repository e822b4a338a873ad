import { isAxiosError } from 'axios'
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino'

/**
 * Logs are data too: a log line never holds a secret, a credential, a booking code, a phone or
 * its last 4 digits, a name or a position. Two guards, whatever a caller passes:
 * - `serializers.err`: an error is logged as a whitelist summary. An AxiosError carries its
 *   request config (WeChat's appid, secret and js_code; access tokens in the URL); a pg error's
 *   `detail` quotes the row (`Key (phone)=(138…)`). Only type, code, message and stack are kept,
 *   and for an outside call: method, host, path (never the query), status and WeChat's errcode.
 * - `redact`: the field names that hold personal data or credentials are censored at any depth
 *   pino can address (top level and one level down).
 */

const SENSITIVE_FIELDS = [
  'secret',
  'appSecret',
  'js_code',
  'jsCode',
  'wechatCode',
  'access_token',
  'accessToken',
  'token',
  'manageToken',
  'password',
  'inviteCode',
  'invite_code',
  'authorization',
  'phone',
  'phoneLast4',
  'phone_last4',
  'name',
  'agentName',
  'agentPhone',
  'lat',
  'lng',
  'latitude',
  'longitude',
  'openid',
  'session_key',
]

export const REDACT_PATHS = [...SENSITIVE_FIELDS, ...SENSITIVE_FIELDS.map((field) => `*.${field}`)]

export interface ErrorSummary {
  type: string
  message?: string
  code?: string
  stack?: string
  /** an outside call that failed */
  request?: { method?: string; host?: string; path?: string; status?: number; errcode?: number }
}

function pathWithoutQuery(url: string | undefined, baseURL: string | undefined): { host?: string; path?: string } {
  if (!url) return {}
  try {
    const parsed = new URL(url, baseURL)
    return { host: parsed.host, path: parsed.pathname }
  } catch {
    return { path: url.split('?')[0] }
  }
}

/**
 * A URL as logs and status pages may show it: scheme, host and path. The query and any user:password
 * are dropped — an upstream address configured by an administrator may carry an access key there.
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
  } catch {
    // not a URL the parser accepts: still drop the query and anything that looks like user:password@
    return url.split(/[?#]/)[0].replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@]*@/i, '$1')
  }
}

/** The whitelist summary of an error that a log line may carry. */
export function summariseError(error: unknown): ErrorSummary {
  if (isAxiosError(error)) {
    const data: unknown = error.response?.data
    const errcode = typeof data === 'object' && data !== null && typeof (data as { errcode?: unknown }).errcode === 'number' ? (data as { errcode: number }).errcode : undefined
    return {
      type: 'AxiosError',
      code: error.code,
      // axios's message names the status or the network failure, never the URL or the body
      message: error.message,
      request: { method: error.config?.method?.toUpperCase(), ...pathWithoutQuery(error.config?.url, error.config?.baseURL), status: error.response?.status, errcode },
    }
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return { type: error.name, message: error.message, code: typeof code === 'string' ? code : undefined, stack: error.stack }
  }
  return { type: typeof error }
}

export const LOGGER_OPTIONS: LoggerOptions = {
  serializers: { err: summariseError, error: summariseError },
  redact: { paths: REDACT_PATHS, censor: '[redacted]' },
}

/** The BFF's logger; tests pass a destination to read what would have been written. */
export function createLogger(params: { level: string; destination?: DestinationStream }): Logger {
  const options: LoggerOptions = { ...LOGGER_OPTIONS, level: params.level }
  return params.destination ? pino(options, params.destination) : pino(options)
}
