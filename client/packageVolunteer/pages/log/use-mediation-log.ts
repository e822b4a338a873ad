import Taro from '@tarojs/taro'
import { useCallback, useMemo, useState } from 'react'
import { chinaDate, chinaMonth } from '../../../../contracts/china-time'
import {
  cachedRecords,
  formatMonth,
  mediationOutbox,
  newRecordId,
  ownerOf,
  saveToOutbox,
  syncOutbox,
  toRecordInput,
  type VolunteerSession,
} from '../../../services/mediations'
import { ask, DialogError, tell } from '../../../services/dialogs'
import { MODAL_TEXTS } from '../../../services/interaction-texts'
import { OutboxStorageError } from '../../../services/outbox'
import type { OutboxView } from '../../components/session'
import { LOG_PAGE } from '../../components/session'
import { blankDraft, checkDraft, draftOf, type Draft, type Errors, type MediationInput } from './mediation-draft'

/** What happened to the record just saved: on the phone first, then (maybe) uploaded. */
export interface Saved {
  id: string
  kind: 'mediation' | 'zero_report'
  state: 'saving' | 'uploaded' | 'pending' | 'conflict' | 'rejected'
  message: string | null
}

export function scrollToTop(): void {
  setTimeout(() => void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined), 0)
}

/** The record to edit: the version waiting on this phone, else the record as last fetched. */
function findEditing(editId: string, session: VolunteerSession | null) {
  if (!editId || !session) return null
  const entry = mediationOutbox.entry(editId)
  const stored = cachedRecords(session)?.records.find((record) => record.id === editId)
  if (entry && entry.owner === ownerOf(session) && entry.payload.kind === 'mediation') {
    // after a conflict, the edit is made over the server's copy the volunteer was shown
    const baseVersion = entry.op === 'create' ? null : entry.state === 'conflict' && entry.serverCopy ? entry.serverCopy.version : entry.baseVersion
    return {
      record: entry.payload,
      baseVersion,
      editableUntil: entry.op === 'create' ? null : (entry.serverCopy?.editableUntil ?? stored?.editableUntil ?? null),
    }
  }
  if (stored && stored.kind === 'mediation') {
    return { record: toRecordInput(stored) as MediationInput, baseVersion: stored.version, editableUntil: stored.editableUntil }
  }
  return null
}

/** What kind of record each month has, on the server (as last fetched) and waiting on the phone. */
function recordedMonths(server: readonly { kind: string; month: string | null }[], waiting: OutboxView['entries']) {
  return [
    ...server.map((record) => ({ kind: record.kind, month: record.month })),
    ...waiting.map((entry) => ({
      kind: entry.payload.kind,
      month: entry.payload.kind === 'zero_report' ? entry.payload.month : entry.payload.occurredOn.slice(0, 7),
    })),
  ]
}

/**
 * 记一笔's state: the draft, its errors (from the contract's schema, see mediation-draft), and
 * saving — always to the phone's outbox first, then an upload attempt; 零上报 the same way.
 */
export function useMediationLog(params: { editId: string; session: VolunteerSession | null; outbox: OutboxView }) {
  const { editId, session } = params
  const editing = useMemo(() => findEditing(editId, session), [editId, session])
  const windowClosed = editing?.editableUntil ? new Date(editing.editableUntil).getTime() <= Date.now() : false

  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing.record) : blankDraft(session)))
  const [errors, setErrors] = useState<Errors>({})
  const [saved, setSaved] = useState<Saved | null>(null)
  const [failure, setFailure] = useState<string | null>(null)

  const change = useCallback(<Key extends keyof Draft>(key: Key, value: Draft[Key]) => {
    setDraft((current) => ({ ...current, [key]: value }))
    setErrors((current) => (current[key] || current.form ? { ...current, [key]: undefined, form: undefined } : current))
  }, [])

  const afterSave = async (id: string, kind: Saved['kind']) => {
    setSaved({ id, kind, state: 'saving', message: null })
    scrollToTop()
    await syncOutbox()
    const entry = mediationOutbox.entry(id)
    setSaved({ id, kind, state: entry ? entry.state : 'uploaded', message: entry?.lastError ?? null })
  }

  /** Puts the record in the outbox; false (and the reason shown) when the phone's storage refused it. */
  const store = (record: Parameters<typeof saveToOutbox>[0]): boolean => {
    if (!session) return false
    try {
      saveToOutbox(record, session)
      return true
    } catch (error) {
      setFailure(error instanceof OutboxStorageError ? error.message : '没有存上，请再试一次。')
      return false
    }
  }

  const save = async () => {
    if (!session || saved?.state === 'saving') return
    const { record, errors: found } = checkDraft(draft, chinaDate({ now: new Date() }))
    setErrors(found)
    if (!record) {
      setFailure(null)
      return
    }
    if (!store({ record, baseVersion: editing?.baseVersion ?? null })) return
    setFailure(null)
    await afterSave(record.id, 'mediation')
  }

  /**
   * 零上报: "no mediation in that month" (this month, or last month when it is reported at the start
   * of the next, as counties collect them), once a month, confirmed first.
   */
  const zeroReport = async (month: string = chinaMonth({ now: new Date() })) => {
    if (!session) return
    const mine = recordedMonths(cachedRecords(session)?.records ?? [], params.outbox.entries)
    if (mine.some((record) => record.kind === 'zero_report' && record.month === month)) {
      const notice = `${formatMonth(month)}已经零上报过，不用再报。`
      // no dialog: the same words on the page
      await tell({ ...MODAL_TEXTS.zeroReportAlreadyDone, content: notice }).catch(() => setFailure(notice))
      return
    }
    const hasMediations = mine.some((record) => record.kind === 'mediation' && record.month === month)
    const town = session.town ?? draft.town
    const village = session.village ?? draft.village
    let confirm: boolean
    try {
      confirm = await ask({
        ...MODAL_TEXTS.zeroReport,
        content: hasMediations ? `您${formatMonth(month)}已经记过调解。确定还要零上报吗？` : `确认${formatMonth(month)}在${town}${village}没有调解纠纷？`,
      })
    } catch (error) {
      // no dialog opened: nothing was reported, and the volunteer is told so (never a silent 取消)
      setFailure(error instanceof DialogError ? error.message : String(error))
      return
    }
    if (!confirm) return
    setFailure(null)
    const id = newRecordId()
    if (!store({ record: { kind: 'zero_report', id, month, town, village } })) return
    await afterSave(id, 'zero_report')
  }

  /** 再记一笔: a blank form on the same day and place. */
  const another = () => {
    setDraft((current) => blankDraft(session, { occurredOn: current.occurredOn, town: current.town, village: current.village }))
    setErrors({})
    setSaved(null)
    if (editId) void Taro.redirectTo({ url: LOG_PAGE })
    scrollToTop()
  }

  return { editing, windowClosed, draft, change, errors, saved, failure, save, zeroReport, another }
}
