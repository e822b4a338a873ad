import type { CreateMediationRequest } from '../../../contracts/mediations'
import {
  adoptLegacyEntries,
  mediationOutbox,
  newRecordId,
  ownerOf,
  saveToOutbox,
  volunteerSession,
  type VolunteerSession,
} from '../../../client/services/mediations'
import type * as OutboxModule from '../../../client/services/outbox'
import { saveSession } from '../../../client/services/session'

/**
 * Whose outbox entries are whose on a shared phone. Since the sign-in answers the user id, the
 * outbox is keyed by it; entries an earlier version saved belong to `name|town|village` and are
 * handed to the volunteer of that name and place when they sign in.
 */

function volunteer(userId: string, village: string, displayName = '田大姐'): VolunteerSession {
  return { token: `token-${userId}`, userId, role: 'volunteer', expiresAt: '2099-01-01T00:00:00.000Z', stationId: null, displayName, town: '隘口镇', village }
}

function zeroReport(village: string): CreateMediationRequest {
  return { kind: 'zero_report', id: newRecordId(), month: '2026-11', town: '隘口镇', village }
}

/** An entry as an earlier version saved it: owned by the volunteer's name and place. */
function oldEntry(owner: string, village: string): string {
  const record = zeroReport(village)
  mediationOutbox.put({ payload: record, op: 'create', owner })
  return record.id
}

const ownersOf = (ids: readonly string[]) => ids.map((id) => mediationOutbox.entry(id)?.owner)

/** The outbox as a restarted app reads it: a fresh module, nothing in memory. */
function ownersAfterRestart(ids: readonly string[]): (string | undefined)[] {
  let restarted: typeof OutboxModule | undefined
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    restarted = require('../../../client/services/outbox') as typeof OutboxModule
  })
  const outbox = (restarted as typeof OutboxModule).createOutbox<CreateMediationRequest, unknown>({ keyPrefix: mediationOutbox.keyPrefix })
  return ids.map((id) => outbox.entry(id)?.owner)
}

describe('outbox owners on a shared phone (client/services/mediations + outbox)', () => {
  it('two volunteers of the same name in different villages: each takes only the old entries of their own village, once', () => {
    const east = [oldEntry('田大姐|隘口镇|示例村', '示例村'), oldEntry('田大姐|隘口镇|示例村', '示例村')]
    const west = [oldEntry('田大姐|隘口镇|新院村', '新院村')]
    const someoneElse = [oldEntry('王五|隘口镇|示例村', '示例村')]

    const a = volunteer('user-a', '示例村')
    expect(adoptLegacyEntries(a)).toBe(2)
    expect(ownersOf(east)).toEqual(['user-a', 'user-a'])
    expect(ownersOf([...west, ...someoneElse])).toEqual(['田大姐|隘口镇|新院村', '王五|隘口镇|示例村'])
    // the entries of other old owners are counted as before
    expect(mediationOutbox.counts(ownerOf(a))).toEqual({ pending: 2, conflict: 0, rejected: 0, otherOwners: 2 })
    // written to storage at once, and only once
    expect(ownersAfterRestart(east)).toEqual(['user-a', 'user-a'])
    expect(adoptLegacyEntries(a)).toBe(0)

    const c = volunteer('user-c', '新院村')
    expect(adoptLegacyEntries(c)).toBe(1)
    expect(ownersOf([...east, ...west, ...someoneElse])).toEqual(['user-a', 'user-a', 'user-c', '王五|隘口镇|示例村'])
    expect(mediationOutbox.counts(ownerOf(c))).toEqual({ pending: 1, conflict: 0, rejected: 0, otherOwners: 3 })
  })

  it('two volunteers of the same name in the same village: the first to sign in takes the old entries', () => {
    // Nothing on the phone tells the two apart (the old owner is only name|town|village), so the
    // first of them to sign in here adopts every old entry of that name and place and sends them
    // under their own account; the second finds none. The same was true before: they shared one
    // outbox. Entries saved from now on carry the user id and stay apart.
    const shared = [oldEntry('田大姐|隘口镇|示例村', '示例村'), oldEntry('田大姐|隘口镇|示例村', '示例村')]
    const first = volunteer('user-first', '示例村')
    const second = volunteer('user-second', '示例村')
    expect(adoptLegacyEntries(first)).toBe(2)
    expect(adoptLegacyEntries(second)).toBe(0)
    expect(ownersOf(shared)).toEqual(['user-first', 'user-first'])
    expect(mediationOutbox.counts(ownerOf(second))).toEqual({ pending: 0, conflict: 0, rejected: 0, otherOwners: 2 })
  })

  it('two user ids on one phone have separate outboxes, even with the same name and place', () => {
    const first = volunteer('user-first', '示例村')
    const second = volunteer('user-second', '示例村')
    const mine = saveToOutbox({ record: zeroReport('示例村') }, first)
    const theirs = [saveToOutbox({ record: zeroReport('示例村') }, second), saveToOutbox({ record: zeroReport('示例村') }, second)]
    expect(mine.owner).toBe('user-first')
    expect(theirs.map((entry) => entry.owner)).toEqual(['user-second', 'user-second'])
    expect(mediationOutbox.counts(ownerOf(first))).toEqual({ pending: 1, conflict: 0, rejected: 0, otherOwners: 2 })
    expect(mediationOutbox.counts(ownerOf(second))).toEqual({ pending: 2, conflict: 0, rejected: 0, otherOwners: 1 })
    // nothing of theirs becomes the other's when either signs in again
    expect(adoptLegacyEntries(first) + adoptLegacyEntries(second)).toBe(0)
  })

  it('a sign-in kept from before user ids (no userId) keeps saving under the old owner, which its next sign-in adopts', () => {
    saveSession({ ...volunteer('ignored', '示例村'), userId: null })
    const legacy = volunteerSession()
    expect(legacy?.userId).toBeNull()
    const saved = saveToOutbox({ record: zeroReport('示例村') }, legacy as VolunteerSession)
    expect(saved.owner).toBe('田大姐|隘口镇|示例村')
    expect(adoptLegacyEntries(legacy as VolunteerSession)).toBe(0)

    const signedInAgain = volunteer('user-a', '示例村')
    expect(adoptLegacyEntries(signedInAgain)).toBe(1)
    expect(mediationOutbox.entry(saved.id)?.owner).toBe('user-a')
  })
})
