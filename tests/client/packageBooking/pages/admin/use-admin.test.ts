import type { AdminQueueItem, AdminSession } from '../../../../../client/services/station-keeping'
import { adminPageReducer, queueItemReducer, queueKey, queueReducer, type AdminPageState } from '../../../../../client/packageBooking/pages/admin/use-admin'

// only what the reducers read: the kind and the ids queueKey names
const station = (id: string) => ({ kind: 'station', station: { id } }) as unknown as AdminQueueItem
const correction = (id: string, stationId: string) => ({ kind: 'correction', station: { id: stationId }, correction: { id } }) as unknown as AdminQueueItem

describe('adminPageReducer (待核实 without rendering)', () => {
  const signedIn: AdminPageState = { session: { displayName: '县司法局小周' } as AdminSession, notice: '已退出登录。', county: null, editing: null }

  it('when the administrator signs in, drops the last notice', () => {
    expect(adminPageReducer({ ...signedIn, session: null }, { type: 'signed-in', session: signedIn.session! })).toMatchObject({
      notice: null,
      session: signedIn.session,
    })
  })

  it('when signed out (or the session expired) while editing, closes the editor and says why', () => {
    const editing = adminPageReducer(signedIn, { type: 'edit', stationId: 'st-1' })
    expect(editing.editing).toBe('st-1')
    expect(adminPageReducer(editing, { type: 'signed-out', notice: '登录已过期，请重新登录。' })).toMatchObject({
      session: null,
      editing: null,
      notice: '登录已过期，请重新登录。',
    })
  })
})

describe('queueReducer', () => {
  it('a station and a correction of that station are two items', () => {
    expect(queueKey(station('st-1'))).not.toBe(queueKey(correction('c-1', 'st-1')))
  })

  it('when an item is dealt with, only that item leaves the list and the notice says what was done', () => {
    const read = queueReducer({ items: null, reveals: [], done: null }, { type: 'read', items: [station('st-1'), correction('c-1', 'st-1')], reveals: [] })
    const state = queueReducer(read, { type: 'item-done', item: correction('c-1', 'st-1'), words: '已处理' })
    expect(state.items).toEqual([station('st-1')])
    expect(state.done).toBe('已处理')
  })

  it('when someone else dealt with an item meanwhile, says the list was read again', () => {
    expect(queueReducer({ items: [], reveals: [], done: null }, { type: 'item-stale', words: '已经有人处理了' }).done).toBe('已经有人处理了（已重新读取）')
  })
})

describe('queueItemReducer', () => {
  it('when 退回 or 已处理 opens (or closes), starts with no words and no error', () => {
    const typed = queueItemReducer(queueItemReducer({ step: 'idle', text: '', fieldError: null }, { type: 'open', step: 'reject' }), {
      type: 'typed',
      text: '电话打不通',
    })
    const refused = queueItemReducer(typed, { type: 'field-error', message: '太长' })
    expect(refused).toEqual({ step: 'reject', text: '电话打不通', fieldError: '太长' })
    expect(queueItemReducer(refused, { type: 'open', step: 'idle' })).toEqual({ step: 'idle', text: '', fieldError: null })
  })
})
