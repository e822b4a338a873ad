import Taro from '@tarojs/taro'
import * as z from 'zod/mini'
import zhCN from 'zod/v4/locales/zh-CN.js'
import { endpointPath, queryString, type BodyInput, type Endpoint, type ParamsInput, type QueryInput, type SuccessBody } from '../../contracts/endpoint'
import type { ErrorCode } from '../../contracts/error-codes'
import { apiErrorSchema, type ApiErrorField } from '../../contracts/errors'
import { apiBaseUrl } from './api-base'

export { apiBaseUrl }

// zod/mini carries no messages of its own ("Invalid input"); a form that shows a schema's message shows Chinese
z.config(zhCN())

/** Why a request failed, so a page can choose its words and whether to offer 重试. */
export type RequestFailure = 'offline' | 'timeout' | 'http' | 'invalid-response'

/** A server code, or one the client decides itself after a sign-in answered an account of the wrong kind. */
export type FailureCode = ErrorCode | 'NOT_STAFF' | 'NOT_VOLUNTEER'

export class RequestError extends Error {
  readonly failure: RequestFailure
  readonly status?: number
  /** a code this app version does not know (a newer server) matches no branch; the message still is right */
  readonly code?: FailureCode
  readonly fields?: ApiErrorField[]
  /** the whole error answer, for answers that carry more than the error (409 nextSlots, 409 current) */
  readonly body?: unknown

  constructor(params: { failure: RequestFailure; message: string; status?: number; code?: FailureCode; fields?: ApiErrorField[]; body?: unknown }) {
    super(params.message)
    this.name = 'RequestError'
    this.failure = params.failure
    this.status = params.status
    this.code = params.code
    this.fields = params.fields
    this.body = params.body
  }
}

const DEFAULT_TIMEOUT_MS = 10_000

/** weapp fails with `{ errMsg }`; H5 fetch with a TypeError or, on our timeout, an AbortError. */
function isTransportFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  return 'errMsg' in error || error instanceof TypeError || (error as { name?: unknown }).name === 'AbortError'
}

function describeTransportFailure(error: unknown): RequestError {
  const errMsg = typeof error === 'object' && error && 'errMsg' in error ? String((error as { errMsg: unknown }).errMsg) : String(error)
  const name = typeof error === 'object' && error && 'name' in error ? String((error as { name: unknown }).name) : ''
  // weapp says "request:fail timeout"; H5 enforces the timeout by aborting the fetch
  if (/timeout|超时|abort/i.test(errMsg) || name === 'AbortError') {
    return new RequestError({ failure: 'timeout', message: '网络太慢，请求超时了。请到信号好一点的地方再试。' })
  }
  return new RequestError({ failure: 'offline', message: '连不上网络。请检查手机网络后点“重试”。' })
}

/** What to tell the user about a failed call: the server's (or transport's) own words, or `fallback` for a bug. */
export function failureMessage(failure: unknown, fallback: string): string {
  return failure instanceof RequestError ? failure.message : fallback
}

/** The only caller of Taro.request: every answer is checked against its contracts/ schema. */
export async function request<Schema extends z.ZodMiniType>(params: {
  path: string
  schema: Schema
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  data?: unknown
  headers?: Record<string, string>
  timeoutMs?: number
}): Promise<z.infer<Schema>> {
  let response: { statusCode: number; data: unknown }
  try {
    response = await Taro.request({
      url: `${apiBaseUrl()}${params.path}`,
      method: params.method ?? 'GET',
      data: params.data as Taro.request.Option['data'],
      header: { Accept: 'application/json', ...(params.data !== undefined ? { 'Content-Type': 'application/json' } : {}), ...params.headers },
      timeout: params.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      dataType: 'json',
    })
  } catch (error) {
    if (!isTransportFailure(error)) throw error
    // kept in the console for whoever debugs a phone in the field (vConsole, DevTools)
    console.warn('[http] request failed', params.path, error)
    throw describeTransportFailure(error)
  }

  if (response.statusCode < 200 || response.statusCode >= 300) {
    const body = apiErrorSchema.safeParse(response.data)
    if (body.success) {
      throw new RequestError({ failure: 'http', status: response.statusCode, code: body.data.error.code as FailureCode, message: body.data.error.message, fields: body.data.error.fields, body: response.data })
    }
    const message = response.statusCode >= 500 ? '服务暂时不可用，请稍后再试。' : `请求没有成功（${response.statusCode}）。`
    throw new RequestError({ failure: 'http', status: response.statusCode, message })
  }

  const parsed = params.schema.safeParse(response.data)
  if (!parsed.success) {
    throw new RequestError({ failure: 'invalid-response', message: '收到的数据格式不对，可能是版本不一致。请稍后再试。' })
  }
  return parsed.data
}

export type CallInput<E extends Endpoint> = (ParamsInput<E> extends undefined ? { params?: undefined } : { params: ParamsInput<E> }) &
  (QueryInput<E> extends undefined ? { query?: undefined } : { query?: QueryInput<E> }) &
  (BodyInput<E> extends undefined ? { body?: undefined } : { body: BodyInput<E> }) & {
    headers?: Record<string, string>
    timeoutMs?: number
  }

/**
 * Calls an endpoint declared in contracts/endpoints: its path and method come from there, and the
 * answer is checked against its success schema.
 */
export function call<E extends Endpoint>(endpoint: E, input: CallInput<E>): Promise<SuccessBody<E>> {
  const responses = endpoint.responses as Record<number, unknown>
  const success = [200, 201, 204].map((status) => responses[status]).find((body) => body !== undefined)
  const schema = (success && typeof success === 'object' && 'safeParse' in success ? success : z.unknown()) as z.ZodMiniType
  const query = input.query as Record<string, string | number | boolean | undefined | null> | undefined
  return request({
    path: `${endpointPath(endpoint.path, input.params as Record<string, string> | undefined)}${queryString(query)}`,
    method: endpoint.method,
    data: input.body,
    headers: input.headers,
    timeoutMs: input.timeoutMs,
    schema,
  }) as Promise<SuccessBody<E>>
}

/** The data a 409 carries (SLOT_FULL's next slots, VERSION_CONFLICT's current record), read with the endpoint's schema. */
export function conflictBody<E extends Endpoint>(failure: unknown, endpoint: E): (E['responses'][409] extends z.ZodMiniType ? z.output<E['responses'][409]> : never) | null {
  const schema = (endpoint.responses as Record<number, unknown>)[409] as z.ZodMiniType | undefined
  if (!(failure instanceof RequestError) || failure.status !== 409 || !schema) return null
  const parsed = schema.safeParse(failure.body)
  return parsed.success ? (parsed.data as never) : null
}
