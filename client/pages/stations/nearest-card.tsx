import { Text, View } from '@tarojs/components'
import { OutsideAreaResult } from '../../components/stations/outside-area'
import { StaleNote, StationRow } from '../../components/stations/station-row'
import type { NearState } from './use-stations-finder'

/** 离我最近的服务站: the button and what the search found. */
export function NearestCard(props: { near: NearState; onFind: () => void }) {
  const { near } = props
  return (
    <View className='card' data-testid='nearest-card'>
      <Text className='subtitle'>离我最近的服务站</Text>
      <Text className='muted'>位置只用来查这一次，不会保存。不想给位置，可以直接在下面按乡镇、村查找。</Text>
      <View className='button' role='button' data-testid='locate-button' onClick={props.onFind}>
        {near.phase === 'busy' ? near.step : near.phase === 'done' ? '重新用我的位置查找' : '用我的位置查找'}
      </View>
      {near.phase === 'failed' && (
        <View className='notice notice-error stations-gap' role='alert'>
          <Text>{near.message}</Text>
        </View>
      )}
      {near.phase === 'done' && near.result.outsideArea && (
        <View className='stations-gap'>
          <OutsideAreaResult result={{ ...near.result, outsideArea: near.result.outsideArea }} />
        </View>
      )}
      {near.phase === 'done' && !near.result.outsideArea && (
        <View className='station-list stations-gap' data-testid='nearest-list'>
          <StaleNote stale={near.result.stale} />
          {near.result.stations.map((entry) => (
            <StationRow key={entry.station.id} station={entry.station} distanceMeters={entry.distanceMeters} />
          ))}
          {near.result.stations.length === 0 && <Text className='text'>名录里还没有标出位置的服务站。</Text>}
          {near.result.withoutLocation > 0 && (
            <Text className='station-note' data-testid='without-location'>
              另有 {near.result.withoutLocation} 个服务站还没有位置信息，没法按距离排。要找您村里的工作室，请在下面按乡镇、村查找。
            </Text>
          )}
        </View>
      )}
    </View>
  )
}
