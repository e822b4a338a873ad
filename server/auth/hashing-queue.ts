import { AppError } from '../errors/app-error'

export interface HashingQueueLimits {
  /** password hashes running at once (scrypt uses libuv's thread pool: 4 threads, 2 cores here) */
  concurrency: number
  /** open lane: hashes waiting for a turn; beyond this, such sign-ins are turned away at once */
  maxQueued: number
  /** open lane: running + waiting sign-ins of one client (IP), so one flooding address cannot fill it */
  maxPerClient: number
  /** account lane: sign-ins for accounts that exist, waiting for a turn */
  accountQueued: number
  /** known-device lane: sign-ins from a phone holding a live device credential of that account, waiting */
  deviceQueued: number
  /** account and known-device lanes: running + waiting sign-ins of one account in each */
  maxPerAccount: number
  /** seconds a turned-away client is asked to wait */
  retryAfterSeconds: number
}

/**
 * Two hashes running; waiting: 16 in the open lane, 32 in the account lane, 16 in the device lane.
 * An admitted sign-in waits for at most a few dozen hashes of ~50 ms. Four per address in the open
 * lane: a family or office behind one address can still sign in together. Two per account: a
 * person with two phones, or a retry while the first try is still waiting.
 */
export const DEFAULT_HASHING_LIMITS: HashingQueueLimits = {
  concurrency: 2,
  maxQueued: 16,
  maxPerClient: 4,
  accountQueued: 32,
  deviceQueued: 16,
  maxPerAccount: 2,
  retryAfterSeconds: 2,
}

export const loginBusy = (retryAfterSeconds: number) =>
  AppError.of('LOGIN_BUSY', { message: `现在登录的人太多，请 ${retryAfterSeconds} 秒后再试`, retryAfterSeconds })

export type HashingLane = 'device' | 'account' | 'open'

/** Who asks for a hash: the client's address key, and for a username that exists its account and whether this phone is a known device of it. */
export interface HashingTicket {
  client: string
  /** the account's id when the username names a password account (staff, administrator) */
  account?: string
  /** the sign-in brought a live device credential of that account (given at an earlier sign-in on this phone) */
  knownDevice?: boolean
}

interface Waiting {
  lane: HashingLane
  start: () => void
}

/**
 * The lanes of a password sign-in (issue 23 row 5). scrypt is the one expensive step of signing in,
 * so the hashes are bounded: at most `concurrency` at once and short queues behind them; a sign-in
 * that finds no room is answered 503 LOGIN_BUSY + Retry-After at once instead of queueing without
 * bound. With one queue, a flood from thousands of addresses kept it full and no real staff member
 * got in (red team: 0 of 16). So the queue has three lanes, each with its own room:
 *
 * - **device**: the sign-in brings a device credential that an earlier successful sign-in of this
 *   account gave this phone (only its hash is stored; expiring, revoked with a new password or a
 *   disabled account). A flood cannot get one without the password, so it cannot fill this lane;
 *   one account holds at most `maxPerAccount` places in it. Served first.
 * - **account**: the username is an account that exists (one indexed look-up, done for every
 *   username). At most `maxPerAccount` places per account, so a flood of made-up usernames (the
 *   common case) never reaches it, and one hammering a few real usernames takes only their shares.
 * - **open**: everything else — made-up usernames, and a real account whose share is taken. At most
 *   `maxPerClient` places per address, as before.
 *
 * A sign-in goes to the first lane it may use that has room (device → account → open), so a
 * stranger hammering a real username fills that account's share and then competes in the open
 * lane like any flood; the owner's known phone still has its own lane. When a hash ends, the
 * device lane goes first, then the account and open lanes take turns: the account lane gets at
 * least every other hash whatever the open lane holds.
 *
 * What a stranger can learn: without a flood every lane has room, each sign-in is hashed (a real
 * verify or, for an unknown user, a dummy hash) and answered 401 alike. Only while the open lane
 * is full does a made-up username get 503 at once where one that exists gets its hash and a 401.
 * Keeping the open lane full takes a distributed flood (20 sign-ins per address per 10 minutes),
 * and what it tells is that a staff username exists; the accounts rest on their passwords
 * (≥ 10 characters, scrypt, per-address limits), not on usernames being secret. Answering a made-up username 401 instead of 503
 * during a flood would hide that, but then a 503 would mark a real account whose share is taken,
 * which three concurrent requests can probe without any flood: worse. See README.md, "Sign-in
 * under a flood (登录与洪水)", for the measurements.
 */
