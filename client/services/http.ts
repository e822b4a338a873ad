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

/**
 * Why a request failed, so a page can choose its words and whether to offer 重试:
 * - `offline`: the phone has no network (H5 `navigator.onLine`, WeChat `getNetworkType` 'none');
 * - `unreachable`: the phone has a network but the server did not answer (down, or a signal too weak to tell);
 * - `timeout`: no answer in time; `http`: the server answered with an error status; `invalid-response`: an answer we cannot read.
 */
export type RequestFailure = 'offline' | 'unreachable' | 'timeout' | 'http' | 'invalid-response'

/** A server code, or one the client decides itself after a sign-in answered an account of the wrong kind. */
export type FailureCode = ErrorCode | 'NOT_STAFF' | 'NOT_VOLUNTEER'

export class RequestError extends Error {
  readonly failure: RequestFailure
  readonly status?: number
  /** a code this app version does not know (a newer server) matches no branch; the message still is right */
  readonly code?: FailureCode
  readonly fields?: ApiErrorField[]
  /** seconds the server asked us to wait (a 503 or 429 with Retry-After) */
  readonly retryAfterSeconds?: number
  /** the whole error answer, for answers that carry more than the error (409 nextSlots, 409 current) */
  readonly body?: unknown

  constructor(params: {
    failure: RequestFailure
    message: string
    status?: number
    code?: FailureCode
    fields?: ApiErrorField[]
    retryAfterSeconds?: number
    body?: unknown
  }) {
    super(params.message)
    this.name = 'RequestError'
    this.failure = params.failure
    this.status = params.status
    this.code = params.code
    this.fields = params.fields
    this.retryAfterSeconds = params.retryAfterSeconds
    this.body = params.body
  }
}

const DEFAULT_TIMEOUT_MS = 10_000

/** weapp fails with `{ errMsg }`; H5 fetch with a TypeError or, on our timeout, an AbortError. */
function isTransportFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  return 'errMsg' in error || error instanceof TypeError || (error as { name?: unknown }).name === 'AbortError'
}

/**
 * Whether the phone itself has no network: `navigator.onLine` in a browser, `getNetworkType` in
 * WeChat. Both only know "no connection at all"; a weak signal reads as online, so the words for
 * `unreachable` name both the server and the signal.
 */
async function phoneIsOffline(errMsg: string): Promise<boolean> {
  if (/INTERNET_DISCONNECTED/i.test(errMsg)) return true
  if (process.env.TARO_ENV === 'weapp') {
    try {
      return (await Taro.getNetworkType()).networkType === 'none'
    } catch {
      return false
    }
  }
  return typeof navigator !== 'undefined' && navigator.onLine === false
}

async function describeTransportFailure(error: unknown): Promise<RequestError> {
  const errMsg = typeof error === 'object' && error && 'errMsg' in error ? String((error as { errMsg: unknown }).errMsg) : String(error)
  const name = typeof error === 'object' && error && 'name' in error ? String((error as { name: unknown }).name) : ''
  // weapp says "request:fail timeout"; H5 enforces the timeout by aborting the fetch
  const timedOut = /timeout|超时|abort/i.test(errMsg) || name === 'AbortError'
  const failure: RequestFailure = (await phoneIsOffline(errMsg)) ? 'offline' : timedOut ? 'timeout' : 'unreachable'
  return new RequestError({ failure, message: failureText({ failure }) })
}

/** `30 秒`, `2 分钟`: a Retry-After as people say it. */
function waitText(seconds: number): string {
  return seconds < 60 ? `${Math.max(1, Math.round(seconds))} 秒` : `${Math.ceil(seconds / 60)} 分钟`
}

/** Retry-After in seconds (delta form only; an HTTP date is rare from our BFF and its proxies). */
export function retryAfterOf(headers: Record<string, unknown> | undefined): number | undefined {
  if (!headers) return undefined
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === 'retry-after')
  const seconds = entry ? Number(String(entry[1]).trim()) : NaN
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined
}

