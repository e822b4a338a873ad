import { Text, View } from '@tarojs/components'
import type { TownListResponse, TownVillage } from '../../../contracts/stations-api'
import './stations.css'

export type TownEntry = TownListResponse['counties'][number]['towns'][number]
export interface TownChoice {
  county: string
  town: TownEntry
}

/** 按乡镇查找: every township of the county as a big button (no Picker wheel: easy to read and tap). */
export function TownGrid(props: { counties: TownListResponse['counties']; selected: TownChoice | null; onSelect: (choice: TownChoice) => void }) {
  const showCounty = props.counties.length > 1
  return (
    <View data-testid='town-grid'>
      {props.counties.map((county) => (
        <View key={county.county}>
          {showCounty && <Text className='county-name'>{county.county}</Text>}
          <View className='town-grid'>
            {county.towns.map((town) => {
              const selected = props.selected?.county === county.county && props.selected.town.name === town.name
              return (
                <View
                  key={town.name}
                  className={`town-button${selected ? ' town-button-selected' : ''}`}
                  role='button'
                  data-testid='town-button'
                  onClick={() => props.onSelect({ county: county.county, town })}
                >
                  <Text className='town-name'>{town.name}</Text>
                  <Text className='town-count'>
                    {town.villages.length > 0 ? `${town.villages.length} 个村（社区）` : town.stationCount > 0 ? `${town.stationCount} 个服务点` : '暂无名录'}
                  </Text>
                </View>
              )
            })}
          </View>
        </View>
      ))}
    </View>
  )
}

/** The second step: the township's villages and communities as big buttons, one tap each. */
export function VillageGrid(props: { villages: TownVillage[]; onSelect: (village: TownVillage) => void }) {
  return (
    <View className='town-grid' data-testid='village-grid'>
      {props.villages.map((village) => (
        <View key={village.code ?? village.name} className='town-button' role='button' data-testid='village-button' onClick={() => props.onSelect(village)}>
          <Text className='town-name'>{village.name}</Text>
        </View>
      ))}
    </View>
  )
}
