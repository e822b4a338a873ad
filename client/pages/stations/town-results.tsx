import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { LoadNotice } from '../../components/load-notice'
import { StationCard } from '../../components/stations/station-card'
import { StaleNote, StationRow } from '../../components/stations/station-row'
import { VillageGrid } from '../../components/stations/town-picker'
import { townListing, type TownChoiceState } from './town-choice'
import type { useTownChoice } from './use-stations-finder'

type Picks = ReturnType<typeof useTownChoice>

function TownLoadNotice(props: { picks: Picks }) {
  const { load, choice } = props.picks
  if (load.phase === 'loading') return <LoadNotice loading error={null} onRetry={() => undefined} />
  if (load.phase === 'failed' && choice) return <LoadNotice loading={false} error={load.message} onRetry={() => void props.picks.loadTown(choice)} />
  return null
}

/** What was picked, large, with what it belongs to above it (and a way to change it). */
function PickedPlace(props: { above: string; name: string; children?: ReactNode }) {
  return (
    <View className='picked-town'>
      <View className='picked-town-text'>
        <Text className='muted'>{props.above}</Text>
        <Text className='picked-town-name'>{props.name}</Text>
      </View>
      {props.children}
    </View>
  )
}

/** A township picked: its villages to pick from, and its stations and the county's centres. */
export function TownResults(props: { picks: Picks & { choice: NonNullable<TownChoiceState['choice']> } }) {
  const { picks } = props
  const { villages, townData, townStations } = townListing(picks)
  return (
    <View data-testid='town-results'>
      <PickedPlace above='已选乡镇' name={picks.choice.town.name}>
        <View className='button button-secondary picked-town-change' role='button' onClick={picks.changeTown}>
          换一个乡镇
        </View>
      </PickedPlace>

      {villages.length > 0 && (
        <View className='stations-gap'>
          <Text className='muted'>点您所在的村（社区），看它的工作室：</Text>
          <VillageGrid villages={villages} onSelect={picks.pickVillage} />
        </View>
      )}

      <TownLoadNotice picks={picks} />
      {townData && (
        <View className='station-list stations-gap' data-testid='town-station-list'>
          <StaleNote stale={townData.stale} />
          {villages.length > 0 && <Text className='muted'>不知道是哪个村，也可以找乡镇的工作站或县里的中心：</Text>}
          {townStations.map((station) => (
            <StationRow key={station.id} station={station} />
          ))}
          {townStations.length === 0 && <Text className='text'>名录里还没有这个乡镇的服务站，可以去县里的服务中心，或拨打 12348。</Text>}
          {townData.centres.length > 0 && (
            <>
              <Text className='muted stations-gap'>全县都可以去：</Text>
              {townData.centres.map((station) => (
                <StationRow key={station.id} station={station} />
              ))}
            </>
          )}
        </View>
      )}
    </View>
  )
}

const HEADINGS = { workroom: '本村（社区）的工作室', workstation: '乡镇（街道）的工作站', centre: '县里的公共法律服务中心' } as const

/** A village picked: its workroom first, then the township's stations and the county's centres, as cards. */
export function VillageResults(props: { picks: Picks & { choice: NonNullable<TownChoiceState['choice']>; village: NonNullable<TownChoiceState['village']> } }) {
  const { picks } = props
  const { townData, villageWorkrooms, villageCards } = townListing(picks)
  return (
    <View data-testid='village-results'>
      <PickedPlace above={picks.choice.town.name} name={picks.village.name} />
      <View className='button-row'>
        <View className='button button-secondary' role='button' data-testid='change-village' onClick={() => picks.pickVillage(null)}>
          换一个村
        </View>
        <View className='button button-secondary' role='button' onClick={picks.changeTown}>
          换一个乡镇
        </View>
      </View>

      <TownLoadNotice picks={picks} />
      {townData && (
        <View className='stations-gap' data-testid='village-station-cards'>
          <StaleNote stale={townData.stale} />
          {villageWorkrooms.length === 0 && <Text className='text'>名录里还没有{picks.village.name}的工作室，可以找下面的乡镇工作站或县里的中心。</Text>}
          {villageCards.map((station) => (
            <StationCard key={station.id} station={station} heading={HEADINGS[station.tier as keyof typeof HEADINGS] ?? HEADINGS.centre} />
          ))}
          {villageCards.some((station) => station.phone === null) && (
            <Text className='station-note stations-gap' data-testid='village-hotline'>
              电话暂无的，可以先拨打下面的 12348 全国公共法律服务热线问清楚。
            </Text>
          )}
        </View>
      )}
    </View>
  )
}
