import { randomInt } from 'node:crypto'
import type { Express } from 'express'
import request from 'supertest'
import { slotsResponseSchema, type Slot } from '../../../contracts/bookings'
import { DEFAULT_FAIR_SHARE, DEFAULT_RATE_LIMITS } from '../../../server/config'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

/**
 * Issue 23 rows 3 and 4, through the real HTTP app with the default limits (SMS off): a bot cannot
 * drain a station's horizon from a handful of addresses, and a stranger who books with someone
 * else's phone does not lock the owner out. Clients are told apart by X-Forwarded-For behind
 * TRUST_PROXY=loopback, as behind the county's nginx. Each test uses its own station.
 */

const randomPhone = () => `13${randomInt(3, 10)}${String(randomInt(100_000_000)).padStart(8, '0')}`

function booking(params: { stationId: string; slotStart: string; phone: string }) {
  return { stationId: params.stationId, slotStart: params.slotStart, matter: 'other', name: '张三', phone: params.phone, consent: true }
}

async function slotsOf(app: Express, stationId: string): Promise<Slot[]> {
  const response = await request(app).get(`/api/stations/${stationId}/slots`)
  expect(response.status).toBe(200)
  return slotsResponseSchema.parse(response.body).slots
}

const placesLeft = (slots: readonly Slot[]) => slots.reduce((sum, slot) => sum + slot.remaining, 0)

function post(app: Express, params: { address: string; stationId: string; slotStart: string; phone: string }) {
  return request(app).post('/api/bookings').set('X-Forwarded-For', params.address).send(booking(params))
}

describeEachStorage('a station’s fair shares (issue 23 rows 3 and 4)', (storage: () => Storage) => {
  let app: Express
  beforeAll(async () => {
    app = await buildTestApp(storage(), { rateLimits: DEFAULT_RATE_LIMITS, trustProxy: ['loopback'] })
  })

  it('when a bot books with 300 random phones from 10 addresses, it gets at most 10 addresses’ shares, and a resident from an 11th address still books (201, not 409)', async () => {
    const stationId = '500241103-ws'
    const before = await slotsOf(app, stationId)
    const places = placesLeft(before)
    // every place of the horizon, in order: what a draining bot aims at
    const targets = before.flatMap((slot) => Array.from({ length: slot.remaining }, () => slot.start))
    expect(places).toBeGreaterThan(200)

    const statuses: number[] = []
    const refusals: { code: string; fields: { path: string }[]; message: string }[] = []
    // 30 rounds of 10 simultaneous requests, one per address: 30 a address, within the per-address rate limit
    for (let round = 0; round < 30; round += 1) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, address) => {
          const index = round * 10 + address
          return post(app, { address: `198.51.100.${address + 1}`, stationId, slotStart: targets[index % targets.length], phone: randomPhone() })
        }),
      )
      for (const answer of answers) {
        statuses.push(answer.status)
        if (answer.status === 409 && answer.body.error.code === 'FAIR_SHARE_FULL') refusals.push(answer.body.error)
      }
    }
    const booked = statuses.filter((status) => status === 201).length
    const after = await slotsOf(app, stationId)
    // the numbers of the run, for the issue
    console.info(
      `station drain: ${places} places; bot booked ${booked} of 300 requests; ${placesLeft(after)} places left; statuses ${JSON.stringify(countBy(statuses))}`,
    )

    expect(statuses).not.toContain(429)
    expect(statuses).not.toContain(500)
    expect(booked).toBeLessThanOrEqual(10 * DEFAULT_FAIR_SHARE.perAddressHorizon)
    expect(placesLeft(after)).toBeGreaterThanOrEqual(places - 10 * DEFAULT_FAIR_SHARE.perAddressHorizon)
    expect(refusals.length).toBeGreaterThan(0)
    expect(refusals[0].message).toMatch(/12348/)
    expect(refusals[0].fields[0].path).toBe('stationId')

    const free = after.find((slot) => slot.remaining > 0)
    expect(free).toBeDefined()
    const resident = await post(app, { address: '203.0.113.77', stationId, slotStart: free!.start, phone: randomPhone() })
    expect(resident.status).toBe(201)
  }, 120_000)

  it('when a stranger books 10 times with the victim’s phone from another address, the victim still books from their own: 201', async () => {
    const victim = randomPhone()
    const stations = ['500241104-ws', '500241106-ws', '500241110-ws']
    // the stranger spreads their bookings over three stations and four days, within every share
    const strangerTries: { stationId: string; slotStart: string }[] = []
    for (const stationId of stations) {
      const days = new Map<string, string>()
      for (const slot of await slotsOf(app, stationId)) if (!days.has(slot.start.slice(0, 10))) days.set(slot.start.slice(0, 10), slot.start)
      strangerTries.push(...[...days.values()].slice(0, 4).map((slotStart) => ({ stationId, slotStart })))
    }
    const strangerStatuses: number[] = []
    for (const attempt of strangerTries.slice(0, 10)) strangerStatuses.push((await post(app, { address: '203.0.113.66', ...attempt, phone: victim })).status)
    expect(strangerStatuses.filter((status) => status === 201)).toHaveLength(10)

    for (const stationId of stations) {
      const free = (await slotsOf(app, stationId)).filter((slot) => slot.remaining > 0).at(-1)!
      const own = await post(app, { address: '198.51.100.200', stationId, slotStart: free.start, phone: victim })
      expect(own.status).toBe(201)
    }
  })

  it('when one phone from one address books past its share at one station, answers 409 FAIR_SHARE_FULL naming the phone, in Chinese with what to do', async () => {
    const stationId = '500241107-ws'
    const phone = randomPhone()
    const day = (await slotsOf(app, stationId)).filter((slot, _index, all) => slot.start.slice(0, 10) === all[0].start.slice(0, 10))
    const statuses: number[] = []
    let refusal: { code: string; message: string; fields: { path: string; message: string }[] } | null = null
    for (const slot of day.slice(0, DEFAULT_FAIR_SHARE.perPhoneDay + 1)) {
      const answer = await post(app, { address: '203.0.113.88', stationId, slotStart: slot.start, phone })
      statuses.push(answer.status)
      if (answer.status === 409) refusal = answer.body.error
    }
    expect(statuses).toEqual([...Array<number>(DEFAULT_FAIR_SHARE.perPhoneDay).fill(201), 409])
    expect(refusal).toMatchObject({ code: 'FAIR_SHARE_FULL', fields: [{ path: 'phone' }] })
    expect(refusal!.message).toMatch(/这个手机号.*12348/)
  })

  it('a reschedule counts too: moving a booking onto a day where the phone holds its share is 409 FAIR_SHARE_FULL; moving within that day is fine', async () => {
    const stationId = '500241109-ws'
    const phone = randomPhone()
    const byDay = new Map<string, Slot[]>()
    for (const slot of await slotsOf(app, stationId)) byDay.set(slot.start.slice(0, 10), [...(byDay.get(slot.start.slice(0, 10)) ?? []), slot])
    const [dayA, dayB] = [...byDay.values()]
    const made: { code: string; manageToken: string }[] = []
    for (const slotStart of [dayA[0].start, dayA[1].start, dayB[0].start]) {
      const answer = await post(app, { address: '203.0.113.120', stationId, slotStart, phone })
      expect(answer.status).toBe(201)
      made.push(answer.body as { code: string; manageToken: string })
    }
    const move = (booking: { code: string; manageToken: string }, slotStart: string) =>
      request(app)
        .post(`/api/bookings/${booking.code}/reschedule`)
        .set('X-Forwarded-For', '203.0.113.120')
        .set('X-Booking-Token', booking.manageToken)
        .send({ slotStart })
    const onto = await move(made[2], dayA[2].start)
    expect(onto.status).toBe(409)
    expect(onto.body.error).toMatchObject({ code: 'FAIR_SHARE_FULL', fields: [{ path: 'phone' }] })
    expect((await move(made[0], dayA[2].start)).status).toBe(200)
  })
})

