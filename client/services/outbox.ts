// Over 400 lines: createOutbox is one closure (chunked writes, the sync run and the state they share); only the storage adapter could move out.
import Taro from '@tarojs/taro'

/**
 * The offline outbox: what a 法律明白人 saved on the phone and the server has not acknowledged yet.
 *
 * - Everything lives in device storage (nothing only in memory), so a dropped network, a killed
 *   app or a phone restart loses nothing. WeChat allows 1 MB per key and 10 MB in all, so the
 *   entries are split across keys: `<prefix>.index` lists the chunk keys in order, and each chunk
 *   `<prefix>.c<n>` holds a JSON array of entries kept well under 1 MB (counted in UTF-8 bytes —
 *   a Chinese character is 3 bytes, not 1). A change writes only the chunk it touches, always
 *   under a new key, and switches the index last: a write cut off half-way (app killed) leaves
 *   the previous, complete outbox in place, and the orphaned chunk is removed on the next write.
 * - One entry per record (its client-generated UUID): editing a record that is still waiting
 *   replaces the waiting payload instead of queueing a second operation, so a create is always
 *   sent before anything else about that record, and a resent create carries the same UUID (the
 *   server stores it once).
 * - `sync({ send })` sends the waiting entries in the order they were first queued and removes
 *   one only after `send` reports the server acknowledged it. A version conflict keeps the
 *   server's copy beside ours and marks the entry `conflict`; a validation error marks it
 *   `rejected` with the server's Chinese message; a network failure leaves it `pending` and ends
 *   the run. Two syncs never run at once over the same storage.
 *
 * The logic is pure over an `OutboxStorage`; `taroOutboxStorage()` adapts Taro's storage (the
 * mini program's wx storage, or localStorage on H5 and in jest).
 */

// ---------------------------------------------------------------- storage adapter

export interface OutboxStorage {
  /** the stored value, or `undefined` when the key is absent */
  read(key: string): unknown
  /** throws when the device refuses (storage full) */
  write(key: string, value: unknown): void
  remove(key: string): void
  /** every key in storage, to tidy up chunks a cut-off write left behind (optional) */
  keys?(): string[]
}

/** Taro's synchronous storage: writes are done when the call returns, so a kill right after saving loses nothing. */
export function taroOutboxStorage(): OutboxStorage {
  return {
    read(key) {
      try {
        const value: unknown = Taro.getStorageSync(key)
        // Taro answers '' for a missing key
        return value === '' ? undefined : value
      } catch {
        return undefined
      }
    },
    write(key, value) {
      Taro.setStorageSync(key, value)
    },
    remove(key) {
      try {
        Taro.removeStorageSync(key)
      } catch {
        // already gone
      }
    },
    keys() {
      try {
        return Taro.getStorageInfoSync().keys
      } catch {
        return []
      }
    },
  }
}

/**
 * How many records wait on this phone, from the index key alone (cheap enough for any page, e.g.
 * 我的): `pending` waiting to be sent, `total` including conflicts and refused ones.
 */
export function outboxSummary(params: { storage?: OutboxStorage; keyPrefix?: string } = {}): { pending: number; total: number } {
  const value = (params.storage ?? taroOutboxStorage()).read(`${params.keyPrefix ?? 'fzt.outbox'}.index`) as { pending?: unknown; total?: unknown } | undefined
  const count = (field: unknown) => (typeof field === 'number' && Number.isInteger(field) && field >= 0 ? field : 0)
  return { pending: count(value?.pending), total: count(value?.total) }
}

// ---------------------------------------------------------------- sizes

/** WeChat's limit for one storage key. */
export const STORAGE_KEY_LIMIT_BYTES = 1024 * 1024
/**
 * What one chunk holds at most: far below the key limit (room for the platform's own wrapping),
 * and small enough that a save rewrites little (a chunk holds about 40 of the largest records).
 */
export const DEFAULT_CHUNK_BUDGET_BYTES = 128 * 1024

/** UTF-8 byte length of a string, without TextEncoder (older WeChat base libraries lack it). */
export function utf8ByteLength(text: string): number {
  let bytes = 0
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      // a surrogate pair is one 4-byte character
      bytes += 4
      index += 1
    } else bytes += 3
  }
  return bytes
}

// ---------------------------------------------------------------- entries

export type OutboxOperation = 'create' | 'update'
/** pending: waits to be sent; conflict: changed elsewhere meanwhile; rejected: the server refused it */
export type OutboxState = 'pending' | 'conflict' | 'rejected'

