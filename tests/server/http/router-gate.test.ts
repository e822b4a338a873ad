import express, { Router } from 'express'
import request from 'supertest'
import { gatedRouters, inSequence, literalPrefix, routePathMatcher, routersFor } from '../../../server/http/router-gate'

/** A router answering `name` on each of `paths` (GET). */
function answering(name: string, paths: string[]): Router {
  const router = Router()
  for (const path of paths) router.get(path, (_req, res) => void res.json({ name }))
  return router
}

describe('literalPrefix', () => {
  it('keeps the path up to the first parameter, wildcard or group, lower-cased', () => {
    expect(['/api/stations/nearest', '/api/stations/:id/slots', '/api/Reports/:id', '/files/*rest', '/api/things{/:id}'].map(literalPrefix)).toEqual([
      '/api/stations/nearest',
      '/api/stations/',
      '/api/reports/',
      '/files/',
      '/api/things',
    ])
  })
})

describe('routePathMatcher', () => {
  it('matches literal and :name segments as Express does: any case, one trailing slash, a parameter is one segment', () => {
    const matches = routePathMatcher('/api/reports/:id')
    expect(['/api/reports/2023-abc', '/API/Reports/2023-abc', '/api/reports/2023-abc/'].map(matches)).toEqual([true, true, true])
    expect(['/api/reports', '/api/reports/', '/api/reports/a/search', '/api/reportsx/a', '/xapi/reports/a'].map(matches)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
  })

  it('refuses paths it cannot read rather than guess', () => {
    expect(() => routePathMatcher('/files/*rest')).toThrow()
  })
})

describe('routersFor', () => {
  it('keeps, in order, the routers a path may enter and every router that is not plain routes', () => {
    const stations = { router: Router(), prefixes: ['/api/stations/nearest', '/api/stations/'] }
    const reports = { router: Router(), prefixes: ['/api/reports'] }
    const middleware = { router: Router(), prefixes: null }
    const gates = [reports, middleware, stations]
    expect(routersFor({ gates, path: '/api/stations/nearest' })).toEqual([middleware.router, stations.router])
    expect(routersFor({ gates, path: '/API/REPORTS/x' })).toEqual([reports.router, middleware.router])
    expect(routersFor({ gates, path: '/api/home' })).toEqual([middleware.router])
  })

  it('enters a router of plain routes only when one of its routes matches the whole path, not just its start', () => {
    const slots = { router: Router(), prefixes: ['/api/stations/'], matchers: [routePathMatcher('/api/stations/:id/slots')] }
    const stations = {
      router: Router(),
      prefixes: ['/api/stations/nearest', '/api/stations/'],
      matchers: [routePathMatcher('/api/stations/nearest'), routePathMatcher('/api/stations/:id')],
    }
    const gates = [slots, stations]
    expect(routersFor({ gates, path: '/api/stations/nearest' })).toEqual([stations.router])
    expect(routersFor({ gates, path: '/api/stations/500241103-ws/slots' })).toEqual([slots.router])
    expect(routersFor({ gates, path: '/api/stations/500241103-ws/' })).toEqual([stations.router])
    expect(routersFor({ gates, path: '/api/stations/a/b/c' })).toEqual([])
  })
})

describe('gatedRouters', () => {
  it('answers every path as app.use(...routers) would, whichever router holds it', async () => {
    const routers = () => [
      answering('reports', ['/api/reports', '/api/reports/:id']),
      answering('first-nearest', ['/api/stations/nearest']),
      answering('stations', ['/api/stations/nearest', '/api/stations/:id']),
    ]
    const gated = express().use(gatedRouters(routers()))
    const plain = express().use(...routers())
    for (const path of ['/api/reports', '/api/reports/r1', '/API/Stations/Nearest', '/api/stations/s1/', '/api/stations', '/api/nothing']) {
      const [a, b] = await Promise.all([request(gated).get(path), request(plain).get(path)])
      expect([path, a.status, a.text]).toEqual([path, b.status, b.text])
    }
  })

  it('passes a router error to the error handlers and skips the routers after it; next("router") goes on to the next router', async () => {
    const failing = Router()
    failing.get('/api/x', () => {
      throw new Error('boom')
    })
    const leaving = Router()
    leaving.get('/api/y', (_req, _res, next) => next('router'))
    const app = express()
      .use(gatedRouters([failing, leaving, answering('after', ['/api/x', '/api/y'])]))
      .use(((error, _req, res, _next) => void res.status(500).json({ error: (error as Error).message })) as express.ErrorRequestHandler)
    expect((await request(app).get('/api/x')).body).toEqual({ error: 'boom' })
    expect((await request(app).get('/api/y')).body).toEqual({ name: 'after' })
  })

  it('lets a router with middleware see every request', async () => {
    const seen: string[] = []
    const watching = Router()
    watching.use((req, _res, next) => {
      seen.push(req.path)
      next()
    })
    const app = express().use(gatedRouters([answering('a', ['/api/a']), watching, answering('b', ['/api/b'])]))
    await request(app).get('/api/b')
    await request(app).get('/elsewhere')
    expect(seen).toEqual(['/api/b', '/elsewhere'])
  })
})

describe('inSequence', () => {
  it('runs the middlewares in order under the mount path, and an error skips the rest for the error handlers', async () => {
    const seen: string[] = []
    const record: express.RequestHandler = (req, _res, next) => {
      seen.push(`${req.baseUrl} ${req.path}`)
      next()
    }
    const refuse: express.RequestHandler = (req, _res, next) => next(req.query.refuse ? new Error('refused') : undefined)
    const app = express()
      .use('/api', inSequence([record, refuse, record]))
      .get('/api/x', (_req, res) => void res.json({ ok: true }))
      .use(((error, _req, res, _next) => void res.status(400).json({ error: (error as Error).message })) as express.ErrorRequestHandler)
    expect((await request(app).get('/api/x')).body).toEqual({ ok: true })
    expect((await request(app).get('/api/x?refuse=1')).body).toEqual({ error: 'refused' })
    await request(app).get('/other')
    expect(seen).toEqual(['/api /x', '/api /x', '/api /x'])
  })
})
