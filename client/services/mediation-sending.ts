import type { MediationRecord } from '../../contracts/mediations'
import { updateMediation } from '../../contracts/endpoints/mediations'
import { conflictBody, RequestError } from './http'
import { createFollowUpRecord, createRecord, fetchRecord, updateRecord, type FollowUpPayload } from './mediation-api'
import { sameContent, type MediationEntry } from './mediation-rows'
import type { OutboxEntry, SendOutcome } from './outbox'
import type { Session } from './session'

/** How one outbox entry (a record or a 回访) goes to the server, and what its answer means for the entry. */

function outcomeOf(failure: unknown): SendOutcome<MediationRecord> | null {
  if (!(failure instanceof RequestError)) return { kind: 'retry-later', message: '没有上传成功，稍后会再试。' }
  if (failure.failure !== 'http') return { kind: 'retry-later', message: failure.message }
  if (failure.status === 401) return { kind: 'unauthorized', message: '登录已过期，请重新登录后上传。记录都还在手机上。' }
  if ((failure.status ?? 500) >= 500 || failure.status === 429 || failure.status === 408) return { kind: 'retry-later', message: failure.message }
  if (failure.code === 'VERSION_CONFLICT') return null
  return { kind: 'rejected', message: failure.message, fields: failure.fields }
}

/**
 * Sends one outbox entry and says what the server made of it. A create the server already had
 * (its earlier answer was lost) comes back 200 with the stored copy; when that copy is older than
 * what the entry now holds, the newer content follows at once as an edit. An edit whose earlier
 * answer was lost comes back as a version conflict with our own content: that counts as stored.
 */
export async function sendEntry(entry: MediationEntry, session: Session): Promise<SendOutcome<MediationRecord>> {
  try {
    if (entry.op === 'create') {
      const stored = await createRecord(entry.payload, session)
      if (sameContent(stored, entry.payload)) return { kind: 'acknowledged', serverCopy: stored, version: stored.version }
      const updated = await updateRecord({ record: entry.payload, version: stored.version }, session)
      return { kind: 'acknowledged', serverCopy: updated, version: updated.version }
    }
    const updated = await updateRecord({ record: entry.payload, version: entry.baseVersion ?? 1 }, session)
    return { kind: 'acknowledged', serverCopy: updated, version: updated.version }
  } catch (failure) {
    const outcome = outcomeOf(failure)
    if (outcome) return outcome
    const message = failure instanceof Error ? failure.message : '这条记录已在别处改过'
    // the 409 carries the server's copy; ask for it only if an older server left it out
    const carried = conflictBody(failure, updateMediation)?.current
    const current = carried ?? (await fetchRecord(entry.id, session).catch(() => null))
    if (current && sameContent(current, entry.payload)) return { kind: 'acknowledged', serverCopy: current, version: current.version }
    return { kind: 'conflict', message, serverCopy: current }
  }
}

/** Sends one 回访; a stored one (its earlier answer lost) comes back 200 and counts as acknowledged. */
export async function sendFollowUp(entry: OutboxEntry<FollowUpPayload, MediationRecord>, session: Session): Promise<SendOutcome<MediationRecord>> {
  try {
    const record = await createFollowUpRecord(entry.payload, session)
    return { kind: 'acknowledged', serverCopy: record, version: record.version }
  } catch (failure) {
    return outcomeOf(failure) ?? { kind: 'rejected', message: failure instanceof Error ? failure.message : '服务器不接受这次回访。' }
  }
}