export interface OutboxEntry<Payload, ServerCopy> {
  /** the record's client-generated UUID */
  id: string
  op: OutboxOperation
  /** update: the server version the edit was made from */
  baseVersion: number | null
  payload: Payload
  /** whose entry it is (the signed-in volunteer's user id when it was saved; before ids, name|town|village); only they send it */
  owner: string
  state: OutboxState
  /** how many times sending was tried */
  attempts: number
  /** the last failure, in Chinese, as the volunteer should read it */
  lastError: string | null
  /** rejected: the server's field messages */
  fields: { path: string; message: string }[]
  /** conflict: the server's current copy */
  serverCopy: ServerCopy | null
  queuedAt: string
  updatedAt: string
  lastAttemptAt: string | null
  /** bumped on every local change, so an answer to an older payload does not remove a newer one */
  rev: number
}

/** What `send` learned from the server about one entry. */
export type SendOutcome<ServerCopy> =
  /** 201 / 200: stored (the copy and its version as the server now has them) */
  | { kind: 'acknowledged'; serverCopy: ServerCopy; version: number }
  /** 409 VERSION_CONFLICT: someone changed it first; `serverCopy` when it could be fetched */
  | { kind: 'conflict'; message: string; serverCopy: ServerCopy | null }
  /** 4xx the server will never accept as it is (validation, edit window closed, …) */
  | { kind: 'rejected'; message: string; fields?: { path: string; message: string }[] }
  /** no answer, timeout, 5xx, 429: try again later; ends this run */
  | { kind: 'retry-later'; message: string }
  /** 401: the sign-in ended; ends this run and keeps everything */
  | { kind: 'unauthorized'; message: string }

export interface SyncReport {
  /** acknowledged in this run */
  sent: number
  conflicts: number
  rejected: number
  /** what still waits to be sent (for the owner, when one was given) */
  pending: number
  /** why the run ended before trying everything */
  stoppedBy: 'offline' | 'unauthorized' | null
  /** the message of the failure that ended the run */
  message: string | null
}

export class OutboxStorageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OutboxStorageError'
  }
}

const STORAGE_FULL_MESSAGE = '手机存储空间不够，这条没有存上。请先联网上传已存的记录，或清理微信缓存后再试。'
const ENTRY_TOO_LARGE_MESSAGE = '这条记录太大，手机上存不下。请把简要情况写短一些。'

interface OutboxIndex {
  v: 2
  /** changes with every write, so a reader knows whether what it holds in memory is current */
  stamp: string
  /** chunk key suffixes, in order */
  chunks: string[]
  /** the number of the next chunk key */
  next: number
  /** entries waiting to be sent, and all entries (any volunteer): readable without the chunks */
  pending: number
  total: number
}

function isIndex(value: unknown): value is OutboxIndex {
  if (typeof value !== 'object' || value === null) return false
  const index = value as Partial<OutboxIndex>
  return (
    index.v === 2 &&
    typeof index.stamp === 'string' &&
    Array.isArray(index.chunks) &&
    index.chunks.every((chunk) => typeof chunk === 'string') &&
    Number.isInteger(index.next)
  )
}

function isEntry(value: unknown): value is OutboxEntry<unknown, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Partial<OutboxEntry<unknown, unknown>>
  return typeof entry.id === 'string' && (entry.op === 'create' || entry.op === 'update') && typeof entry.owner === 'string' && typeof entry.rev === 'number'
}

// one run per storage prefix, whichever Outbox object asked for it
const runningSyncs = new Map<string, { promise: Promise<SyncReport>; again: boolean }>()

interface Chunk {
  key: string
  entries: OutboxEntry<unknown, unknown>[]
  bytes: number
}
/** what was last read or written per prefix, reused while the index's stamp is unchanged */
const chunkCache = new Map<string, { stamp: string; chunks: Chunk[] }>()
/** prefixes whose leftover chunks were tidied in this process */
const tidied = new Set<string>()

function randomStamp(): string {
  return `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`
}

