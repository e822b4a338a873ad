import type * as z from 'zod/mini'
import type { UserRole } from './auth'
import type { ErrorCode } from './error-codes'

/**
 * One HTTP endpoint, declared once: the server registers its route from it (and validates the
 * request with its schemas), the client builds its URL and checks the answer with it, and the
 * OpenAPI document is generated from it.
 *
 * Why our own ~100 lines and not ts-rest: @ts-rest/core supports zod 4 only in a release candidate
 * (standard schema), not zod/mini (which keeps the mini program's main package small), and its
 * Express adapter is written for Express 4; we use Express 5. What we need is small: a typed path,
 * its schemas, and its error codes.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** A body that is not JSON (images, CSV, an HTML poster): described for the OpenAPI document. */
export interface RawBody {
  raw: string
  description: string
}

/** A response's body: a schema (JSON), a raw body, or null (none: 204, 304). */
export type ResponseBody = z.ZodMiniType | RawBody | null

export interface Endpoint {
  method: HttpMethod
  /** Express syntax: `/api/bookings/:code` */
  path: `/api/${string}`
  /** groups endpoints in the document (one per server domain folder) */
  tag: 'health' | 'home' | 'reports' | 'stations' | 'scenes' | 'auth' | 'bookings' | 'staff' | 'mediations' | 'qr'
  /** who may call it: anyone, or a signed-in user of these roles (Bearer token) */
  auth?: readonly UserRole[]
  params?: z.ZodMiniObject
  query?: z.ZodMiniType
  /** lower-case header names */
  headers?: z.ZodMiniObject
  body?: z.ZodMiniType
  /** success answers (and 409s that carry data) by status */
  responses: Partial<Record<200 | 201 | 204 | 304 | 409 | 503, ResponseBody>>
  /** error codes this endpoint answers besides the ones every endpoint may (see `commonErrorCodes`) */
  errors: readonly ErrorCode[]
  /**
   * `keep`: the H5 service worker may keep the answer to read offline (Cache Storage 'public-data',
   * config/h5-runtime-caching.ts). Public data only, and never an answer to the phone's position.
   */
  serviceWorker?: 'keep'
}

/** Codes any endpoint may answer: bad input, limits, the database gone or too busy. */
export const commonErrorCodes = [
  'VALIDATION_FAILED',
  'INVALID_JSON',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNSUPPORTED_ENCODING',
  'REQUEST_ABORTED',
  'BAD_REQUEST',
  'DATABASE_UNAVAILABLE',
  'DATABASE_BUSY',
  'INTERNAL',
] as const satisfies readonly ErrorCode[]

/** What a declaration says after its method and path: errors it may answer besides the common ones (none when left out). */
type Declaration = Omit<Endpoint, 'method' | 'path' | 'errors'> & { errors?: readonly ErrorCode[] }
type Declared<M, P, E> = Omit<E, 'errors'> & { method: M; path: P; errors: readonly ErrorCode[] }

/** One endpoint, its method and path first (as a route table reads); keeps the literal types while checking it is an endpoint. */
export function defineEndpoint<const M extends HttpMethod, const P extends Endpoint['path'], const E extends Declaration>(
  method: M,
  path: P,
  declaration: E,
): Declared<M, P, E> {
  return { method, path, ...declaration, errors: declaration.errors ?? [] }
}

/** What endpoints of a group may share: their tag, who may call them, path parameters, headers, answers and errors. */
type SharedParts = Partial<Pick<Endpoint, 'tag' | 'auth' | 'params' | 'headers' | 'responses' | 'errors'>>
/** What one endpoint of the group says: the rest, and any shared part it sets otherwise. */
type OwnParts<S extends SharedParts> = Omit<Declaration, keyof S> & Partial<Pick<Declaration, keyof S & keyof Declaration>>
type Grouped<S extends SharedParts, M, P, E> = Omit<S, keyof E | 'errors'> & Declared<M, P, E>

/**
 * Declares endpoints that share parts (staff-only endpoints of a station, a report's endpoints …):
 * each declaration then says its method, its path and what else is its own. Its errors come after
 * the group's, and a part it sets itself (another `params`) replaces the group's.
 */
export function endpointGroup<const S extends SharedParts>(shared: S) {
  return <const M extends HttpMethod, const P extends Endpoint['path'], const E extends OwnParts<S>>(method: M, path: P, own: E): Grouped<S, M, P, E> => ({
    method,
    path,
    ...shared,
    ...own,
    errors: [...(shared.errors ?? []), ...(own.errors ?? [])],
  })
}

type SuccessStatus = 200 | 201 | 204
type JsonOf<R> = R extends z.ZodMiniType ? z.output<R> : R extends null ? undefined : unknown

/** What a successful call answers (the first success status declared). */
export type SuccessBody<E extends Endpoint> = { [S in SuccessStatus]: S extends keyof E['responses'] ? JsonOf<E['responses'][S]> : never }[SuccessStatus]

/** Path parameters as the caller passes them. */
export type ParamsInput<E extends Endpoint> = E['params'] extends z.ZodMiniObject ? z.input<E['params']> : undefined
export type QueryInput<E extends Endpoint> = E['query'] extends z.ZodMiniType ? z.input<E['query']> : undefined
export type BodyInput<E extends Endpoint> = E['body'] extends z.ZodMiniType ? z.input<E['body']> : undefined

/** `/api/bookings/:code` + `{ code: 'AB23CD45' }` → `/api/bookings/AB23CD45` (each value URI-encoded). */
export function endpointPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = params?.[name]
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`)
    return encodeURIComponent(value)
  })
}

/** `?a=1&b=x` from the defined values (numbers and booleans as text), or '' when none. */
export function queryString(query: Record<string, string | number | boolean | undefined | null> | undefined): string {
  if (!query) return ''
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== null && entry[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  return pairs.length > 0 ? `?${pairs.join('&')}` : ''
}
