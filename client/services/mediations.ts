// Over 400 lines: the API calls, the outbox sync and the records list's merge are still here (issue 13 part 5 moved only the sign-in out, to ./session).
import { chinaDate as chinaDateAt, chinaMonth as chinaMonthAt } from '../../contracts/china-time'
import Taro from '@tarojs/taro'
import {
  AGREEMENT_LABELS,
  DISPUTE_TYPE_LABELS,
  MEDIATION_OUTCOME_LABELS,
  answeredPrompts,
  maskNumbersInText,
  mediationRecordSchema,
  type CreateFollowUpRequest,
  type CreateMediationRequest,
  type MediationRecord,
  type MediationStatsResponse,
} from '../../contracts/mediations'
import { maskPartyNames } from '../../contracts/party-names'
import { conflictBody, RequestError } from './http'
import { createOutbox, type OutboxEntry, type SendOutcome, type SyncReport } from './outbox'
import { clearSession, currentSession, login, onSessionChange, sessionCall, signOut, type Credentials, type Session } from './session'
import { createFollowUp, createMediation, getMediation, listMediations, mediationStats, updateMediation } from '../../contracts/endpoints/mediations'
import { followUpsSignal } from './follow-up-signal'

/**
 * 法律明白人 mediation logs on the client: the volunteer's sign-in (kept by ./session), the
 * calls to `/api/mediations` (all through `sessionCall()`), and the offline outbox every new or
 * edited record goes through before it is sent.
 */

export type VolunteerSession = Session
export type MediationEntry = OutboxEntry<CreateMediationRequest, MediationRecord>

// ---------------------------------------------------------------- ids and dates

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

/** The date in China (`YYYY-MM-DD`), `offsetDays` later (contracts/china-time). */
export function chinaDate(offsetDays = 0, now: Date = new Date()): string {
  return chinaDateAt({ now, offsetDays })
}

/** The month in China (`YYYY-MM`), `offsetMonths` later. */
export function chinaMonth(offsetMonths = 0, now: Date = new Date()): string {
  return chinaMonthAt({ now, offsetMonths })
}

/** `2026-11-05` → `11月5日`, with 今天 / 昨天 in front when it is. */
export function formatDate(date: string, now: Date = new Date()): string {
  const [, month, day] = date.split('-').map(Number)
  const near = date === chinaDate(0, now) ? '今天 ' : date === chinaDate(-1, now) ? '昨天 ' : ''
  return `${near}${month}月${day}日`
}

