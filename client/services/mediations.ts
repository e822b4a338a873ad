import Taro from '@tarojs/taro'
import {
  answeredPrompts,
  maskNumbersInText,
  mediationRecordSchema,
  type CreateFollowUpRequest,
  type CreateMediationRequest,
  type MediationRecord,
} from '../../contracts/mediations'
import { listMediations } from '../../contracts/endpoints/mediations'
import { followUpsSignal } from './follow-up-signal'
import type { FollowUpPayload } from './mediation-api'
import type { MediationEntry } from './mediation-rows'
import { sendEntry, sendFollowUp } from './mediation-sending'
import { createOutbox, type OutboxEntry, type SyncReport } from './outbox'
import { clearSession, currentSession, login, onSessionChange, sessionCall, signOut, type Credentials, type Session } from './session'

/**
 * 法律明白人 mediation logs on the client: the volunteer's sign-in (kept by ./session), the
 * records kept for offline viewing, and the offline outbox every new or edited record goes
 * through before it is sent. The calls themselves are in ./mediation-api, how an entry is sent in
 * ./mediation-sending, the records list and its labels in ./mediation-rows (all exported from here too).
 */

export * from './mediation-api'
export * from './mediation-rows'
export { sendEntry, sendFollowUp } from './mediation-sending'

export type VolunteerSession = Session

// ---------------------------------------------------------------- ids

/**
 * A random (version 4) UUID for a new record, made on the phone so a resent record keeps its id
 * and the server stores it once. Older WeChat base libraries have no `crypto.randomUUID`: this
 * uses `crypto.getRandomValues` where it exists (H5, recent base libraries) and otherwise
 * `Math.random`, which is not cryptographically strong but only has to avoid collisions between
 * one volunteer's records (122 random bits; the server answers 409 ID_TAKEN in the unlikely case).
 */
