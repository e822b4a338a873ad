import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import fc from 'fast-check'
import { apiErrorSchema, loginResponseSchema } from '../../../contracts'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'
import { mediationRecord } from '../../support/mediation-records'

/** ≥ 1,000 generated requests per write endpoint (FUZZ_RUNS raises it). */
const RUNS = Math.max(1000, Number(process.env.FUZZ_RUNS ?? 1000))
jest.setTimeout(600_000)

const validBooking = {
  stationId: '500241103-ws',
  slotStart: '2026-11-27T09:00:00+08:00',
  matter: 'labor_wages',
  description: '欠薪',
  name: '张三',
  phone: '13800138000',
  consent: true,
}
const validMediation = mediationRecord({ id: '6f1c1d3e-8d7a-4c1b-9a55-2f7b1e0c9d11', summary: '口头协议' })
const validSchedule = {
  weekly: [{ weekday: 1, start: '09:00', end: '12:00', slotMinutes: 30, capacity: 2 }],
  exceptions: [],
  minNoticeMinutes: 120,
  horizonDays: 14,
}

/**
 * What PostgreSQL refuses in text (NUL) or silently rewrites (a lone surrogate becomes U+FFFD),
 * and the other control characters: inside the text, where trimming cannot remove them.
 */
const HOSTILE_SAMPLES = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u000c',
  '\r',
  '\u001b[31m',
  '\u001f',
  '\u007f',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ud83d',
]
const hostileText = fc.oneof(
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...HOSTILE_SAMPLES), fc.string({ maxLength: 10 }))
    .map(([before, bad, after]) => `张${before}${bad}${after}三`),
  fc.array(fc.integer({ min: 0, max: 0x1f }), { minLength: 1, maxLength: 5 }).map((codes) => `甲${String.fromCharCode(...codes)}乙`),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => `甲${String.fromCharCode(code)}乙`),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 30 }),
)

/** A free-text field of a request body: its name as the 400 names it and how to put text in it. */
interface TextField {
  path: string
  withText: (text: string) => unknown
}

const withProxy = (text: string) => ({ ...validBooking, proxy: { agentName: text, agentRole: 'family', agentPhone: '13900139000', personAgreed: true } })
const referred = { ...validMediation, outcome: 'referred', agreement: 'none' }
const bookingText: TextField[] = [
  { path: 'name', withText: (text) => ({ ...validBooking, name: text }) },
  { path: 'description', withText: (text) => ({ ...validBooking, description: text }) },
  { path: 'proxy.agentName', withText: withProxy },
  { path: 'wechatCode', withText: (text) => ({ ...validBooking, wechatCode: text }) },
]
const mediationText: TextField[] = [
  { path: 'town', withText: (text) => ({ ...validMediation, town: text }) },
  { path: 'village', withText: (text) => ({ ...validMediation, village: text }) },
  { path: 'summary', withText: (text) => ({ ...validMediation, summary: text }) },
  { path: 'partyNames.0', withText: (text) => ({ ...validMediation, partyNames: [text] }) },
  { path: 'referredTo', withText: (text) => ({ ...referred, referredTo: text }) },
  { path: 'village', withText: (text) => ({ kind: 'zero_report', id: validMediation.id, month: '2026-10', town: '隘口镇', village: text }) },
]
const loginText: TextField[] = [
  { path: 'username', withText: (text) => ({ username: text, password: 'wrong' }) },
  { path: 'password', withText: (text) => ({ username: 'fuzz-staff', password: text }) },
  { path: 'inviteCode', withText: (text) => ({ phone: '13500000000', inviteCode: text }) },
  { path: 'wechatCode', withText: (text) => ({ wechatCode: text }) },
]
const cancelText: TextField[] = [{ path: 'reason', withText: (text) => ({ phoneLast4: '8000', reason: text }) }]
const validProfile = {
  phones: ['023-76661234'],
  address: '隘口镇便民服务中心',
  hours: { text: '周一至周五 9:00-12:00，14:00-17:30' },
  services: ['mediation'],
  location: { lat: 28.6, lng: 109.05, datum: 'wgs84' },
}
const profileText: TextField[] = [
  { path: 'phones.0', withText: (text) => ({ ...validProfile, phones: [text] }) },
  { path: 'address', withText: (text) => ({ ...validProfile, address: text }) },
  { path: 'hours.text', withText: (text) => ({ ...validProfile, hours: { text } }) },
]
const validCorrection = { field: 'phone', message: '电话打不通', callbackPhone: '13800138000' }
const correctionText: TextField[] = [{ path: 'message', withText: (text) => ({ ...validCorrection, message: text }) }]
const scheduleText: TextField[] = [
  { path: 'exceptions.0.reason', withText: (text) => ({ ...validSchedule, exceptions: [{ kind: 'closed', date: '2026-12-01', reason: text }] }) },
]
const prefixed = (prefix: string, fields: TextField[]): TextField[] =>
  fields.map((field) => ({ path: `${prefix}${field.path}`, withText: (text) => ({ version: 1, record: field.withText(text) }) }))