/** `2026-11` → `2026年11月` */
export function formatMonth(month: string): string {
  const [year, number] = month.split('-').map(Number)
  return `${year}年${number}月`
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

export function fetchRecord(id: string, session?: VolunteerSession): Promise<MediationRecord> {
  return sessionCall(getMediation, { role: 'volunteer', session, params: { id } })
}

/** `POST /api/mediations`: 201 when new, 200 with the stored record when that id exists. */
export function createRecord(record: CreateMediationRequest, session?: VolunteerSession): Promise<MediationRecord> {
  return sessionCall(createMediation, { role: 'volunteer', session, body: record })
}

/** `PATCH /api/mediations/:id` with the version the edit was made from. */
export function updateRecord(params: { record: CreateMediationRequest; version: number }, session?: VolunteerSession): Promise<MediationRecord> {
  return sessionCall(updateMediation, {
    role: 'volunteer',
    session,
    params: { id: params.record.id },
    body: { version: params.version, record: params.record },
  })
}

/** `POST /api/mediations/:id/follow-ups`: 201 with the record, now listing it; 200 when that id is stored already. */
export function createFollowUpRecord(payload: FollowUpPayload, session?: VolunteerSession): Promise<MediationRecord> {
  const { recordId, ...body } = payload
  return sessionCall(createFollowUp, { role: 'volunteer', session, params: { id: recordId }, body })
}

// ---------------------------------------------------------------- the county's view

/** The county administrator signed in on this device (through 县司法局：核实服务站信息), or `null`. */
export function countySession(now: Date = new Date()): Session | null {
  return currentSession({ role: 'admin', now })
}

/** The county's `GET /api/mediations/stats` with the administrator's sign-in (counts under 5 come as `<5`). */
export function fetchCountyStats(params: { from?: string; to?: string } = {}): Promise<MediationStatsResponse> {
  return sessionCall(mediationStats, { role: 'admin', query: { from: params.from, to: params.to } })
}

/** The county's latest records (`GET /api/mediations`, newest first, at most 500), each with its 回访. */
export async function fetchCountyRecords(): Promise<MediationRecord[]> {
  return (await sessionCall(listMediations, { role: 'admin' })).records
}

/** `GET /api/mediations/stats?from=YYYY-MM&to=YYYY-MM` */
export function fetchStats(params: { from?: string; to?: string } = {}): Promise<MediationStatsResponse> {
  return sessionCall(mediationStats, { role: 'volunteer', query: { from: params.from, to: params.to } })
}

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

/** A 回访 as the phone keeps it: the request and the record it belongs to. */
export type FollowUpPayload = CreateFollowUpRequest & { recordId: string }
export type FollowUpEntry = OutboxEntry<FollowUpPayload, MediationRecord>
/**
 * Every 回访 waits here until the server acknowledges it: the same outbox as records (device
 * storage, one entry per client-generated id, removed only once acknowledged), synced after them.
 */
export const followUpOutbox = createOutbox<FollowUpPayload, MediationRecord>({ keyPrefix: 'fzt.followUpOutbox' })

/** A record's content as the server stores it, to compare what we sent with what it has. */
function comparable(record: CreateMediationRequest | MediationRecord): string {
  if (record.kind === 'zero_report') return JSON.stringify(['zero', record.month, record.village.trim()])
  const input = record as Partial<CreateMediationRequest & MediationRecord>
  return JSON.stringify([
    'mediation',
    input.occurredOn,
    input.village?.trim(),
    input.disputeType,
    input.source,
    input.partiesCount,
    maskPartyNames(input.partyNames ?? []),
    // the server masks phone numbers in the summary: what it stored is what we sent, masked
    maskNumbersInText((input.summary ?? '').trim()),
    input.outcome,
    input.outcome === 'referred' ? (input.referredTo ?? '').trim() : null,
    input.agreement,
    input.amountYuan ?? null,
    input.involvesPayment ?? false,
  ])
}

/** Does the server's copy say what this payload says? (town names may be normalised by the server) */
export function sameContent(server: MediationRecord, payload: CreateMediationRequest): boolean {
  return server.kind === payload.kind && comparable(server) === comparable(payload)
}

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
export async function sendEntry(entry: MediationEntry, session: VolunteerSession): Promise<SendOutcome<MediationRecord>> {
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
export async function sendFollowUp(entry: FollowUpEntry, session: VolunteerSession): Promise<SendOutcome<MediationRecord>> {
  try {
    const record = await createFollowUpRecord(entry.payload, session)
    return { kind: 'acknowledged', serverCopy: record, version: record.version }
  } catch (failure) {
    return outcomeOf(failure) ?? { kind: 'rejected', message: failure instanceof Error ? failure.message : '服务器不接受这次回访。' }
  }
}

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

// ---------------------------------------------------------------- what the records page lists

export type SyncState = 'uploaded' | 'pending' | 'conflict' | 'rejected'
export const SYNC_STATE_LABELS: Readonly<Record<SyncState, string>> = { uploaded: '已上传', pending: '待上传', conflict: '冲突', rejected: '被退回' }

export interface RecordRow {
  id: string
  kind: 'mediation' | 'zero_report'
  /** what the volunteer sees: their own unsent version when there is one */
  content: CreateMediationRequest | MediationRecord
  server: MediationRecord | null
  entry: MediationEntry | null
  sync: SyncState
  /** date of the mediation, or the month of a 零上报 */
  sortKey: string
}

/** The server's list merged with what this volunteer's outbox still holds, newest first. */
export function mergeRecords(params: { server: readonly MediationRecord[]; entries: readonly MediationEntry[] }): RecordRow[] {
  const entries = new Map(params.entries.map((entry) => [entry.id, entry]))
  const rows: RecordRow[] = params.server.map((record) => {
    const entry = entries.get(record.id) ?? null
    entries.delete(record.id)
    return rowOf({ server: record, entry })
  })
  for (const entry of entries.values()) rows.push(rowOf({ server: null, entry }))
  return rows.sort((a, b) => b.sortKey.localeCompare(a.sortKey))
}

function rowOf(params: { server: MediationRecord | null; entry: MediationEntry | null }): RecordRow {
  const content = params.entry?.payload ?? (params.server as MediationRecord)
  const date = content.kind === 'zero_report' ? `${content.month}-00` : (content.occurredOn ?? '')
  const stamp = params.server?.createdAt ?? params.entry?.queuedAt ?? ''
  return {
    id: content.id,
    kind: content.kind,
    content,
    server: params.server,
    entry: params.entry,
    sync: params.entry ? params.entry.state : 'uploaded',
    sortKey: `${date}|${stamp}`,
  }
}

/** A one-line description: `邻里纠纷 · 调解成功`, or `零上报（2026年11月没有调解）`. */
export function describeRecord(record: CreateMediationRequest | MediationRecord): { title: string; detail: string } {
  if (record.kind === 'zero_report')
    return { title: `零上报（${formatMonth(record.month)}没有调解）`, detail: `${formatMonth(record.month)} · ${record.town}${record.village}` }
  const outcome = record.outcome ? MEDIATION_OUTCOME_LABELS[record.outcome] : ''
  const agreement = record.outcome === 'success' && record.agreement && record.agreement !== 'none' ? `（${AGREEMENT_LABELS[record.agreement]}）` : ''
  return {
    title: `${record.disputeType ? DISPUTE_TYPE_LABELS[record.disputeType] : '调解'} · ${outcome}${agreement}`,
    detail: `${record.occurredOn ? formatDate(record.occurredOn) : ''} · ${record.town}${record.village}`,
  }
}

/** The editable input of a stored record (for 修改). */
export function toRecordInput(record: MediationRecord): CreateMediationRequest {
  if (record.kind === 'zero_report') return { kind: 'zero_report', id: record.id, month: record.month, town: record.town, village: record.village }
  return {
    kind: 'mediation',
    id: record.id,
    occurredOn: record.occurredOn ?? chinaDate(),
    town: record.town,
    village: record.village,
    disputeType: record.disputeType ?? 'other',
    source: record.source ?? 'application',
    partiesCount: record.partiesCount ?? 2,
    ...(record.partyNames.length > 0 ? { partyNames: record.partyNames } : {}),
    summary: record.summary,
    outcome: record.outcome ?? 'success',
    ...(record.referredTo ? { referredTo: record.referredTo } : {}),
    agreement: record.agreement ?? 'none',
    ...(record.amountYuan !== null ? { amountYuan: record.amountYuan } : {}),
    involvesPayment: record.involvesPayment,
  }
}

/** Still inside the 7-day edit window (records never uploaded can always be edited). */
export function canEdit(row: Pick<RecordRow, 'server' | 'kind'>, now: Date = new Date()): boolean {
  if (row.kind !== 'mediation') return false
  return !row.server || new Date(row.server.editableUntil).getTime() > now.getTime()
}
