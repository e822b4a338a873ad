import type { Station } from '../../../contracts/station'
import type { TownChoice } from '../../../client/components/stations/town-picker'
import { initialTownChoice, townChoiceReducer, townListing, type TownChoiceState } from '../../../client/pages/stations/town-choice'

function station(id: string, tier: Station['tier'], village: string | null = null): Station {
  return { id, tier, village } as Station
}

const AIKOU: TownChoice = {
  county: '花垣县',
  town: {
    name: '隘口镇',
    villages: ['示例村', '新寨村'],
    villageDetails: [
      { name: '示例村', code: null, stationId: 'room-1' },
      { name: '新寨村', code: null, stationId: null },
    ],
    stationCount: 3,
  },
}
const LISTED = {
  stations: [station('ws-1', 'workstation'), station('room-2', 'workroom', '示例村'), station('room-1', 'workroom')],
  centres: [station('centre', 'centre')],
  stale: false,
}

function picked(): TownChoiceState {
  let state = townChoiceReducer(initialTownChoice, { type: 'town-picked', choice: AIKOU })
  state = townChoiceReducer(state, { type: 'loading', request: 1 })
  return townChoiceReducer(state, { type: 'loaded', request: 1, data: LISTED, savedCopy: null })
}

describe('the stations page: picking a township and a village', () => {
  it('when a township is picked and its list arrives, holds the list', () => {
    const state = picked()
    expect(state.choice).toBe(AIKOU)
    expect(state.load).toEqual({ phase: 'done', data: LISTED, savedCopy: null })
  })

  it('when the answer is to an older request, keeps what the newer one shows', () => {
    const state = townChoiceReducer(picked(), { type: 'loading', request: 2 })
    expect(townChoiceReducer(state, { type: 'loaded', request: 1, data: LISTED, savedCopy: null }).load).toEqual({ phase: 'loading' })
    expect(townChoiceReducer(state, { type: 'load-failed', request: 1, message: '没有查到' }).load).toEqual({ phase: 'loading' })
    expect(townChoiceReducer(state, { type: 'load-failed', request: 2, message: '没有查到' }).load).toEqual({ phase: 'failed', message: '没有查到' })
  })

  it('when 换一个乡镇 is tapped, forgets the township, the village and any answer still on its way', () => {
    const cleared = townChoiceReducer(townChoiceReducer(picked(), { type: 'village-picked', village: AIKOU.town.villageDetails[0] }), {
      type: 'town-cleared',
      request: 2,
    })
    expect(cleared).toEqual({ choice: null, village: null, load: { phase: 'idle' }, request: 2 })
    expect(townChoiceReducer(cleared, { type: 'loaded', request: 1, data: LISTED, savedCopy: null })).toBe(cleared)
  })

  it('when the township has villages, lists its workstation without the workrooms, and a village shows its own workroom first', () => {
    const state = picked()
    expect(townListing(state).townStations.map((entry) => entry.id)).toEqual(['ws-1'])
    const village = townListing({ ...state, village: AIKOU.town.villageDetails[0] })
    expect(village.villageWorkrooms.map((entry) => entry.id)).toEqual(['room-1', 'room-2'])
    expect(village.villageCards.map((entry) => entry.id)).toEqual(['room-1', 'room-2', 'ws-1', 'centre'])
  })
})
