import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import request from 'supertest'
import { bookingCreatedSchema } from '../../../contracts'
import { idempotencyKeyId } from '../../../server/storage/idempotency-seal'
import { migrations } from '../../../server/storage/migrations'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

/**
 * Issue 23 row 2, for the rows written before the upgrade: 0014 rewrites the last 48 hours' stored
 * answers (raw key, manageToken in clear) into the sealed form, and their retries still get the token.
 */
describeEachStorage('migration 0014_idempotency_sealed_tokens', (storage) => {
  it('seals the manageToken of rows stored before it, keys them by hash, and a retry with the key still gets the token that works', async () => {
    const app = await buildTestApp(storage())
    const key = randomUUID()
    const body = {
      stationId: '500241103-ws',
      slotStart: '2026-11-27T11:00:00+08:00',
      matter: 'labor_wages',
      description: '欠薪',
      name: '张三',
      phone: '13700137001',
      consent: true,
    }
    const created = bookingCreatedSchema.parse((await request(app).post('/api/bookings').set('Idempotency-Key', key).send(body)).body)
    // the row as the previous version stored it
    const row = await storage().db.selectFrom('idempotency_keys').selectAll().where('key', '=', idempotencyKeyId(key)).executeTakeFirstOrThrow()
    await storage().db.deleteFrom('idempotency_keys').where('key', '=', row.key).execute()
    await storage()
      .db.insertInto('idempotency_keys')
      .values({ ...row, key, response: JSON.stringify(created) })
      .execute()

    await migrations['0014_idempotency_sealed_tokens'].up(storage().db as unknown as Kysely<unknown>)

    const rows = await storage().db.selectFrom('idempotency_keys').selectAll().execute()
    expect(JSON.stringify(rows)).not.toContain(created.manageToken)
    expect(rows.map((stored) => stored.key)).toContain(idempotencyKeyId(key))
    expect(rows.map((stored) => stored.key)).not.toContain(key)
    const replay = bookingCreatedSchema.parse((await request(app).post('/api/bookings').set('Idempotency-Key', key).send(body)).body)
    expect(replay.manageToken).toBe(created.manageToken)
    expect((await request(app).get(`/api/bookings/${created.code}`).set('X-Booking-Token', replay.manageToken)).status).toBe(200)
  })
})