describeEachStorage('fair shares under parallel requests', (storage: () => Storage) => {
  let app: Express
  beforeAll(async () => {
    app = await buildTestApp(storage(), { rateLimits: DEFAULT_RATE_LIMITS, trustProxy: ['loopback'] })
  })

  it('30 simultaneous bookings from one address over five days: exactly the horizon share is taken, never more than the day share on one day', async () => {
    const stationId = '500241108-ws'
    const byDay = new Map<string, Slot[]>()
    for (const slot of await slotsOf(app, stationId)) byDay.set(slot.start.slice(0, 10), [...(byDay.get(slot.start.slice(0, 10)) ?? []), slot])
    const days = [...byDay.values()].slice(0, 5)
    expect(days.every((slots) => slots.length >= 6)).toBe(true)
    const answers = await Promise.all(
      days.flatMap((slots) => slots.slice(0, 6).map((slot) => post(app, { address: '203.0.113.99', stationId, slotStart: slot.start, phone: randomPhone() }))),
    )
    const statuses = answers.map((answer) => answer.status)
    expect(statuses.filter((status) => status === 201)).toHaveLength(DEFAULT_FAIR_SHARE.perAddressHorizon)
    expect(statuses.filter((status) => status !== 201).every((status) => status === 409)).toBe(true)

    const rows = await storage().db.selectFrom('bookings').select(['slot_start', 'address_hash']).where('station_id', '=', stationId).execute()
    expect(rows).toHaveLength(DEFAULT_FAIR_SHARE.perAddressHorizon)
    expect(new Set(rows.map((row) => row.address_hash)).size).toBe(1)
    expect(rows[0].address_hash).not.toMatch(/203\.0\.113/)
    const perDay = countBy(rows.map((row) => row.slot_start.slice(0, 10)))
    expect(Math.max(...Object.values(perDay))).toBeLessThanOrEqual(DEFAULT_FAIR_SHARE.perAddressDay)
  })

  it('10 simultaneous bookings of one phone from one address on one day: exactly the phone’s day share', async () => {
    const stationId = '500241109-ws'
    const slots = await slotsOf(app, stationId)
    const day = slots.filter((slot) => slot.start.slice(0, 10) === slots[0].start.slice(0, 10)).slice(0, 10)
    const phone = randomPhone()
    const answers = await Promise.all(day.map((slot) => post(app, { address: '203.0.113.100', stationId, slotStart: slot.start, phone })))
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(DEFAULT_FAIR_SHARE.perPhoneDay)
    expect(answers.filter((answer) => answer.status === 409).every((answer) => answer.body.error.code === 'FAIR_SHARE_FULL')).toBe(true)
  })
})

function countBy(values: readonly (string | number)[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}