export function newRecordId(): string {
  const bytes = new Uint8Array(16)
  const cryptoApi = typeof crypto !== 'undefined' ? (crypto as { getRandomValues?: (array: Uint8Array) => Uint8Array }) : undefined
  if (cryptoApi && typeof cryptoApi.getRandomValues === 'function') cryptoApi.getRandomValues(bytes)
  else for (let index = 0; index < bytes.length; index += 1) bytes[index] = Math.floor(Math.random() * 256)
  bytes[6] = (bytes[6] & 0x0f) | 0x40 // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80 // RFC 4122 variant
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

// ---------------------------------------------------------------- the volunteer's sign-in (kept by ./session)

const RECORDS_CACHE_STORAGE_KEY = 'fzt.volunteerRecords'
/** where an app before 回访 on the server kept its 已回访 ticks (no outcome): cleared, the server now knows */
const LEGACY_FOLLOW_UPS_DONE_STORAGE_KEY = 'fzt.followUpsDone'

// the pages follow the sign-in through the sync status (an expiry or a 401 ends it)
onSessionChange(() => notifySync())

/** The signed-in volunteer on this device, or `null` (none, expired, damaged or not a volunteer). */
export function volunteerSession(now: Date = new Date()): VolunteerSession | null {
  return currentSession({ role: 'volunteer', now })
}

/** Whose outbox entries were whose before the sign-in answered a user id: the volunteer's name and place. */
export function legacyOwnerOf(session: Pick<VolunteerSession, 'displayName' | 'town' | 'village'>): string {
  return `${session.displayName}|${session.town ?? ''}|${session.village ?? ''}`
}

/**
 * Whose outbox entries are whose on a shared phone: the volunteer's user id, so two volunteers of
 * the same name never share an outbox. A sign-in kept from before the server answered ids
 * (./session) has none: its entries keep the old name|town|village owner until the next sign-in.
 */
export function ownerOf(session: Pick<VolunteerSession, 'userId' | 'displayName' | 'town' | 'village'>): string {
  return session.userId ?? legacyOwnerOf(session)
}

/**
 * After a volunteer signs in: the entries saved under the old owner that is this volunteer's name,
 * town and village become theirs (re-keyed to their user id and written at once, so this happens
 * once). Two volunteers of the same name in the same village cannot be told apart by anything the
 * phone holds: the first of them to sign in here takes those entries (and sends them under their
 * own account). Entries of other old owners stay as they are ("other owners") until theirs signs in.
 */
export function adoptLegacyEntries(session: VolunteerSession): number {
  if (!session.userId) return 0
  try {
    return (
      mediationOutbox.reassign({ from: legacyOwnerOf(session), to: session.userId }) +
      followUpOutbox.reassign({ from: legacyOwnerOf(session), to: session.userId })
    )
  } catch (failure) {
    // storage full: they stay the old owner's and are adopted at the next sign-in
    console.warn('[mediations] could not adopt outbox entries', failure)
    return 0
  }
}

async function volunteerLogin(credentials: Credentials): Promise<VolunteerSession> {
  const session = await login({ credentials, role: 'volunteer' })
  adoptLegacyEntries(session)
  return session
}

/** H5: phone number + the invite code from the county 司法局 (used once). */
export function loginWithPhone(params: { phone: string; inviteCode: string }): Promise<VolunteerSession> {
  return volunteerLogin({ phone: params.phone, inviteCode: params.inviteCode })
}

/** Mini program: 微信一键登录 with a `wx.login` code; the invite code is needed the first time only. */
export function loginWithWechat(params: { inviteCode?: string }): Promise<VolunteerSession> {
  return volunteerLogin({ wechat: true, inviteCode: params.inviteCode })
}

/**
 * 退出登录: the device forgets the token (even when the network fails) but keeps the outbox, so
 * records not yet uploaded are sent after the same volunteer signs in again.
 */
export async function logoutVolunteer(): Promise<{ keptEntries: number }> {
  const ending = signOut({ role: 'volunteer' })
  try {
    Taro.removeStorageSync(RECORDS_CACHE_STORAGE_KEY)
  } catch {
    // nothing cached
  }
  await ending
  return { keptEntries: mediationOutbox.entries().length + followUpOutbox.entries().length }
}

// ---------------------------------------------------------------- the API

/** `GET /api/mediations`: the volunteer's own records (newest first); also kept for offline viewing. */
export async function fetchMyRecords(): Promise<MediationRecord[]> {
  const session = volunteerSession()
  // a 401 from any of these ends the sign-in that got it (services/session)
  const { records } = await sessionCall(listMediations, { role: 'volunteer' })
  if (session) cacheRecords(session, records)
  return records
}

// ---------------------------------------------------------------- the county's view

// ---------------------------------------------------------------- records kept for offline viewing

const RECORDS_CACHE_MAX = 200
/** well under WeChat's 1 MB a key, counted generously (3 bytes a character) */
const RECORDS_CACHE_MAX_CHARS = 250_000

function cacheRecords(session: VolunteerSession, records: MediationRecord[]): void {
  let kept = records.slice(0, RECORDS_CACHE_MAX)
  while (kept.length > 0 && JSON.stringify(kept).length > RECORDS_CACHE_MAX_CHARS) kept = kept.slice(0, Math.floor(kept.length * 0.8))
  try {
    Taro.setStorageSync(RECORDS_CACHE_STORAGE_KEY, { owner: ownerOf(session), records: kept, fetchedAt: new Date().toISOString() })
  } catch {
    // no room: the list is only a convenience for when there is no network
  }
}

/** Puts the server's copy of one record into the kept list (after an upload or a conflict). */
function rememberRecord(session: VolunteerSession, record: MediationRecord): void {
  const records = cachedRecords(session)?.records ?? []
  const at = records.findIndex((stored) => stored.id === record.id)
  if (at >= 0) records[at] = record
  else records.unshift(record)
  cacheRecords(session, records)
}

/** The list as last fetched by this volunteer (for offline viewing and editing), or `null`. */
export function cachedRecords(session: VolunteerSession | null = volunteerSession()): { records: MediationRecord[]; fetchedAt: string } | null {
  if (!session) return null
  try {
    const stored = Taro.getStorageSync(RECORDS_CACHE_STORAGE_KEY) as { owner?: unknown; records?: unknown; fetchedAt?: unknown } | ''
    if (!stored || stored.owner !== ownerOf(session) || !Array.isArray(stored.records)) return null
    const records = stored.records.flatMap((value) => {
      const parsed = mediationRecordSchema.safeParse(value)
      return parsed.success ? [parsed.data] : []
    })
    return { records, fetchedAt: typeof stored.fetchedAt === 'string' ? stored.fetchedAt : '' }
  } catch {
    return null
  }
}

/**
 * The prompts (`recordId:kind`) this volunteer's follow-ups still on the phone have answered, so a
 * 回访 recorded offline takes its reminder off at once (answeredPrompts, as the server does).
 */
export function locallyAnsweredPrompts(entries: readonly FollowUpEntry[]): Set<string> {
  const keys = new Set<string>()
  for (const entry of entries) for (const kind of answeredPrompts([entry.payload])) keys.add(`${entry.payload.recordId}:${kind}`)
  return keys
}

/** Drops the 已回访 ticks an older app kept on the phone: they had no outcome, and the server now keeps 回访. */
export function forgetLegacyFollowUpTicks(): void {
  try {
    Taro.removeStorageSync(LEGACY_FOLLOW_UPS_DONE_STORAGE_KEY)
  } catch {
    // nothing kept
  }
}

// ---------------------------------------------------------------- the outbox

/** Every new or edited record waits here (in device storage) until the server acknowledges it. */
export const mediationOutbox = createOutbox<CreateMediationRequest, MediationRecord>({ keyPrefix: 'fzt.outbox' })

export type FollowUpEntry = OutboxEntry<FollowUpPayload, MediationRecord>
/**
 * Every 回访 waits here until the server acknowledges it: the same outbox as records (device
 * storage, one entry per client-generated id, removed only once acknowledged), synced after them.
 */
export const followUpOutbox = createOutbox<FollowUpPayload, MediationRecord>({ keyPrefix: 'fzt.followUpOutbox' })

// sync status for the pages: whether a run is going on and what the last one said
export interface SyncStatus {
  syncing: boolean
  last: SyncReport | null
  /** the last run stopped because the sign-in ended */
  needsLogin: boolean
}
let syncStatus: SyncStatus = { syncing: false, last: null, needsLogin: false }
const syncListeners = new Set<(status: SyncStatus) => void>()

function notifySync(change: Partial<SyncStatus> = {}): void {
  syncStatus = { ...syncStatus, ...change }
  syncListeners.forEach((listener) => listener(syncStatus))
}

export function currentSyncStatus(): SyncStatus {
  return syncStatus
}

/** Follows the sync status and every change of the outbox; returns the unsubscribe function. */
export function onSyncChange(listener: (status: SyncStatus) => void): () => void {
  syncListeners.add(listener)
  const unsubscribeRecords = mediationOutbox.subscribe(() => listener(syncStatus))
  const unsubscribeFollowUps = followUpOutbox.subscribe(() => listener(syncStatus))
  return () => {
    syncListeners.delete(listener)
    unsubscribeRecords()
    unsubscribeFollowUps()
  }
}

/**
 * Sends what the signed-in volunteer has waiting (never two runs at once: a second call joins the
 * run in progress). `null` when nobody is signed in. Never throws.
 */
export async function syncOutbox(): Promise<SyncReport | null> {
  const session = volunteerSession()
  if (!session) return null
  notifySync({ syncing: true })
  try {
    const send = async (entry: MediationEntry) => {
      const outcome = await sendEntry(entry, session)
      // the records page lists the kept copy, so an uploaded record never blinks out of the list
      if (outcome.kind === 'acknowledged') rememberRecord(session, outcome.serverCopy)
      return outcome
    }
    const records = await mediationOutbox.sync({ send, owner: ownerOf(session) })
    // 回访 after the records: a record is on the server before anything about it is sent
    const followUps = records.stoppedBy
      ? null
      : await followUpOutbox.sync({
          send: (entry) =>
            sendFollowUp(entry, session).then((outcome) =>
              outcome.kind === 'acknowledged' ? (rememberRecord(session, outcome.serverCopy), outcome) : outcome,
            ),
          owner: ownerOf(session),
        })
    const report: SyncReport = followUps
      ? {
          sent: records.sent + followUps.sent,
          conflicts: records.conflicts + followUps.conflicts,
          rejected: records.rejected + followUps.rejected,
          pending: records.pending + followUps.pending,
          stoppedBy: followUps.stoppedBy,
          message: followUps.message,
        }
      : { ...records, pending: records.pending + followUpOutbox.pendingCount(ownerOf(session)) }
    if (report.stoppedBy === 'unauthorized') clearSession({ token: session.token })
    if (followUps && followUps.sent > 0) followUpsSignal.note()
    notifySync({ syncing: mediationOutbox.isSyncing() || followUpOutbox.isSyncing(), last: report, needsLogin: report.stoppedBy === 'unauthorized' })
    return report
  } catch (error) {
    console.warn('[mediations] sync failed', error)
    notifySync({ syncing: mediationOutbox.isSyncing() || followUpOutbox.isSyncing() })
    return null
  }
}

/**
 * Keeps a new or edited record in the outbox (works offline; throws `OutboxStorageError` with a
 * Chinese message when the phone cannot store it — then nothing was saved).
 */
export function saveToOutbox(params: { record: CreateMediationRequest; baseVersion?: number | null }, session: VolunteerSession): MediationEntry {
  // a phone number typed into the summary is masked before it is kept or sent: the server would
  // mask it anyway, and the one save is then one write of the text the server keeps
  const record = params.record.kind === 'mediation' ? { ...params.record, summary: maskNumbersInText(params.record.summary) } : params.record
  return mediationOutbox.put({
    payload: record,
    op: params.baseVersion ? 'update' : 'create',
    baseVersion: params.baseVersion ?? null,
    owner: ownerOf(session),
  })
}

/** Keeps a 回访 in its outbox (works offline; throws `OutboxStorageError` when the phone cannot store it). */
export function saveFollowUp(params: { recordId: string; followUp: CreateFollowUpRequest }, session: VolunteerSession): FollowUpEntry {
  const payload: FollowUpPayload = { ...params.followUp, note: maskNumbersInText(params.followUp.note), recordId: params.recordId }
  const entry = followUpOutbox.put({ payload, op: 'create', owner: ownerOf(session) })
  followUpsSignal.note()
  return entry
}

/** 删除 a 回访 the server refused (it never reached the server). */
export function discardFollowUp(id: string): void {
  const session = volunteerSession()
  const entry = followUpOutbox.entry(id)
  if (!session || !entry || entry.owner !== ownerOf(session)) return
  followUpOutbox.remove(id)
}

/** 冲突: keep the server's copy (our edit is dropped) or send ours again over it. */
export function resolveConflict(id: string, keep: 'server' | 'mine'): void {
  const session = volunteerSession()
  const entry = mediationOutbox.entry(id)
  if (!session || !entry || entry.owner !== ownerOf(session)) return
  if (entry.serverCopy) rememberRecord(session, entry.serverCopy)
  mediationOutbox.resolveConflict(id, keep)
  if (keep === 'mine') void syncOutbox()
}

/** 删除 a record that never reached the server, or 放弃 an edit the server refused. */
export function discardEntry(id: string): void {
  const session = volunteerSession()
  const entry = mediationOutbox.entry(id)
  if (!session || !entry || entry.owner !== ownerOf(session)) return
  mediationOutbox.remove(id)
}

let autoSyncStarted = false

/**
 * Sync when the network comes back, when the app comes to the front, and every few minutes
 * while something waits. On H5, Taro's `onNetworkStatusChange` follows `navigator.connection`
 * only, so the browser's `online` event is listened to as well.
 */
export function startAutoSync(): void {
  if (autoSyncStarted) return
  autoSyncStarted = true
  const trigger = () => {
    const session = volunteerSession()
    if (session && mediationOutbox.pendingCount(ownerOf(session)) + followUpOutbox.pendingCount(ownerOf(session)) > 0) void syncOutbox()
  }
  try {
    Taro.onNetworkStatusChange((result) => {
      if (result.isConnected) trigger()
    })
  } catch {
    // not offered here
  }
  try {
    Taro.onAppShow(() => trigger())
  } catch {
    // not offered here
  }
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') window.addEventListener('online', trigger)
  setInterval(trigger, 3 * 60 * 1000)
}
