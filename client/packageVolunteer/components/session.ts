import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { pageUrl } from '../../../contracts/app-pages'
import {
  currentSyncStatus,
  followUpOutbox,
  mediationOutbox,
  onSyncChange,
  ownerOf,
  startAutoSync,
  volunteerSession,
  type FollowUpEntry,
  type MediationEntry,
  type SyncStatus,
  type VolunteerSession,
} from '../../services/mediations'

export const LOGIN_PAGE = pageUrl('packageVolunteer/pages/login/index')
export const LOG_PAGE = pageUrl('packageVolunteer/pages/log/index')
export const RECORDS_PAGE = pageUrl('packageVolunteer/pages/records/index')
export const STATS_PAGE = pageUrl('packageVolunteer/pages/stats/index')

export function loginUrl(next: string): string {
  return pageUrl('packageVolunteer/pages/login/index', { next })
}

/**
 * The signed-in volunteer, for a page only they may see: without a sign-in the page is replaced
 * by the sign-in page (which comes back here afterwards). Starts the automatic sync.
 */
export function useVolunteerGate(pagePath: string): VolunteerSession | null {
  const [session] = useState(() => volunteerSession())
  useEffect(() => {
    if (!session) {
      void Taro.redirectTo({ url: loginUrl(pagePath) }).catch(() => undefined)
      return
    }
    startAutoSync()
  }, [session, pagePath])
  return session
}

export interface OutboxView {
  status: SyncStatus
  /** records and 回访 together (待上传 N 条 counts both) */
  counts: { pending: number; conflict: number; rejected: number; otherOwners: number }
  /** this volunteer's records waiting, in the order they were queued */
  entries: MediationEntry[]
  /** this volunteer's 回访 waiting (or refused) */
  followUpEntries: FollowUpEntry[]
  /** still signed in (a 401 during a sync ends the sign-in) */
  signedIn: boolean
}

function readOutbox(session: VolunteerSession | null): OutboxView {
  const owner = session ? ownerOf(session) : undefined
  const records = mediationOutbox.counts(owner)
  const followUps = followUpOutbox.counts(owner)
  return {
    status: currentSyncStatus(),
    counts: {
      pending: records.pending + followUps.pending,
      conflict: records.conflict + followUps.conflict,
      rejected: records.rejected + followUps.rejected,
      otherOwners: records.otherOwners + followUps.otherOwners,
    },
    entries: mediationOutbox.entries().filter((entry) => owner === undefined || entry.owner === owner),
    followUpEntries: followUpOutbox.entries().filter((entry) => owner === undefined || entry.owner === owner),
    signedIn: volunteerSession() !== null,
  }
}

/** What waits in the outbox and whether a sync is running, kept current. */
export function useOutbox(session: VolunteerSession | null): OutboxView {
  const [view, setView] = useState(() => readOutbox(session))
  useEffect(() => {
    setView(readOutbox(session))
    return onSyncChange(() => setView(readOutbox(session)))
  }, [session])
  return view
}
