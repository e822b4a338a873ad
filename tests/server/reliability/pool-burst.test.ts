import { randomBytes, randomUUID } from 'node:crypto'
import { Client } from 'pg'
import type { BffProcess } from '../../support/bff-process'
import { databaseUrlFor, onDatabase, onPostgres, skipNote } from '../support/databases'
import { roomyPostgresBffs } from '../support/roomy-postgres'

/**
 * A healthy PostgreSQL under a burst: 1,000 bookings sent at once over two BFF instances (real
 * processes, default pool settings) wait their turn for a pooled connection instead of being told
 * "database down", and `/api/health` keeps answering 200 meanwhile. The last burst arrives while
 * another session holds the slots table for 6 s (a staff change, a migration, a slow moment of
 * the server): longer than the 5 s a request used to wait for a connection, far shorter than the
 * queue's deadline. PostgreSQL only; reported as skipped, by name, without TEST_DATABASE_URL.
 */
jest.setTimeout(240_000)

const BURST_SIZE = 1000
/** bursts in turn; `lockMs`: the slots table is held that long by another session as the burst arrives */
const BURSTS: { lockMs: number }[] = [{ lockMs: 0 }, { lockMs: 0 }, { lockMs: 6000 }]

interface Answer {
  status: number | 'network-error'
  ms: number
  errorCode?: string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

onPostgres(`PostgreSQL healthy but busy: a burst of bookings on two BFF instances${skipNote}`, () => {
  const database = `fzt_burst_${randomBytes(4).toString('hex')}`
  const stationIds = ['500241103-ws', '500241001-ws', '500241002-ws', '500241004-ws']
  let bffs: BffProcess[] = []
  let close = async (): Promise<void> => undefined

  beforeAll(async () => {
    ;({ bffs, close } = await roomyPostgresBffs({ database, stationIds, instances: 2 }))
  })

  afterAll(() => close())

  /** Takes the slots table (booking's updates wait) and gives it back after `ms`; `released` resolves then. */
  async function holdSlotsTable(ms: number): Promise<{ released: Promise<void> }> {
    const client = new Client({ connectionString: databaseUrlFor(database) })
    await client.connect()
    await client.query('begin')
    await client.query('lock table slots in share mode')
    const released = sleep(ms).then(async () => {
      await client.query('commit')
      await client.end()
    })
    return { released }
  }

  it('queues every booking of three bursts of 1,000 (none answers 503), the last while the slots table is held for 6 s, and /api/health answers 200 during each burst', async () => {
    const targets: { stationId: string; slotStart: string }[] = []
    for (const stationId of stationIds) {
      const response = await fetch(`${bffs[0].baseUrl}/api/stations/${stationId}/slots`)
      expect(response.status).toBe(200)
      for (const slot of ((await response.json()) as { slots: { start: string }[] }).slots) targets.push({ stationId, slotStart: slot.start })
    }
    expect(targets.length).toBeGreaterThan(100)

    let counter = 0
    const book = async (instance: number): Promise<Answer> => {
      counter += 1
      const n = counter
      const target = targets[n % targets.length]
      const started = Date.now()
      try {
        const response = await fetch(`${bffs[instance].baseUrl}/api/bookings`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
          body: JSON.stringify({ ...target, matter: 'neighbor', name: `村民${n}`, phone: `136${String(n).padStart(8, '0')}`, consent: true }),
        })
        const body = (await response.json()) as { error?: { code: string } }
        return { status: response.status, ms: Date.now() - started, errorCode: body.error?.code }
      } catch {
        return { status: 'network-error', ms: Date.now() - started }
      }
    }

    const answers: Answer[] = []
    const healthStatuses: number[] = []
    const durations: number[] = []
    const unavailablePerBurst: number[] = []
    const p95PerBurst: number[] = []
    for (const { lockMs } of BURSTS) {
      // a busy database, not a missing one: it answers, but bookings wait on the lock meanwhile
      const held = lockMs > 0 ? (await holdSlotsTable(lockMs)).released : Promise.resolve()
      const started = Date.now()
      let done = false
      const bookings = Promise.all(Array.from({ length: BURST_SIZE }, (_, i) => book(i % 2))).finally(() => {
        done = true
      })
      // health checks while the burst is queued (a load balancer's probe on each instance)
      const probes: Promise<void>[] = []
      await sleep(100)
      while (!done) {
        for (const bff of bffs)
          probes.push(
            fetch(`${bff.baseUrl}/api/health`).then(
              (response) => void healthStatuses.push(response.status),
              () => void healthStatuses.push(0),
            ),
          )
        await sleep(250)
      }
      const burstAnswers = await bookings
      answers.push(...burstAnswers)
      await Promise.all(probes)
      await held
      durations.push(Date.now() - started)
      unavailablePerBurst.push(burstAnswers.filter((answer) => answer.status === 503).length)
      p95PerBurst.push(
        percentile(
          burstAnswers.map((answer) => answer.ms),
          95,
        ),
      )
    }

    const count = (predicate: (answer: Answer) => boolean) => answers.filter(predicate).length
    const summary = {
      answers: answers.length,
      created: count((answer) => answer.status === 201),
      unavailable503: count((answer) => answer.status === 503),
      unavailablePerBurst,
      byCode: Object.fromEntries(
        [...new Set(answers.map((answer) => `${answer.status} ${answer.errorCode ?? ''}`.trim()))].map((key) => [
          key,
          count((answer) => `${answer.status} ${answer.errorCode ?? ''}`.trim() === key),
        ]),
      ),
      burstMs: durations,
      p95Ms: p95PerBurst,
      maxMs: Math.max(...answers.map((answer) => answer.ms)),
      health: { probes: healthStatuses.length, not200: healthStatuses.filter((status) => status !== 200).length },
    }
    process.stdout.write(`pool burst: ${JSON.stringify(summary)}\n`)

    expect(summary.unavailable503).toBe(0)
    expect(summary.created).toBe(BURSTS.length * BURST_SIZE)
    expect(healthStatuses.length).toBeGreaterThan(0)
    expect(healthStatuses.filter((status) => status !== 200)).toEqual([])
    for (const bff of bffs) expect(bff.child.exitCode).toBeNull()
    await onDatabase(database, async (client) => {
      expect(Number((await client.query<{ n: string }>('select count(*) as n from bookings')).rows[0].n)).toBe(BURSTS.length * BURST_SIZE)
      expect((await client.query('select 1 from slots where booked > capacity')).rowCount).toBe(0)
    })
  })
})
