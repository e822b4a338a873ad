import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Server } from 'node:http'
import fc from 'fast-check'
import { apiErrorSchema, loginResponseSchema } from '../../../contracts'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import { openStorage, type Storage } from '../../../server/storage/database'
import { buildTestApp, fixedNow } from '../support/test-app'

/** ≥ 1,000 generated requests per write endpoint (FUZZ_RUNS raises it). */
const RUNS = Math.max(1000, Number(process.env.FUZZ_RUNS ?? 1000))
jest.setTimeout(600_000)

const validBooking = { stationId: '500241103-ws', slotStart: '2026-11-27T09:00:00+08:00', matter: 'labor_wages', description: '欠薪', name: '张三', phone: '13800138000', consent: true }
const validMediation = { kind: 'mediation', id: '6f1c1d3e-8d7a-4c1b-9a55-2f7b1e0c9d11', occurredOn: '2026-11-20', town: '隘口镇', village: '示例村', disputeType: 'neighbor', source: 'application', partiesCount: 2, summary: '口头协议', outcome: 'success', agreement: 'oral' }
const validSchedule = { weekly: [{ weekday: 1, start: '09:00', end: '12:00', slotMinutes: 30, capacity: 2 }], exceptions: [], minNoticeMinutes: 120, horizonDays: 14 }

/** Bodies that are almost right: one field removed, retyped, oversized or added. */
function mutations(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid)
  const weird = fc.oneof(fc.anything(), fc.string({ maxLength: 3000 }), fc.constant('很'.repeat(600)), fc.double(), fc.constant(null), fc.constant(-1), fc.constant(1e308), fc.array(fc.anything(), { maxLength: 5 }))
  return fc.oneof(
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    fc.tuple(fc.constantFrom(...keys), weird).map(([key, value]) => ({ ...valid, [key]: value })),
    fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.anything()).map(([key, value]) => ({ ...valid, [key]: value })),
    fc.anything(),
    fc.object(),
  )
}

const rawBodies = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"a":', '[1,2', 'null', '"x"', '{"__proto__": {"polluted": true}}', '\u0000', '{"phone": 13800138000}'),
  fc.string({ minLength: 0, maxLength: 100 }).map((text) => `{"name": "${text}`),
)

const contentTypes = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', '')

interface Endpoint {
  name: string
  method: 'POST' | 'PATCH' | 'PUT'
  path: fc.Arbitrary<string>
  body: fc.Arbitrary<unknown>
  auth: 'volunteer' | 'staff' | 'none'
}

async function tableCounts(storage: Storage): Promise<string> {
  const counts: Record<string, number> = {}
  for (const table of ['bookings', 'slots', 'idempotency_keys', 'outbox', 'mediation_records', 'mediation_audit', 'schedules', 'users'] as const) {
    const row = await storage.db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()
    counts[table] = Number(row.n)
  }
  const booked = await storage.db.selectFrom('slots').select((eb) => eb.fn.sum<string | number>('booked').as('b')).executeTakeFirstOrThrow()
  return JSON.stringify({ ...counts, booked: Number(booked.b ?? 0) })
}

