import type { ChunkStore } from './outbox-chunks'
import type { OutboxEntry, SendOutcome, SyncReport } from './outbox-entries'

/**
 * The sending run: waiting entries in the order they were first queued, each removed only once
 * the server acknowledged it; a network failure or a lost sign-in ends the run and keeps the rest.
 * Two runs never go at once over the same storage prefix.
 */

type Send<Payload, ServerCopy> = (entry: OutboxEntry<Payload, ServerCopy>) => Promise<SendOutcome<ServerCopy>>

interface SyncParams<Payload, ServerCopy> {
  store: ChunkStore<OutboxEntry<Payload, ServerCopy>>
  prefix: string
  send: Send<Payload, ServerCopy>
  /** only this volunteer's entries are sent, when given */
  owner: string | undefined
  now: () => Date
}

// one run per storage prefix, whichever Outbox object asked for it
const runningSyncs = new Map<string, { promise: Promise<SyncReport>; again: boolean }>()

export function isSyncing(prefix: string): boolean {
  return runningSyncs.has(prefix)
}

/** Records what the server answered about `sent` in the stored entry and in the report. */
function applyOutcome<Payload, ServerCopy>(params: {
  store: ChunkStore<OutboxEntry<Payload, ServerCopy>>
  sent: OutboxEntry<Payload, ServerCopy>
  outcome: SendOutcome<ServerCopy>
  stamp: string
  report: SyncReport
}): void {
  const { store, sent, outcome, stamp, report } = params
  switch (outcome.kind) {
    case 'acknowledged': {
      const { version } = outcome
      report.sent += 1
      store.update(sent.id, (entry) =>
        entry.rev === sent.rev
          ? null
          : // edited again while this was on its way: what is stored now is the base of the newer edit
            { ...entry, op: 'update', baseVersion: version, state: 'pending', lastError: null, fields: [], serverCopy: null, updatedAt: stamp },
      )
      break
    }
    case 'conflict': {
      const { message, serverCopy } = outcome
      report.conflicts += 1
      store.update(sent.id, (entry) => ({ ...entry, state: 'conflict', lastError: message, serverCopy, updatedAt: stamp }))
      break
    }
    case 'rejected': {
      const { message, fields } = outcome
      report.rejected += 1
      store.update(sent.id, (entry) =>
        entry.rev === sent.rev ? { ...entry, state: 'rejected', lastError: message, fields: fields ?? [], updatedAt: stamp } : entry,
      )
      break
    }
    case 'retry-later':
    case 'unauthorized': {
      const { message } = outcome
      store.update(sent.id, (entry) => ({ ...entry, lastError: message, updatedAt: stamp }))
      report.stoppedBy = outcome.kind === 'unauthorized' ? 'unauthorized' : 'offline'
      report.message = message
      break
    }
  }
}

async function sendOne<Payload, ServerCopy>(send: Send<Payload, ServerCopy>, entry: OutboxEntry<Payload, ServerCopy>): Promise<SendOutcome<ServerCopy>> {
  try {
    return await send(entry)
  } catch (error) {
    return { kind: 'retry-later', message: error instanceof Error && error.message ? error.message : '没有上传成功，稍后会再试。' }
  }
}

async function run<Payload, ServerCopy>(params: SyncParams<Payload, ServerCopy>): Promise<SyncReport> {
  const { store, prefix, send, owner, now } = params
  const report: SyncReport = { sent: 0, conflicts: 0, rejected: 0, pending: 0, stoppedBy: null, message: null }
  const running = runningSyncs.get(prefix)
  do {
    if (running) running.again = false
    // each entry at most once a pass; entries queued during the pass are picked up too
    const tried = new Set<string>()
    for (;;) {
      const next = store.load().find((entry) => entry.state === 'pending' && !tried.has(entry.id) && (owner === undefined || entry.owner === owner))
      if (!next) break
      tried.add(next.id)
      const at = now().toISOString()
      store.update(next.id, (entry) => ({ ...entry, attempts: entry.attempts + 1, lastAttemptAt: at }))
      // deleted meanwhile (e.g. 删除 on the records page): nothing to send
      if (!store.load().some((entry) => entry.id === next.id)) continue
      const outcome = await sendOne(send, next)
      applyOutcome({ store, sent: next, outcome, stamp: now().toISOString(), report })
      if (report.stoppedBy) break
    }
  } while (!report.stoppedBy && running?.again)
  report.pending = store.load().filter((entry) => entry.state === 'pending' && (owner === undefined || entry.owner === owner)).length
  return report
}

/** Starts a run over `prefix`, or joins the one in progress (which then makes one more pass for what was queued meanwhile). */
export function syncOutbox<Payload, ServerCopy>(params: SyncParams<Payload, ServerCopy>): Promise<SyncReport> {
  const running = runningSyncs.get(params.prefix)
  if (running) {
    running.again = true
    return running.promise
  }
  const slot: { promise: Promise<SyncReport>; again: boolean } = { promise: Promise.resolve(null as unknown as SyncReport), again: false }
  runningSyncs.set(params.prefix, slot)
  slot.promise = run(params).finally(() => {
    if (runningSyncs.get(params.prefix) === slot) runningSyncs.delete(params.prefix)
  })
  return slot.promise
}
