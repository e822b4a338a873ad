import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import type { Express } from 'express'
import { apiErrorSchema } from '../../../contracts'
import type { Storage } from '../../../server/storage/database'
import { startBff, type BffProcess } from '../../support/bff-process'
import { readScrape } from '../support/metrics-scrape'
import { describeEachStorage } from '../support/storages'
import { buildTestApp } from '../support/test-app'

const TOKEN = 'prometheus-scrape-token-0123456789'

/**
 * This machine's own address on its network (not loopback): a request to it comes from it, so the
 * BFF sees a socket that is not 127.0.0.1 or ::1, as it would a scraper on another machine.
 */
function ownAddress(): string {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)
  if (!found) throw new Error('this machine has no IPv4 address besides loopback: the test reaches the BFF from one to be seen as another machine')
  return found.address
}

/** The app on every address of this machine (a real server), reached by loopback or by the machine's own address. */
async function listenEverywhere(app: Express): Promise<{ loopback: string; network: string; close(): Promise<void> }> {
  const server = http.createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve))
  const { port } = server.address() as AddressInfo
  return {
    loopback: `http://127.0.0.1:${port}`,
    network: `http://${ownAddress()}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function refusal(response: Response) {
  expect(response.status).toBe(401)
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /)
  const body = apiErrorSchema.parse(await response.json())
  expect(body.error.code).toBe('METRICS_UNAUTHORIZED')
  expect(body.error.message).toMatch(/\p{Script=Han}/u)
  expect(body.error.fields?.[0]?.path).toBe('Authorization')
  return body
}

describeEachStorage('GET /metrics: who may read it', (storage: () => Storage) => {
  let servers: Awaited<ReturnType<typeof listenEverywhere>>[] = []
  const serve = async (overrides: Parameters<typeof buildTestApp>[1] = {}) => {
    const server = await listenEverywhere(await buildTestApp(storage(), { metricsToken: TOKEN, ...overrides }))
    servers.push(server)
    return server
  }
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()))
    servers = []
  })

  it('when a client on this machine asks without a token, answers 200 with the text format, never cached', async () => {
    const { loopback } = await serve()
    const response = await fetch(`${loopback}/metrics`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(readScrape(await response.text()).value('fazhitong_bookings_created_total')).toBe(0)
  })

  it('when another machine asks without a token, answers 401 with the structured Chinese error naming Authorization', async () => {
    const { network } = await serve()
    const body = await refusal(await fetch(`${network}/metrics`))
    expect(JSON.stringify(body)).not.toContain('fazhitong_')
  })

  it('when another machine sends a wrong token, answers 401; the right one, 200', async () => {
    const { network } = await serve()
    for (const wrong of [`${TOKEN}x`, TOKEN.slice(0, -1), TOKEN.toUpperCase(), 'short']) {
      await refusal(await fetch(`${network}/metrics`, { headers: { Authorization: `Bearer ${wrong}` } }))
    }
    await refusal(await fetch(`${network}/metrics`, { headers: { Authorization: `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}` } }))
    const admitted = await fetch(`${network}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(admitted.status).toBe(200)
    expect(admitted.headers.get('cache-control')).toBe('no-store')
    expect(readScrape(await admitted.text()).value('fazhitong_build_info', { version: 'test' })).toBe(1)
  })

  it('when a client on this machine sends a wrong token, answers 401 rather than ignoring it', async () => {
    const { loopback } = await serve()
    await refusal(await fetch(`${loopback}/metrics`, { headers: { Authorization: 'Bearer not-the-token-at-all' } }))
  })

  it('when a request comes through a proxy on this machine (X-Forwarded-For from 127.0.0.1), under TRUST_PROXY or not, answers 401 without the token', async () => {
    for (const trustProxy of [['loopback'], false] as const) {
      const { loopback } = await serve({ trustProxy: trustProxy === false ? false : [...trustProxy] })
      const proxies: Record<string, string>[] = [
        { 'X-Forwarded-For': '127.0.0.1' },
        { 'X-Forwarded-For': '203.0.113.9' },
        { Forwarded: 'for=203.0.113.9' },
        { 'X-Real-IP': '203.0.113.9' },
      ]
      for (const headers of proxies) {
        await refusal(await fetch(`${loopback}/metrics`, { headers }))
      }
      expect((await fetch(`${loopback}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.9', Authorization: `Bearer ${TOKEN}` } })).status).toBe(200)
    }
  })

  it('when no METRICS_TOKEN is configured, another machine is refused whatever it sends; this machine still reads', async () => {
    const { loopback, network } = await serve({ metricsToken: undefined })
    await refusal(await fetch(`${network}/metrics`))
    await refusal(await fetch(`${network}/metrics`, { headers: { Authorization: 'Bearer ' } }))
    await refusal(await fetch(`${network}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } }))
    expect((await fetch(`${loopback}/metrics`)).status).toBe(200)
  })
})

describe('GET /metrics on the real BFF process (METRICS_TOKEN from the environment, listening on every address)', () => {
  let bff: BffProcess | undefined

  afterAll(async () => {
    await bff?.stop()
    bff?.cleanup()
  })

  it('admits this machine and the token, refuses another machine without it, and reports the process’s event-loop lag and memory', async () => {
    bff = await startBff({ env: { HOST: '0.0.0.0', METRICS_TOKEN: TOKEN } })
    const network = bff.baseUrl.replace('127.0.0.1', ownAddress())
    await refusal(await fetch(`${network}/metrics`))
    const admitted = await fetch(`${network}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(admitted.status).toBe(200)
    const local = await fetch(`${bff.baseUrl}/metrics`)
    expect(local.status).toBe(200)
    const read = readScrape(await local.text())
    expect(read.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0)
    expect(read.value('process_resident_memory_bytes')).toBeGreaterThan(10_000_000)
    // the readiness checks of startBff went through the API: timed under their pattern
    expect(read.value('fazhitong_http_request_duration_seconds', { method: 'GET', route: '/api/health', status: '200' })).toBeGreaterThanOrEqual(1)
    expect(bff.output()).not.toContain(TOKEN)
  })
})
