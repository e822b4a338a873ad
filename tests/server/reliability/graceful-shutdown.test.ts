import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { acceptsConnections, startBff } from '../../support/bff-process'
import { httpsRequest, startNginx, type NginxProcess } from '../../support/nginx-process'
import { onDatabase, onPostgres, skipNote } from '../support/databases'
import { roomyPostgresBffs } from '../support/roomy-postgres'

jest.setTimeout(120_000)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A booking whose body arrives in two halves: the BFF has the request (it is in flight) from the
 * first half on, and can only answer once `finish` sends the rest.
 */
function slowBooking(port: number, body: string): { finish(): void; answer: Promise<{ status: number; connection: string | undefined; body: string }> } {
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/bookings',
    agent: false,
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), 'Idempotency-Key': randomUUID() },
  })
  const half = Math.floor(body.length / 2)
  request.write(body.slice(0, half))
  const answer = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
    request.on('response', (response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => (text += chunk.toString()))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body: text }))
    })
    request.on('error', reject)
  })
  return { finish: () => request.end(body.slice(half)), answer }
}

async function firstSlot(baseUrl: string, stationId: string): Promise<string> {
  const slots = (await (await fetch(`${baseUrl}/api/stations/${stationId}/slots`)).json()) as { slots: { start: string }[] }
  return slots.slots[0].start
}

describe('SIGTERM on the real BFF (no proxy)', () => {
  it('answers /api/health 503 draining during SHUTDOWN_DELAY_MS, then refuses new connections, lets an in-flight booking finish (201, Connection: close, stored) and exits 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-drain-'))
    const sqlitePath = path.join(dir, 'drain.db')
    const bff = await startBff({ env: { SQLITE_PATH: sqlitePath, SHUTDOWN_DELAY_MS: '800' } })
    try {
      const port = Number(new URL(bff.baseUrl).port)
      const slotStart = await firstSlot(bff.baseUrl, '500241103-ws')
      const booking = slowBooking(
        port,
        JSON.stringify({ stationId: '500241103-ws', slotStart, matter: 'neighbor', name: '停机测试', phone: '13600001111', consent: true }),
      )
      await sleep(200)
      const exited = bff.stop('SIGTERM')

      // draining: health says so at once, on a new connection, while the BFF still accepts
      await sleep(100)
      const health = await fetch(`${bff.baseUrl}/api/health`)
      expect(health.status).toBe(503)
      expect(((await health.json()) as { status: string }).status).toBe('draining')

      // after the delay, a new connection is refused (a proxy sends it to another instance) ...
      const deadline = Date.now() + 5_000
      while ((await acceptsConnections(port)) && Date.now() < deadline) await sleep(50)
      expect(await acceptsConnections(port)).toBe(false)
      // ... while the booking that was in flight is still answered
      booking.finish()
      const answer = await booking.answer
      expect(answer.status).toBe(201)
      expect(answer.connection).toBe('close')
      const code = (JSON.parse(answer.body) as { code: string }).code
      expect(await exited).toBe(0)
      expect(bff.output()).not.toMatch(/grace ran out|shutdown failed/)

      const db = new SqliteDatabase(sqlitePath, { readonly: true })
      try {
        expect(db.prepare('select count(*) as n from bookings where code = ?').get(code)).toEqual({ n: 1 })
      } finally {
        db.close()
      }
    } finally {
      await bff.stop('SIGKILL')
      bff.cleanup()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('when SHUTDOWN_GRACE_MS runs out with a request still in flight, cuts it, logs how many and exits 1', async () => {
    const bff = await startBff({ env: { SHUTDOWN_GRACE_MS: '1500' } })
    try {
      const port = Number(new URL(bff.baseUrl).port)
      const slotStart = await firstSlot(bff.baseUrl, '500241103-ws')
      // the second half of this body never comes
      const stuck = slowBooking(
        port,
        JSON.stringify({ stationId: '500241103-ws', slotStart, matter: 'neighbor', name: '停机测试', phone: '13600002222', consent: true }),
      )
      const cut = stuck.answer.then(
        () => 'answered',
        () => 'cut',
      )
      await sleep(200)
      const started = Date.now()
      expect(await bff.stop('SIGTERM')).toBe(1)
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400)
      expect(await cut).toBe('cut')
      expect(bff.output()).toMatch(/shutdown grace ran out: requests cut off/)
      expect(bff.output()).toMatch(/"cut":1/)
    } finally {
      await bff.stop('SIGKILL')
      bff.cleanup()
    }
  })
})