/**
 * The one place that words a failure for people. It says whose side the trouble is on: the
 * phone's network (`offline`), the server not answering (`unreachable`), the server answering that
 * it is down or busy (5xx, 503/429 with Retry-After) — a villager told to "check the phone" when
 * the county's server is down walks to the village committee for a signal that was never the problem.
 * A server's own Chinese message (the error JSON) wins where there is one.
 */
export function failureText(params: { failure: RequestFailure; status?: number; retryAfterSeconds?: number; serverMessage?: string }): string {
  const { failure, status, retryAfterSeconds, serverMessage } = params
  switch (failure) {
    case 'offline':
      return '连不上网络。请检查手机网络后点“重试”。'
    case 'unreachable':
      return '连不上服务器：可能是服务器暂时出了问题，也可能是网络信号太弱。请过一会儿点“重试”。'
    case 'timeout':
      return '请求超时了：可能是信号太弱，也可能是服务器太忙。请过一会儿再试。'
    case 'invalid-response':
      return '收到的数据格式不对，可能是版本不一致。请稍后再试。'
    case 'http':
      if (serverMessage) return serverMessage
      if ((status === 503 || status === 429) && retryAfterSeconds !== undefined) return `服务器正忙，请 ${waitText(retryAfterSeconds)}后再试。`
      if ((status ?? 500) >= 500) return '服务暂时不可用：是服务器出了问题，不是手机网络的问题。请过一会儿再试。'
      return `请求没有成功（${status ?? '?'}）。`
  }
}

/** What to tell the user about a failed call: the words `failureText` chose for it, or `fallback` for a bug. */
export function failureMessage(failure: unknown, fallback: string): string {
  return failure instanceof RequestError ? failure.message : fallback
}

/**
 * Whether a failure is an outage — no network, no answer, or the server down (5xx) — after which a
 * copy saved on the phone is worth showing; and which kind, for the notice. A 4xx is no outage.
 */
export function outageOf(failure: unknown): 'offline' | 'server' | null {
  if (!(failure instanceof RequestError)) return null
  if (failure.failure === 'offline') return 'offline'
  if (failure.failure === 'unreachable' || failure.failure === 'timeout') return 'server'
  if (failure.failure === 'http' && (failure.status ?? 500) >= 500) return 'server'
  return null
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
  let response: { statusCode: number; data: unknown; header?: Record<string, unknown> }
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
    throw await describeTransportFailure(error)
  }

  if (response.statusCode < 200 || response.statusCode >= 300) {
    const status = response.statusCode
    const retryAfterSeconds = retryAfterOf(response.header)
    const body = apiErrorSchema.safeParse(response.data)
    if (body.success) {
      const { code, message, fields } = body.data.error
      throw new RequestError({
        failure: 'http',
        status,
        code: code as FailureCode,
        message: failureText({ failure: 'http', status, retryAfterSeconds, serverMessage: message }),
        fields,
        retryAfterSeconds,
        body: response.data,
      })
    }
    throw new RequestError({ failure: 'http', status, retryAfterSeconds, message: failureText({ failure: 'http', status, retryAfterSeconds }) })
  }

  const parsed = params.schema.safeParse(response.data)
  if (!parsed.success) {
    throw new RequestError({ failure: 'invalid-response', message: failureText({ failure: 'invalid-response' }) })
  }
  return parsed.data
}

export type CallInput<E extends Endpoint> = (ParamsInput<E> extends undefined ? { params?: undefined } : { params: ParamsInput<E> }) &
  (QueryInput<E> extends undefined ? { query?: undefined } : { query?: QueryInput<E> }) &
  (BodyInput<E> extends undefined ? { body?: undefined } : { body: BodyInput<E> }) & { headers?: Record<string, string>; timeoutMs?: number }

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
export function conflictBody<E extends Endpoint>(
  failure: unknown,
  endpoint: E,
): (E['responses'][409] extends z.ZodMiniType ? z.output<E['responses'][409]> : never) | null {
  const schema = (endpoint.responses as Record<number, unknown>)[409] as z.ZodMiniType | undefined
  if (!(failure instanceof RequestError) || failure.status !== 409 || !schema) return null
  const parsed = schema.safeParse(failure.body)
  return parsed.success ? (parsed.data as never) : null
}
