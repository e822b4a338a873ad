import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { AuthService } from '../../../server/auth/auth.service'
import { UserRepository } from '../../../server/auth/user.repository'
import { openStorage } from '../../../server/storage/database'
import { startBff, type BffProcess } from '../../support/bff-process'

jest.setTimeout(120_000)

/** the red team's flood, shortened: 5,000 sign-ins from 5,000 addresses, sent evenly over 10 s (500 a second) */
const FLOOD_ATTEMPTS = 5_000
const FLOOD_SECONDS = 10
/** real staff sign-ins, spread evenly over the flood */
const STAFF = 10

interface Answer {
  status: number
  retryAfter: string | undefined
  body: { deviceCredential?: unknown; error?: { code?: string } }
}

/** One POST /api/auth/login through `agent`, as sent by the proxy in front of the BFF for `from`. */
function signIn(params: { baseUrl: string; agent: http.Agent; from: string; body: object }): Promise<Answer> {
  const payload = JSON.stringify(params.body)
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${params.baseUrl}/api/auth/login`,
      {
        method: 'POST',
        agent: params.agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), 'X-Forwarded-For': params.from },
      },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (text += chunk))
        response.on('end', () => {
          let body: Answer['body'] = {}
          try {
            body = JSON.parse(text) as Answer['body']
          } catch {
            // a 204 or a non-JSON error: the status says enough
          }
          resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body })
        })
      },
    )
    request.on('error', reject)
    request.end(payload)
  })
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())))

/** 198.18.0.0/15 is the range set aside for benchmarks: 5,000 distinct addresses, never routed anywhere */
const floodAddress = (index: number) => `198.18.${index >> 8}.${index & 255}`

/**
 * Issue 23 row 5: a distributed flood of sign-ins with made-up usernames kept the hashing queue full,
 * so every real staff sign-in was answered 503 LOGIN_BUSY. The real BFF process (server/main.ts,
 * TRUST_PROXY=loopback, its own hashing queue and rate limits) takes the flood while ten staff
 * members sign in: five on a phone that signed in before (it keeps the device credential it was
 * given then), five on a new phone.
 */
describe('staff sign-in during a distributed login flood', () => {
  let dir: string
  let bff: BffProcess
  const staff: { username: string; password: string; from: string; deviceCredential?: string }[] = []

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fzt-flood-'))
    const sqlitePath = path.join(dir, 'fzt.db')
    const storage = await openStorage({ kind: 'sqlite', sqlitePath })
    const printed: string[] = []
    try {
      const auth = new AuthService({ users: new UserRepository(storage.db), now: () => new Date() })
      for (let index = 0; index < STAFF; index += 1)
        printed.push((await auth.addStaff({ stationId: '500241103-ws', username: `flood.staff${index}`, displayName: `值班员${index}` })).password)
    } finally {
      await storage.close()
    }
    bff = await startBff({ env: { SQLITE_PATH: sqlitePath, TRUST_PROXY: 'loopback' } })

    // each first sign-in replaces the printed password, as on the day the account was handed out
    const agent = new http.Agent({ keepAlive: false })
    for (let index = 0; index < STAFF; index += 1) {
      const member = { username: `flood.staff${index}`, password: `own-password-${index}-2026`, from: `203.0.113.${index + 1}` }
      const first = await signIn({
        baseUrl: bff.baseUrl,
        agent,
        from: member.from,
        body: { username: member.username, password: printed[index], newPassword: member.password },
      })
      expect(first.status).toBe(200)
      const credential = first.body.deviceCredential
      // the odd ones sign in on a new phone during the flood: it has no credential
      staff.push({ ...member, ...(index % 2 === 0 && typeof credential === 'string' ? { deviceCredential: credential } : {}) })
    }
    agent.destroy()
  })

  afterAll(async () => {
    await bff?.stop()
    bff?.cleanup()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('when 5,000 addresses send made-up sign-ins for 10 s, each of 10 staff sign-ins still succeeds at its first try', async () => {
    // what a proxy in front of the BFF would hold open: a pool of connections, many clients behind each
    const floodAgent = new http.Agent({ keepAlive: true, maxSockets: 64 })
    const staffAgent = new http.Agent({ keepAlive: false })
    const start = Date.now()
    const floodAnswers: Promise<Answer>[] = []
    const staffAnswers: Promise<Answer & { index: number; ms: number }>[] = []
    let lastSentAt = start

    const staffRuns = (async () => {
      for (let index = 0; index < STAFF; index += 1) {
        await sleepUntil(start + ((index + 0.5) * FLOOD_SECONDS * 1000) / STAFF)
        const member = staff[index]
        const body = { username: member.username, password: member.password, ...(member.deviceCredential ? { deviceCredential: member.deviceCredential } : {}) }
        const sentAt = Date.now()
        staffAnswers.push(
          signIn({ baseUrl: bff.baseUrl, agent: staffAgent, from: member.from, body }).then((answer) => ({ ...answer, index, ms: Date.now() - sentAt })),
        )
      }
    })()
    const perTick = FLOOD_ATTEMPTS / (FLOOD_SECONDS * 100)
    for (let sent = 0; sent < FLOOD_ATTEMPTS;) {
      await sleepUntil(start + (sent / perTick) * 10)
      for (let burst = 0; burst < perTick && sent < FLOOD_ATTEMPTS; burst += 1, sent += 1) {
        const body = { username: `u${randomBytes(5).toString('hex')}`, password: randomBytes(9).toString('base64url') }
        floodAnswers.push(signIn({ baseUrl: bff.baseUrl, agent: floodAgent, from: floodAddress(sent), body }))
      }
      lastSentAt = Date.now()
    }
    await staffRuns
    const staffResults = await Promise.all(staffAnswers)
    const flood = await Promise.all(floodAnswers)
    const finishedAt = Date.now()
    floodAgent.destroy()
    staffAgent.destroy()

    const tally = flood.reduce<Record<string, number>>((counts, answer) => ({ ...counts, [answer.status]: (counts[answer.status] ?? 0) + 1 }), {})
    const succeeded = staffResults.filter((answer) => answer.status === 200).length
    console.log(
      `login flood: ${FLOOD_ATTEMPTS} sign-ins from ${FLOOD_ATTEMPTS} addresses sent in ${((lastSentAt - start) / 1000).toFixed(1)} s, all answered after ${((finishedAt - start) / 1000).toFixed(1)} s: ` +
        `${JSON.stringify(tally)}; staff sign-ins ${succeeded} of ${STAFF} succeeded (${staffResults.map((answer) => `${answer.index}${staff[answer.index].deviceCredential ? '+device' : ''}:${answer.status} in ${answer.ms} ms`).join(' ')})`,
    )

    // the load was what this test says it is: sent within 30 s and heavy enough to fill the queue
    expect(lastSentAt - start).toBeLessThan(30_000)
    expect(tally['503'] ?? 0).toBeGreaterThan(1_000)
    // a made-up account is refused (401) or turned away (503 LOGIN_BUSY + Retry-After), never anything else
    expect((tally['401'] ?? 0) + (tally['503'] ?? 0)).toBe(FLOOD_ATTEMPTS)
    for (const answer of flood.filter((one) => one.status === 503)) {
      expect(answer.body.error?.code).toBe('LOGIN_BUSY')
      expect(Number(answer.retryAfter)).toBeGreaterThan(0)
    }
    expect(staffResults.map((answer) => answer.status)).toEqual(Array<number>(STAFF).fill(200))
    // each sign-in on a known phone brought that phone a new credential (the old one is replaced)
    for (const answer of staffResults) {
      const member = staff[answer.index]
      if (member.deviceCredential) member.deviceCredential = answer.body.deviceCredential as string
    }
  })

  it("when a stranger floods one staff member's username from 2,000 addresses (with made-up ones beside), the owner's known phone still signs in each time", async () => {
    const owner = staff[0]
    const colleague = staff[1]
    expect(owner.deviceCredential).toEqual(expect.any(String))
    const floodAgent = new http.Agent({ keepAlive: true, maxSockets: 64 })
    const staffAgent = new http.Agent({ keepAlive: false })
    const attempts = 4_000
    const seconds = 8
    const start = Date.now()
    const floodAnswers: Promise<Answer & { hammer: boolean }>[] = []
    const ownerAnswers: Answer[] = []
    const ownerRuns = (async () => {
      for (let round = 0; round < 4; round += 1) {
        await sleepUntil(start + ((round + 0.5) * seconds * 1000) / 4)
        const answer = await signIn({
          baseUrl: bff.baseUrl,
          agent: staffAgent,
          from: owner.from,
          body: { username: owner.username, password: owner.password, deviceCredential: owner.deviceCredential },
        })
        ownerAnswers.push(answer)
        if (typeof answer.body.deviceCredential === 'string') owner.deviceCredential = answer.body.deviceCredential
      }
    })()
    // a colleague on a new phone: the hammering takes only the owner's share of the account lane
    const colleagueAnswer = sleepUntil(start + seconds * 500).then(() =>
      signIn({ baseUrl: bff.baseUrl, agent: staffAgent, from: colleague.from, body: { username: colleague.username, password: colleague.password } }),
    )
    const perTick = attempts / (seconds * 100)
    for (let sent = 0; sent < attempts;) {
      await sleepUntil(start + (sent / perTick) * 10)
      for (let burst = 0; burst < perTick && sent < attempts; burst += 1, sent += 1) {
        // every other one names the owner's account with a guessed password
        const hammer = sent % 2 === 0
        const body = { username: hammer ? owner.username : `u${randomBytes(5).toString('hex')}`, password: randomBytes(9).toString('base64url') }
        floodAnswers.push(
          signIn({ baseUrl: bff.baseUrl, agent: floodAgent, from: `198.19.${sent >> 8}.${sent & 255}`, body }).then((answer) => ({ ...answer, hammer })),
        )
      }
    }
    await ownerRuns
    const colleagueResult = await colleagueAnswer
    const flood = await Promise.all(floodAnswers)
    floodAgent.destroy()
    staffAgent.destroy()

    const tally = (hammer: boolean) =>
      flood
        .filter((answer) => answer.hammer === hammer)
        .reduce<Record<string, number>>((counts, answer) => ({ ...counts, [answer.status]: (counts[answer.status] ?? 0) + 1 }), {})
    console.log(
      `hammering one username: ${attempts} sign-ins from ${attempts} addresses in ${seconds} s; for the owner's username ${JSON.stringify(tally(true))}, made-up ${JSON.stringify(tally(false))}; ` +
        `owner on the known phone: ${ownerAnswers.map((answer) => answer.status).join(' ')}; colleague on a new phone: ${colleagueResult.status}`,
    )
    expect(tally(true)['503'] ?? 0).toBeGreaterThan(500)
    expect(ownerAnswers.map((answer) => answer.status)).toEqual([200, 200, 200, 200])
    expect(colleagueResult.status).toBe(200)
  })
})
