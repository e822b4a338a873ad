import { useCallback, useEffect, useRef, useState } from 'react'
import { addDays } from '../../../../contracts/china-time'
import { failureMessage, RequestError } from '../../../services/http'
import { fetchStaffBookings, type StaffBooking, type StaffBookingsResponse } from '../../../services/staff'

/** The week view: today and the next 6 days (China dates, by the BFF's clock). */
export const WEEK_DAYS = 7

/** What the staff page lists: the week from today, or one day picked with the date picker. */
export type StaffView = { kind: 'week' } | { kind: 'day'; date: string }

export interface StaffDaySection {
  date: string
  /** booked, confirmed, done, no-show: the rows staff work with, soonest first */
  active: StaffBooking[]
  cancelled: StaffBooking[]
}

/** The answer's days in order, each with its bookings (slots are written in +08:00, so the date is the first 10 characters). */
export function daySections(answer: Pick<StaffBookingsResponse, 'from' | 'days' | 'bookings'>): StaffDaySection[] {
  return Array.from({ length: answer.days }, (_, index) => {
    const date = addDays({ date: answer.from, days: index })
    const ofDay = answer.bookings.filter((booking) => booking.slotStart.slice(0, 10) === date)
    return { date, active: ofDay.filter((booking) => booking.status !== 'cancelled'), cancelled: ofDay.filter((booking) => booking.status === 'cancelled') }
  })
}

/** The time, refreshed every half minute, so 已办结 appears when a slot starts while the page stays open. */
export function useClock(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}

/**
 * The staff page's list: loads the view (the week, or a picked day), keeps the last good answer
 * while reloading, drops answers to a view that is no longer shown, and puts a changed booking in
 * place. A 401 signs the page out.
 */
export function useStaffBookings(onSignedOut: () => void) {
  const [view, setView] = useState<StaffView>({ kind: 'week' })
  const [answer, setAnswer] = useState<StaffBookingsResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const latest = useRef(0)

  // not useAction: the newest request wins (a view changed while loading), where useAction would drop it
  const reload = useCallback(async () => {
    const request = (latest.current += 1)
    setLoading(true)
    try {
      const loaded = await fetchStaffBookings(view.kind === 'week' ? { days: WEEK_DAYS } : { from: view.date, days: 1 })
      if (request !== latest.current) return
      setAnswer(loaded)
      setError(null)
    } catch (failure) {
      if (request !== latest.current) return
      if (failure instanceof RequestError && failure.status === 401) onSignedOut()
      else setError(failureMessage(failure, '没有取到预约，请再试一次。'))
    } finally {
      if (request === latest.current) setLoading(false)
    }
  }, [view, onSignedOut])

  useEffect(() => {
    void reload()
  }, [reload])

  const replace = useCallback((updated: StaffBooking) => {
    setAnswer((current) => current && { ...current, bookings: current.bookings.map((entry) => (entry.id === updated.id ? updated : entry)) })
  }, [])

  /** Several changed bookings at once (a cancel of a phone's or a network's bookings); those of other days are not in the list. */
  const replaceAll = useCallback((updated: readonly StaffBooking[]) => {
    const byId = new Map(updated.map((entry) => [entry.id, entry]))
    setAnswer((current) => current && { ...current, bookings: current.bookings.map((entry) => byId.get(entry.id) ?? entry) })
  }, [])

  return { view, setView, answer, error, loading, reload, replace, replaceAll }
}
