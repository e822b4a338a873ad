import type { Express } from 'express'
import request from 'supertest'
import type { AppDeps } from '../../../server/app'
import { HashingQueue, type HashingTicket } from '../../../server/auth/hashing-queue'
import type { Storage } from '../../../server/storage/database'
import { describeEachStorage } from '../support/storages'
import { buildTestApp, fixedNow } from '../support/test-app'

/** Each test counts in its own window, so earlier tests' hits do not spill over. */
const hoursLater = (hours: number) => () => new Date(fixedNow().getTime() + hours * 3_600_000)

const limits = { bookingsPerIp: 3, bookingsPerPhone: 100, lookupsPerIp: 100, lookupsPerCode: 100 }

let phoneSeed = 0
function booking(minute: string) {
  phoneSeed += 1
  return {
    stationId: '500241103-ws',
    slotStart: `2026-11-27T${minute}:00+08:00`,
    matter: 'other',
    name: '代理',
    phone: `1377700${String(phoneSeed).padStart(4, '0')}`,
    consent: true,
  }
}

/** POSTs one booking per X-Forwarded-For value, one after another; answers the statuses. */
async function bookFrom(app: Express, forwardedFor: string[]): Promise<number[]> {
  const minutes = ['14:00', '14:30', '15:00', '15:30', '16:00']
  const statuses: number[] = []
  for (const [index, header] of forwardedFor.entries()) {
    statuses.push(
      (
        await request(app)
          .post('/api/bookings')
          .set('X-Forwarded-For', header)
          .send(booking(minutes[index % minutes.length]))
      ).status,
    )
  }
  return statuses
}

describeEachStorage('X-Forwarded-For and per-IP limits', (storage: () => Storage) => {
  const appWith = (hours: number, overrides: Partial<AppDeps> = {}) => buildTestApp(storage(), { rateLimits: limits, now: hoursLater(hours), ...overrides })

  it('by default trusts nobody: booking requests with a different X-Forwarded-For each still reach 429 at the per-IP limit', async () => {
    const statuses = await bookFrom(await appWith(1), ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5'])
    expect(statuses).toEqual([201, 201, 201, 429, 429])
  })

  it('trusts nobody also from loopback, where the old default believed the header', async () => {
    const statuses = await bookFrom(await appWith(2, { trustProxy: false }), ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'])
    expect(statuses.at(-1)).toBe(429)
  })

  it('with TRUST_PROXY=loopback (nginx on this machine) the forwarded address is the client: each has its own bucket', async () => {
    const app = await appWith(3, { trustProxy: ['loopback'] })
    const distinct = await bookFrom(app, ['203.0.113.11', '203.0.113.12', '203.0.113.13', '203.0.113.14'])
    expect(distinct).not.toContain(429)
    // one client over its own limit is still limited, whatever nginx put in front of its address
    const same = await bookFrom(app, ['203.0.113.20', '6.6.6.1, 203.0.113.20', '6.6.6.2, 203.0.113.20', '6.6.6.3, 203.0.113.20'])
    expect(same.slice(0, 3)).not.toContain(429)
    expect(same[3]).toBe(429)
  })

  it('with a hop count of 1 (a cloud load balancer) the address it appended counts, not what the client prepended', async () => {
    const statuses = await bookFrom(await appWith(4, { trustProxy: 1 }), [
      '1.1.1.1, 198.51.100.9',
      '2.2.2.2, 198.51.100.9',
      '3.3.3.3, 198.51.100.9',
      '4.4.4.4, 198.51.100.9',
    ])
    expect(statuses.slice(0, 3)).not.toContain(429)
    expect(statuses[3]).toBe(429)
  })

  it('trusting only the load balancer subnet ignores the header from any other peer', async () => {
    const statuses = await bookFrom(await appWith(5, { trustProxy: ['10.0.0.0/8'] }), ['203.0.113.31', '203.0.113.32', '203.0.113.33', '203.0.113.34'])
    expect(statuses.at(-1)).toBe(429)
  })

  it('with TRUST_PROXY=loopback, addresses from one IPv6 /64 share one bucket (a carrier gives each client a whole /64)', async () => {
    const app = await appWith(6, { trustProxy: ['loopback'] })
    const statuses = await bookFrom(app, ['2001:db8:77:1::1', '2001:db8:77:1::2', '2001:db8:77:1:abcd::3', '2001:db8:77:1:ffff:ffff:ffff:fffe'])
    expect(statuses.slice(0, 3)).not.toContain(429)
    expect(statuses[3]).toBe(429)
    // the next /64 is another client
    expect(await bookFrom(app, ['2001:db8:77:2::1'])).not.toContain(429)
  })

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', async () => {
    const statuses = await bookFrom(await appWith(7, { trustProxy: ['loopback'] }), [
      '198.51.100.77',
      '::ffff:198.51.100.77',
      '198.51.100.77',
      '::ffff:c633:644d',
    ])
    expect(statuses.slice(0, 3)).not.toContain(429)
    expect(statuses[3]).toBe(429)
  })

  it('sign-ins count per /64 too, in the per-address limit and in the hashing queue’s share per client', async () => {
    const clients: string[] = []
    class RecordingQueue extends HashingQueue {
      override run<T>(ticket: HashingTicket | string, task: () => Promise<T>): Promise<T> {
        clients.push(typeof ticket === 'string' ? ticket : ticket.client)
        return super.run(ticket, task)
      }
    }
    const app = await appWith(8, { trustProxy: ['loopback'], loginHashing: new RecordingQueue() })
    const statuses: number[] = []
    for (let i = 1; i <= 21; i += 1) {
      statuses.push(
        (
          await request(app)
            .post('/api/auth/login')
            .set('X-Forwarded-For', `2001:db8:99:5::${i.toString(16)}`)
            .send({ username: 'nobody', password: 'wrong-password' })
        ).status,
      )
    }
    expect(statuses.slice(0, 20)).not.toContain(429)
    expect(statuses[20]).toBe(429)
    expect(new Set(clients)).toEqual(new Set(['2001:db8:99:5::/64']))
  })
})