export interface Outbox<Payload extends { id: string }, ServerCopy> {
  readonly keyPrefix: string
  /** every entry, in the order they were first queued */
  entries(): OutboxEntry<Payload, ServerCopy>[]
  entry(id: string): OutboxEntry<Payload, ServerCopy> | null
  /** entries waiting to be sent (of `owner`, when given) */
  pendingCount(owner?: string): number
  counts(owner?: string): { pending: number; conflict: number; rejected: number; otherOwners: number }
  /**
   * Keeps a new or edited record on the device (throws `OutboxStorageError` with a Chinese message
   * when the device cannot store it — then nothing was saved). A record already waiting is
   * replaced in place: a create stays a create, with the same UUID.
   */
  put(params: { payload: Payload; op: OutboxOperation; baseVersion?: number | null; owner: string }): OutboxEntry<Payload, ServerCopy>
  remove(id: string): void
  /**
   * Every entry of owner `from` becomes `to`'s, in one write (the index switches last, as for any
   * change); the number of entries re-keyed. Throws `OutboxStorageError` when the device refuses.
   */
  reassign(params: { from: string; to: string }): number
  /** conflict: `server` drops our edit; `mine` sends ours again over the server's version */
  resolveConflict(id: string, keep: 'server' | 'mine'): void
  sync(params: { send: (entry: OutboxEntry<Payload, ServerCopy>) => Promise<SendOutcome<ServerCopy>>; owner?: string }): Promise<SyncReport>
  isSyncing(): boolean
  /** called after every change of the stored entries; returns the unsubscribe function */
  subscribe(listener: () => void): () => void
}

