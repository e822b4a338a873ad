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

const CREDENTIAL_KEYS =
  'appid|app_?secret|secret|js_code|jscode|code|access_token|access_key|accesskey|openid|unionid|session_key|touser|token|password|key|sign(?:ature)?'
/** `secret=…`, `"access_token":"…"`, `openid: …` — the value after a credential's name */
const CREDENTIAL_VALUE = new RegExp(`\\b(${CREDENTIAL_KEYS})(["']?\\s*[:=]\\s*["']?)([^\\s"'&,;，。；)）\\]}]+)`, 'gi')
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>，。；)）]+/gi
/**
 * A run of 20+ letters, digits, `_` or `-` with a digit in it: what WeChat's secrets (32 hex), js_codes
 * (32), openids (28) and access tokens (100+) look like. WeChat's `rid: …` (a request id for its support,
 * no secret) is kept.
 */
const OPAQUE_RUN = /(?<![A-Za-z0-9_-])(?<!rid:\s?)(?=[A-Za-z_-]*\d)[A-Za-z0-9_-]{20,}/g
const MAINLAND_MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g

/**
 * A text from outside (an error message, WeChat's errmsg) as a log line or a stored row may hold it:
 * URLs keep scheme, host and path (`redactUrl`); the value after a credential's name (`secret=`,
 * `js_code:`, `"access_token":`…), opaque runs that look like a token, mobile numbers and the `known`
 * values the caller sent (appid, secret, code, token, openid — WeChat echoes them) become `[redacted]`.
 */
export function redactSecrets(text: string, params: { known?: (string | null | undefined)[] } = {}): string {
  let out = text
  for (const value of params.known ?? []) if (value && value.length >= 3) out = out.split(value).join('[redacted]')
  return out
    .replace(URL_IN_TEXT, (url) => redactUrl(url) ?? '')
    .replace(CREDENTIAL_VALUE, (_match, key: string, separator: string) => `${key}${separator}[redacted]`)
    .replace(OPAQUE_RUN, '[redacted]')
    .replace(MAINLAND_MOBILE, '[redacted]')
}

/** The whitelist summary of an error that a log line may carry. */
export function summariseError(error: unknown): ErrorSummary {
  if (isAxiosError(error)) {
    const data: unknown = error.response?.data
    const errcode =
      typeof data === 'object' && data !== null && typeof (data as { errcode?: unknown }).errcode === 'number'
        ? (data as { errcode: number }).errcode
        : undefined
    return {
      type: 'AxiosError',
      code: error.code,
      // axios's message names the status or the network failure, never the URL or the body
      message: error.message,
      request: {
        method: error.config?.method?.toUpperCase(),
        ...pathWithoutQuery(error.config?.url, error.config?.baseURL),
        status: error.response?.status,
        errcode,
      },
    }
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    // the stack's first line repeats the message: it is redacted the same way
    return {
      type: error.name,
      message: redactSecrets(error.message),
      code: typeof code === 'string' ? code : undefined,
      stack: error.stack === undefined ? undefined : redactSecrets(error.stack),
    }
  }
  // a reason passed as text (`error: message`) is kept, redacted: `{ type: 'string' }` alone lost it
  if (typeof error === 'string') return { type: 'string', message: redactSecrets(error) }
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
