import { useCallback, useEffect, useReducer } from 'react'
import { useAction } from '../../../hooks/use-action'
import { RequestError } from '../../../services/http'
import {
  adminLogout,
  adminSession,
  fetchAdminQueue,
  isSignedOut,
  type AdminQueueItem,
  type AdminSession,
  type PhoneReveal,
} from '../../../services/station-keeping'
import { scrollToTop } from '../../components/station-keeping-editor'

/** The queue's key of an item: a station appears once, a correction once. */
export function queueKey(item: AdminQueueItem): string {
  return item.kind === 'station' ? `station:${item.station.id}` : `correction:${item.correction.id}`
}

// ---------------------------------------------------------------- the page: who is signed in, what is open

export interface AdminPageState {
  session: AdminSession | null
  notice: string | null
  /** the county the queue belongs to, once read */
  county: string | null
  /** the station open in the editor */
  editing: string | null
}

export type AdminPageEvent =
  | { type: 'signed-in'; session: AdminSession }
  | { type: 'signed-out'; notice: string }
  | { type: 'county-read'; county: string }
  | { type: 'edit'; stationId: string | null }

export function adminPageReducer(state: AdminPageState, event: AdminPageEvent): AdminPageState {
  switch (event.type) {
    case 'signed-in':
      return { ...state, notice: null, session: event.session }
    case 'signed-out':
      return { ...state, session: null, editing: null, notice: event.notice }
    case 'county-read':
      return { ...state, county: event.county }
    case 'edit':
      return { ...state, editing: event.stationId }
  }
}

/** 待核实's page state: signing in and out (or being signed out by the BFF), the county, the station being edited. */
export function useAdminPage() {
  const [state, dispatch] = useReducer(adminPageReducer, null, () => ({ session: adminSession(), notice: null, county: null, editing: null }))
  return {
    state,
    signedIn: useCallback((session: AdminSession) => dispatch({ type: 'signed-in', session }), []),
    signedOut: useCallback(() => dispatch({ type: 'signed-out', notice: '登录已过期，请重新登录。' }), []),
    onCounty: useCallback((county: string) => dispatch({ type: 'county-read', county }), []),
    edit: useCallback((stationId: string) => {
      dispatch({ type: 'edit', stationId })
      scrollToTop()
    }, []),
    back: () => dispatch({ type: 'edit', stationId: null }),
    logout: async () => {
      await adminLogout()
      dispatch({ type: 'signed-out', notice: '已退出登录。' })
    },
  }
}

// ---------------------------------------------------------------- the queue

export interface QueueState {
  /** null until first read */
  items: AdminQueueItem[] | null
  reveals: PhoneReveal[]
  /** what the last item dealt with came to, in words */
  done: string | null
}

export type QueueEvent =
  | { type: 'read'; items: AdminQueueItem[]; reveals: PhoneReveal[] }
  | { type: 'item-done'; item: AdminQueueItem; words: string }
  | { type: 'item-stale'; words: string }

export function queueReducer(state: QueueState, event: QueueEvent): QueueState {
  switch (event.type) {
    case 'read':
      return { ...state, items: event.items, reveals: event.reveals }
    case 'item-done':
      return { ...state, done: event.words, items: state.items?.filter((candidate) => queueKey(candidate) !== queueKey(event.item)) ?? null }
    case 'item-stale':
      // someone else dealt with it meanwhile: the queue is read again
      return { ...state, done: `${event.words}（已重新读取）` }
  }
}

/** The queue as read from the BFF; an item dealt with leaves it, one someone else dealt with has it read again. */
export function useAdminQueue(props: { onSignedOut: () => void; onCounty: (county: string) => void }) {
  const { onSignedOut, onCounty } = props
  const [state, dispatch] = useReducer(queueReducer, { items: null, reveals: [], done: null })
  const { run, error } = useAction(async () => {
    try {
      const answer = await fetchAdminQueue()
      onCounty(answer.county)
      dispatch({ type: 'read', items: answer.items, reveals: answer.phoneReveals })
    } catch (failure) {
      if (isSignedOut(failure)) onSignedOut()
      else throw failure
    }
  }, '没有取到待核实的内容，请再试一次。')
  const load = useCallback(() => void run(), [run])
  useEffect(load, [load])
  return {
    state,
    error,
    loading: state.items === null && !error,
    load,
    done: (item: AdminQueueItem, words: string) => dispatch({ type: 'item-done', item, words }),
    stale: (words: string) => {
      dispatch({ type: 'item-stale', words })
      load()
    },
  }
}

// ---------------------------------------------------------------- one item

/** What an item shows below its facts: its buttons, or the form for 退回 / 已处理. */
export type QueueItemStep = 'idle' | 'reject' | 'resolve'

export interface QueueItemState {
  step: QueueItemStep
  /** the reason for 退回, or the note for 已处理 */
  text: string
  fieldError: string | null
}

export type QueueItemEvent = { type: 'open'; step: QueueItemStep } | { type: 'typed'; text: string } | { type: 'field-error'; message: string }

export function queueItemReducer(state: QueueItemState, event: QueueItemEvent): QueueItemState {
  switch (event.type) {
    case 'open':
      return { step: event.step, text: '', fieldError: null }
    case 'typed':
      return { ...state, text: event.text }
    case 'field-error':
      return { ...state, fieldError: event.message }
  }
}

/**
 * One item's form and its one request at a time (核实, 退回, 已处理). `onDone` takes the words for the
 * notice once the item has left the queue; `onStale` when someone else dealt with it meanwhile.
 */
export function useQueueItem(props: { onDone: (words: string) => void; onStale: (words: string) => void; onSignedOut: () => void }) {
  const [state, dispatch] = useReducer(queueItemReducer, { step: 'idle', text: '', fieldError: null })
  const action = useAction(async (request: () => Promise<unknown>, done: string) => {
    try {
      await request()
    } catch (failure) {
      if (isSignedOut(failure)) return props.onSignedOut()
      if (failure instanceof RequestError && failure.status === 409) return props.onStale(failure.message)
      if (failure instanceof RequestError && failure.fields?.length) return dispatch({ type: 'field-error', message: failure.fields[0].message })
      throw failure
    }
    props.onDone(done)
  }, '没有办成，请再试一次。')

  return {
    state,
    busy: action.busy,
    error: action.error,
    typed: (text: string) => dispatch({ type: 'typed', text }),
    open: (step: QueueItemStep) => {
      dispatch({ type: 'open', step })
      action.setError(null)
    },
    act: (request: () => Promise<unknown>, done: string) => void action.run(request, done),
    /** runs `request` with the text typed, or asks for it with `missing` */
    actWithText: (request: (text: string) => Promise<unknown>, done: string, missing: string) => {
      const text = state.text.trim()
      if (!text) dispatch({ type: 'field-error', message: missing })
      else void action.run(() => request(text), done)
    },
  }
}

export type QueueItemForm = ReturnType<typeof useQueueItem>
