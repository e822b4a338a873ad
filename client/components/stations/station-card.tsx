import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { STATION_TIER_LABELS, STATION_VERIFICATION_LABELS, stationVerification, type Station } from '../../../contracts/station'
import { openStationMap, stationPlace } from '../../services/stations'
import { openStation } from './station-row'
import './station-card.css'

/** A station may list several numbers (`0851-1234567、12348`): each gets its own 拨打. */
export function phoneNumbers(phone: string): string[] {
  return phone
    .split(/[、;；,，/]/u)
    .map((part) => part.trim())
    .filter((part) => /\d{3}/.test(part))
}

function dial(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber }).catch(() => {
    // the user cancelled the dialer
  })
}

/**
 * One station as a card the user can act on without opening it: 拨打 each number and 导航 when the
 * directory has them, 电话暂无 / 位置待核实 when it does not (most bundled entries), and 详情 for
 * the station page (hours, services, booking). `heading` says what the station is to the user.
 */
export function StationCard(props: { station: Station; heading: string }) {
  const { station } = props
  const verification = stationVerification(station)
  return (
    <View className='station-card' data-testid='station-card' data-station-id={station.id} data-tier={station.tier}>
      <Text className='station-card-heading'>{props.heading}</Text>
      <Text className='station-card-name'>{station.name}</Text>
      <Text className='station-place'>
        {STATION_TIER_LABELS[station.tier]} · {stationPlace(station)}
      </Text>
      <Text className={`station-card-verification station-card-${verification}`} data-testid='station-card-verification'>
        {STATION_VERIFICATION_LABELS[verification]}
        {verification === 'verified' && station.verifiedAt ? `（${station.verifiedAt}）` : ''}
      </Text>

      <View className='station-card-fact' data-testid='station-card-phone'>
        {station.phone ? (
          phoneNumbers(station.phone).map((number) => (
            <View key={number} className='button' role='button' onClick={() => dial(number)}>
              拨打 {number}
            </View>
          ))
        ) : (
          <Text className='station-card-missing'>电话暂无</Text>
        )}
      </View>
      <View className='station-card-fact' data-testid='station-card-location'>
        {station.location ? (
          <View className='button' role='button' onClick={() => openStationMap(station)}>
            导航{station.locationQuality === 'approximate' ? '（近似位置）' : ''}
          </View>
        ) : (
          <Text className='station-card-missing'>位置待核实{station.address ? `：${station.address}` : ''}</Text>
        )}
      </View>
      <View className='button button-secondary' role='link' onClick={() => openStation(station.id)}>
        看详情、预约
      </View>
    </View>
  )
}
