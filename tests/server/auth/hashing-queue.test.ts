import { AppError } from '../../../server/errors/app-error'
import { HashingQueue } from '../../../server/auth/hashing-queue'
// deferred(): a hash the test finishes when it wants: no clock, no CPU
import { deferred } from '../../support/turns'

/** Lets the queue's promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

function busy(error: unknown): boolean {
  return error instanceof AppError && error.status === 503 && error.code === 'LOGIN_BUSY'
}

describe('the hashing queue for password sign-ins', () => {
  it('runs at most `concurrency` hashes at once and starts the waiting ones in arrival order', async () => {
    const queue = new HashingQueue({ concurrency: 2, maxQueued: 10, maxPerClient: 10, retryAfterSeconds: 2 })
    const hashes = Array.from({ length: 5 }, () => deferred())
    const started: number[] = []
    const done = hashes.map((hash, index) =>
      queue.run(`client-${index}`, () => {
        started.push(index)
        return hash.promise.then(() => index)
      }),
    )
    await settle()
    expect(started).toEqual([0, 1])
    expect(queue.queued).toBe(3)

    hashes[1].finish()
    await settle()
    expect(started).toEqual([0, 1, 2])
    const failed = expect(done[0]).rejects.toThrow('scrypt failed')
    hashes[0].fail(new Error('scrypt failed'))
    await failed
    await settle()
    // a failed hash frees its slot like a finished one
    expect(started).toEqual([0, 1, 2, 3])

    for (const hash of hashes) hash.finish()
    expect(await Promise.all(done.slice(1))).toEqual([1, 2, 3, 4])
    expect(queue.running).toBe(0)
    expect(queue.queued).toBe(0)
  })

  it('turns a sign-in away at once with 503, Retry-After and a Chinese message when the queue is full', async () => {
    const queue = new HashingQueue({ concurrency: 1, maxQueued: 2, maxPerClient: 10, retryAfterSeconds: 3 })
    const blocker = deferred()
    const admitted = [queue.run('a', () => blocker.promise), queue.run('b', () => blocker.promise), queue.run('c', () => blocker.promise)]
    let shedTask = false
    const shed = await queue.run('d', async () => void (shedTask = true)).catch((error: unknown) => error)
    expect(busy(shed)).toBe(true)
    expect((shed as AppError).headers).toEqual({ 'Retry-After': '3' })
    expect((shed as AppError).message).toMatch(/登录的人太多，请 3 秒后再试/)
    expect(shedTask).toBe(false)

    blocker.finish()
    await Promise.all(admitted)
    // room again once the queue drains
    await expect(queue.run('d', async () => 'signed in')).resolves.toBe('signed in')
  })

  it('gives one client at most its share, so a flood from one address leaves room for a real sign-in', async () => {
    const queue = new HashingQueue({ concurrency: 1, maxQueued: 16, maxPerClient: 4, retryAfterSeconds: 2 })
    const flood = deferred()
    const started: string[] = []
    const outcomes = Array.from({ length: 300 }, () =>
      queue
        .run('203.0.113.9', () => {
          started.push('flood')
          return flood.promise
        })
        .then(
          () => 'done',
          (error: unknown) => (busy(error) ? 'shed' : 'other'),
        ),
    )
    const real = queue.run('198.51.100.7', async () => {
      started.push('real')
      return 'token'
    })
    await settle()
    // 4 of the 300 were admitted (1 hashing, 3 waiting); the real sign-in waits behind those 3 only
    expect(queue.queued).toBe(4)
    flood.finish()
    expect(await real).toBe('token')
    expect(started).toEqual(['flood', 'flood', 'flood', 'flood', 'real'])
    const counts = (await Promise.all(outcomes)).reduce<Record<string, number>>((tally, outcome) => ({ ...tally, [outcome]: (tally[outcome] ?? 0) + 1 }), {})
    expect(counts).toEqual({ done: 4, shed: 296 })
  })

  it('after a flood from 300 addresses, a late sign-in is answered at once (503), never put behind 300 hashes', async () => {
    const queue = new HashingQueue({ concurrency: 2, maxQueued: 16, maxPerClient: 4, retryAfterSeconds: 2 })
    const flood = deferred()
    let hashesStarted = 0
    const outcomes = Array.from({ length: 300 }, (_, index) =>
      queue
        .run(`10.1.${Math.floor(index / 250)}.${index % 250}`, () => {
          hashesStarted += 1
          return flood.promise
        })
        .catch(() => 'shed'),
    )
    await settle()
    expect([queue.running, queue.queued]).toEqual([2, 16])
    const late = await queue.run('198.51.100.7', async () => 'token').catch((error: unknown) => error)
    expect(busy(late)).toBe(true)

    flood.finish()
    expect((await Promise.all(outcomes)).filter((outcome) => outcome === 'shed')).toHaveLength(282)
    // the whole flood cost 18 hashes, not 300
    expect(hashesStarted).toBe(18)
    await expect(queue.run('198.51.100.7', async () => 'token')).resolves.toBe('token')
  })

  it('frees a client share when its sign-in fails, also when the task throws before returning a promise', async () => {
    const queue = new HashingQueue({ concurrency: 1, maxQueued: 4, maxPerClient: 1, retryAfterSeconds: 2 })
    await expect(
      queue.run('a', () => {
        throw new Error('bad stored hash')
      }),
    ).rejects.toThrow('bad stored hash')
    await expect(queue.run('a', async () => 'ok')).resolves.toBe('ok')
    expect(queue.running).toBe(0)
  })
})

describe('the lanes of the hashing queue (issue 23 row 5)', () => {
  const limits = { concurrency: 1, maxQueued: 4, maxPerClient: 4, accountQueued: 8, deviceQueued: 4, maxPerAccount: 2, retryAfterSeconds: 2 }

  /** a flood of made-up usernames from `count` addresses, each held until `hash` finishes */
  function flood(queue: HashingQueue, count: number, hash: Promise<void>, started: string[]) {
    return Array.from({ length: count }, (_, index) =>
      queue
        .run({ client: `198.18.0.${index}` }, () => {
          started.push('flood')
          return hash
        })
        .then(
          () => 'done',
          (error: unknown) => (busy(error) ? 'shed' : 'other'),
        ),
    )
  }

  it('when made-up usernames from many addresses fill the open lane, a sign-in for an account that exists still gets in at the next hash', async () => {
    const queue = new HashingQueue(limits)
    const hash = deferred()
    const started: string[] = []
    const outcomes = flood(queue, 100, hash.promise, started)
    await settle()
    expect([queue.running, queue.queuedIn('open')]).toEqual([1, 4])
    // the same look-alike client with no account is turned away…
    expect(queue.laneFor({ client: '203.0.113.7' })).toBeNull()
    // …one naming a real account is not
    expect(queue.laneFor({ client: '203.0.113.7', account: 'staff-1' })).toBe('account')
    const real = queue.run({ client: '203.0.113.7', account: 'staff-1' }, async () => {
      started.push('staff-1')
      return 'token'
    })
    hash.finish()
    expect(await real).toBe('token')
    // the running flood hash ended, then the account lane had its turn before the 4 waiting ones
    expect(started.slice(0, 2)).toEqual(['flood', 'staff-1'])
    const shed = (await Promise.all(outcomes)).filter((outcome) => outcome === 'shed')
    expect(shed).toHaveLength(95)
  })

  it('serves the known-device lane first, then the account and open lanes by turns', async () => {
    const queue = new HashingQueue(limits)
    const hold = deferred()
    const order: string[] = []
    const task = (name: string) => async () => {
      order.push(name)
      if (name === 'held') await hold.promise
    }
    const done = [
      queue.run('203.0.113.1', task('held')),
      queue.run('198.18.0.1', task('open-1')),
      queue.run('198.18.0.2', task('open-2')),
      queue.run({ client: '203.0.113.2', account: 'a' }, task('account-a')),
      queue.run({ client: '203.0.113.3', account: 'b' }, task('account-b')),
      queue.run({ client: '203.0.113.4', account: 'c', knownDevice: true }, task('device-c')),
    ]
    await settle()
    expect([queue.queuedIn('device'), queue.queuedIn('account'), queue.queuedIn('open')]).toEqual([1, 2, 2])
    hold.finish()
    await Promise.all(done)
    expect(order).toEqual(['held', 'device-c', 'account-a', 'open-1', 'account-b', 'open-2'])
  })

  it('gives one account at most its share of the account lane; a stranger hammering it falls back to the open lane and is then turned away, while other accounts get in', async () => {
    const queue = new HashingQueue(limits)
    const hash = deferred()
    const started: string[] = []
    const hammering = Array.from({ length: 50 }, (_, index) =>
      queue
        .run({ client: `198.18.1.${index}`, account: 'staff-1' }, () => {
          started.push('hammer')
          return hash.promise
        })
        .then(
          () => 'done',
          (error: unknown) => (busy(error) ? 'shed' : 'other'),
        ),
    )
    await settle()
    // 1 running + 1 waiting in the account lane (its share of 2), then 4 in the open lane
    expect([queue.running, queue.queuedIn('account'), queue.queuedIn('open')]).toEqual([1, 1, 4])
    // the owner without a known phone now competes in the open lane like the stranger: full
    expect(queue.laneFor({ client: '203.0.113.1', account: 'staff-1' })).toBeNull()
    // the owner's known phone has its own lane; another account its own share
    expect(queue.laneFor({ client: '203.0.113.1', account: 'staff-1', knownDevice: true })).toBe('device')
    expect(queue.laneFor({ client: '203.0.113.2', account: 'staff-2' })).toBe('account')
    const owner = queue.run({ client: '203.0.113.1', account: 'staff-1', knownDevice: true }, async () => 'owner signed in')
    const colleague = queue.run({ client: '203.0.113.2', account: 'staff-2' }, async () => 'colleague signed in')
    hash.finish()
    expect(await owner).toBe('owner signed in')
    expect(await colleague).toBe('colleague signed in')
    const counts = (await Promise.all(hammering)).reduce<Record<string, number>>((tally, outcome) => ({ ...tally, [outcome]: (tally[outcome] ?? 0) + 1 }), {})
    expect(counts).toEqual({ done: 6, shed: 44 })
  })

  it('gives a known phone at most its account share of the device lane, then the account lane', async () => {
    const queue = new HashingQueue(limits)
    const hash = deferred()
    const ticket = { client: '203.0.113.9', account: 'staff-1', knownDevice: true }
    const held = [queue.run(ticket, () => hash.promise), queue.run(ticket, () => hash.promise)]
    await settle()
    expect([queue.running, queue.queuedIn('device')]).toEqual([1, 1])
    expect(queue.laneFor(ticket)).toBe('account')
    hash.finish()
    await Promise.all(held)
  })

  it('without a flood, a username that exists and one that does not are both admitted, however many of one come at once (no fast answer that marks a real account)', async () => {
    const queue = new HashingQueue(limits)
    const hash = deferred()
    const known = Array.from({ length: 3 }, (_, index) => queue.run({ client: `203.0.113.${index}`, account: 'staff-1' }, () => hash.promise))
    const unknown = Array.from({ length: 3 }, (_, index) => queue.run({ client: `203.0.113.${index + 10}` }, () => hash.promise))
    await settle()
    // the third for staff-1 found its account share taken and waits in the open lane instead
    expect([queue.running, queue.queuedIn('account'), queue.queuedIn('open')]).toEqual([1, 1, 4])
    hash.finish()
    await Promise.all([...known, ...unknown])
  })
})
