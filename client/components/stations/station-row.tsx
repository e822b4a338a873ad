import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { STATION_TIER_LABELS, type Station } from '../../../contracts/station'
import { LOCATION_QUALITY_LABELS } from '../../../contracts/station'
import { STATION_WORDS, stationPagePath } from '../../../contracts/station-text'
import { formatDistance, stationPlace } from '../../services/stations'
import { CallButtons } from './call-buttons'
import { VerificationBadge } from './verification-badge'
import './stations.css'

export function openStation(id: string): void {
  void Taro.navigateTo({ url: stationPagePath(id) })
}

/**
 * One station in a list: tier, name, place, how far its facts can be trusted, distance when known
 * (tap → the station page), and a big 拨打 for each of its numbers below, outside the link.
 */
export function StationRow(props: { station: Station; distanceMeters?: number }) {
  const { station, distanceMeters } = props
  return (
    <View className='station-row' data-testid='station-row' data-station-id={station.id}>
      <View className='station-row-link' role='link' data-testid='station-row-open' onClick={() => openStation(station.id)}>
        <View className='station-row-main'>
          <Text className={`station-tier station-tier-${station.tier}`}>{STATION_TIER_LABELS[station.tier]}</Text>
          <Text className='station-name'>{station.name}</Text>
          <Text className='station-place'>{stationPlace(station)}</Text>
          <VerificationBadge station={station} />
          {station.location === null && <Text className='station-unlocated'>{STATION_WORDS.locationPending}</Text>}
        </View>
        {station.location !== null && distanceMeters !== undefined && (
          <View className='station-row-side'>
            <Text className='station-distance' data-testid='station-distance'>
              {formatDistance(distanceMeters)}
            </Text>
            {station.locationQuality === 'approximate' && <Text className='station-approx'>{LOCATION_QUALITY_LABELS.approximate}</Text>}
          </View>
        )}
        <Text className='station-chevron'>›</Text>
      </View>
      {station.phone && <CallButtons phone={station.phone} testId='station-row-call' />}
    </View>
  )
}

/** Said whenever the served directory is a fallback copy. */
export function StaleNote(props: { stale: boolean }) {
  if (!props.stale) return null
  return (
    <Text className='station-stale' data-testid='stale-note'>
      {STATION_WORDS.stale}
    </Text>
  )
}
