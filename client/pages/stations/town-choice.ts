import type { TownVillage } from '../../../contracts/stations-api'
import type { TownChoice } from '../../components/stations/town-picker'
import type { SavedCopy } from '../../services/saved-copy'
import type { TownStations } from '../../services/stations'

/** 按乡镇、村查找: which township and village are picked and the township's list as loaded. Pure, so it is tested without rendering. */

export type TownLoad =
  { phase: 'idle' } | { phase: 'loading' } | { phase: 'done'; data: TownStations; savedCopy: SavedCopy | null } | { phase: 'failed'; message: string }

export interface TownChoiceState {
  choice: TownChoice | null
  village: TownVillage | null
  load: TownLoad
  /** the request whose answer counts: each pick and 换一个乡镇 makes a new one, and an answer to an older one is dropped */
  request: number
}

export type TownChoiceEvent =
  | { type: 'town-picked'; choice: TownChoice }
  | { type: 'town-cleared'; request: number }
  | { type: 'village-picked'; village: TownVillage | null }
  | { type: 'loading'; request: number }
  | { type: 'loaded'; request: number; data: TownStations; savedCopy: SavedCopy | null }
  | { type: 'load-failed'; request: number; message: string }

export const initialTownChoice: TownChoiceState = { choice: null, village: null, load: { phase: 'idle' }, request: 0 }

export function townChoiceReducer(state: TownChoiceState, event: TownChoiceEvent): TownChoiceState {
  switch (event.type) {
    case 'town-picked':
      return { ...state, choice: event.choice, village: null }
    case 'town-cleared':
      return { choice: null, village: null, load: { phase: 'idle' }, request: event.request }
    case 'village-picked':
      return { ...state, village: event.village }
    case 'loading':
      return { ...state, request: event.request, load: { phase: 'loading' } }
    case 'loaded':
      return event.request === state.request ? { ...state, load: { phase: 'done', data: event.data, savedCopy: event.savedCopy } } : state
    case 'load-failed':
      return event.request === state.request ? { ...state, load: { phase: 'failed', message: event.message } } : state
  }
}

/** What the township and village panels list, from what was picked and loaded. */
export function townListing(state: Pick<TownChoiceState, 'choice' | 'village' | 'load'>) {
  const { choice, village, load } = state
  const villages = choice?.town.villageDetails ?? []
  const townData = load.phase === 'done' ? load.data : null
  // with villages to pick from, the township's list is its workstation(s); the village's workroom comes with the village
  const townStations = townData?.stations.filter((station) => villages.length === 0 || station.tier !== 'workroom') ?? []
  // the one the directory names for the village first (a county's own entry before the bundled stand-in)
  const villageWorkrooms =
    village && townData
      ? townData.stations
          .filter((station) => station.tier === 'workroom' && (station.id === village.stationId || station.village === village.name))
          .sort((a, b) => Number(b.id === village.stationId) - Number(a.id === village.stationId))
      : []
  const villageCards = village && townData ? [...villageWorkrooms, ...townStations, ...townData.centres] : []
  return { villages, townData, townStations, villageWorkrooms, villageCards }
}
