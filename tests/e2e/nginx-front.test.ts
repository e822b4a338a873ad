import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import http from 'node:http'
import type { Browser } from 'playwright-core'
import { startBff, type BffProcess } from '../support/bff-process'
import { httpsRequest, startNginx, type NginxProcess } from '../support/nginx-process'
import { describeInBrowser, launchChromium } from './support/browser'
import { requireH5Build } from './support/page-helpers'

jest.setTimeout(120_000)

/** look-ups allowed per client address in 10 minutes (RATE_LIMIT_LOOKUPS_PER_IP) */
const LOOKUPS_PER_IP = 3

/**
 * Debian's nginx with deploy/nginx.conf (only its `# site:` values replaced) in front of two real
 * BFF processes on one SQLite file, as a county would run them: TRUST_PROXY=loopback, each
 * instance bound to 127.0.0.1.
 */
describeInBrowser('nginx in front of two BFF instances (deploy/nginx.conf)', () => {
  let dir = ''
  let bffs: BffProcess[] = []
  let nginx: NginxProcess
  let browser: Browser | null = null

  beforeAll(async () => {
    requireH5Build()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-nginx-front-'))
    const env = { SQLITE_PATH: path.join(dir, 'shared.db'), TRUST_PROXY: 'loopback', RATE_LIMIT_LOOKUPS_PER_IP: String(LOOKUPS_PER_IP) }
    // one after the other: the second finds the file migrated; compiled, as production runs them
    bffs.push(await startBff({ env, compiled: true }))
    bffs.push(await startBff({ env, compiled: true }))
    nginx = await startNginx({ instancePorts: bffs.map((bff) => Number(new URL(bff.baseUrl).port)) as [number, number] })
  })

  afterAll(async () => {
    await browser?.close()
    await nginx?.stop()
    for (const bff of bffs) {
      await bff.stop()
      bff.cleanup()
    }
    bffs = []
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  /** A look-up of a booking nobody has, from one client address: 404 until that address's limit, then 429. */
  const lookup = (localAddress: string, headers: Record<string, string> = {}) =>
    httpsRequest({ url: `${nginx.baseUrl}/api/bookings/ZZZZZZZZ?phoneLast4=0000`, ca: nginx.certificate, localAddress, headers }).then(
      (answer) => answer.status,
    )

  it('loads the H5 app over HTTPS with HTTP/2, its scripts brotli-compressed by the BFF and passed through with their cache headers', async () => {
    browser = await launchChromium()
    const page = await browser.newPage({ ignoreHTTPSErrors: true, viewport: { width: 375, height: 740 }, locale: 'zh-CN' })
    const scripts: { url: string; status: number; headers: Record<string, string> }[] = []
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.endsWith('.js')) scripts.push({ url: response.url(), status: response.status(), headers: response.headers() })
    })
    // a report page starts the whole app (首页 is a document that needs only its small script)
    const reports = JSON.parse((await httpsRequest({ url: `${nginx.baseUrl}/api/reports`, ca: nginx.certificate })).body) as { reports: { id: string }[] }
    const answer = await page.goto(`${nginx.baseUrl}/pages/report/index?id=${encodeURIComponent(reports.reports[0].id)}`, { waitUntil: 'networkidle' })
    expect(answer?.status()).toBe(200)
    const protocols = await page.evaluate(() =>
      [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(
        (entry) => (entry as PerformanceResourceTiming).nextHopProtocol,
      ),
    )
    expect(new Set(protocols)).toEqual(new Set(['h2']))
    expect(scripts.length).toBeGreaterThan(0)
    for (const script of scripts) {
      expect(script.status).toBe(200)
      expect(script.headers['content-encoding']).toBe('br')
      expect(script.headers.vary).toMatch(/Accept-Encoding/i)
      expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    }
    // the app itself ran: the report's text is on screen
    await page.getByText(/./).first().waitFor()
    expect(await page.evaluate(() => document.body.innerText.trim().length)).toBeGreaterThan(20)
  })

  it('redirects plain HTTP to HTTPS', async () => {
    const answer = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port: nginx.httpPort, path: '/pages/report/index' }, resolve).on('error', reject),
    )
    answer.resume()
    expect(answer.statusCode).toBe(301)
    expect(answer.headers.location).toMatch(/^https:\/\/127\.0\.0\.1\/pages\/report\/index$/)
  })

  it('hides /metrics from the internet (404 at nginx), while each instance answers it on loopback', async () => {
    const outside = await httpsRequest({ url: `${nginx.baseUrl}/metrics`, ca: nginx.certificate })
    expect(outside.status).toBe(404)
    expect(outside.body).not.toContain('fazhitong_')
    for (const bff of bffs) {
      const inside = await fetch(`${bff.baseUrl}/metrics`)
      expect(inside.status).toBe(200)
      expect(await inside.text()).toContain('fazhitong_http_request_duration_seconds')
    }
  })

  it('takes a booking through nginx, and either instance finds it', async () => {
    const slots = JSON.parse((await httpsRequest({ url: `${nginx.baseUrl}/api/stations/500241103-ws/slots`, ca: nginx.certificate })).body) as {
      slots: { start: string }[]
    }
    const created = await httpsRequest({
      url: `${nginx.baseUrl}/api/bookings`,
      ca: nginx.certificate,
      method: 'POST',
      localAddress: '127.0.0.9',
      headers: { 'Idempotency-Key': 'a0f7c1f2-3f7e-4a57-9a39-0b2c6f1b9c11' },
      body: JSON.stringify({
        stationId: '500241103-ws',
        slotStart: slots.slots[0].start,
        matter: 'neighbor',
        name: '前置测试',
        phone: '13600003333',
        consent: true,
      }),
    })
    expect(created.status).toBe(201)
    const { code } = JSON.parse(created.body) as { code: string }
    for (const bff of bffs) expect((await fetch(`${bff.baseUrl}/api/bookings/${code}?phoneLast4=3333`)).status).toBe(200)
  })

  it('limits each client address on its own: one client at its limit does not limit another', async () => {
    const first: number[] = []
    for (let i = 0; i <= LOOKUPS_PER_IP; i += 1) first.push(await lookup('127.0.0.2'))
    expect(first).toEqual([...Array<number>(LOOKUPS_PER_IP).fill(404), 429])
    // requests alternate between the two instances: the count is the address's, in the shared database
    expect(await lookup('127.0.0.3')).toBe(404)
    expect(await lookup('127.0.0.2')).toBe(429)
  })

  it('counts a client that forges X-Forwarded-For under its real address: rotating forged values do not escape the limit', async () => {
    const statuses: number[] = []
    for (let i = 0; i < LOOKUPS_PER_IP + 3; i += 1)
      statuses.push(await lookup('127.0.0.4', { 'X-Forwarded-For': `203.0.113.${i + 1}`, 'X-Real-IP': `198.51.100.${i + 1}` }))
    expect(statuses).toEqual([...Array<number>(LOOKUPS_PER_IP).fill(404), 429, 429, 429])
    // and the forged addresses were not charged: a client really at 127.0.0.5 is not limited
    expect(await lookup('127.0.0.5', { 'X-Forwarded-For': '127.0.0.4' })).toBe(404)
  })

  it('answers the BFF’s own 413 (JSON, in Chinese) for a body over JSON_BODY_LIMIT, and nginx’s above client_max_body_size', async () => {
    const body = (bytes: number) => JSON.stringify({ name: 'x'.repeat(bytes) })
    const overBff = await httpsRequest({
      url: `${nginx.baseUrl}/api/bookings`,
      ca: nginx.certificate,
      method: 'POST',
      localAddress: '127.0.0.6',
      body: body(100 * 1024),
    })
    expect(overBff.status).toBe(413)
    expect(overBff.headers['content-type']).toMatch(/json/)
    expect(overBff.body).toMatch(/[\u4e00-\u9fff]/)
    const overNginx = await httpsRequest({
      url: `${nginx.baseUrl}/api/bookings`,
      ca: nginx.certificate,
      method: 'POST',
      localAddress: '127.0.0.6',
      body: body(200 * 1024),
    })
    expect(overNginx.status).toBe(413)
  })

  it('leaves the instances reachable on loopback only: a trusted X-Forwarded-For can come from this machine alone', async () => {
    for (const bff of bffs) expect(new URL(bff.baseUrl).hostname).toBe('127.0.0.1')
    // the machine's own outside addresses: the instances' ports refuse connections there
    const outside = Object.values(os.networkInterfaces())
      .flat()
      .filter((entry): entry is os.NetworkInterfaceInfo => Boolean(entry && !entry.internal && entry.family === 'IPv4'))
      .map((entry) => entry.address)
    for (const address of outside) {
      for (const bff of bffs) {
        const connected = await new Promise<boolean>((resolve) => {
          const socket = net.connect({ host: address, port: Number(new URL(bff.baseUrl).port) })
          socket.once('connect', () => {
            socket.destroy()
            resolve(true)
          })
          socket.once('error', () => resolve(false))
        })
        expect(connected).toBe(false)
      }
    }
  })
})
