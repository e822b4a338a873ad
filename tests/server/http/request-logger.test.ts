import { randomUUID } from 'node:crypto'
import pino from 'pino'
import request from 'supertest'
import type { Storage } from '../../../server/storage/database'
import { routeLabel, unmatchedPath } from '../../../server/http/request-logger'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

// a position in Xiushan with digits no other log field could carry by chance
const LAT = '28.4516937'
const LNG = '108.9931442'
const PHONE = '13812347777'

describeEachStorage('request log lines', (storage: () => Storage) => {
  let lines: string[]
  const logger = () => pino({ level: 'info' }, { write: (line: string) => lines.push(line) })
  const requestLines = () =>
    lines
      .map((line) => JSON.parse(line) as { msg: string; route?: string; url?: string; status?: number; method?: string })
      .filter((line) => line.msg === 'request')

  beforeEach(() => {
    lines = []
  })

  it('name the route pattern; no position, booking code, phone or its last 4 digits appear anywhere in the log', async () => {
    const app = await buildTestApp(storage(), { logger: logger() })
    const created = await request(app)
      .post('/api/bookings')
      .set('Idempotency-Key', randomUUID())
      .send({
        stationId: '500241103-ws',
        slotStart: '2026-11-27T11:00:00+08:00',
        matter: 'labor_wages',
        description: '欠薪',
        name: '赵六',
        phone: PHONE,
        consent: true,
      })
    expect(created.status).toBe(201)
    const code = (created.body as { code: string }).code

    expect((await request(app).get('/api/stations/nearest').query({ lat: LAT, lng: LNG, limit: 3 })).status).toBe(200)
    expect((await request(app).get('/api/home').query({ lat: LAT, lng: LNG, bookings: code })).status).toBe(200)
    expect((await request(app).get(`/api/bookings/${code}`).query({ phoneLast4: '7777' })).status).toBe(200)
    // a wrong proof (404 from the route) and a malformed one (400 from validation) go through the error handler
    expect((await request(app).get(`/api/bookings/${code}`).query({ phoneLast4: '0000' })).status).toBe(404)
    expect((await request(app).get(`/api/bookings/${code}`).query({ phoneLast4: 'x7777' })).status).toBe(400)
    expect((await request(app).post(`/api/bookings/${code}/cancel`).send({ phoneLast4: '7777', reason: '有事' })).status).toBe(200)
    expect((await request(app).get('/api/stations/500241103-ws/slots').query({ date: '2026-11-27' })).status).toBe(200)
    // no route: 404 from the API's catch-all, and a body refused before routing
    expect((await request(app).get(`/api/bookings/${code}/nothing-here`).query({ lat: LAT })).status).toBe(404)
    expect((await request(app).post(`/api/bookings/${code}/cancel`).set('Content-Type', 'text/plain').send(`phoneLast4=7777&lat=${LAT}`)).status).toBe(415)

    const log = lines.join('\n')
    for (const secret of [LAT, LNG, PHONE, '7777', code, '赵六', 'phoneLast4', 'lat=', 'lng=']) expect(log).not.toContain(secret)

    expect(requestLines().map((line) => `${line.method} ${line.route} ${line.status}`)).toEqual([
      'POST /api/bookings 201',
      'GET /api/stations/nearest 200',
      'GET /api/home 200',
      'GET /api/bookings/:code 200',
      'GET /api/bookings/:code 404',
      'GET /api/bookings/:code 400',
      'POST /api/bookings/:code/cancel 200',
      'GET /api/stations/:id/slots 200',
      'GET /api/bookings/*/* 404',
      'POST /api/bookings/*/* 415',
    ])
    expect(requestLines().every((line) => line.url === undefined)).toBe(true)
    // the booking itself is logged by its code's first 2 characters only
    expect(log).toContain(`"code":"${code.slice(0, 2)}…"`)
  })
})

describe('redacting paths nobody matched', () => {
  it('keeps /api/<domain> and hides every segment after it; outside /api keeps only literal words', () => {
    expect(unmatchedPath('/api/bookings/5Q62RHAU?phoneLast4=2222')).toBe('/api/bookings/*')
    expect(unmatchedPath('/api/5Q62RHAU')).toBe('/api/*')
    expect(unmatchedPath('/api')).toBe('/api')
    expect(unmatchedPath('/pages/station/index?id=500241103-ws&lat=28.4')).toBe('/pages/station/index')
    expect(unmatchedPath('/pages/me/5Q62RHAU')).toBe('/pages/me/*')
  })

  it('a request no router saw is labelled by its redacted path', () => {
    expect(routeLabel({ originalUrl: '/api/stations/nearest?lat=28.45&lng=108.99', url: '/' } as Parameters<typeof routeLabel>[0])).toBe('/api/stations/*')
  })
})
