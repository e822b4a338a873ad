import { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { HomeResponse } from '../../../contracts/home'
import { useRemote } from '../../hooks/use-remote'
import { restoreTakeoverScroll, takeDocumentTakeover } from '../../services/document-takeover'
import { whenFirstScreenReleased } from '../../services/first-screen'
import { homeInputs, homeInputsKey, homeNeedsReload, loadHome, onHomeInputsChange, savedHomeCopy } from '../../services/home'

/**
 * 首页's answer from the BFF, asked again only when it is worth it (a tab page stays alive), and
 * the takeover from 首页's document when the app loaded for one of its buttons.
 */
export function useHomeAnswer() {
  // 首页's document (server/h5/home-document.ts) loaded the app for 用我的位置查找: the card carries
  // it out, and the page keeps the card where it was on screen
  const [takeover] = useState(takeDocumentTakeover)
  useEffect(() => {
    if (takeover) whenFirstScreenReleased(() => restoreTakeoverScroll(takeover, document))
  }, [takeover])
  // what the last request was made for, and when: 首页 is a tab page that stays alive, so it asks
  // again when shown only if the device's bookings or sign-in changed, or the answer is old
  const asked = useRef<{ key: string; at: number } | null>(null)
  const load = useCallback(() => {
    const inputs = homeInputs()
    asked.current = { key: homeInputsKey(inputs), at: Date.now() }
    // a partial answer (the server's database away) keeps what is on screen of the parts it lacks
    return loadHome({ inputs, shown: shownHome.current })
  }, [])
  const shownHome = useRef<HomeResponse | null>(null)
  const { data, error, loading, reload } = useRemote(load)
  const latest = useRef({ data, error, loading })
  latest.current = { data, error, loading }
  // a saved copy carries no personal part: only a fresh answer's is kept
  shownHome.current = data && !data.savedCopy ? data.home : shownHome.current
  const refreshIfChanged = useCallback(() => {
    const { data: shown, error: failed, loading: busy } = latest.current
    // a request under way (also the first one, before the first show) is left to finish
    if (busy) return
    // a failed or offline answer is tried again on the next show
    const retry = failed !== null || shown?.savedCopy != null || shown?.home.personal === 'unavailable' || shown?.home.reports === 'unavailable'
    const changed = homeNeedsReload({
      askedKey: asked.current?.key ?? null,
      askedAt: asked.current?.at ?? null,
      currentKey: homeInputsKey(homeInputs()),
      now: Date.now(),
    })
    if (retry || changed) void reload()
  }, [reload])
  useDidShow(refreshIfChanged)
  // a booking cancelled, a sign-in ended or a 回访 kept while 首页 waits behind another page
  useEffect(() => onHomeInputsChange(refreshIfChanged), [refreshIfChanged])
  // the county's name from the last answer paints at once; a first visit says the service alone
  const [savedCounty] = useState(() => savedHomeCopy()?.county ?? null)
  return { takeover, data, error, loading, reload, savedCounty }
}
