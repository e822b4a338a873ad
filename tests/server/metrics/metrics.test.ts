import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Express } from 'express'
import { Pool } from 'pg'
import request from 'supertest'
import { bookingCreatedSchema, loginResponseSchema, slotsResponseSchema } from '../../../contracts'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import { DEFAULT_RATE_LIMITS } from '../../../server/config'
import { createStationDirectory } from '../../../server/stations/station-directory'
import { KyselyStationRepository } from '../../../server/stations/station.repository'
import { openStorage, type Storage } from '../../../server/storage/database'
import { createUpstreamClient } from '../../../server/upstream/upstream-client'
import { startFakeUpstream } from '../../support/fake-upstream'
import { proxiedPostgres, type CuttableProxy } from '../support/cuttable-proxy'
import { onPostgres, skipNote } from '../support/databases'
import { scrape } from '../support/metrics-scrape'
import { describeEachStorage, testDatabaseUrl } from '../support/storages'
import { buildTestApp, bundledStationsDir, fixedNow, silentLogger } from '../support/test-app'
import { mediationRecord } from '../../support/mediation-records'

// fixedNow is Thursday 2026-11-26 08:00 in Xiushan: Friday's default slots are open
const STATION = '500241103-ws'
const DAY = '2026-11-27'

let phoneCounter = 0
const nextPhone = () => `1390023${String((phoneCounter += 1)).padStart(4, '0')}`
/** an address per test (X-Forwarded-For under TRUST_PROXY=loopback): the per-address limits of one test never meet another's */
let addressCounter = 0
const nextAddress = () => `198.51.100.${(addressCounter += 1)}`

async function freeSlot(app: Express, stationId = STATION): Promise<string> {
  const slots = slotsResponseSchema.parse((await request(app).get(`/api/stations/${stationId}/slots`).query({ date: DAY })).body).slots
  const slot = slots.find((candidate) => candidate.remaining > 0)
  if (!slot) throw new Error(`no free slot left at ${stationId} on ${DAY}`)
  return slot.start
}

function bookingBody(params: { slotStart: string; phone?: string; stationId?: string }) {
  return {
    stationId: params.stationId ?? STATION,
    slotStart: params.slotStart,
    matter: 'labor_wages',
    description: '工地老板拖欠工资',
    name: '王五',
    phone: params.phone ?? nextPhone(),
    consent: true,
  }
}

/** How much each counter moved between two scrapes (a missing sample counts as 0). */
function moved(before: Awaited<ReturnType<typeof scrape>>, after: Awaited<ReturnType<typeof scrape>>, name: string, labels?: Record<string, string>): number {
  return (after.value(name, labels) ?? 0) - (before.value(name, labels) ?? 0)
}

