import express from 'express'
import request from 'supertest'
import { AppError } from '../../../server/errors/app-error'
import { errorMiddleware } from '../../../server/http/error-middleware'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, silentLogger } from '../support/test-app'

/** A route that sets a success's caching first, then fails the way routes fail. */
function appFailingWith(error: unknown) {
  const app = express()
  // as in createApp: no body-hash ETags; a route sets its own
  app.set('etag', false)
  app.get('/thing', (_req, res, next) => {
    res.set({ 'Cache-Control': 'public, max-age=86400', ETag: '"v1"' })
    next(error)
  })
  app.use(errorMiddleware(silentLogger))
  return app
}

describe('errorMiddleware', () => {
  it.each([
    ['a 404', AppError.of('NOT_FOUND', { message: '没有' }), 404],
    ['a 502', AppError.of('WXACODE_FAILED', { message: '微信暂时没有生成小程序码' }), 502],
    ['a database that went away (503)', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 503],
    ['a bug (500)', new Error('boom'), 500],
  ])('%s never carries the success’s Cache-Control or ETag: no-store', async (_name, error, status) => {
    const response = await request(appFailingWith(error)).get('/thing')
    expect(response.status).toBe(status)
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers.etag).toBeUndefined()
  })

  it('a 503 for the database keeps its Retry-After', async () => {
    const response = await request(appFailingWith(Object.assign(new Error('Connection terminated unexpectedly'), {}))).get('/thing')
    expect(response.status).toBe(503)
    expect(response.headers['retry-after']).toBe('5')
  })
})

describe('errorMiddleware headers from the catalogue', () => {
  it('when a 401 is thrown, answers with the challenge the catalogue declares for its code', async () => {
    const signIn = await request(appFailingWith(AppError.of('UNAUTHORIZED'))).get('/thing')
    expect(signIn.status).toBe(401)
    expect(signIn.headers['www-authenticate']).toBe('Bearer')
    const metrics = await request(appFailingWith(AppError.of('METRICS_UNAUTHORIZED'))).get('/thing')
    expect(metrics.headers['www-authenticate']).toBe('Bearer realm="metrics"')
  })

  it('when a throw gives its own wait, answers Retry-After with it instead of the catalogue’s', async () => {
    const declared = await request(appFailingWith(AppError.of('RATE_LIMITED'))).get('/thing')
    expect(declared.headers['retry-after']).toBe('60')
    const own = await request(appFailingWith(AppError.of('RATE_LIMITED', { retryAfterSeconds: 17 }))).get('/thing')
    expect(own.status).toBe(429)
    expect(own.headers['retry-after']).toBe('17')
  })

  it('when a code declares neither, answers with neither header', async () => {
    const response = await request(appFailingWith(AppError.of('SLOT_FULL'))).get('/thing')
    expect(response.headers['www-authenticate']).toBeUndefined()
    expect(response.headers['retry-after']).toBeUndefined()
  })
})

describeEachStorage('the BFF’s 401 and 429 headers', (storage: () => Storage) => {
  it('when a staff list is asked for without a token, answers 401 with WWW-Authenticate: Bearer', async () => {
    const app = await buildTestApp(storage())
    const response = await request(app).get('/api/staff/bookings')
    expect(response.status).toBe(401)
    expect(response.body.error.code).toBe('UNAUTHORIZED')
    expect(response.headers['www-authenticate']).toBe('Bearer')
  })

  it('when a real limit refuses, answers 429 with its own window’s seconds, not the catalogue’s default', async () => {
    // 200 s into a 10-minute lookup window: 400 s are left
    const now = () => new Date('2026-11-26T00:03:20Z')
    const app = await buildTestApp(storage(), { rateLimits: { bookingsPerIp: 100, bookingsPerPhone: 100, lookupsPerIp: 1, lookupsPerCode: 100 }, now })
    const lookup = () => request(app).get('/api/bookings/ZZZZZZZZ').query({ phoneLast4: '0000' })
    expect((await lookup()).status).toBe(404)
    const refused = await lookup()
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBe('400')
    expect(refused.body.error.message).toBe('操作太频繁了，请 7 分钟后再试')
  })
})
