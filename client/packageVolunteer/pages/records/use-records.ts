import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { chinaDate } from '../../../../contracts/china-time'
import type { CreateFollowUpRequest } from '../../../../contracts/mediations'
import { failureMessage } from '../../../services/http'
import {
  cachedRecords,
  fetchMyRecords,
  forgetLegacyFollowUpTicks,
  locallyAnsweredPrompts,
  mergeRecords,
  saveFollowUp,
  syncOutbox,
  type VolunteerSession,
} from '../../../services/mediations'
import { OutboxStorageError } from '../../../services/outbox'
import { followUpReminders } from '../../components/follow-ups'
import type { useOutbox } from '../../components/session'

/**
 * 我的调解记录's data: the server's list (fetched on show and pull-down, after an upload), kept on the
 * phone for offline viewing, merged with the outbox; the 回访 due, and recording one.
 */
export function useRecords(session: VolunteerSession | null, outbox: ReturnType<typeof useOutbox>) {
  const [loading, setLoading] = useState(false)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [tick, setTick] = useState(0)
  const [recording, setRecording] = useState<string | null>(null)
  const [followUpFailure, setFollowUpFailure] = useState<string | null>(null)
  useEffect(() => forgetLegacyFollowUpTicks(), [])

  // not useAction: the last failure stays on screen (the offline notice) until a refresh succeeds
  const refresh = useCallback(
    async (params: { sync: boolean } = { sync: true }) => {
      if (!session) return
      setLoading(true)
      if (params.sync) await syncOutbox()
      try {
        await fetchMyRecords()
        setLoadError(null)
      } catch (error) {
        setLoadError(failureMessage(error, '记录没有取到，请稍后再试。'))
      } finally {
        setLoading(false)
        setTick((value) => value + 1)
      }
    },
    [session],
  )

  useDidShow(() => {
    void refresh()
  })
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })

  // an upload that went through (e.g. when the network came back) means the server answers again
  const lastReport = outbox.status.last
  useEffect(() => {
    if (lastReport && !lastReport.stoppedBy && loadError) void refresh({ sync: false })
    // only when a new report arrives
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastReport])

  // the kept list is re-read whenever the outbox changes (an upload puts the server's copy in it)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const cached = useMemo(() => cachedRecords(session), [session, tick, outbox])
  const rows = useMemo(() => mergeRecords({ server: cached?.records ?? [], entries: outbox.entries }), [cached, outbox.entries])

  // recomputed when the China date changes (a visit becomes due at midnight in China)
  const today = chinaDate({ now: new Date() })
  const followUps = useMemo(
    () => followUpReminders({ records: cached?.records ?? [], done: locallyAnsweredPrompts(outbox.followUpEntries) }),
    // `today` is not read inside: it is there so the list is worked out again after midnight
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [cached, outbox.followUpEntries, today],
  )

  /** A 回访 goes to the phone's outbox first (works offline), then up at once when there is a network. */
  const recordFollowUp = (recordId: string, followUp: CreateFollowUpRequest) => {
    if (!session) return
    try {
      saveFollowUp({ recordId, followUp }, session)
    } catch (error) {
      setFollowUpFailure(error instanceof OutboxStorageError ? error.message : '没有存上，请再试一次。')
      return
    }
    setFollowUpFailure(null)
    setRecording(null)
    void syncOutbox()
  }

  return { loading, loadError, refresh, cached, rows, followUps, recordFollowUp, recording, setRecording, followUpFailure }
}
