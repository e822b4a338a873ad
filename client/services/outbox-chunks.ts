import type { OutboxEntry } from './outbox-entries'
import { ENTRY_TOO_LARGE_MESSAGE, OutboxStorageError, STORAGE_FULL_MESSAGE, utf8ByteLength, type OutboxStorage } from './outbox-storage'

/**
 * The outbox's entries split across storage keys: `<prefix>.index` lists the chunk keys in order,
 * each chunk `<prefix>.c<n>` holds a JSON array of entries within the byte budget. A change writes
 * only the chunk it touches, under a new key, and switches the index last (see outbox.ts).
 */

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

function sizeOf(entries: readonly unknown[]): number {
  return utf8ByteLength(JSON.stringify(entries))
}

/** Splits entries into arrays whose JSON stays within the budget. */
function pack<Entry>(entries: readonly Entry[], budget: number): Entry[][] {
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

export interface ChunkState {
  index: OutboxIndex | null
  chunks: Chunk[]
}

/** The chunks as stored now (from memory when the index has not changed since). */
function loadChunks(storage: OutboxStorage, prefix: string): ChunkState {
  const value = storage.read(`${prefix}.index`)
  const index = isIndex(value) ? value : null
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

/** Chunks of a write that was cut off in an earlier run (app killed before the index switched), once per process. */
function tidyLeftovers(storage: OutboxStorage, prefix: string, chunks: readonly Chunk[]): void {
  if (tidied.has(prefix)) return
  tidied.add(prefix)
  const live = new Set([`${prefix}.index`, ...chunks.map((chunk) => `${prefix}.${chunk.key}`)])
  for (const key of storage.keys?.() ?? [])
    if (key.startsWith(`${prefix}.c`) && /^c\d+$/.test(key.slice(prefix.length + 1)) && !live.has(key)) storage.remove(key)
}

export interface ChunkStore<Entry> {
  /** The chunks as stored now (from memory when the index has not changed since). */
  loadChunks(): ChunkState
  /** every entry, in the order they were first queued */
  load(): Entry[]
  /** Writes one entry where it is (or at the end when new): only its chunk is rewritten. */
  upsert(entry: Entry): void
  /** Changes one entry (`null` removes it; the same object changes nothing). */
  update(id: string, change: (entry: Entry) => Entry | null): void
  /** Every entry rewritten at once (the index still switches last). */
  replaceAll(state: ChunkState, entries: readonly Entry[]): void
}

export function createChunkStore<Entry extends OutboxEntry<unknown, unknown>>(params: {
  storage: OutboxStorage
  prefix: string
  budget: number
  onChange: () => void
}): ChunkStore<Entry> {
  const { storage, prefix, budget } = params
  const indexKey = `${prefix}.index`

  const loadHere = () => loadChunks(storage, prefix)

  function load(): Entry[] {
    return loadHere().chunks.flatMap((chunk) => chunk.entries as Entry[])
  }

  /**
   * Replaces the chunks at `[from, from + count)` with `replacement` (entries repacked into new
   * chunk keys): new chunks first, the index last, then the replaced chunks are removed.
   */
  function splice(state: ChunkState, from: number, count: number, replacement: readonly Entry[]): void {
    let next = state.index?.next ?? 1
    const written: Chunk[] = pack(replacement, budget).map((entries) => ({ key: `c${next++}`, entries, bytes: sizeOf(entries) }))
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
    tidyLeftovers(storage, prefix, chunks)
    params.onChange()
  }

  function upsert(entry: Entry): void {
    const state = loadHere()
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
    const state = loadHere()
    const at = state.chunks.findIndex((chunk) => chunk.entries.some((stored) => stored.id === id))
    if (at < 0) return
    const entries = state.chunks[at].entries as Entry[]
    const current = entries.find((stored) => stored.id === id) as Entry
    const changed = change(current)
    if (changed === current) return
    splice(state, at, 1, changed ? entries.map((stored) => (stored.id === id ? changed : stored)) : entries.filter((stored) => stored.id !== id))
  }

  return { loadChunks: loadHere, load, upsert, update, replaceAll: (state, entries) => splice(state, 0, state.chunks.length, entries) }
}
