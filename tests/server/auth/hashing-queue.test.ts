import { AppError } from '../../../server/http/app-error'
import { HashingQueue } from '../../../server/auth/hashing-queue'

/** A hash the test finishes when it wants: no clock, no CPU. */
function deferred() {
  let finish!: () => void
  let fail!: (error: Error) => void
  const promise = new Promise<void>((resolve, reject) => {
    finish = resolve
    fail = reject
  })
  return { promise, finish, fail }
}

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
      queue.run('203.0.113.9', () => {
        started.push('flood')
        return flood.promise
      }).then(
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
      queue.run(`10.1.${Math.floor(index / 250)}.${index % 250}`, () => {
        hashesStarted += 1
        return flood.promise
      }).catch(() => 'shed'),
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
