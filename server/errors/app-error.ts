import type { ApiErrorField } from '../../contracts'
import { errorCatalogue, type ErrorCatalogueEntry, type ErrorCode } from '../../contracts/error-codes'

/** What one refusal says beyond its code; the status is never here: the catalogue gives it. */
export interface AppErrorDetails {
  /** in place of the catalogue's message, when this refusal can say more */
  message?: string
  fields?: ApiErrorField[]
  /** this refusal's own wait (a limit's window), in place of the catalogue's Retry-After */
  retryAfterSeconds?: number
  /** a 429's limit, by name (`booking-create-ip`): what /metrics counts it under; never shown to the client */
  limit?: string
}

/**
 * The one error type the BFF throws on purpose; the error middleware turns it into JSON. Made only
 * by `AppError.of(code)`, so the status and the headers a code answers with are the catalogue's
 * (contracts/error-codes.ts) and cannot drift from what the client and the OpenAPI document expect.
 */
export class AppError extends Error {
  readonly status: number
  readonly code: ErrorCode
  readonly fields?: ApiErrorField[]
  /** WWW-Authenticate and Retry-After as the catalogue declares them for the code; a throw's own wait wins */
  readonly headers?: Record<string, string>
  readonly limit?: string

  private constructor(code: ErrorCode, details: AppErrorDetails) {
    const entry: ErrorCatalogueEntry = errorCatalogue[code]
    super(details.message ?? entry.message)
    this.name = 'AppError'
    this.status = entry.status
    this.code = code
    this.fields = details.fields
    this.headers = declaredHeaders(entry, details)
    this.limit = details.limit
  }

  static of(code: ErrorCode, details: AppErrorDetails = {}): AppError {
    return new AppError(code, details)
  }

  static notFound(message?: string): AppError {
    return AppError.of('NOT_FOUND', { message })
  }
}

function declaredHeaders(entry: ErrorCatalogueEntry, details: AppErrorDetails): Record<string, string> | undefined {
  const headers: Record<string, string> = {}
  if (entry.authenticate !== undefined) headers['WWW-Authenticate'] = entry.authenticate
  const retryAfter = details.retryAfterSeconds ?? entry.retryAfterSeconds
  if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter)
  return Object.keys(headers).length > 0 ? headers : undefined
}