onPostgres(`SIGTERM of one of two BFF instances behind nginx, under booking load (PostgreSQL)${skipNote}`, () => {
  const stationIds = ['500241103-ws', '500241001-ws']
  const cleanups: (() => Promise<void>)[] = []

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
  })

  /**
   * Two instances on one PostgreSQL database behind deploy/nginx.conf, 8 clients booking through
   * nginx over HTTPS with keep-alive; after 1.5 s one instance gets SIGTERM, its /api/health is
   * asked directly (as a balancer's check would) until it exits, the load goes on 1.5 s more.
   */
  async function drainUnderLoad(env: Record<string, string>) {
    const database = `fzt_drain_${randomBytes(4).toString('hex')}`
    const started = await roomyPostgresBffs({ database, stationIds, instances: 2, env })
    cleanups.push(started.close)
    const [survivor, stopped] = started.bffs
    const ports = started.bffs.map((bff) => Number(new URL(bff.baseUrl).port)) as [number, number]
    const front: NginxProcess = await startNginx({ instancePorts: ports })
    cleanups.push(() => front.stop())
    const agent = new https.Agent({ keepAlive: true, maxSockets: 8 })

    const targets: { stationId: string; slotStart: string }[] = []
    for (const stationId of stationIds) {
      const answer = await httpsRequest({ url: `${front.baseUrl}/api/stations/${stationId}/slots`, ca: front.certificate, agent })
      expect(answer.status).toBe(200)
      for (const slot of (JSON.parse(answer.body) as { slots: { start: string }[] }).slots) targets.push({ stationId, slotStart: slot.start })
    }

    const created: string[] = []
    const failures: string[] = []
    let sent = 0
    let loading = true
    const worker = async (worker: number) => {
      while (loading) {
        sent += 1
        const n = sent
        const target = targets[n % targets.length]
        try {
          const answer = await httpsRequest({
            url: `${front.baseUrl}/api/bookings`,
            ca: front.certificate,
            agent,
            method: 'POST',
            headers: { 'Idempotency-Key': randomUUID() },
            body: JSON.stringify({
              ...target,
              matter: 'neighbor',
              name: `村民${n}`,
              phone: `137${String(worker)}${String(n).padStart(7, '0')}`,
              consent: true,
            }),
          })
          if (answer.status === 201) created.push((JSON.parse(answer.body) as { code: string }).code)
          else failures.push(`${answer.status} ${answer.body.slice(0, 200)}`)
        } catch (error) {
          failures.push(`network: ${(error as Error).message}`)
        }
      }
    }
    const load = Promise.all(Array.from({ length: 8 }, (_, i) => worker(i)))

    await sleep(1500)
    const createdBeforeStop = created.length
    const signalled = Date.now()
    const exited = stopped.stop('SIGTERM')
    const health: string[] = []
    let exitCode: number | null | undefined
    void exited.then((code) => (exitCode = code))
    while (exitCode === undefined) {
      try {
        const answer = await fetch(`${stopped.baseUrl}/api/health`)
        health.push(`${answer.status} ${((await answer.json()) as { status: string }).status}`)
      } catch {
        health.push('refused')
      }
      await sleep(50)
    }
    const stopMs = Date.now() - signalled
    await sleep(1500)
    loading = false
    await load
    agent.destroy()

    const summary = { env, sent, created: created.length, createdBeforeStop, failures: failures.length, exitCode, stopMs, health: [...new Set(health)] }
    process.stdout.write(`graceful shutdown behind nginx: ${JSON.stringify(summary)}\n`)
    expect(failures).toEqual([])
    expect(exitCode).toBe(0)
    expect(created.length).toBeGreaterThan(createdBeforeStop)
    expect(stopped.output()).not.toMatch(/grace ran out|shutdown failed/)
    expect(survivor.child.exitCode).toBeNull()
    // every acknowledged booking is in the database, nothing else is, and no slot is overfilled
    await onDatabase(database, async (client) => {
      const codes = new Set((await client.query<{ code: string }>('select code from bookings')).rows.map((row) => row.code))
      expect(created.filter((code) => !codes.has(code))).toEqual([])
      expect(codes.size).toBe(created.length)
      expect((await client.query('select 1 from slots where booked > capacity')).rowCount).toBe(0)
    })
    return { health }
  }

  it('with SHUTDOWN_DELAY_MS=1000: no client request fails, every 201 is stored, the stopped instance said 503 draining while still accepting and exited 0', async () => {
    // nginx has no active checks: it keeps sending bookings during the delay, and they are answered
    const { health } = await drainUnderLoad({ SHUTDOWN_DELAY_MS: '1000' })
    expect(health).toContain('503 draining')
  })

  it('with the defaults (no delay, what nginx needs): no client request fails, every 201 is stored, the stopped instance exited 0', async () => {
    const { health } = await drainUnderLoad({})
    // the health check's new connections are refused from the signal on (a kept-alive one may still hear 503 draining)
    expect(health.every((answer) => ['200 ok', '503 draining', 'refused'].includes(answer))).toBe(true)
  })
})
