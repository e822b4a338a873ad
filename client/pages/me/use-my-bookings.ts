import { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { deviceBookings, fetchBooking, forgetBooking } from '../../services/bookings'
import { failureMessage, RequestError } from '../../services/http'
import { sortMyBookings, type MyBookingEntry } from './my-bookings-state'

/** Each look-up counts against the BFF's per-IP limit: only the latest few are checked. */
const LOOKED_UP_AT_MOST = 10

/** The bookings whose codes this phone holds, each looked up with its stored last 4 digits; again whenever the tab is shown. */
export function useMyBookings() {
  const [entries, setEntries] = useState<MyBookingEntry[] | null>(null)
  const [loading, setLoading] = useState(false)
  const generation = useRef(0)

  const load = useCallback(async () => {
    const stored = deviceBookings().slice(0, LOOKED_UP_AT_MOST)
    const mine = ++generation.current
    if (stored.length === 0) {
      setEntries([])
      return
    }
    setLoading(true)
    const looked = await Promise.all(
      stored.map(async (entry): Promise<MyBookingEntry> => {
        try {
          return { stored: entry, booking: await fetchBooking({ code: entry.code, phoneLast4: entry.phoneLast4 }), error: null, gone: false }
        } catch (failure) {
          const gone = failure instanceof RequestError && failure.status === 404
          return { stored: entry, booking: null, error: failureMessage(failure, '没有查到，请稍后再试。'), gone }
        }
      }),
    )
    if (mine !== generation.current) return
    setEntries(sortMyBookings(looked))
    setLoading(false)
  }, [])

  useEffect(() => {
    void load()
  }, [load])
  // a tab page stays mounted: coming back after booking or cancelling shows the change (the
  // first show is the mount, loaded above)
  const shownBefore = useRef(false)
  useDidShow(() => {
    if (shownBefore.current) void load()
    shownBefore.current = true
  })

  const forget = (code: string) => {
    forgetBooking(code)
    setEntries((current) => current?.filter((entry) => entry.stored.code !== code) ?? null)
  }

  return { entries, loading, load, forget }
}
