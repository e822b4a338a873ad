import { randomBytes, randomInt } from 'node:crypto'
import request from 'supertest'
import { TencentSms } from '../../../server/sms/tencent-sms'
import { startFakeTencentSms, type FakeTencentSms } from '../../support/fake-tencent-sms'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'

const STATION = '500241103-ws'
const SLOTS = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((time) => `2026-11-27T${time}:00+08:00`)

/**
 * With SMS on, a bot that cannot read the SMS cannot book: 300 random phones from 10 addresses
 * against one station, every booking refused; a resident from an 11th address still gets a code and books.
 */
describeEachStorage('draining a station with SMS on (fake 腾讯云短信 on 127.0.0.1, the default limits)', (storage) => {
  let fake: FakeTencentSms
  beforeAll(async () => {
    fake = await startFakeTencentSms({ secretId: 'AKIDdrain0000000000000000000000000', secretKey: 'drainKey00000000000000000000000', sdkAppId: '1400000001' })
  })
  afterAll(async () => {
    await fake.close()
  })

  it('300 phones from 10 addresses book nothing; the resident from an 11th address gets a code and books', async () => {
    const sms = new TencentSms({
      baseUrl: fake.baseUrl,
      secretId: 'AKIDdrain0000000000000000000000000',
      secretKey: 'drainKey00000000000000000000000',
      sdkAppId: '1400000001',
      region: 'ap-guangzhou',
      signName: '秀山司法',
      templates: { code: '1' },
      timeoutMs: 2000,
      now: fixedNow,
    })
    const app = await buildTestApp(storage(), { sms, trustProxy: true, rateLimits: undefined })
    const statuses = { codes: new Map<number, number>(), bookings: new Map<number, number>() }
    const tally = (map: Map<number, number>, status: number) => map.set(status, (map.get(status) ?? 0) + 1)
    for (let i = 0; i < 300; i += 1) {
      const address = `10.66.${i % 10}.1`
      const phone = `1${randomInt(3, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}`
      const sent = await request(app).post('/api/phone-codes').set('X-Forwarded-For', address).send({ phone, purpose: 'booking' })
      tally(statuses.codes, sent.status)
      // the bot cannot read the SMS: it guesses
      const requestId = sent.status === 201 ? (sent.body as { requestId: string }).requestId : randomBytes(24).toString('base64url')
      const booked = await request(app)
        .post('/api/bookings')
        .set('X-Forwarded-For', address)
        .send({
          stationId: STATION,
          slotStart: SLOTS[i % SLOTS.length],
          matter: 'other',
          name: '机器人',
          phone,
          consent: true,
          phoneCode: { requestId, code: String(randomInt(0, 1e6)).padStart(6, '0') },
        })
      tally(statuses.bookings, booked.status)
    }
    expect(statuses.bookings.get(201) ?? 0).toBe(0)
    // each address sends at most 20 codes a day: 200 of 300
    expect(statuses.codes.get(201)).toBe(200)
    expect(statuses.codes.get(429)).toBe(100)
    const slots = (await request(app).get(`/api/stations/${STATION}/slots`).query({ date: '2026-11-27' })).body as {
      slots: { start: string; remaining: number; capacity: number }[]
    }
    expect(slots.slots.filter((slot) => SLOTS.includes(slot.start)).every((slot) => slot.remaining === slot.capacity)).toBe(true)

    const resident = '13812345678'
    const sent = await request(app).post('/api/phone-codes').set('X-Forwarded-For', '10.66.11.1').send({ phone: resident, purpose: 'booking' })
    expect(sent.status).toBe(201)
    const code = fake.lastCode(resident)
    const booked = await request(app)
      .post('/api/bookings')
      .set('X-Forwarded-For', '10.66.11.1')
      .send({
        stationId: STATION,
        slotStart: SLOTS[0],
        matter: 'labor_wages',
        name: '李四',
        phone: resident,
        consent: true,
        phoneCode: { requestId: (sent.body as { requestId: string }).requestId, code },
      })
    expect(booked.status).toBe(201)
    console.log(`drain with SMS: codes ${JSON.stringify([...statuses.codes])}, bookings ${JSON.stringify([...statuses.bookings])}`)
  })
})
