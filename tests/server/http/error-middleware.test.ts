import express from 'express'
import request from 'supertest'
import { AppError } from '../../../server/http/app-error'
import { errorMiddleware } from '../../../server/http/error-middleware'
import { silentLogger } from '../support/test-app'

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
    ['a 404', new AppError({ status: 404, code: 'NOT_FOUND', message: '没有' }), 404],
    ['a 502', new AppError({ status: 502, code: 'WXACODE_FAILED', message: '微信暂时没有生成小程序码' }), 502],
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