describe(`fuzzing every write endpoint (${RUNS} runs each): never 5xx, always the error shape, nothing written on a refusal`, () => {
  let dir: string
  let storage: Storage
  let server: Server
  let baseUrl: string
  const tokens: Record<'volunteer' | 'staff', string> = { volunteer: '', staff: '' }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-fuzz-'))
    storage = await openStorage({ kind: 'sqlite', sqlitePath: path.join(dir, 'fuzz.db') })
    const app = await buildTestApp(storage)
    server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const auth = new AuthService({ users: new UserRepository(storage.db), now: fixedNow })
    const { inviteCode } = await auth.addVolunteer({ name: '模糊测试', phone: '13500000000', county: '秀山土家族苗族自治县', town: '隘口镇', village: '示例村' })
    tokens.volunteer = loginResponseSchema.parse(await (await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone: '13500000000', inviteCode }) })).json()).token
    const { password } = await auth.addStaff({ stationId: '500241103-ws', username: 'fuzz-staff' })
    tokens.staff = loginResponseSchema.parse(await (await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'fuzz-staff', password }) })).json()).token
  })

  afterAll(async () => {
    server?.closeAllConnections()
    server?.close()
    await storage?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  const code = fc.oneof(fc.constant('ABCDEFGH'), fc.string({ maxLength: 12 }).map((text) => encodeURIComponent(text) || 'x'))
  const endpoints: Endpoint[] = [
    { name: 'POST /api/bookings', method: 'POST', path: fc.constant('/api/bookings'), body: mutations(validBooking), auth: 'none' },
    { name: 'POST /api/bookings/:code/cancel', method: 'POST', path: code.map((c) => `/api/bookings/${c}/cancel`), body: mutations({ phoneLast4: '8000', reason: '不需要了' }), auth: 'none' },
    { name: 'POST /api/bookings/:code/reschedule', method: 'POST', path: code.map((c) => `/api/bookings/${c}/reschedule`), body: mutations({ phoneLast4: '8000', slotStart: '2026-11-27T09:30:00+08:00' }), auth: 'none' },
    { name: 'POST /api/auth/login', method: 'POST', path: fc.constant('/api/auth/login'), body: fc.oneof(mutations({ username: 'fuzz-staff', password: 'wrong' }), mutations({ phone: '13500000000', inviteCode: 'ABCDEFGH' }), mutations({ wechatCode: 'x' })), auth: 'none' },
    { name: 'POST /api/mediations', method: 'POST', path: fc.constant('/api/mediations'), body: mutations(validMediation), auth: 'volunteer' },
    { name: 'PATCH /api/mediations/:id', method: 'PATCH', path: fc.constant(`/api/mediations/${randomUUID()}`), body: mutations({ version: 1, record: validMediation }), auth: 'volunteer' },
    { name: 'PATCH /api/staff/bookings/:id', method: 'PATCH', path: fc.oneof(fc.uuid(), fc.string({ maxLength: 10 }).map((t) => encodeURIComponent(t) || 'x')).map((id) => `/api/staff/bookings/${id}`), body: mutations({ status: 'confirmed' }), auth: 'staff' },
    { name: 'PUT /api/staff/stations/:id/schedule', method: 'PUT', path: fc.constantFrom('/api/staff/stations/500241103-ws/schedule', '/api/staff/stations/500241001-ws/schedule'), body: mutations(validSchedule), auth: 'staff' },
  ]

  for (const endpoint of endpoints) {
    it(endpoint.name, async () => {
      await fc.assert(
        fc.asyncProperty(
          endpoint.path,
          fc.oneof({ weight: 4, arbitrary: endpoint.body.map((body) => ({ raw: false as const, body })) }, { weight: 1, arbitrary: rawBodies.map((body) => ({ raw: true as const, body })) }),
          contentTypes,
          fc.option(fc.oneof(fc.uuid(), fc.string({ maxLength: 120 })), { nil: undefined }),
          fc.boolean(),
          async (path, payload, contentType, idempotencyKey, withToken) => {
            const headers: Record<string, string> = {}
            if (contentType) headers['Content-Type'] = contentType
            if (idempotencyKey !== undefined && /^[\x20-\x7e]*$/.test(idempotencyKey)) headers['Idempotency-Key'] = idempotencyKey
            if (endpoint.auth !== 'none' && withToken) headers.Authorization = `Bearer ${tokens[endpoint.auth]}`
            const body = payload.raw ? String(payload.body) : JSON.stringify(payload.body) ?? 'null'
            const before = await tableCounts(storage)
            const response = await fetch(`${baseUrl}${path}`, { method: endpoint.method, headers, body })
            const text = await response.text()
            expect(response.status).toBeLessThan(500)
            if (response.status >= 400) {
              const parsed = apiErrorSchema.safeParse(JSON.parse(text))
              expect(parsed.success).toBe(true)
              expect(parsed.data?.error.message).toMatch(/\p{Script=Han}/u)
              // a refusal leaves nothing behind
              expect(await tableCounts(storage)).toBe(before)
            }
            expect(({} as Record<string, unknown>).polluted).toBeUndefined()
          },
        ),
        { numRuns: RUNS },
      )
    })
  }
})