describeEachStorage('GET /metrics', (storage: () => Storage) => {
  it('when a booking is made, replayed with its Idempotency-Key and cancelled, answers counters moved by one each, and the histogram names route patterns, never the code or the phone', async () => {
    const app = await buildTestApp(storage())
    const before = await scrape(app)
    const body = bookingBody({ slotStart: await freeSlot(app) })
    const key = randomUUID()
    const created = await request(app).post('/api/bookings').set('Idempotency-Key', key).send(body)
    expect(created.status).toBe(201)
    const { code } = bookingCreatedSchema.parse(created.body)
    const replayed = await request(app).post('/api/bookings').set('Idempotency-Key', key).send(body)
    expect(replayed.status).toBe(201)
    expect(replayed.headers['idempotent-replayed']).toBe('true')
    expect(
      (
        await request(app)
          .get(`/api/bookings/${code}`)
          .query({ phoneLast4: body.phone.slice(-4) })
      ).status,
    ).toBe(200)
    expect(
      (
        await request(app)
          .post(`/api/bookings/${code}/cancel`)
          .send({ phoneLast4: body.phone.slice(-4), reason: '家里有事' })
      ).status,
    ).toBe(200)
    const after = await scrape(app)

    expect(moved(before, after, 'fazhitong_bookings_created_total')).toBe(1)
    expect(moved(before, after, 'fazhitong_idempotent_replays_total')).toBe(1)
    expect(moved(before, after, 'fazhitong_bookings_cancelled_total', { by: 'resident' })).toBe(1)
    expect(moved(before, after, 'fazhitong_bookings_cancelled_total', { by: 'staff' })).toBe(0)
    // due now: the booking's confirmation and its cancellation; for later: the reminder the day before
    expect(moved(before, after, 'fazhitong_reminder_queue_depth', { state: 'due' })).toBe(2)
    expect(moved(before, after, 'fazhitong_reminder_queue_depth', { state: 'scheduled' })).toBe(1)

    const duration = 'fazhitong_http_request_duration_seconds'
    expect(after.families.find((family) => family.name === duration)?.type).toBe('HISTOGRAM')
    expect(after.value(duration, { method: 'POST', route: '/api/bookings', status: '201' })).toBe(2)
    expect(after.value(duration, { method: 'GET', route: '/api/bookings/:code', status: '200' })).toBe(1)
    expect(after.value(duration, { method: 'POST', route: '/api/bookings/:code/cancel', status: '200' })).toBe(1)
    expect(after.value(duration, { method: 'GET', route: '/api/stations/:id/slots', status: '200' })).toBeGreaterThanOrEqual(1)
    expect(after.text).not.toContain(code)
    expect(after.text).not.toContain(body.phone)
    expect(after.labelValues().filter((value) => value.includes(STATION) || value.includes(body.phone.slice(-4)) || value.includes('?'))).toEqual([])
  })

  it('when staff cancel a booking, counts it as cancelled by staff', async () => {
    const app = await buildTestApp(storage())
    const username = `desk-${randomUUID().slice(0, 8)}`
    const { password } = await new AuthService({ users: new UserRepository(storage().db), now: fixedNow }).addStaff({
      stationId: STATION,
      username,
      displayName: '值班员',
    })
    const { token } = loginResponseSchema.parse(
      (await request(app).post('/api/auth/login').send({ username, password, newPassword: 'own-password-2026' })).body,
    )
    const created = bookingCreatedSchema.parse(
      (
        await request(app)
          .post('/api/bookings')
          .send(bookingBody({ slotStart: await freeSlot(app) }))
      ).body,
    )
    const { id } = await storage().db.selectFrom('bookings').select('id').where('code', '=', created.code).executeTakeFirstOrThrow()
    const before = await scrape(app)
    expect(
      (await request(app).post(`/api/staff/bookings/${id}/cancel`).set('Authorization', `Bearer ${token}`).send({ scope: 'booking', reason: '重复预约' }))
        .status,
    ).toBe(200)
    const after = await scrape(app)
    expect(moved(before, after, 'fazhitong_bookings_cancelled_total', { by: 'staff' })).toBe(1)
    expect(moved(before, after, 'fazhitong_bookings_cancelled_total', { by: 'resident' })).toBe(0)
    expect(after.value('fazhitong_http_request_duration_seconds', { method: 'POST', route: '/api/staff/bookings/:id/cancel', status: '200' })).toBe(1)
    expect(after.text).not.toContain(id)
  })

  it('when a limit answers 429, counts it under the limit’s name; a full fair share is counted by its share', async () => {
    const app = await buildTestApp(storage(), {
      trustProxy: ['loopback'],
      rateLimits: { ...DEFAULT_RATE_LIMITS, bookingsPerIp: 2, fairShare: { perAddressDay: 100, perAddressHorizon: 100, perPhoneDay: 1, perPhoneHorizon: 100 } },
    })
    const address = nextAddress()
    const before = await scrape(app)
    for (const expected of [201, 201, 429]) {
      expect(
        (
          await request(app)
            .post('/api/bookings')
            .set('X-Forwarded-For', address)
            .send(bookingBody({ slotStart: await freeSlot(app) }))
        ).status,
      ).toBe(expected)
    }
    const after = await scrape(app)
    expect(moved(before, after, 'fazhitong_rate_limited_total', { limit: 'booking-create-ip' })).toBe(1)
    expect(after.value('fazhitong_http_request_duration_seconds', { method: 'POST', route: '/api/bookings', status: '429' })).toBe(1)

    // the same phone twice on one China day at one station, from one address: its day's share is full (409)
    const phone = nextPhone()
    const neighbour = nextAddress()
    expect(
      (
        await request(app)
          .post('/api/bookings')
          .set('X-Forwarded-For', neighbour)
          .send(bookingBody({ slotStart: await freeSlot(app), phone }))
      ).status,
    ).toBe(201)
    const refused = await request(app)
      .post('/api/bookings')
      .set('X-Forwarded-For', neighbour)
      .send(bookingBody({ slotStart: await freeSlot(app), phone }))
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('FAIR_SHARE_FULL')
    const last = await scrape(app)
    expect(moved(after, last, 'fazhitong_fair_share_refusals_total', { share: 'phone-day' })).toBe(1)
    expect(moved(after, last, 'fazhitong_rate_limited_total', { limit: 'booking-create-ip' })).toBe(0)
    expect(last.text).not.toContain(address)
  })

  it('when a path no route takes carries a phone number (404), labels it unmatched and the number appears nowhere', async () => {
    const app = await buildTestApp(storage())
    expect((await request(app).get('/api/nope/13800138000')).status).toBe(404)
    expect((await request(app).get('/api/bookings/13800138000/nope')).status).toBe(404)
    expect((await request(app).get('/api/stations/nearest').query({ lat: 28.45, lng: 108.99 })).status).toBe(200)
    const after = await scrape(app)
    expect(after.text).not.toContain('13800138000')
    expect(after.text).not.toContain('nope')
    expect(after.labelValues().filter((value) => value.includes('28.45') || value.includes('108.99'))).toEqual([])
    expect(after.value('fazhitong_http_request_duration_seconds', { method: 'GET', route: 'unmatched', status: '404' })).toBe(2)
    expect(after.value('fazhitong_http_request_duration_seconds', { method: 'GET', route: '/api/stations/nearest', status: '200' })).toBe(1)
    // every route label is a pattern, a fixed word, or the H5 app's
    const routes = after.samples('fazhitong_http_request_duration_seconds').map((sample) => sample.labels?.route ?? '')
    expect(routes.length).toBeGreaterThanOrEqual(2)
    for (const value of routes) {
      expect(value).toMatch(/^(\/api(\/(:[a-z]+|[a-z0-9.-]+))*|unmatched|h5-page|h5-file|\/metrics)$/i)
    }
  })

  it('reports the database pool on PostgreSQL (in use, waiting, size) and no pool sample on SQLite', async () => {
    const after = await scrape(await buildTestApp(storage()))
    if (storage().kind === 'postgres') {
      expect(after.value('fazhitong_database_pool_size')).toBe(10)
      expect(after.value('fazhitong_database_pool_in_use')).toBeGreaterThanOrEqual(0)
      expect(after.value('fazhitong_database_pool_waiting')).toBe(0)
    } else {
      for (const name of ['fazhitong_database_pool_size', 'fazhitong_database_pool_in_use', 'fazhitong_database_pool_waiting'])
        expect(after.value(name)).toBeUndefined()
    }
  })

  it('reports the event-loop lag and the process’s memory, and a HELP text for each of its own metrics', async () => {
    const app = await buildTestApp(storage(), { version: 'v-test' })
    const after = await scrape(app)
    expect(after.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0)
    expect(after.value('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0)
    expect(after.value('process_resident_memory_bytes')).toBeGreaterThan(0)
    expect(after.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0)
    expect(after.value('fazhitong_build_info', { version: 'v-test' })).toBe(1)
    // every family is declared (HELP, TYPE), also one without a sample here (the pool on SQLite)
    const own = after.families.filter((family) => family.name.startsWith('fazhitong_'))
    expect(own.map((family) => family.name).sort()).toEqual([
      'fazhitong_bookings_cancelled_total',
      'fazhitong_bookings_created_total',
      'fazhitong_build_info',
      'fazhitong_database_busy_total',
      'fazhitong_database_pool_in_use',
      'fazhitong_database_pool_size',
      'fazhitong_database_pool_waiting',
      'fazhitong_database_unavailable_total',
      'fazhitong_directory_upstream_age_seconds',
      'fazhitong_fair_share_refusals_total',
      'fazhitong_follow_ups_synced_total',
      'fazhitong_http_request_duration_seconds',
      'fazhitong_idempotent_replays_total',
      'fazhitong_mediations_synced_total',
      'fazhitong_rate_limited_total',
      'fazhitong_reminder_queue_depth',
    ])
    for (const family of own) expect(family.help.length).toBeGreaterThan(20)
    for (const family of own.filter((candidate) => candidate.type === 'COUNTER')) expect(family.name).toMatch(/_total$/)
  })

  it('when volunteers sync mediations and follow-ups (and retry a sync), counts created and existing apart', async () => {
    const app = await buildTestApp(storage())
    const phone = nextPhone()
    const { inviteCode } = await new AuthService({ users: new UserRepository(storage().db), now: fixedNow }).addVolunteer({
      name: '明白人',
      phone,
      county: '秀山土家族苗族自治县',
      town: '隘口镇',
      village: '示例村',
    })
    const { token } = loginResponseSchema.parse((await request(app).post('/api/auth/login').send({ phone, inviteCode })).body)
    const record = mediationRecord({
      occurredOn: '2026-11-18',
      summary: '两户因排水沟占地起争执，经调解达成书面协议。',
      agreement: 'written',
      involvesPayment: true,
      amountYuan: 3000,
    })
    const followUp = {
      id: randomUUID(),
      kind: 'visit_7d',
      visitedOn: '2026-11-25',
      fulfilment: 'fulfilled',
      recurred: false,
      judicial: 'not_needed',
      note: '双方按协议付清了款。',
    }
    const before = await scrape(app)
    const send = (path: string, body: object) => request(app).post(path).set('Authorization', `Bearer ${token}`).send(body)
    expect((await send('/api/mediations', record)).status).toBe(201)
    expect((await send('/api/mediations', record)).status).toBe(200)
    expect((await send(`/api/mediations/${record.id}/follow-ups`, followUp)).status).toBe(201)
    expect((await send(`/api/mediations/${record.id}/follow-ups`, followUp)).status).toBe(200)
    const after = await scrape(app)
    for (const name of ['fazhitong_mediations_synced_total', 'fazhitong_follow_ups_synced_total']) {
      expect(moved(before, after, name, { result: 'created' })).toBe(1)
      expect(moved(before, after, name, { result: 'existing' })).toBe(1)
    }
    expect(after.value('fazhitong_http_request_duration_seconds', { method: 'POST', route: '/api/mediations/:id/follow-ups', status: '201' })).toBe(1)
    expect(after.text).not.toContain(record.id)
  })
})

describe('GET /metrics: the H5 app’s answers', () => {
  it('are timed as h5-page (its HTML) or h5-file (anything else), never under their paths or queries', async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-metrics-h5-'))
    const storage = await openStorage({ kind: 'sqlite', sqlitePath: ':memory:' })
    try {
      fs.mkdirSync(path.join(dist, 'js'))
      fs.writeFileSync(
        path.join(dist, 'index.html'),
        '<!doctype html><html><head><title>法治通</title></head><body><div id="app"></div><script src="/js/app.1a2b3c4d.js"></script></body></html>',
      )
      fs.writeFileSync(path.join(dist, 'js', 'app.1a2b3c4d.js'), 'console.log("app")')
      const app = await buildTestApp(storage, { h5Dist: dist })
      expect((await request(app).get('/')).status).toBe(200)
      // a report nobody has: 404 with the app, which says 找不到
      expect((await request(app).get('/pages/report/index').query({ id: '13800138000' })).status).toBe(404)
      expect((await request(app).get('/js/app.1a2b3c4d.js')).status).toBe(200)
      expect((await request(app).get('/js/app.deadbeef.js')).status).toBe(404)
      const after = await scrape(app)
      const duration = 'fazhitong_http_request_duration_seconds'
      expect(after.value(duration, { method: 'GET', route: 'h5-page', status: '200' })).toBe(1)
      expect(after.value(duration, { method: 'GET', route: 'h5-page', status: '404' })).toBe(1)
      expect(after.value(duration, { method: 'GET', route: 'h5-file', status: '200' })).toBe(1)
      expect(after.value(duration, { method: 'GET', route: 'h5-file', status: '404' })).toBe(1)
      expect(after.text).not.toContain('13800138000')
      expect(after.text).not.toContain('1a2b3c4d')
    } finally {
      await storage.close()
      fs.rmSync(dist, { recursive: true, force: true })
    }
  })
})

describe('GET /metrics: the directory’s upstream age', () => {
  it('is +Inf before DIRECTORY_URL ever answered, then the seconds since it last did; no sample without DIRECTORY_URL', async () => {
    const upstream = await startFakeUpstream()
    const storage = await openStorage({ kind: 'sqlite', sqlitePath: ':memory:' })
    try {
      upstream.respond((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(
          JSON.stringify([
            {
              id: 'fx-a',
              name: '测试站甲（虚构）',
              tier: 'workstation',
              county: '秀山县',
              town: '中和街道',
              lat: 28.45,
              lng: 109.0,
              location_quality: 'surveyed',
              source: '测试（虚构）',
            },
          ]),
        )
      })
      let clock = new Date('2026-11-26T08:00:00+08:00')
      const now = () => clock
      const directory = await createStationDirectory({
        stationsDir: bundledStationsDir,
        repository: new KyselyStationRepository(storage.db),
        logger: silentLogger,
        now,
        upstream: { url: `${upstream.baseUrl}/directory`, client: createUpstreamClient({ timeoutMs: 1000 }) },
      })
      const app = await buildTestApp(storage, { directory, now })
      expect((await scrape(app)).value('fazhitong_directory_upstream_age_seconds')).toBe(Number.POSITIVE_INFINITY)
      expect(await directory.refresh()).toEqual({ status: 'updated' })
      clock = new Date(clock.getTime() + 90_000)
      expect((await scrape(app)).value('fazhitong_directory_upstream_age_seconds')).toBe(90)
      // the county's site goes away: the age keeps growing from the last good answer
      upstream.respond((_req, res) => {
        res.writeHead(500)
        res.end()
      })
      expect((await directory.refresh())?.status).toBe('failed')
      clock = new Date(clock.getTime() + 60_000)
      expect((await scrape(app)).value('fazhitong_directory_upstream_age_seconds')).toBe(150)
      expect((await scrape(await buildTestApp(storage))).value('fazhitong_directory_upstream_age_seconds')).toBeUndefined()
    } finally {
      await upstream.close()
      await storage.close()
    }
  })
})

onPostgres(`GET /metrics while PostgreSQL is unreachable${skipNote}`, () => {
  const schema = `metrics_${randomBytes(4).toString('hex')}`
  let admin: Pool
  let proxy: CuttableProxy
  let storage: Storage

  beforeAll(async () => {
    admin = new Pool({ connectionString: testDatabaseUrl, max: 1 })
    await admin.query(`create schema ${schema}`)
    let viaProxy: string
    ;({ proxy, url: viaProxy } = await proxiedPostgres({ databaseUrl: testDatabaseUrl! }))
    storage = await openStorage({ kind: 'postgres', databaseUrl: viaProxy, searchPath: schema, connectTimeoutMs: 1000 }, { onConnectionError: () => undefined })
  })

  afterAll(async () => {
    await storage?.close()
    await proxy?.cut()
    await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.end()
  })

  it('still answers, counts each 503 DATABASE_UNAVAILABLE, and leaves the reminder queue without a sample rather than a made-up 0', async () => {
    const app = await buildTestApp(storage)
    const before = await scrape(app)
    expect(before.value('fazhitong_reminder_queue_depth', { state: 'due' })).toBe(0)
    await proxy.cut()
    const refused = await request(app)
      .post('/api/bookings')
      .set('Idempotency-Key', randomUUID())
      .send(bookingBody({ slotStart: `${DAY}T14:00:00+08:00` }))
    expect(refused.status).toBe(503)
    expect(refused.body.error.code).toBe('DATABASE_UNAVAILABLE')
    const during = await scrape(app)
    expect(moved(before, during, 'fazhitong_database_unavailable_total')).toBe(1)
    expect(during.value('fazhitong_reminder_queue_depth', { state: 'due' })).toBeUndefined()
    expect(during.value('fazhitong_database_pool_waiting')).toBe(0)
    expect(during.value('fazhitong_http_request_duration_seconds', { method: 'POST', route: '/api/bookings', status: '503' })).toBe(1)
  })
})