export function createOutbox<Payload extends { id: string }, ServerCopy>(
  params: { storage?: OutboxStorage; keyPrefix?: string; chunkBudgetBytes?: number; now?: () => Date } = {},
): Outbox<Payload, ServerCopy> {
  type Entry = OutboxEntry<Payload, ServerCopy>
  const storage = params.storage ?? taroOutboxStorage()
  const prefix = params.keyPrefix ?? 'fzt.outbox'
  const budget = Math.min(params.chunkBudgetBytes ?? DEFAULT_CHUNK_BUDGET_BYTES, STORAGE_KEY_LIMIT_BYTES)
  const now = params.now ?? (() => new Date())
  const indexKey = `${prefix}.index`
  const listeners = new Set<() => void>()

  function readIndex(): OutboxIndex | null {
    const value = storage.read(indexKey)
    return isIndex(value) ? value : null
  }

  function sizeOf(entries: readonly unknown[]): number {
    return utf8ByteLength(JSON.stringify(entries))
  }

  /** The chunks as stored now (from memory when the index has not changed since). */
  function loadChunks(): { index: OutboxIndex | null; chunks: Chunk[] } {
    const index = readIndex()
    if (!index) {
      chunkCache.delete(prefix)
      return { index: null, chunks: [] }
    }
    const cached = chunkCache.get(prefix)
    if (cached && cached.stamp === index.stamp) return { index, chunks: cached.chunks }
    const chunks: Chunk[] = []
    for (const suffix of index.chunks) {
      const key = `${prefix}.${suffix}`
      const stored = storage.read(key)
      if (!Array.isArray(stored)) {
        console.warn('[outbox] missing or damaged chunk', key)
        continue
      }
      const entries = stored.filter(isEntry)
      chunks.push({ key: suffix, entries, bytes: sizeOf(entries) })
    }
    chunkCache.set(prefix, { stamp: index.stamp, chunks })
    return { index, chunks }
  }

  function load(): Entry[] {
    return loadChunks().chunks.flatMap((chunk) => chunk.entries as Entry[])
  }

  /** Splits entries into arrays whose JSON stays within the budget. */
  function pack(entries: readonly Entry[]): Entry[][] {
    const packed: Entry[][] = []
    let current: Entry[] = []
    let currentBytes = 2 // []
    for (const entry of entries) {
      const bytes = utf8ByteLength(JSON.stringify(entry))
      if (bytes + 2 > budget) throw new OutboxStorageError(ENTRY_TOO_LARGE_MESSAGE)
      if (current.length > 0 && currentBytes + 1 + bytes > budget) {
        packed.push(current)
        current = []
        currentBytes = 2
      }
      currentBytes += bytes + (current.length > 0 ? 1 : 0)
      current.push(entry)
    }
    if (current.length > 0) packed.push(current)
    return packed
  }

  /**
   * Replaces the chunks at `[from, from + count)` with `replacement` (entries repacked into new
   * chunk keys): new chunks first, the index last, then the replaced chunks are removed.
   */
  function splice(state: { index: OutboxIndex | null; chunks: Chunk[] }, from: number, count: number, replacement: readonly Entry[]): void {
    let next = state.index?.next ?? 1
    const written: Chunk[] = pack(replacement).map((entries) => ({ key: `c${next++}`, entries, bytes: sizeOf(entries) }))
    const chunks = [...state.chunks.slice(0, from), ...written, ...state.chunks.slice(from + count)]
    const all = chunks.flatMap((chunk) => chunk.entries)
    const index: OutboxIndex = {
      v: 2,
      stamp: randomStamp(),
      chunks: chunks.map((chunk) => chunk.key),
      next,
      pending: all.filter((entry) => entry.state === 'pending').length,
      total: all.length,
    }
    try {
      for (const chunk of written) storage.write(`${prefix}.${chunk.key}`, chunk.entries)
      storage.write(indexKey, index)
    } catch (error) {
      // the index still names the previous chunks: drop what this write left
      for (const chunk of written) storage.remove(`${prefix}.${chunk.key}`)
      console.warn('[outbox] could not write', error)
      throw new OutboxStorageError(STORAGE_FULL_MESSAGE)
    }
    chunkCache.set(prefix, { stamp: index.stamp, chunks })
    for (const chunk of state.chunks.slice(from, from + count)) storage.remove(`${prefix}.${chunk.key}`)
    if (!tidied.has(prefix)) {
      // chunks of a write that was cut off in an earlier run (app killed before the index switched)
      tidied.add(prefix)
      const live = new Set([indexKey, ...chunks.map((chunk) => `${prefix}.${chunk.key}`)])
      for (const key of storage.keys?.() ?? [])
        if (key.startsWith(`${prefix}.c`) && /^c\d+$/.test(key.slice(prefix.length + 1)) && !live.has(key)) storage.remove(key)
    }
    listeners.forEach((listener) => {
      try {
        listener()
      } catch (failure) {
        console.warn('[outbox] listener failed', failure)
      }
    })
  }

  /** Writes one entry where it is (or at the end when new): only its chunk is rewritten. */
  function upsert(entry: Entry): void {
    const state = loadChunks()
    const at = state.chunks.findIndex((chunk) => chunk.entries.some((stored) => stored.id === entry.id))
    if (at >= 0) {
      const entries = (state.chunks[at].entries as Entry[]).map((stored) => (stored.id === entry.id ? entry : stored))
      splice(state, at, 1, entries)
      return
    }
    const last = state.chunks.length - 1
    const entryBytes = utf8ByteLength(JSON.stringify(entry))
    if (last >= 0 && state.chunks[last].bytes + 1 + entryBytes <= budget) splice(state, last, 1, [...(state.chunks[last].entries as Entry[]), entry])
    else splice(state, state.chunks.length, 0, [entry])
  }

  function update(id: string, change: (entry: Entry) => Entry | null): void {
    const state = loadChunks()
    const at = state.chunks.findIndex((chunk) => chunk.entries.some((stored) => stored.id === id))
    if (at < 0) return
    const entries = state.chunks[at].entries as Entry[]
    const current = entries.find((stored) => stored.id === id) as Entry
    const changed = change(current)
    if (changed === current) return
    splice(state, at, 1, changed ? entries.map((stored) => (stored.id === id ? changed : stored)) : entries.filter((stored) => stored.id !== id))
  }

  function counts(owner?: string) {
    const result = { pending: 0, conflict: 0, rejected: 0, otherOwners: 0 }
    for (const entry of load()) {
      if (owner !== undefined && entry.owner !== owner) result.otherOwners += 1
      else result[entry.state] += 1
    }
    return result
  }

  async function run(send: (entry: Entry) => Promise<SendOutcome<ServerCopy>>, owner: string | undefined): Promise<SyncReport> {
    const report: SyncReport = { sent: 0, conflicts: 0, rejected: 0, pending: 0, stoppedBy: null, message: null }
    const running = runningSyncs.get(prefix)
    do {
      if (running) running.again = false
      // each entry at most once a pass; entries queued during the pass are picked up too
      const tried = new Set<string>()
      for (;;) {
        const next = load().find((entry) => entry.state === 'pending' && !tried.has(entry.id) && (owner === undefined || entry.owner === owner))
        if (!next) break
        tried.add(next.id)
        const at = now().toISOString()
        update(next.id, (entry) => ({ ...entry, attempts: entry.attempts + 1, lastAttemptAt: at }))
        // deleted meanwhile (e.g. 删除 on the records page): nothing to send
        if (!load().some((entry) => entry.id === next.id)) continue
        let outcome: SendOutcome<ServerCopy>
        try {
          outcome = await send(next)
        } catch (error) {
          outcome = { kind: 'retry-later', message: error instanceof Error && error.message ? error.message : '没有上传成功，稍后会再试。' }
        }
        const stamp = now().toISOString()
        switch (outcome.kind) {
          case 'acknowledged': {
            const { version } = outcome
            report.sent += 1
            update(next.id, (entry) =>
              entry.rev === next.rev
                ? null
                : // edited again while this was on its way: what is stored now is the base of the newer edit
                  { ...entry, op: 'update', baseVersion: version, state: 'pending', lastError: null, fields: [], serverCopy: null, updatedAt: stamp },
            )
            break
          }
          case 'conflict': {
            const { message, serverCopy } = outcome
            report.conflicts += 1
            update(next.id, (entry) => ({ ...entry, state: 'conflict', lastError: message, serverCopy, updatedAt: stamp }))
            break
          }
          case 'rejected': {
            const { message, fields } = outcome
            report.rejected += 1
            update(next.id, (entry) =>
              entry.rev === next.rev ? { ...entry, state: 'rejected', lastError: message, fields: fields ?? [], updatedAt: stamp } : entry,
            )
            break
          }
          case 'retry-later':
          case 'unauthorized': {
            const { message } = outcome
            update(next.id, (entry) => ({ ...entry, lastError: message, updatedAt: stamp }))
            report.stoppedBy = outcome.kind === 'unauthorized' ? 'unauthorized' : 'offline'
            report.message = message
            break
          }
        }
        if (report.stoppedBy) break
      }
    } while (!report.stoppedBy && running?.again)
    report.pending = counts(owner).pending
    return report
  }

  return {
    keyPrefix: prefix,
    entries: load,
    entry: (id) => load().find((entry) => entry.id === id) ?? null,
    pendingCount: (owner) => counts(owner).pending,
    counts,
    put({ payload, op, baseVersion = null, owner }) {
      const existing = load().find((entry) => entry.id === payload.id)
      const stamp = now().toISOString()
      let saved: Entry
      if (existing) {
        // not on the server yet: still a create, with the same UUID
        const stillCreate = existing.op === 'create'
        saved = {
          ...existing,
          payload,
          op: stillCreate ? 'create' : op,
          baseVersion: stillCreate ? null : (baseVersion ?? existing.baseVersion),
          owner,
          state: 'pending',
          lastError: null,
          fields: [],
          serverCopy: null,
          updatedAt: stamp,
          rev: existing.rev + 1,
        }
      } else {
        saved = {
          id: payload.id,
          op,
          baseVersion: op === 'update' ? baseVersion : null,
          payload,
          owner,
          state: 'pending',
          attempts: 0,
          lastError: null,
          fields: [],
          serverCopy: null,
          queuedAt: stamp,
          updatedAt: stamp,
          lastAttemptAt: null,
          rev: 1,
        }
      }
      upsert(saved)
      return saved
    },
    remove(id) {
      update(id, () => null)
    },
    reassign({ from, to }) {
      const state = loadChunks()
      const moved = state.chunks.reduce((sum, chunk) => sum + chunk.entries.filter((entry) => entry.owner === from).length, 0)
      if (moved === 0 || from === to) return 0
      const entries = state.chunks.flatMap((chunk) => (chunk.entries as Entry[]).map((entry) => (entry.owner === from ? { ...entry, owner: to } : entry)))
      splice(state, 0, state.chunks.length, entries)
      return moved
    },
    resolveConflict(id, keep) {
      update(id, (entry) => {
        if (entry.state !== 'conflict') return entry
        if (keep === 'server') return null
        const serverVersion = (entry.serverCopy as { version?: unknown } | null)?.version
        return {
          ...entry,
          op: 'update',
          baseVersion: typeof serverVersion === 'number' ? serverVersion : entry.baseVersion,
          state: 'pending',
          lastError: null,
          serverCopy: null,
          updatedAt: now().toISOString(),
          rev: entry.rev + 1,
        }
      })
    },
    sync({ send, owner }) {
      const running = runningSyncs.get(prefix)
      if (running) {
        // joins the run in progress, which makes one more pass for what was queued meanwhile
        running.again = true
        return running.promise
      }
      const slot: { promise: Promise<SyncReport>; again: boolean } = { promise: Promise.resolve(null as unknown as SyncReport), again: false }
      runningSyncs.set(prefix, slot)
      slot.promise = run(send, owner).finally(() => {
        if (runningSyncs.get(prefix) === slot) runningSyncs.delete(prefix)
      })
      return slot.promise
    },
    isSyncing: () => runningSyncs.has(prefix),
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
