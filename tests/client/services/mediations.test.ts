import type { CreateMediationRequest, MediationRecord } from '../../../contracts/mediations'
import { RequestError } from '../../../client/services/http'
import { chinaDate, chinaMonth } from '../../../contracts/china-time'
import {
  cachedRecords,
  fetchMyRecords,
  fetchStats,
  followUpOutbox,
  locallyAnsweredPrompts,
  saveFollowUp,
  sendFollowUp,
  loginWithPhone,
  logoutVolunteer,
  mediationOutbox,
  mergeRecords,
  newRecordId,
  ownerOf,
  saveToOutbox,
  sendEntry,
  syncOutbox,
  volunteerSession,
  type VolunteerSession,
} from '../../../client/services/mediations'
import { saveSession } from '../../../client/services/session'
import { bffProcessForSuite, freePort, type BffProcess } from '../../support/bff-process'
import { addVolunteerByCli } from '../../support/run-cli'

jest.setTimeout(90_000)

/** `admin add-volunteer` on the BFF's own SQLite file: the invite code. */
const addVolunteer = (sqlitePath: string, phone: string) => addVolunteerByCli(sqlitePath, { name: '田大姐', phone })

function mediation(overrides: Partial<Extract<CreateMediationRequest, { kind: 'mediation' }>> = {}): Extract<CreateMediationRequest, { kind: 'mediation' }> {
  return {
    kind: 'mediation',
    id: newRecordId(),
    occurredOn: chinaDate({ now: new Date() }),
    town: '隘口镇',
    village: '示例村',
    disputeType: 'neighbor',
    source: 'application',
    partiesCount: 2,
    partyNames: ['张三', '李四'],
    summary: '两家因排水沟堵塞发生争执，经调解双方同意共同疏通。',
    outcome: 'success',
    agreement: 'oral',
    involvesPayment: false,
    ...overrides,
  }
}

/** The server's list, straight from the BFF (not through the client code under test). */
async function serverRecords(bff: BffProcess, session: VolunteerSession): Promise<MediationRecord[]> {
  const response = await fetch(`${bff.baseUrl}/api/mediations`, { headers: { Authorization: `Bearer ${session.token}` } })
  expect(response.status).toBe(200)
  return ((await response.json()) as { records: MediationRecord[] }).records
}

function countById(records: readonly MediationRecord[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const record of records) counts[record.id] = (counts[record.id] ?? 0) + 1
  return counts
}

