import { createChunkStore } from './outbox-chunks'
import { resolvedEntry, savedEntry, type OutboxEntry, type OutboxOperation, type SendOutcome, type SyncReport } from './outbox-entries'
import { DEFAULT_CHUNK_BUDGET_BYTES, STORAGE_KEY_LIMIT_BYTES, taroOutboxStorage, type OutboxStorage } from './outbox-storage'
import { isSyncing, syncOutbox } from './outbox-sync'

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
 * mini program's wx storage, or localStorage on H5 and in jest). The parts: outbox-storage (the
 * device and its limits), outbox-chunks (the index and chunk writes), outbox-entries (what an
 * entry holds and how put/resolve change it), outbox-sync (the sending run); this file joins them.
 */

export type { OutboxEntry, OutboxOperation, OutboxState, SendOutcome, SyncReport } from './outbox-entries'
export {
  DEFAULT_CHUNK_BUDGET_BYTES,
  OutboxStorageError,
  STORAGE_KEY_LIMIT_BYTES,
  taroOutboxStorage,
  utf8ByteLength,
  type OutboxStorage,
} from './outbox-storage'

/**
 * How many records wait on this phone, from the index key alone (cheap enough for any page, e.g.
 * 我的): `pending` waiting to be sent, `total` including conflicts and refused ones.
 */
export function outboxSummary(params: { storage?: OutboxStorage; keyPrefix?: string } = {}): { pending: number; total: number } {
  const value = (params.storage ?? taroOutboxStorage()).read(`${params.keyPrefix ?? 'fzt.outbox'}.index`) as { pending?: unknown; total?: unknown } | undefined
  const count = (field: unknown) => (typeof field === 'number' && Number.isInteger(field) && field >= 0 ? field : 0)
  return { pending: count(value?.pending), total: count(value?.total) }
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
  const prefix = params.keyPrefix ?? 'fzt.outbox'
  const now = params.now ?? (() => new Date())
  const listeners = new Set<() => void>()
  const notify = () =>
    listeners.forEach((listener) => {
      try {
        listener()
      } catch (failure) {
        console.warn('[outbox] listener failed', failure)
      }
    })
  const store = createChunkStore<Entry>({
    storage: params.storage ?? taroOutboxStorage(),
    prefix,
    budget: Math.min(params.chunkBudgetBytes ?? DEFAULT_CHUNK_BUDGET_BYTES, STORAGE_KEY_LIMIT_BYTES),
    onChange: notify,
  })

  function counts(owner?: string) {
    const result = { pending: 0, conflict: 0, rejected: 0, otherOwners: 0 }
    for (const entry of store.load()) {
      if (owner !== undefined && entry.owner !== owner) result.otherOwners += 1
      else result[entry.state] += 1
    }
    return result
  }

  return {
    keyPrefix: prefix,
    entries: store.load,
    entry: (id) => store.load().find((entry) => entry.id === id) ?? null,
    pendingCount: (owner) => counts(owner).pending,
    counts,
    put(put) {
      const saved = savedEntry<Payload, ServerCopy>(
        store.load().find((entry) => entry.id === put.payload.id),
        put,
        now().toISOString(),
      )
      store.upsert(saved)
      return saved
    },
    remove(id) {
      store.update(id, () => null)
    },
    reassign({ from, to }) {
      const state = store.loadChunks()
      const moved = state.chunks.reduce((sum, chunk) => sum + chunk.entries.filter((entry) => entry.owner === from).length, 0)
      if (moved === 0 || from === to) return 0
      const entries = state.chunks.flatMap((chunk) => (chunk.entries as Entry[]).map((entry) => (entry.owner === from ? { ...entry, owner: to } : entry)))
      store.replaceAll(state, entries)
      return moved
    },
    resolveConflict(id, keep) {
      store.update(id, (entry) => resolvedEntry(entry, keep, now().toISOString()))
    },
    sync: ({ send, owner }) => syncOutbox({ store, prefix, send, owner, now }),
    isSyncing: () => isSyncing(prefix),
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
