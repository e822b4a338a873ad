import type { ApiErrorField } from '../../contracts'
import type { ErrorCode } from '../../contracts/error-codes'

/** The one error type the BFF throws on purpose; the error middleware turns it into JSON. */
export class AppError extends Error {
  readonly status: number
  readonly code: ErrorCode
  readonly fields?: ApiErrorField[]
  readonly headers?: Record<string, string>
  /** a 429's limit, by name (`booking-create-ip`): what /metrics counts it under; never shown to the client */
  readonly limit?: string

  constructor(params: { status: number; code: ErrorCode; message: string; fields?: ApiErrorField[]; headers?: Record<string, string>; limit?: string }) {
    super(params.message)
    this.name = 'AppError'
    this.status = params.status
    this.code = params.code
    this.fields = params.fields
    this.headers = params.headers
    this.limit = params.limit
  }

  static notFound(message = '没有找到请求的内容'): AppError {
    return new AppError({ status: 404, code: 'NOT_FOUND', message })
  }
}