describe('mediation logs against the real BFF (client/services/mediations)', () => {
  const bff = bffProcessForSuite()
  let sqlitePath: string
  let session: VolunteerSession
  let deadUrl: string
  const originalBase = process.env.TARO_APP_API_BASE_URL

  beforeAll(async () => {
    sqlitePath = bff.sqlitePath
    const inviteCode = await addVolunteer(sqlitePath, '13800000001')
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    session = await loginWithPhone({ phone: '13800000001', inviteCode: inviteCode.toLowerCase() })
    // a port nothing listens on: requests fail like a phone without signal
    deadUrl = `http://127.0.0.1:${await freePort()}`
  })

  beforeEach(() => {
    // the client setup clears localStorage after each test; the sign-in stays the same
    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    saveSession(session)
  })

  afterAll(async () => {
    process.env.TARO_APP_API_BASE_URL = originalBase
  })

  it('signed in with phone + invite code: the session is kept in Taro storage; a used invite code is refused in Chinese', async () => {
    expect(session).toMatchObject({ userId: expect.any(String), role: 'volunteer', displayName: '田大姐', town: '隘口镇', village: '示例村' })
    expect(ownerOf(session)).toBe(session.userId)
    expect(volunteerSession()).toEqual(session)
    const again = loginWithPhone({ phone: '13800000001', inviteCode: 'AAAAAAAA' })
    await expect(again).rejects.toBeInstanceOf(RequestError)
    await expect(again).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/邀请码/) })
  })

  it('two records saved while the BFF is unreachable are kept (待上传 2), then stored once each when it is back', async () => {
    process.env.TARO_APP_API_BASE_URL = deadUrl
    // http.ts logs each transport failure for field debugging; expected here
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const first = mediation({ disputeType: 'land_forest', summary: '山林边界' })
    const second = mediation({ disputeType: 'labor', outcome: 'referred', referredTo: '司法所', agreement: 'none' })
    saveToOutbox({ record: first }, session)
    saveToOutbox({ record: second }, session)

    const offline = await syncOutbox()
    expect(offline).toMatchObject({ sent: 0, pending: 2, stoppedBy: 'offline', message: expect.stringMatching(/网络/) })
    expect(mediationOutbox.pendingCount(ownerOf(session))).toBe(2)
    expect(mediationOutbox.entry(first.id)).toMatchObject({ state: 'pending', attempts: 1, op: 'create' })
    warn.mockRestore()

    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    const online = await syncOutbox()
    expect(online).toMatchObject({ sent: 2, pending: 0, stoppedBy: null })
    expect(mediationOutbox.pendingCount(ownerOf(session))).toBe(0)

    const stored = await serverRecords(bff, session)
    expect(countById(stored)[first.id]).toBe(1)
    expect(countById(stored)[second.id]).toBe(1)
    // the server keeps only the family name
    expect(stored.find((record) => record.id === first.id)).toMatchObject({ partyNames: ['张*', '李*'], disputeType: 'land_forest', version: 1 })
    expect(stored.find((record) => record.id === second.id)).toMatchObject({ outcome: 'referred', referredTo: '司法所' })
    // the uploaded copies are kept for the records page (offline viewing), shown as 已上传
    const rows = mergeRecords({ server: cachedRecords(session)?.records ?? [], entries: mediationOutbox.entries() })
    expect(rows.filter((row) => [first.id, second.id].includes(row.id)).map((row) => row.sync)).toEqual(['uploaded', 'uploaded'])
  })

  it('the same sync, run three times over (re-added entries, direct resends, concurrent syncs), stores each record exactly once', async () => {
    const records = [mediation({ summary: '第一件' }), mediation({ summary: '第二件', disputeType: 'contract' })]
    for (const record of records) saveToOutbox({ record }, session)
    const entries = mediationOutbox.entries()

    // 1: three syncs at once (one run; the others join it)
    const reports = await Promise.all([syncOutbox(), syncOutbox(), syncOutbox()])
    expect(reports[0]).toMatchObject({ sent: 2, pending: 0 })

    // 2: the same creates sent again directly, as if the answers had been lost three times
    for (let round = 0; round < 3; round += 1) {
      for (const entry of entries) expect(await sendEntry(entry, session)).toMatchObject({ kind: 'acknowledged', version: 1 })
    }

    // 3: the same records queued again and synced again (same UUIDs)
    for (let round = 0; round < 3; round += 1) {
      for (const record of records) saveToOutbox({ record }, session)
      expect(await syncOutbox()).toMatchObject({ sent: 2, pending: 0, rejected: 0, conflicts: 0 })
    }

    const counts = countById(await serverRecords(bff, session))
    expect(records.map((record) => counts[record.id])).toEqual([1, 1])
    const listed = await fetchMyRecords()
    expect(listed.filter((record) => records.some((sent) => sent.id === record.id)).map((record) => record.version)).toEqual([1, 1])
  })

  it('an edit goes up as a PATCH with its version; a lost answer resent counts as done; a stale edit is a conflict with the server copy', async () => {
    const record = mediation({ summary: '原来的' })
    saveToOutbox({ record }, session)
    await syncOutbox()

    const edited = { ...record, summary: '改过的', involvesPayment: true, agreement: 'written' as const }
    const entry = saveToOutbox({ record: edited, baseVersion: 1 }, session)
    expect(entry).toMatchObject({ op: 'update', baseVersion: 1 })
    expect(await syncOutbox()).toMatchObject({ sent: 1, pending: 0 })
    const [afterEdit] = (await serverRecords(bff, session)).filter((stored) => stored.id === record.id)
    expect(afterEdit).toMatchObject({ version: 2, summary: '改过的', involvesPayment: true })
    expect(afterEdit.followUps.map((followUp) => followUp.kind)).toEqual(['visit_7d', 'visit_30d', 'judicial_confirmation'])

    // the same PATCH again (its answer was lost): the server has our content, so it is not a conflict
    expect(await sendEntry({ ...entry, payload: edited }, session)).toMatchObject({ kind: 'acknowledged', version: 2 })

    // an edit made from version 1 while the server is at 2, with other content: conflict
    saveToOutbox({ record: { ...record, summary: '另一台手机上的旧版本改的' }, baseVersion: 1 }, session)
    const report = await syncOutbox()
    expect(report).toMatchObject({ conflicts: 1, pending: 0 })
    expect(mediationOutbox.entry(record.id)).toMatchObject({
      state: 'conflict',
      lastError: expect.stringContaining('别处改过'),
      serverCopy: expect.objectContaining({ version: 2, summary: '改过的' }),
    })

    // keep mine: sent again over version 2
    mediationOutbox.resolveConflict(record.id, 'mine')
    expect(await syncOutbox()).toMatchObject({ sent: 1 })
    expect((await serverRecords(bff, session)).find((stored) => stored.id === record.id)).toMatchObject({ version: 3, summary: '另一台手机上的旧版本改的' })
  })

  it('a record the server refuses is marked 被退回 with its Chinese reason and does not hold up the next one', async () => {
    const future = mediation({ occurredOn: chinaDate({ now: new Date(), offsetDays: 2 }) })
    const fine = mediation({ summary: '正常的一件' })
    saveToOutbox({ record: future }, session)
    saveToOutbox({ record: fine }, session)
    const report = await syncOutbox()
    expect(report).toMatchObject({ sent: 1, rejected: 1, pending: 0 })
    expect(mediationOutbox.entry(future.id)).toMatchObject({
      state: 'rejected',
      lastError: '调解日期不能晚于今天',
      fields: [{ path: 'occurredOn', message: '调解日期不能晚于今天' }],
    })
    expect(mediationOutbox.entry(fine.id)).toBeNull()
  })

  it('one save of a summary holding a phone number is one write: a single POST of the masked text, no PATCH, version 1', async () => {
    const calls: { method: string; url: string; body: string }[] = []
    const realFetch = globalThis.fetch
    const spy = jest.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      calls.push({ method: String(init?.method ?? 'GET').toUpperCase(), url: String(input), body: typeof init?.body === 'string' ? init.body : '' })
      return realFetch(input, init)
    })
    try {
      const record = mediation({ summary: '李某电话13812345678，欠款已还清。' })
      const entry = saveToOutbox({ record }, session)
      // masked before it is kept on the phone, so the number is never stored or sent
      expect(entry.payload).toMatchObject({ summary: '李某电话138****5678，欠款已还清。' })
      expect(await syncOutbox()).toMatchObject({ sent: 1, pending: 0 })
      const writes = calls.filter((call) => call.url.includes('/api/mediations') && call.method !== 'GET')
      expect(writes.map((call) => call.method)).toEqual(['POST'])
      expect(writes[0].body).not.toContain('13812345678')
      const stored = (await serverRecords(bff, session)).find((entry) => entry.id === record.id)
      expect(stored).toMatchObject({ version: 1, summary: '李某电话138****5678，欠款已还清。' })
    } finally {
      spy.mockRestore()
    }
  })

  it('an entry an older app kept with the number whole is sent once, masked by the server, and not PATCHed again', async () => {
    const record = mediation({ summary: '张某 15900001111 已赔偿' })
    mediationOutbox.put({ payload: record, op: 'create', owner: ownerOf(session) })
    const patches: string[] = []
    const realFetch = globalThis.fetch
    const spy = jest.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      if (String(init?.method ?? '').toUpperCase() === 'PATCH') patches.push(String(input))
      return realFetch(input, init)
    })
    try {
      expect(await syncOutbox()).toMatchObject({ sent: 1, pending: 0 })
      expect(patches).toEqual([])
      expect((await serverRecords(bff, session)).find((entry) => entry.id === record.id)).toMatchObject({ version: 1, summary: '张某 159****1111 已赔偿' })
    } finally {
      spy.mockRestore()
    }
  })

  it('a 回访 recorded offline waits on the phone (its reminder gone at once), goes up once when the network is back, and the record lists its outcome', async () => {
    const record = mediation({ occurredOn: chinaDate({ now: new Date(), offsetDays: -8 }), summary: '八天前调解的' })
    saveToOutbox({ record }, session)
    expect(await syncOutbox()).toMatchObject({ sent: 1 })
    const [uploaded] = (await serverRecords(bff, session)).filter((entry) => entry.id === record.id)
    expect(uploaded.followUps.map((prompt) => prompt.kind)).toEqual(['visit_7d', 'visit_30d'])

    process.env.TARO_APP_API_BASE_URL = deadUrl
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const followUp = {
      id: newRecordId(),
      kind: 'visit_7d' as const,
      visitedOn: chinaDate({ now: new Date() }),
      fulfilment: 'partial' as const,
      recurred: true,
      judicial: 'not_needed' as const,
      note: '还差 2000 元，电话 13900001111',
    }
    const entry = saveFollowUp({ recordId: record.id, followUp }, session)
    expect(entry.payload.note).toBe('还差 2000 元，电话 139****1111')
    expect(locallyAnsweredPrompts(followUpOutbox.entries())).toEqual(new Set([`${record.id}:visit_7d`]))
    const offline = await syncOutbox()
    expect(offline).toMatchObject({ sent: 0, pending: 1, stoppedBy: 'offline' })
    expect(followUpOutbox.entry(followUp.id)).toMatchObject({ state: 'pending', attempts: 1 })
    warn.mockRestore()

    process.env.TARO_APP_API_BASE_URL = bff.baseUrl
    expect(await syncOutbox()).toMatchObject({ sent: 1, pending: 0, stoppedBy: null })
    expect(followUpOutbox.entries()).toEqual([])
    // the answer was lost and the same 回访 is sent again: stored once
    expect(await sendFollowUp(entry, session)).toMatchObject({ kind: 'acknowledged', version: 1 })
    const [after] = (await serverRecords(bff, session)).filter((stored) => stored.id === record.id)
    expect(after.followUpsDone).toEqual([
      expect.objectContaining({ id: followUp.id, fulfilment: 'partial', recurred: true, note: '还差 2000 元，电话 139****1111' }),
    ])
    expect(after.followUps.map((prompt) => prompt.kind)).toEqual(['visit_30d'])
    // the kept list (records page, offline) already has the server's copy with its 回访
    expect(cachedRecords(session)?.records.find((stored) => stored.id === record.id)?.followUpsDone).toHaveLength(1)
    const stats = await fetchStats({ from: chinaMonth({ now: new Date() }), to: chinaMonth({ now: new Date() }) })
    expect(stats.followUps.done).toBeGreaterThanOrEqual(1)
  })

  it('零上报 for last month is taken (reported at the start of the next month)', async () => {
    const month = chinaMonth({ now: new Date(), offsetMonths: -1 })
    saveToOutbox({ record: { kind: 'zero_report', id: newRecordId(), month, town: '隘口镇', village: '示例村' } }, session)
    expect(await syncOutbox()).toMatchObject({ sent: 1, rejected: 0 })
    expect((await fetchStats({ from: month, to: month })).zeroReports).toBe(1)
  })

  it('零上报 is stored as its own kind; the statistics count this volunteer exactly', async () => {
    const month = chinaMonth({ now: new Date() })
    saveToOutbox({ record: { kind: 'zero_report', id: newRecordId(), month, town: '隘口镇', village: '示例村' } }, session)
    expect(await syncOutbox()).toMatchObject({ sent: 1 })
    const stats = await fetchStats({ from: month, to: month })
    const stored = (await serverRecords(bff, session)).filter((record) => record.month === month)
    expect(stats.scope.level).toBe('volunteer')
    expect(stats.total).toBe(stored.filter((record) => record.kind === 'mediation').length)
    expect(stats.zeroReports).toBe(1)
    expect(stats.byType.find((row) => row.key === 'neighbor')?.label).toBe('邻里纠纷')
  })

  it('when the sign-in has ended (401) nothing is lost: the session is dropped and the entries wait', async () => {
    saveSession({ ...session, token: 'not-a-real-token-000000000000' })
    const record = mediation()
    saveToOutbox({ record }, { ...session, token: 'not-a-real-token-000000000000' })
    const report = await syncOutbox()
    expect(report).toMatchObject({ stoppedBy: 'unauthorized', pending: 1 })
    expect(volunteerSession()).toBeNull()
    expect(mediationOutbox.entry(record.id)).toMatchObject({ state: 'pending', lastError: expect.stringMatching(/重新登录/) })
    // signing in again (same volunteer) sends it
    saveSession(session)
    expect(await syncOutbox()).toMatchObject({ sent: 1, pending: 0 })
  })

  it('two volunteers of the same name and village on one phone: each sync sends only the signed-in one’s entries; an old entry goes to the first to sign in', async () => {
    const inviteCode = await addVolunteer(sqlitePath, '13800000003')
    const first = mediation({ summary: '第一位田大姐记的' })
    saveToOutbox({ record: first }, session)
    // saved by an earlier version of the app, under the name and place
    const old = mediation({ summary: '旧版本存的' })
    mediationOutbox.put({ payload: old, op: 'create', owner: '田大姐|隘口镇|示例村' })

    const second = await loginWithPhone({ phone: '13800000003', inviteCode })
    expect(second).toMatchObject({ displayName: '田大姐', town: '隘口镇', village: '示例村' })
    expect(ownerOf(second)).not.toBe(ownerOf(session))
    expect(mediationOutbox.entry(old.id)?.owner).toBe(second.userId)
    expect(mediationOutbox.counts(ownerOf(second))).toMatchObject({ pending: 1, otherOwners: 1 })
    const theirs = mediation({ summary: '第二位田大姐记的' })
    saveToOutbox({ record: theirs }, second)
    expect(await syncOutbox()).toMatchObject({ sent: 2, pending: 0 })
    expect((await serverRecords(bff, second)).map((record) => record.id).sort()).toEqual([old.id, theirs.id].sort())
    expect(mediationOutbox.entry(first.id)).toMatchObject({ owner: session.userId, state: 'pending' })

    saveSession(session)
    expect(await syncOutbox()).toMatchObject({ sent: 1, pending: 0 })
    const firstsRecords = (await serverRecords(bff, session)).map((record) => record.id)
    expect(firstsRecords).toContain(first.id)
    expect(firstsRecords).not.toContain(theirs.id)
  })

  it('退出登录 revokes the token but keeps what was not uploaded', async () => {
    const inviteCode = await addVolunteer(sqlitePath, '13800000002')
    const other = await loginWithPhone({ phone: '13800000002', inviteCode })
    saveToOutbox({ record: mediation() }, other)
    const { keptEntries } = await logoutVolunteer()
    expect(keptEntries).toBe(1)
    expect(volunteerSession()).toBeNull()
    expect(mediationOutbox.pendingCount(ownerOf(other))).toBe(1)
    const revoked = await fetch(`${bff.baseUrl}/api/mediations`, { headers: { Authorization: `Bearer ${other.token}` } })
    expect(revoked.status).toBe(401)
  })
})