export class HashingQueue {
  private active = 0
  private readonly waiting: Record<HashingLane, Waiting[]> = { device: [], account: [], open: [] }
  /** running + waiting per lane and key (client address in the open lane, account id in the others) */
  private readonly held = new Map<string, number>()
  /** the account lane's turn is next when both it and the open lane have waiters */
  private accountTurn = true
  private readonly limits: HashingQueueLimits

  constructor(limits: Partial<HashingQueueLimits> = {}) {
    this.limits = { ...DEFAULT_HASHING_LIMITS, ...limits }
  }

  get running(): number {
    return this.active
  }

  /** waiting sign-ins, all lanes or one */
  queuedIn(lane?: HashingLane): number {
    return lane ? this.waiting[lane].length : this.waiting.device.length + this.waiting.account.length + this.waiting.open.length
  }

  get queued(): number {
    return this.queuedIn()
  }

  /** The lane a sign-in with this ticket would take now, or null when it would be turned away. */
  laneFor(ticket: HashingTicket | string): HashingLane | null {
    const { client, account, knownDevice } = typeof ticket === 'string' ? { client: ticket } : ticket
    const free = this.active < this.limits.concurrency
    const candidates: { lane: HashingLane; key: string; share: number; room: number }[] = []
    if (account !== undefined && knownDevice === true)
      candidates.push({ lane: 'device', key: account, share: this.limits.maxPerAccount, room: this.limits.deviceQueued })
    if (account !== undefined) candidates.push({ lane: 'account', key: account, share: this.limits.maxPerAccount, room: this.limits.accountQueued })
    candidates.push({ lane: 'open', key: client, share: this.limits.maxPerClient, room: this.limits.maxQueued })
    for (const candidate of candidates) {
      if ((this.held.get(`${candidate.lane}:${candidate.key}`) ?? 0) >= candidate.share) continue
      if (free || this.waiting[candidate.lane].length < candidate.room) return candidate.lane
    }
    return null
  }

  /** Runs `task` when a slot is free; rejects with 503 LOGIN_BUSY when no lane of the ticket has room. A bare string is a client with no account. */
  run<T>(ticket: HashingTicket | string, task: () => Promise<T>): Promise<T> {
    const lane = this.laneFor(ticket)
    if (lane === null) return Promise.reject(loginBusy(this.limits.retryAfterSeconds))
    const key = `${lane}:${lane === 'open' ? (typeof ticket === 'string' ? ticket : ticket.client) : (ticket as HashingTicket).account}`
    this.held.set(key, (this.held.get(key) ?? 0) + 1)
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.active += 1
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(() => this.finish(key))
      }
      if (this.active < this.limits.concurrency) start()
      else this.waiting[lane].push({ lane, start })
    })
  }

  private next(): Waiting | undefined {
    if (this.waiting.device.length > 0) return this.waiting.device.shift()
    const account = this.waiting.account.length > 0
    const open = this.waiting.open.length > 0
    if (account && open) {
      const lane = this.accountTurn ? 'account' : 'open'
      this.accountTurn = !this.accountTurn
      return this.waiting[lane].shift()
    }
    return account ? this.waiting.account.shift() : this.waiting.open.shift()
  }

  private finish(key: string): void {
    this.active -= 1
    const held = (this.held.get(key) ?? 1) - 1
    if (held > 0) this.held.set(key, held)
    else this.held.delete(key)
    this.next()?.start()
  }
}
