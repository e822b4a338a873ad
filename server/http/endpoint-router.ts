import { Router, type Request, type RequestHandler, type Response } from 'express'
import type * as z from 'zod/mini'
import type { Endpoint } from '../../contracts/endpoint'
import { parseInput } from './validation'

/** Returned by a handler that wrote the answer itself (images, CSV, HTML, 304, encoded bodies). */
export interface Sent {
  readonly answer: 'sent'
}
export const SENT: Sent = Object.freeze({ answer: 'sent' })

type JsonStatus<E extends Endpoint> = { [S in keyof E['responses']]: E['responses'][S] extends z.ZodMiniType ? S : never }[keyof E['responses']]

/** A JSON answer the endpoint declares: its status and a body its schema accepts. */
export type Reply<E extends Endpoint> = {
  [S in JsonStatus<E>]: { status: S; body: E['responses'][S] extends z.ZodMiniType ? z.input<E['responses'][S]> : never; headers?: Record<string, string> }
}[JsonStatus<E>]

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined

export interface RouteInput<E extends Endpoint> {
  params: Parsed<E['params']>
  query: Parsed<E['query']>
  headers: Parsed<E['headers']>
  body: Parsed<E['body']>
  req: Request
  res: Response
}

export interface RouteOptions<E extends Endpoint> {
  /** run before any input is read (e.g. a per-address limit that counts invalid requests too) */
  before?: RequestHandler[]
  /** reads the body instead of `endpoint.body` (a union whose branch the route picks, for clearer errors) */
  parseBody?: (body: unknown) => Parsed<E['body']>
  handle: (input: RouteInput<E>) => Promise<Reply<E> | Sent> | Reply<E> | Sent
}

/** The roles an endpoint admits (declared with it, in contracts): http needs no more of auth than this. */
type EndpointRole = NonNullable<Endpoint['auth']>[number]

export interface EndpointRouterDeps {
  /** the middleware that admits signed-in users of these roles; needed by endpoints with `auth` */
  authenticate?: (roles: readonly EndpointRole[]) => RequestHandler
  /** check every JSON answer against its schema (tests): a drifted answer is a 500, not a silent mismatch */
  checkResponses?: boolean
}

function pickHeaders(req: Request, schema: z.ZodMiniObject): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, req.get(name)]))
}

/**
 * A router whose routes are endpoints from contracts/: the path and method come from the
 * declaration, the declared schemas read params, query, headers and body (400 naming the field
 * otherwise), and the handler answers one of the declared statuses.
 */
export function endpointRouter(deps: EndpointRouterDeps = {}) {
  const router = Router()
  const registered: Endpoint[] = []

  function route<E extends Endpoint>(endpoint: E, options: RouteOptions<E>): void {
    const guards: RequestHandler[] = []
    if (endpoint.auth) {
      if (!deps.authenticate) throw new Error(`${endpoint.method} ${endpoint.path} needs a signed-in user but the router has no authenticate`)
      guards.push(deps.authenticate(endpoint.auth))
    }
    const handler: RequestHandler = async (req, res) => {
      const input = {
        params: endpoint.params ? parseInput({ schema: endpoint.params, value: req.params, source: 'params' }) : undefined,
        query: endpoint.query ? parseInput({ schema: endpoint.query, value: req.query, source: 'query' }) : undefined,
        headers: endpoint.headers ? parseInput({ schema: endpoint.headers, value: pickHeaders(req, endpoint.headers), source: 'headers' }) : undefined,
        body: options.parseBody
          ? options.parseBody(req.body)
          : endpoint.body
            ? parseInput({ schema: endpoint.body, value: req.body, source: 'body' })
            : undefined,
        req,
        res,
      } as RouteInput<E>
      const reply = await options.handle(input)
      if ('answer' in reply) return
      const schema = (endpoint.responses as Record<number, unknown>)[reply.status as number] as z.ZodMiniType | undefined
      if (deps.checkResponses && schema) {
        const checked = schema.safeParse(reply.body)
        if (!checked.success)
          throw new Error(
            `${endpoint.method} ${endpoint.path} answered ${String(reply.status)} with a body its contract refuses: ${JSON.stringify(checked.error.issues.slice(0, 3))}`,
          )
      }
      if (reply.headers) res.set(reply.headers)
      sendJson(res, reply.status as number, reply.body)
    }
    const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'
    router[method](endpoint.path, ...(options.before ?? []), ...guards, handler)
    registered.push(endpoint)
  }

  return { router, route, registered }
}

/**
 * A JSON answer written straight to the response: what `res.status().json()` sends here (no ETag —
 * the app disables it —, so no freshness check), without Express's per-answer content-type lookup
 * and charset parsing (mime-types and content-type in a CPU profile of `GET /api/stations/nearest`).
 * Node drops the body of a HEAD answer itself; compression, where it applies, wraps `end`.
 */
export function sendJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Content-Length', Buffer.byteLength(text))
  res.end(text)
}

/** The usual success: 200 with the body. */
export function ok<B>(body: B): { status: 200; body: B } {
  return { status: 200, body }
}