/** Percent-encodes a path segment as UTF-8, a lone surrogate as the 3 bytes a lax encoder writes (%ED%A0%80). */
function encodeSegment(text: string): string {
  let encoded = ''
  for (const character of text) {
    const code = character.charCodeAt(0)
    if (character.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      encoded += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('')
    } else {
      encoded += encodeURIComponent(character)
    }
  }
  return encoded
}

/** A valid body with hostile text in one of its free-text fields. */
function hostileBodies(fields: TextField[]): fc.Arbitrary<unknown> {
  return fc.tuple(fc.constantFrom(...fields), hostileText).map(([field, text]) => field.withText(text))
}

/** Bodies that are almost right: one field removed, retyped, oversized or added. */
function mutations(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid)
  const weird = fc.oneof(
    fc.anything(),
    fc.string({ maxLength: 3000 }),
    fc.constant('很'.repeat(600)),
    fc.double(),
    fc.constant(null),
    fc.constant(-1),
    fc.constant(1e308),
    fc.array(fc.anything(), { maxLength: 5 }),
  )
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
  fc.constantFrom(
    '{',
    '{"a":',
    '[1,2',
    'null',
    '"x"',
    '{"__proto__": {"polluted": true}}',
    '\u0000',
    '{"phone": 13800138000}',
    '{"name": "\\u0000"}',
    '{"username": "\\ud800"}',
    '{"reason": "a\\u0000b"}',
  ),
  fc.string({ minLength: 0, maxLength: 100 }).map((text) => `{"name": "${text}`),
)

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  '',
)

interface Endpoint {
  name: string
  method: 'POST' | 'PATCH' | 'PUT'
  path: fc.Arbitrary<string>
  body: fc.Arbitrary<unknown>
  auth: 'volunteer' | 'staff' | 'none'
  /** free-text fields: a valid body with hostile text in one of them must be a 400 naming it */
  text: TextField[]
  /** where to send those bodies */
  example?: string
}

async function tableCounts(storage: Storage): Promise<string> {
  const counts: Record<string, number> = {}
  for (const table of [
    'bookings',
    'slots',
    'idempotency_keys',
    'outbox',
    'mediation_records',
    'mediation_audit',
    'schedules',
    'users',
    'station_overlays',
    'station_profile_history',
    'station_corrections',
  ] as const) {
    const row = await storage.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(row.n)
  }
  const booked = await storage.db
    .selectFrom('slots')
    .select((eb) => eb.fn.sum<string | number>('booked').as('b'))
    .executeTakeFirstOrThrow()
  return JSON.stringify({ ...counts, booked: Number(booked.b ?? 0) })
}

