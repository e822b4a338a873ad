/** What the outbox keeps per record and what a send can answer: the types, and the pure changes each event makes to an entry. */

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

export interface PutParams<Payload> {
  payload: Payload
  op: OutboxOperation
  baseVersion?: number | null
  owner: string
}

/** The entry `put` stores: a record already waiting is replaced in place (a create stays a create, with the same UUID). */
export function savedEntry<Payload extends { id: string }, ServerCopy>(
  existing: OutboxEntry<Payload, ServerCopy> | undefined,
  { payload, op, baseVersion = null, owner }: PutParams<Payload>,
  stamp: string,
): OutboxEntry<Payload, ServerCopy> {
  if (existing) {
    // not on the server yet: still a create, with the same UUID
    const stillCreate = existing.op === 'create'
    return {
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
  }
  return {
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

/** A conflict settled: `server` drops our edit (null); `mine` sends ours again over the server's version. */
export function resolvedEntry<Payload, ServerCopy>(
  entry: OutboxEntry<Payload, ServerCopy>,
  keep: 'server' | 'mine',
  stamp: string,
): OutboxEntry<Payload, ServerCopy> | null {
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
    updatedAt: stamp,
    rev: entry.rev + 1,
  }
}
