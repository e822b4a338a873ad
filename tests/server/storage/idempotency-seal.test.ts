import { randomUUID } from 'node:crypto'
import request from 'supertest'
import { bookingCreatedSchema } from '../../../contracts'
import { idempotencyKeyId, openToken, sealAnswer, sealToken } from '../../../server/storage/idempotency-seal'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

const STATION = '500241103-ws' // 隘口镇公共法律服务工作站
let phones = 0
function booking(slotStart: string) {
  phones += 1
  return {
    stationId: STATION,
    slotStart,
    matter: 'labor_wages',
    description: '工地老板拖欠三个月工资',
    name: '张三',
    phone: `1390013${String(7000 + phones).padStart(4, '0')}`,
    consent: true,
  }
}

/** Every table's every row, as text: where a token at rest would show. */
async function everyStoredRow(storage: Storage): Promise<string> {
  const tables = await storage.db.introspection.getTables()
  const dumps: string[] = []
  for (const table of tables)
    dumps.push(
      JSON.stringify(
        await storage.db
          .selectFrom(table.name as 'bookings')
          .selectAll()
          .execute(),
      ),
    )
  return dumps.join('\n')
}

/**
 * Issue 23 row 2. Before the fix `idempotency_keys.response` was the 201 body as sent, manageToken
 * in clear (and `key` the Idempotency-Key), so the first test's "no stored row holds the token" fails
 * on that code; now the row is found by the key's hash and the token is sealed under the key.
 */
describeEachStorage('POST /api/bookings with an Idempotency-Key: the answer kept for a retry', (storage) => {
  it('after a booking no row of any table holds the manageToken or the key; a retry with the key gets a token that opens the booking', async () => {
    const app = await buildTestApp(storage())
    const key = randomUUID()
    const body = booking('2026-11-27T09:00:00+08:00')
    const first = await request(app).post('/api/bookings').set('Idempotency-Key', key).send(body)
    expect(first.status).toBe(201)
    const created = bookingCreatedSchema.parse(first.body)

    const stored = await everyStoredRow(storage())
    expect(stored).toContain(created.code) // the dump does see the booking
    expect(stored).not.toContain(created.manageToken)
    expect(stored).not.toContain(key)
    const [row] = await storage().db.selectFrom('idempotency_keys').selectAll().where('key', '=', idempotencyKeyId(key)).execute()
    expect(JSON.parse(row.response)).not.toHaveProperty('manageToken')

    const replay = await request(app).post('/api/bookings').set('Idempotency-Key', key).send(body)
    expect(replay.status).toBe(201)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    const replayed = bookingCreatedSchema.parse(replay.body)
    expect(replayed.code).toBe(created.code)
    // the same token: a device that kept the first answer's token is not locked out by the retry
    expect(replayed.manageToken).toBe(created.manageToken)
    const view = await request(app).get(`/api/bookings/${created.code}`).set('X-Booking-Token', replayed.manageToken)
    expect(view.status).toBe(200)
    expect(view.body.code).toBe(created.code)
  })

  it('a double submit (two POSTs with one key at once) makes one booking and both answers carry the one working token', async () => {
    const app = await buildTestApp(storage())
    const key = randomUUID()
    const body = booking('2026-11-27T09:30:00+08:00')
    const [a, b] = await Promise.all([
      request(app).post('/api/bookings').set('Idempotency-Key', key).send(body),
      request(app).post('/api/bookings').set('Idempotency-Key', key).send(body),
    ])
    expect([a.status, b.status]).toEqual([201, 201])
    expect(a.body.code).toBe(b.body.code)
    expect(a.body.manageToken).toBe(b.body.manageToken)
    expect(
      (
        await request(app)
          .get(`/api/bookings/${a.body.code as string}`)
          .set('X-Booking-Token', a.body.manageToken as string)
      ).status,
    ).toBe(200)
    expect(
      await storage()
        .db.selectFrom('bookings')
        .select('id')
        .where('code', '=', a.body.code as string)
        .execute(),
    ).toHaveLength(1)
  })

  it('a database reader who rebuilds the body but has not the key gets no token: another key is a new request (409 for that phone and slot)', async () => {
    const app = await buildTestApp(storage())
    const body = booking('2026-11-27T10:00:00+08:00')
    expect((await request(app).post('/api/bookings').set('Idempotency-Key', randomUUID()).send(body)).status).toBe(201)
    const guess = await request(app).post('/api/bookings').set('Idempotency-Key', randomUUID()).send(body)
    expect(guess.status).toBe(409)
    expect(guess.body).not.toHaveProperty('manageToken')
  })
})

describe('sealToken / openToken', () => {
  it('opens only with the key it was sealed with, and refuses an altered seal', () => {
    const sealed = sealToken({ key: 'bk-key-0001', token: 'TOKEN-abc' })
    expect(sealed).not.toContain('TOKEN-abc')
    expect(openToken({ key: 'bk-key-0001', sealed })).toBe('TOKEN-abc')
    expect(openToken({ key: 'bk-key-0002', sealed })).toBeNull()
    const [version, iv, body, tag] = sealed.split('.')
    expect(openToken({ key: 'bk-key-0001', sealed: [version, iv, `${body.startsWith('A') ? 'B' : 'A'}${body.slice(1)}`, tag].join('.') })).toBeNull()
    expect(JSON.parse(sealAnswer({ key: 'bk-key-0001', answer: { code: 'ABC', manageToken: 'TOKEN-abc' } }))).toEqual({
      code: 'ABC',
      manageTokenSealed: expect.stringMatching(/^v1\./),
    })
  })
})