describeEachStorage(
  `fuzzing every write endpoint (${RUNS} runs each): never 5xx, always the error shape, nothing written on a refusal`,
  (openedStorage: () => Storage) => {
    let storage: Storage
    let server: Server
    let baseUrl: string
    const tokens: Record<'volunteer' | 'staff', string> = { volunteer: '', staff: '' }

    beforeAll(async () => {
      storage = openedStorage()
      const app = await buildTestApp(storage)
      server = app.listen(0, '127.0.0.1')
      await new Promise((resolve) => server.once('listening', resolve))
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const auth = new AuthService({ users: new UserRepository(storage.db), now: fixedNow })
      const { inviteCode } = await auth.addVolunteer({
        name: '模糊测试',
        phone: '13500000000',
        county: '秀山土家族苗族自治县',
        town: '隘口镇',
        village: '示例村',
      })
      tokens.volunteer = loginResponseSchema.parse(
        await (
          await fetch(`${baseUrl}/api/auth/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ phone: '13500000000', inviteCode }),
          })
        ).json(),
      ).token
      const { password } = await auth.addStaff({ stationId: '500241103-ws', username: 'fuzz-staff' })
      tokens.staff = loginResponseSchema.parse(
        await (
          await fetch(`${baseUrl}/api/auth/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: 'fuzz-staff', password, newPassword: 'own-password-2026' }),
          })
        ).json(),
      ).token
    })

    afterAll(() => {
      server?.closeAllConnections()
      server?.close()
    })

    // path segments with NUL, other control characters and lone surrogates, as a browser would encode them
    const hostileSegment = fc.oneof(
      fc.constantFrom('%00', 'A%00B', '%1B', '%7F', '%ED%A0%80', '%ED%BF%BF', '%C0%80', '%F0%9F%98%80'),
      hostileText.map((text) => encodeSegment(text) || 'x'),
    )
    const code = fc.oneof(
      fc.constant('ABCDEFGH'),
      fc.string({ maxLength: 12 }).map((text) => encodeURIComponent(text) || 'x'),
      hostileSegment,
    )
    const patchedId = randomUUID()
    const endpoints: Endpoint[] = [
      {
        name: 'POST /api/bookings',
        method: 'POST',
        path: fc.constant('/api/bookings'),
        body: fc.oneof(mutations(validBooking), hostileBodies(bookingText)),
        auth: 'none',
        text: bookingText,
      },
      {
        name: 'POST /api/bookings/:code/cancel',
        method: 'POST',
        path: code.map((c) => `/api/bookings/${c}/cancel`),
        body: fc.oneof(mutations({ phoneLast4: '8000', reason: '不需要了' }), hostileBodies(cancelText)),
        auth: 'none',
        text: cancelText,
        example: '/api/bookings/ABCDEFGH/cancel',
      },
      {
        name: 'POST /api/bookings/:code/reschedule',
        method: 'POST',
        path: code.map((c) => `/api/bookings/${c}/reschedule`),
        body: mutations({ phoneLast4: '8000', slotStart: '2026-11-27T09:30:00+08:00' }),
        auth: 'none',
        text: [],
      },
      {
        name: 'POST /api/auth/login',
        method: 'POST',
        path: fc.constant('/api/auth/login'),
        body: fc.oneof(
          mutations({ username: 'fuzz-staff', password: 'wrong' }),
          mutations({ phone: '13500000000', inviteCode: 'ABCDEFGH' }),
          mutations({ wechatCode: 'x' }),
          hostileBodies(loginText),
        ),
        auth: 'none',
        text: loginText,
      },
      {
        name: 'POST /api/mediations',
        method: 'POST',
        path: fc.constant('/api/mediations'),
        body: fc.oneof(mutations(validMediation), hostileBodies(mediationText)),
        auth: 'volunteer',
        text: mediationText,
      },
      {
        name: 'PATCH /api/mediations/:id',
        method: 'PATCH',
        path: fc.constant(`/api/mediations/${patchedId}`),
        body: fc.oneof(mutations({ version: 1, record: validMediation }), hostileBodies(prefixed('record.', mediationText))),
        auth: 'volunteer',
        text: prefixed('record.', mediationText),
        example: `/api/mediations/${patchedId}`,
      },
      {
        name: 'PATCH /api/staff/bookings/:id',
        method: 'PATCH',
        path: fc
          .oneof(
            fc.uuid(),
            fc.string({ maxLength: 10 }).map((t) => encodeURIComponent(t) || 'x'),
            hostileSegment,
          )
          .map((id) => `/api/staff/bookings/${id}`),
        body: mutations({ status: 'confirmed' }),
        auth: 'staff',
        text: [],
      },
      {
        name: 'PUT /api/staff/stations/:id/schedule',
        method: 'PUT',
        path: fc.oneof(
          fc.constantFrom('/api/staff/stations/500241103-ws/schedule', '/api/staff/stations/500241001-ws/schedule'),
          hostileSegment.map((id) => `/api/staff/stations/${id}/schedule`),
        ),
        body: fc.oneof(mutations(validSchedule), hostileBodies(scheduleText)),
        auth: 'staff',
        text: scheduleText,
        example: '/api/staff/stations/500241103-ws/schedule',
      },
      {
        name: 'PUT /api/staff/stations/:id/profile',
        method: 'PUT',
        path: fc.oneof(
          fc.constantFrom('/api/staff/stations/500241103-ws/profile', '/api/staff/stations/500241001-ws/profile'),
          hostileSegment.map((id) => `/api/staff/stations/${id}/profile`),
        ),
        body: fc.oneof(mutations(validProfile), hostileBodies(profileText)),
        auth: 'staff',
        text: profileText,
        example: '/api/staff/stations/500241103-ws/profile',
      },
      {
        name: 'POST /api/stations/:id/corrections',
        method: 'POST',
        path: fc.oneof(
          fc.constant('/api/stations/500241103-ws/corrections'),
          hostileSegment.map((id) => `/api/stations/${id}/corrections`),
        ),
        body: fc.oneof(mutations(validCorrection), hostileBodies(correctionText)),
        auth: 'none',
        text: correctionText,
        example: '/api/stations/500241103-ws/corrections',
      },
    ]

    for (const endpoint of endpoints.filter((candidate) => candidate.text.length > 0)) {
      it(`${endpoint.name}: NUL, other control characters or a lone surrogate in any free-text field is a 400 naming it, and nothing is written`, async () => {
        const path = endpoint.example ?? endpoint.name.replace(/^\S+ /, '')
        for (const field of endpoint.text) {
          for (const bad of ['\u0000', '\u0007', '\r', '\u001b', '\u007f', '\ud800', '\udc00']) {
            const headers: Record<string, string> = { 'Content-Type': 'application/json' }
            if (endpoint.auth !== 'none') headers.Authorization = `Bearer ${tokens[endpoint.auth]}`
            const before = await tableCounts(storage)
            const response = await fetch(`${baseUrl}${path}`, { method: endpoint.method, headers, body: JSON.stringify(field.withText(`张${bad}三丰李四`)) })
            const body = apiErrorSchema.parse(await response.json())
            expect({ field: field.path, bad, status: response.status }).toEqual({ field: field.path, bad, status: 400 })
            expect(body.error.fields?.map((entry) => entry.path)).toContain(field.path)
            expect(await tableCounts(storage)).toBe(before)
          }
        }
      })
    }

    for (const endpoint of endpoints) {
      it(endpoint.name, async () => {
        await fc.assert(
          fc.asyncProperty(
            endpoint.path,
            fc.oneof(
              { weight: 4, arbitrary: endpoint.body.map((body) => ({ raw: false as const, body })) },
              { weight: 1, arbitrary: rawBodies.map((body) => ({ raw: true as const, body })) },
            ),
            contentTypes,
            fc.option(fc.oneof(fc.uuid(), fc.string({ maxLength: 120 })), { nil: undefined }),
            fc.boolean(),
            async (path, payload, contentType, idempotencyKey, withToken) => {
              const headers: Record<string, string> = {}
              if (contentType) headers['Content-Type'] = contentType
              if (idempotencyKey !== undefined && /^[\x20-\x7e]*$/.test(idempotencyKey)) headers['Idempotency-Key'] = idempotencyKey
              if (endpoint.auth !== 'none' && withToken) headers.Authorization = `Bearer ${tokens[endpoint.auth]}`
              const body = payload.raw ? String(payload.body) : (JSON.stringify(payload.body) ?? 'null')
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
  },
)
