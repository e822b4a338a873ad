import type { NextFunction, Request, RequestHandler, Response, Router } from 'express'

/**
 * The literal start of an Express 5 route path (path-to-regexp 8): everything before the first
 * parameter (`:id`), wildcard (`*rest`), optional group (`{…}`) or escape, lower-cased as the
 * router compares paths (case-insensitive, Express's default). A request whose path does not start
 * with it cannot match the route.
 */
export function literalPrefix(path: string): string {
  const end = path.search(/[:*{}()\\[\]?+!]/)
  return (end === -1 ? path : path.slice(0, end)).toLowerCase()
}

/**
 * Whether a request path matches a route path made of literal segments and `:name` parameters, as
 * Express matches it (case-insensitive, one optional trailing slash, a parameter is one non-empty
 * segment). Other path-to-regexp syntax is refused rather than guessed.
 */
export function routePathMatcher(path: string): (requestPath: string) => boolean {
  if (/[*{}()\\[\]?+!]/.test(path)) throw new Error(`routePathMatcher reads literal and :name segments only, not ${path}`)
  const pattern = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.^$|]/g, '\\$&')))
    .join('/')
  const regex = new RegExp(`^${pattern}/?$`, 'i')
  return (requestPath) => regex.test(requestPath)
}

/**
 * Whether a request is for one of `endpoints` (method and path as contracts/ declare them; HEAD
 * counts as GET, as Express routes it).
 */
export function endpointMatcher(endpoints: ReadonlyArray<{ method: string; path: string }>): (request: { method: string; path: string }) => boolean {
  const matchers = endpoints.map((endpoint) => ({ method: endpoint.method, matches: routePathMatcher(endpoint.path) }))
  return (request) =>
    matchers.some(
      (endpoint) => (request.method === endpoint.method || (request.method === 'HEAD' && endpoint.method === 'GET')) && endpoint.matches(request.path),
    )
}

interface StackLayer {
  route?: { path?: unknown }
}

/**
 * A router and what a request's path must be to enter it; null: it must see every request
 * (middleware, mounted routers, pattern arrays). `prefixes`, the literal starts of its routes, is
 * the cheap first check; `matchers`, where every route path is literal and `:name` segments, the
 * exact one (a request for `/api/stations/nearest` need not walk the router of `/api/stations/:id/slots`).
 */
interface Gate {
  router: Router
  prefixes: string[] | null
  matchers?: ReadonlyArray<(path: string) => boolean> | null
}

function exactMatchers(paths: readonly string[]): Array<(path: string) => boolean> | null {
  try {
    return paths.map(routePathMatcher)
  } catch {
    // other path syntax: the prefixes alone decide
    return null
  }
}

function gateOf(router: Router): Gate {
  const paths = (router as unknown as { stack: StackLayer[] }).stack.map((layer) => layer.route?.path)
  const plain = paths.length > 0 && paths.every((path): path is string => typeof path === 'string')
  if (!plain) return { router, prefixes: null }
  return { router, prefixes: [...new Set(paths.map(literalPrefix))], matchers: exactMatchers(paths) }
}

/** Which routers a path may enter, in order (pure: exported for its test). */
export function routersFor(params: { gates: readonly Gate[]; path: string }): Router[] {
  const path = params.path.toLowerCase()
  return params.gates
    .filter(
      (gate) =>
        gate.prefixes === null ||
        (gate.prefixes.some((prefix) => path.startsWith(prefix)) && (!gate.matchers || gate.matchers.some((matches) => matches(path)))),
    )
    .map((gate) => gate.router)
}

/** One request's walk through handlers (the routers it may enter); one that does not answer passes it on. */
class Walk {
  private index = 0

  constructor(
    private readonly routers: readonly RequestHandler[],
    private readonly req: Request,
    private readonly res: Response,
    private readonly next: NextFunction,
  ) {}

  readonly proceed = (error?: unknown): void => {
    // a router ends with done(error), done() or done(null) (after next('router')), as Express's own chain
    if (error !== undefined && error !== null) {
      this.next(error)
      return
    }
    const router = this.routers[this.index]
    this.index += 1
    if (router === undefined) this.next()
    else router(this.req, this.res, this.proceed)
  }
}

/**
 * The routers in order, as `app.use(...routers)` would run them, except that a request enters only
 * the routers whose routes it could match. Express enters each mounted router in turn and tries
 * every route of it, so a request for one of the last paid for all the others (the BFF mounts
 * sixteen; ~a fifth of `GET /api/stations/nearest`, bench/http-throughput.bench.ts).
 * Case-sensitive routing would need case-sensitive prefixes: not supported, the app does not use it.
 */
export function gatedRouters(routers: readonly Router[]): RequestHandler {
  const gates = routers.map(gateOf)
  const gated: RequestHandler = (req, res, next) => {
    new Walk(routersFor({ gates, path: req.path }), req, res, next).proceed()
  }
  // what reads Express's router stacks (the endpoint inventory test) still finds every route here
  return Object.assign(gated, { stack: routers.flatMap((router) => (router as unknown as { stack: StackLayer[] }).stack) })
}

/**
 * Middlewares run one after the other as one: `app.use('/api', inSequence([a, b]))` behaves as
 * `app.use('/api', a, b)` (an error skips the rest), but Express matches the mount path and trims
 * it from the URL once instead of once per middleware.
 */
export function inSequence(handlers: readonly RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    new Walk(handlers, req, res, next).proceed()
  }
}
