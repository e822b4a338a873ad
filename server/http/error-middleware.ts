import type { ErrorRequestHandler, RequestHandler } from 'express'
import type { Logger } from 'pino'
import type { ApiError } from '../../contracts'
import { AppError } from '../errors/app-error'
import { routeLabel } from './request-logger'
import { isDatabaseUnavailable, redactDatabaseError } from '../storage/database'
import { DATABASE_BUSY_RETRY_AFTER_SECONDS, DatabaseBusyError, isDatabaseBusy } from '../storage/postgres-pool'

/** body-parser errors carry a `type` and a 4xx `status`; they are the client's fault, not ours. */
interface BodyParserError extends Error {
  type?: string
  status?: number
  statusCode?: number
}

function fromBodyParser(error: BodyParserError): AppError | null {
  switch (error.type) {
    case 'entity.parse.failed':
      return AppError.of('INVALID_JSON', { fields: [{ path: '(body)', message: 'JSON 格式错误' }] })
    case 'entity.too.large':
      return AppError.of('BODY_TOO_LARGE', { fields: [{ path: '(body)', message: '超过允许的大小' }] })
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return AppError.of('UNSUPPORTED_ENCODING', { fields: [{ path: 'Content-Encoding', message: '请使用 UTF-8 且不压缩' }] })
    case 'request.aborted':
      return AppError.of('REQUEST_ABORTED')
    default: {
      // any other client fault body-parser names is the catalogue's 400 BAD_REQUEST (the code decides the status)
      const status = error.status ?? error.statusCode
      return status !== undefined && status >= 400 && status < 500 ? AppError.of('BAD_REQUEST') : null
    }
  }
}

/**
 * The database is up but every connection is taken and the queue for one is full (or was too slow):
 * nothing was done; try again shortly. Said apart from "database down" so neither a person nor an
 * operator reads a busy moment as an outage.
 */
function databaseBusy(error: unknown, logger: Logger): AppError {
  logger.warn({ db: { reason: error instanceof DatabaseBusyError ? error.reason : null } }, 'database busy: connection queue full or too slow')
  return AppError.of('DATABASE_BUSY', {
    message: `现在使用的人太多，服务器正忙，请 ${DATABASE_BUSY_RETRY_AFTER_SECONDS} 秒后再试`,
    retryAfterSeconds: DATABASE_BUSY_RETRY_AFTER_SECONDS,
  })
}

/** The database went away mid-request (restart, failover, killed connection): nothing was written; try again shortly. */
function fromStorage(error: unknown, logger: Logger): AppError | null {
  if (isDatabaseBusy(error)) return databaseBusy(error, logger)
  if (!isDatabaseUnavailable(error)) return null
  logger.warn({ db: redactDatabaseError(error) }, 'database unavailable')
  return databaseUnavailableError()
}

/** 503 DATABASE_UNAVAILABLE with the catalogue's Retry-After; a route may say in its own words what could not be had. */
export function databaseUnavailableError(message?: string): AppError {
  return AppError.of('DATABASE_UNAVAILABLE', { message })
}

export function toErrorBody(error: AppError): ApiError {
  return { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } }
}

/** Write requests must send JSON; anything else is refused before a route sees it. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody && !req.is('application/json')) {
    next(AppError.of('UNSUPPORTED_MEDIA_TYPE', { fields: [{ path: 'Content-Type', message: '应为 application/json' }] }))
    return
  }
  next()
}

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(AppError.of('NOT_FOUND', { message: `没有这个接口：${req.method} ${req.path}` }))
}

/** What the error middleware counts for /metrics (server/metrics/metrics.ts). */
export interface ErrorCounters {
  limitRefused(limit: string): void
  databaseUnavailableAnswered(): void
  databaseBusyAnswered(): void
}

/** Every 429 and database 503 is answered here, so here they are counted: by limit, and by which trouble. */
function count(error: AppError, counters: ErrorCounters): void {
  if (error.status === 429) counters.limitRefused(error.limit ?? 'other')
  else if (error.code === 'DATABASE_UNAVAILABLE') counters.databaseUnavailableAnswered()
  else if (error.code === 'DATABASE_BUSY') counters.databaseBusyAnswered()
}

export function errorMiddleware(logger: Logger, counters?: ErrorCounters): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error)
      return
    }
    // a route may have set its success's caching (a scene: a day) before it failed; an error is never
    // kept by a phone or a proxy (a 503 would outlive the outage, a 404 a scene created a minute later).
    // The success's ETag goes with it.
    res.removeHeader('ETag')
    res.set('Cache-Control', 'no-store')
    const known = error instanceof AppError ? error : ((error instanceof Error ? fromBodyParser(error as BodyParserError) : null) ?? fromStorage(error, logger))
    if (known) {
      if (counters) count(known, counters)
      // the code's WWW-Authenticate and Retry-After, as the catalogue declares them (a throw's own wait wins)
      if (known.headers) res.set(known.headers)
      res.status(known.status).json(toErrorBody(known))
      return
    }
    logger.error({ err: error, method: req.method, route: routeLabel(req) }, 'unhandled error')
    const internal = AppError.of('INTERNAL')
    res.status(internal.status).json(toErrorBody(internal))
  }
}
