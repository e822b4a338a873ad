import { AppError } from '../http/app-error'

export interface HashingQueueLimits {
  /** password hashes running at once (scrypt uses libuv's thread pool: 4 threads, 2 cores here) */
  concurrency: number
  /** hashes waiting for a turn; beyond this, sign-ins are turned away at once */
  maxQueued: number
  /** running + waiting sign-ins of one client (IP): one flooding address cannot fill the queue */
  maxPerClient: number
  /** seconds a turned-away client is asked to wait */
  retryAfterSeconds: number
}

/**
 * Two running, sixteen waiting: an admitted sign-in waits for at most (2 + 16) / 2 hashes of
 * ~50 ms. Four per address: a family or office behind one address can still sign in together.
 */
export const DEFAULT_HASHING_LIMITS: HashingQueueLimits = { concurrency: 2, maxQueued: 16, maxPerClient: 4, retryAfterSeconds: 2 }

export const loginBusy = (retryAfterSeconds: number) =>
  new AppError({ status: 503, code: 'LOGIN_BUSY', message: `现在登录的人太多，请 ${retryAfterSeconds} 秒后再试`, headers: { 'Retry-After': String(retryAfterSeconds) } })

/**
 * Bounds the CPU that sign-ins can take: at most `concurrency` password hashes at once, a short
 * FIFO queue behind them, and a share per client. A sign-in that would wait beyond the queue is
 * answered 503 + Retry-After at once instead of queueing without bound, so a flood of logins
 * costs a bounded amount of hashing and an admitted sign-in always finishes quickly.
 */
export class HashingQueue {
  private active = 0
  private readonly waiting: (() => void)[] = []
  private readonly perClient = new Map<string, number>()

  constructor(private readonly limits: HashingQueueLimits = DEFAULT_HASHING_LIMITS) {}

  get running(): number {
    return this.active
  }

  get queued(): number {
    return this.waiting.length
  }

  /** Runs `task` when a slot is free; rejects with 503 LOGIN_BUSY when the queue or the client's share is full. */
  run<T>(client: string, task: () => Promise<T>): Promise<T> {
    const held = this.perClient.get(client) ?? 0
    const mustWait = this.active >= this.limits.concurrency
    if (held >= this.limits.maxPerClient || (mustWait && this.waiting.length >= this.limits.maxQueued)) {
      return Promise.reject(loginBusy(this.limits.retryAfterSeconds))
    }
    this.perClient.set(client, held + 1)
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.active += 1
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(() => this.finish(client))
      }
      if (mustWait) this.waiting.push(start)
      else start()
    })
  }

  private finish(client: string): void {
    this.active -= 1
    const held = (this.perClient.get(client) ?? 1) - 1
    if (held > 0) this.perClient.set(client, held)
    else this.perClient.delete(client)
    const next = this.waiting.shift()
    if (next) next()
  }
}
