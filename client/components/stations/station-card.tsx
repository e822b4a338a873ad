import { Text, View } from '@tarojs/components'
import { STATION_TIER_LABELS, type Station } from '../../../contracts/station'
import { STATION_WORDS } from '../../../contracts/station-text'
import { openStationMap, stationPlace } from '../../services/stations'
import { CallButtons } from './call-buttons'
import { openStation } from './station-row'
import { VerificationBadge } from './verification-badge'
import './station-card.css'

/**
 * One station as a card the user can act on without opening it: 拨打 each number and 导航 when the
 * directory has them, 电话暂无 / 位置待核实 when it does not (most bundled entries), and 详情 for
 * the station page (hours, services, booking). `heading` says what the station is to the user.
 */
export function StationCard(props: { station: Station; heading: string }) {
  const { station } = props
  return (
    <View className='station-card' data-testid='station-card' data-station-id={station.id} data-tier={station.tier}>
      <Text className='station-card-heading'>{props.heading}</Text>
      <Text className='station-card-name'>{station.name}</Text>
      <Text className='station-place'>
        {STATION_TIER_LABELS[station.tier]} · {stationPlace(station)}
      </Text>
      <VerificationBadge station={station} testId='station-card-verification' />

      <View className='station-card-fact' data-testid='station-card-phone'>
        {station.phone ? <CallButtons phone={station.phone} /> : <Text className='station-card-missing'>{STATION_WORDS.phoneMissing}</Text>}
      </View>
      <View className='station-card-fact' data-testid='station-card-location'>
        {station.location ? (
          <View className='button' role='button' onClick={() => openStationMap(station)}>
            导航{station.locationQuality === 'approximate' ? '（近似位置）' : ''}
          </View>
        ) : (
          <Text className='station-card-missing'>
            {STATION_WORDS.locationPending}
            {station.address ? `：${station.address}` : ''}
          </Text>
        )}
      </View>
      <View className='button button-secondary' role='link' onClick={() => openStation(station.id)}>
        看详情、预约
      </View>
    </View>
  )
}
