import Taro from '@tarojs/taro'
import { useCallback, useReducer, useRef, useState } from 'react'
import type { NearestResponse } from '../../../contracts/station'
import type { TownVillage } from '../../../contracts/stations-api'
import type { TownChoice } from '../../components/stations/town-picker'
import { failureMessage } from '../../services/http'
import { fetchNearest, getPosition, loadTownStations, openLocationSetting } from '../../services/stations'
import { initialTownChoice, townChoiceReducer } from './town-choice'

const NEAREST_LIMIT = 10

export type NearState =
  | { phase: 'idle' }
  | { phase: 'busy'; step: string }
  | { phase: 'done'; result: NearestResponse }
  | { phase: 'no-position'; message: string; canOpenSetting: boolean }
  | { phase: 'failed'; message: string }

export function scrollTo(selector: string): void {
  // wait a frame so the section being shown has its final position
  setTimeout(() => {
    void Taro.pageScrollTo({ selector, duration: 300 }).catch(() => undefined)
  }, 50)
}

/** 离我最近的服务站: the position asked for once (never stored), then the nearest stations; without a position the picker below takes the focus. */
export function useNearest(focusPicker: (focus: boolean) => void) {
  const [near, setNear] = useState<NearState>({ phase: 'idle' })

  const findNearest = async () => {
    if (near.phase === 'busy') return
    focusPicker(false)
    setNear({ phase: 'busy', step: '正在取您的位置…' })
    // the position lives only in this function: it is sent once and never stored
    const position = await getPosition()
    if (position.status !== 'ok') {
      setNear({ phase: 'no-position', message: position.message, canOpenSetting: position.canOpenSetting === true })
      focusPicker(true)
      scrollTo('#town-picker')
      return
    }
    setNear({ phase: 'busy', step: '正在查找附近的服务站…' })
    try {
      setNear({ phase: 'done', result: await fetchNearest({ lat: position.lat, lng: position.lng, datum: position.datum, limit: NEAREST_LIMIT }) })
    } catch (failure) {
      setNear({ phase: 'failed', message: failureMessage(failure, '查找没有成功，请再试一次。') })
    }
  }

  // after an earlier 拒绝, WeChat asks no more: 设置 is the way back, and it must come from a tap
  const allowLocation = async () => {
    if (await openLocationSetting()) await findNearest()
  }

  return { near, findNearest, allowLocation }
}

/** 按乡镇、村查找: the picks (./town-choice) and the township's list, loaded per pick. */
export function useTownChoice(focusPicker: (focus: boolean) => void) {
  const [state, dispatch] = useReducer(townChoiceReducer, initialTownChoice)
  // answers to an older tap must not overwrite a newer choice
  const townRequest = useRef(0)

  const loadTown = useCallback(async (next: TownChoice) => {
    const request = ++townRequest.current
    dispatch({ type: 'loading', request })
    try {
      const answer = await loadTownStations({ county: next.county, town: next.town.name })
      dispatch({ type: 'loaded', request, data: answer.data, savedCopy: answer.savedCopy })
    } catch (failure) {
      dispatch({ type: 'load-failed', request, message: failureMessage(failure, '没有查到这个乡镇的服务站，请再试一次。') })
    }
  }, [])

  const pickTown = (next: TownChoice) => {
    dispatch({ type: 'town-picked', choice: next })
    focusPicker(false)
    void loadTown(next)
    scrollTo('#town-picker')
  }

  const changeTown = () => dispatch({ type: 'town-cleared', request: ++townRequest.current })

  const pickVillage = (next: TownVillage | null) => {
    dispatch({ type: 'village-picked', village: next })
    if (next) scrollTo('#town-picker')
  }

  return { ...state, loadTown, pickTown, changeTown, pickVillage }
}
