import {
  STORAGE_KEY_LIMIT_BYTES,
  OutboxStorageError,
  createOutbox,
  outboxSummary,
  taroOutboxStorage,
  utf8ByteLength,
  type OutboxEntry,
  type OutboxStorage,
  type SendOutcome,
} from '../../../client/services/outbox'
import type * as OutboxModule from '../../../client/services/outbox'

/** A record as the outbox sees it: anything with a client UUID. */
interface Note {
  id: string
  text: string
}
interface Stored extends Note {
  version: number
}
type Entry = OutboxEntry<Note, Stored>

const OWNER = '田大姐|隘口镇|示例村'

let counter = 0
function note(text = '邻里纠纷，已调解'): Note {
  counter += 1
  return { id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`, text }
}

/** Every outbox in a test uses its own prefix over Taro's storage (localStorage under jest). */
let prefixCounter = 0
function newOutbox(params: { storage?: OutboxStorage; chunkBudgetBytes?: number; keyPrefix?: string } = {}) {
  prefixCounter += 1
  return createOutbox<Note, Stored>({
    storage: params.storage ?? taroOutboxStorage(),
    keyPrefix: params.keyPrefix ?? `test.outbox${prefixCounter}`,
    chunkBudgetBytes: params.chunkBudgetBytes,
  })
}

const acknowledge = async (entry: Entry): Promise<SendOutcome<Stored>> => ({
  kind: 'acknowledged',
  serverCopy: { ...entry.payload, version: (entry.baseVersion ?? 0) + 1 },
  version: (entry.baseVersion ?? 0) + 1,
})
const offline = async (): Promise<SendOutcome<Stored>> => ({ kind: 'retry-later', message: '连不上网络。请检查手机网络后点“重试”。' })

/** A promise and the functions that settle it, for sends that wait until the test says so. */
function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

/** The outbox module as a restarted app loads it: no state kept in memory. */
let restarted: typeof OutboxModule | null = null
function freshModule(): typeof OutboxModule {
  if (!restarted) {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      restarted = require('../../../client/services/outbox') as typeof OutboxModule
    })
  }
  return restarted as unknown as typeof OutboxModule
}

function localStorageKeys(prefix: string): string[] {
  return Object.keys(localStorage).filter((key) => key.startsWith(`${prefix}.`))
}

describe('utf8ByteLength', () => {
  it.each(['', 'abc', '调解成功', '张* 李*', 'é', '𠮷野家 👍', '混合 mixed ✓ 𝄞', '\ud800 lone surrogate'])('%j counts like Buffer.byteLength', (text) => {
    expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'))
  })
})

describe('offline outbox (client/services/outbox)', () => {
  it('keeps records saved while sending fails — also across a restart — and uploads them in order after recovery', async () => {
    const outbox = newOutbox()
    const first = note('第一条')
    const second = note('第二条')
    outbox.put({ payload: first, op: 'create', owner: OWNER })
    outbox.put({ payload: second, op: 'create', owner: OWNER })
    expect(outbox.pendingCount()).toBe(2)

    const failing = jest.fn(offline)
    const report = await outbox.sync({ send: failing, owner: OWNER })
    // the run stops at the first network failure: nothing is lost and nothing is skipped
    expect(report).toMatchObject({ sent: 0, pending: 2, stoppedBy: 'offline' })
    expect(failing).toHaveBeenCalledTimes(1)
    expect(outbox.entry(first.id)).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringContaining('连不上网络') })

    // "the app was killed": a freshly loaded module (nothing in memory) finds both in storage
    const afterRestart = freshModule().createOutbox<Note, Stored>({ storage: freshModule().taroOutboxStorage(), keyPrefix: outbox.keyPrefix })
    expect(afterRestart.entries().map((entry) => entry.payload)).toEqual([first, second])

    const sent: string[] = []
    const recovered = await afterRestart.sync({
      send: async (entry) => {
        sent.push(entry.id)
        return acknowledge(entry)
      },
      owner: OWNER,
    })
    expect(recovered).toMatchObject({ sent: 2, pending: 0, stoppedBy: null })
    expect(sent).toEqual([first.id, second.id])
    expect(afterRestart.pendingCount()).toBe(0)
    expect(afterRestart.entries()).toEqual([])
  })

  it('resends a create with the same UUID and payload every time until it is acknowledged', async () => {
    const outbox = newOutbox()
    const record = note()
    outbox.put({ payload: record, op: 'create', owner: OWNER })
    const seen: Entry[] = []
    const send = async (entry: Entry) => {
      seen.push(entry)
      return seen.length < 3 ? offline() : acknowledge(entry)
    }
    await outbox.sync({ send, owner: OWNER })
    await outbox.sync({ send, owner: OWNER })
    await outbox.sync({ send, owner: OWNER })
    expect(seen.map((entry) => [entry.id, entry.op, entry.payload])).toEqual([
      [record.id, 'create', record],
      [record.id, 'create', record],
      [record.id, 'create', record],
    ])
    expect(seen.map((entry) => entry.attempts)).toEqual([0, 1, 2])
    expect(outbox.entries()).toEqual([])
  })

  it('an edit of a record still waiting replaces it in place: one entry, still a create, same UUID', () => {
    const outbox = newOutbox()
    const record = note('初稿')
    outbox.put({ payload: record, op: 'create', owner: OWNER })
    outbox.put({ payload: { ...record, text: '改过' }, op: 'update', baseVersion: 3, owner: OWNER })
    expect(outbox.entries()).toHaveLength(1)
    expect(outbox.entry(record.id)).toMatchObject({ op: 'create', baseVersion: null, payload: { id: record.id, text: '改过' }, rev: 2 })
  })

  it('splits many large records across keys, each at most 1 MB of UTF-8, and reads every one back', () => {
    const outbox = newOutbox()
    // 1,000 Chinese characters are 3,000 bytes but only 1,000 string units: length would undercount
    const summary = '村民甲与村民乙因宅基地边界发生争执，经多次上门调解，双方同意按原界桩划分。'.repeat(40).slice(0, 1000)
    const records = Array.from({ length: 700 }, () => note(summary))
    const started = Date.now()
    for (const record of records) outbox.put({ payload: record, op: 'create', owner: OWNER })
    // each save writes one chunk, not the whole outbox
    expect(Date.now() - started).toBeLessThan(15_000)

    const keys = localStorageKeys(outbox.keyPrefix)
    expect(keys.filter((key) => !key.endsWith('.index')).length).toBeGreaterThanOrEqual(10)
    let total = 0
    for (const key of keys) {
      const bytes = utf8ByteLength(localStorage.getItem(key) ?? '')
      total += bytes
      expect({ key, withinLimit: bytes <= STORAGE_KEY_LIMIT_BYTES }).toEqual({ key, withinLimit: true })
    }
    expect(total).toBeGreaterThan(2 * 1024 * 1024)
    expect(outbox.entries().map((entry) => entry.payload)).toEqual(records)
    // and from storage alone, as after a restart
    expect(
      freshModule()
        .createOutbox<Note, Stored>({ storage: freshModule().taroOutboxStorage(), keyPrefix: outbox.keyPrefix })
        .entries()
        .map((entry) => entry.payload),
    ).toEqual(records)

    // an edit that makes a full chunk grow splits it: still every key within the limit, order kept
    const grown = { ...records[3], text: `${summary}${summary.slice(0, 900)}` }
    outbox.put({ payload: grown, op: 'create', owner: OWNER })
    for (const key of localStorageKeys(outbox.keyPrefix)) expect(utf8ByteLength(localStorage.getItem(key) ?? '')).toBeLessThanOrEqual(STORAGE_KEY_LIMIT_BYTES)
    expect(outbox.entries().map((entry) => entry.payload)).toEqual([...records.slice(0, 3), grown, ...records.slice(4)])

    // removing entries leaves no stale chunks behind
    for (const record of records.slice(0, 690)) outbox.remove(record.id)
    expect(outbox.entries().map((entry) => entry.payload)).toEqual(records.slice(690))
    expect(localStorageKeys(outbox.keyPrefix)).toHaveLength(2)
  })

  it('tidies chunks a write left behind when the app was killed before the index switched', () => {
    const outbox = newOutbox({ keyPrefix: 'test.killed' })
    outbox.put({ payload: note(), op: 'create', owner: OWNER })
    localStorage.setItem('test.killed.c99', JSON.stringify({ data: [] }))
    const restartedOutbox = freshModule().createOutbox<Note, Stored>({ storage: freshModule().taroOutboxStorage(), keyPrefix: 'test.killed' })
    restartedOutbox.put({ payload: note(), op: 'create', owner: OWNER })
    expect(localStorageKeys('test.killed')).not.toContain('test.killed.c99')
    expect(restartedOutbox.entries()).toHaveLength(2)
  })

  it('a write cut off before the index switches leaves the previous outbox intact, and says why in Chinese', () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const inner = taroOutboxStorage()
    let failIndexWrites = false
    const storage: OutboxStorage = {
      ...inner,
      write(key, value) {
        if (failIndexWrites && key.endsWith('.index')) throw new Error('QuotaExceededError')
        inner.write(key, value)
      },
    }
    const outbox = newOutbox({ storage })
    const kept = note('已存好的')
    outbox.put({ payload: kept, op: 'create', owner: OWNER })
    failIndexWrites = true
    expect(() => outbox.put({ payload: note('存不下的'), op: 'create', owner: OWNER })).toThrow(OutboxStorageError)
    expect(() => outbox.put({ payload: note('存不下的'), op: 'create', owner: OWNER })).toThrow(/存储空间不够/)
    failIndexWrites = false
    expect(outbox.entries().map((entry) => entry.payload)).toEqual([kept])
    // the half-written generation was cleared
    expect(localStorageKeys(outbox.keyPrefix)).toHaveLength(2)
    jest.restoreAllMocks()
  })

  it('refuses a single record too large for one key rather than storing half of it', () => {
    const outbox = newOutbox({ chunkBudgetBytes: 4096 })
    expect(() => outbox.put({ payload: note('长'.repeat(2000)), op: 'create', owner: OWNER })).toThrow(/太大/)
    expect(outbox.entries()).toEqual([])
  })

  it('never runs two syncs at once: a second sync() joins the first and nothing is sent twice', async () => {
    const outbox = newOutbox()
    const records = [note(), note(), note()]
    for (const record of records) outbox.put({ payload: record, op: 'create', owner: OWNER })
    const gate = deferred<void>()
    const send = jest.fn(async (entry: Entry) => {
      await gate.promise
      return acknowledge(entry)
    })
    const first = outbox.sync({ send, owner: OWNER })
    const second = outbox.sync({ send, owner: OWNER })
    // even another Outbox object over the same keys joins the same run
    const third = createOutbox<Note, Stored>({ storage: taroOutboxStorage(), keyPrefix: outbox.keyPrefix }).sync({ send, owner: OWNER })
    expect(outbox.isSyncing()).toBe(true)
    gate.resolve()
    const reports = await Promise.all([first, second, third])
    expect(send).toHaveBeenCalledTimes(3)
    expect(send.mock.calls.map(([entry]) => entry.id)).toEqual(records.map((record) => record.id))
    expect(reports[0]).toBe(reports[1])
    expect(reports[0]).toMatchObject({ sent: 3, pending: 0 })
    expect(outbox.isSyncing()).toBe(false)
  })

  it('a record saved while a sync runs is sent by that run (one more pass), still once', async () => {
    const outbox = newOutbox()
    const early = note('先存的')
    const late = note('上传途中存的')
    outbox.put({ payload: early, op: 'create', owner: OWNER })
    const gate = deferred<void>()
    const send = jest.fn(async (entry: Entry) => {
      await gate.promise
      return acknowledge(entry)
    })
    const running = outbox.sync({ send, owner: OWNER })
    outbox.put({ payload: late, op: 'create', owner: OWNER })
    const joined = outbox.sync({ send, owner: OWNER })
    gate.resolve()
    await Promise.all([running, joined])
    expect(send.mock.calls.map(([entry]) => entry.id)).toEqual([early.id, late.id])
    expect(outbox.entries()).toEqual([])
  })

  it('an edit made while its record is on the way is kept, as an update of the acknowledged version', async () => {
    const outbox = newOutbox()
    const record = note('上传中')
    outbox.put({ payload: record, op: 'create', owner: OWNER })
    const gate = deferred<void>()
    const run = outbox.sync({
      send: async (entry) => {
        await gate.promise
        return { kind: 'acknowledged', serverCopy: { ...entry.payload, version: 1 }, version: 1 }
      },
      owner: OWNER,
    })
    outbox.put({ payload: { ...record, text: '上传途中改的' }, op: 'create', owner: OWNER })
    gate.resolve()
    await run
    // the pass had already tried this record; the newer text waits for the next sync
    expect(outbox.entry(record.id)).toMatchObject({ op: 'update', baseVersion: 1, state: 'pending', payload: { text: '上传途中改的' } })
  })

  it('a version conflict keeps the server copy and waits for the volunteer; "mine" resends over it, "server" drops the edit', async () => {
    const outbox = newOutbox()
    const edited = note('我改的')
    const other = note('另一条')
    outbox.put({ payload: edited, op: 'update', baseVersion: 1, owner: OWNER })
    outbox.put({ payload: other, op: 'create', owner: OWNER })
    const serverCopy: Stored = { id: edited.id, text: '别处改的', version: 2 }
    const report = await outbox.sync({
      send: async (entry) =>
        entry.id === edited.id ? { kind: 'conflict', message: '这条记录已在别处改过，请看最新内容后再改', serverCopy } : acknowledge(entry),
      owner: OWNER,
    })
    // a conflict does not hold up the records after it
    expect(report).toMatchObject({ sent: 1, conflicts: 1, pending: 0 })
    expect(outbox.counts(OWNER)).toEqual({ pending: 0, conflict: 1, rejected: 0, otherOwners: 0 })
    expect(outbox.entry(edited.id)).toMatchObject({ state: 'conflict', serverCopy, payload: edited, lastError: expect.stringContaining('别处改过') })

    // a later sync leaves it alone until the volunteer decides
    const untouched = jest.fn(acknowledge)
    await outbox.sync({ send: untouched, owner: OWNER })
    expect(untouched).not.toHaveBeenCalled()

    outbox.resolveConflict(edited.id, 'mine')
    expect(outbox.entry(edited.id)).toMatchObject({ state: 'pending', op: 'update', baseVersion: 2, serverCopy: null })
    outbox.put({ payload: edited, op: 'update', baseVersion: 2, owner: OWNER })
    await outbox.sync({ send: async () => ({ kind: 'conflict', message: '又改过了', serverCopy: { ...serverCopy, version: 3 } }), owner: OWNER })
    outbox.resolveConflict(edited.id, 'server')
    expect(outbox.entry(edited.id)).toBeNull()
  })

  it('a validation error marks the entry rejected with the Chinese message and fields; an edit puts it back in line', async () => {
    const outbox = newOutbox()
    const bad = note('日期写错了')
    const good = note('好的')
    outbox.put({ payload: bad, op: 'create', owner: OWNER })
    outbox.put({ payload: good, op: 'create', owner: OWNER })
    const send = jest.fn(async (entry: Entry): Promise<SendOutcome<Stored>> =>
      entry.payload.text === '日期写错了'
        ? { kind: 'rejected', message: '调解日期不能晚于今天', fields: [{ path: 'occurredOn', message: '不能晚于今天' }] }
        : acknowledge(entry),
    )
    const report = await outbox.sync({ send, owner: OWNER })
    expect(report).toMatchObject({ sent: 1, rejected: 1, pending: 0, stoppedBy: null })
    expect(outbox.entry(bad.id)).toMatchObject({
      state: 'rejected',
      lastError: '调解日期不能晚于今天',
      fields: [{ path: 'occurredOn', message: '不能晚于今天' }],
    })
    expect(outbox.entry(good.id)).toBeNull()

    await outbox.sync({ send, owner: OWNER })
    expect(send).toHaveBeenCalledTimes(2)

    outbox.put({ payload: { ...bad, text: '改好了' }, op: 'create', owner: OWNER })
    expect(outbox.entry(bad.id)).toMatchObject({ state: 'pending', lastError: null, fields: [] })
    await outbox.sync({ send, owner: OWNER })
    expect(outbox.entries()).toEqual([])
  })

  it('a 401 ends the run and keeps everything; entries of another volunteer on the same phone are never sent', async () => {
    const outbox = newOutbox()
    const mine = note('我的')
    const theirs = note('别人的')
    outbox.put({ payload: theirs, op: 'create', owner: '另一位|隘口镇|别的村' })
    outbox.put({ payload: mine, op: 'create', owner: OWNER })
    const send = jest.fn(async (): Promise<SendOutcome<Stored>> => ({ kind: 'unauthorized', message: '登录已过期' }))
    const report = await outbox.sync({ send, owner: OWNER })
    expect(report).toMatchObject({ stoppedBy: 'unauthorized', pending: 1 })
    expect(send).toHaveBeenCalledTimes(1)
    expect(send.mock.calls[0]).toEqual([expect.objectContaining({ id: mine.id })])
    expect(outbox.counts(OWNER)).toEqual({ pending: 1, conflict: 0, rejected: 0, otherOwners: 1 })
    expect(outbox.entries()).toHaveLength(2)
  })

  it('a send that throws counts as a network failure (kept, retried later)', async () => {
    const outbox = newOutbox()
    const record = note()
    outbox.put({ payload: record, op: 'create', owner: OWNER })
    const report = await outbox.sync({
      send: async () => {
        throw new Error('socket hang up')
      },
      owner: OWNER,
    })
    expect(report).toMatchObject({ stoppedBy: 'offline', pending: 1, message: 'socket hang up' })
    expect(outbox.isSyncing()).toBe(false)
  })

  it('outboxSummary reads the counts from the index key alone (for a badge on any page)', async () => {
    const outbox = newOutbox({ keyPrefix: 'test.summary' })
    expect(outboxSummary({ keyPrefix: 'test.summary' })).toEqual({ pending: 0, total: 0 })
    const first = note()
    outbox.put({ payload: first, op: 'create', owner: OWNER })
    outbox.put({ payload: note(), op: 'create', owner: '另一位||' })
    expect(outboxSummary({ keyPrefix: 'test.summary' })).toEqual({ pending: 2, total: 2 })
    await outbox.sync({ send: async () => ({ kind: 'rejected', message: '不对' }), owner: OWNER })
    expect(outboxSummary({ keyPrefix: 'test.summary' })).toEqual({ pending: 1, total: 2 })
  })

  it('tells subscribers about every change', () => {
    const outbox = newOutbox()
    const listener = jest.fn()
    const unsubscribe = outbox.subscribe(listener)
    const record = note()
    outbox.put({ payload: record, op: 'create', owner: OWNER })
    outbox.remove(record.id)
    expect(listener).toHaveBeenCalledTimes(2)
    unsubscribe()
    outbox.put({ payload: note(), op: 'create', owner: OWNER })
    expect(listener).toHaveBeenCalledTimes(2)
  })
})
