import { Text, View } from '@tarojs/components'
import type { NearestResponse } from '../../../contracts/station'
import { HotlineButton } from '../hotline-button'
import { formatDistance } from '../../services/stations'
import { StationRow } from './station-row'
import './stations.css'

type OutsideArea = NonNullable<NearestResponse['outsideArea']>

/** `您不在秀山县附近（离秀山县约 1444 公里）。`: the county's name comes from the answer (its registry), never from code. */
export function outsideAreaHeadline(area: OutsideArea): string {
  return `您不在${area.countyShortName}附近（离${area.countyShortName}约 ${formatDistance(area.distanceMeters)}）。`
}

/** What to do from far away: 12348 answers everywhere, and wage claims can be made where the work is. */
export const OUTSIDE_AREA_ADVICE = '在外地遇到法律问题，可以拨打 12348 全国公共法律服务热线，在哪里都能打通。农民工讨要工资，也可以在干活的当地申请法律援助。'

/**
 * The nearest search from far outside the county: say so plainly, offer 12348, and still list the
 * county's stations — without a distance, which would read as "the nearest is 1,444 km away".
 */
export function OutsideAreaResult(props: { result: NearestResponse & { outsideArea: OutsideArea } }) {
  const { outsideArea, stations } = props.result
  return (
    <View className='station-list' data-testid='outside-area'>
      <View className='notice' role='status'>
        <Text className='subtitle' data-testid='outside-area-headline'>
          {outsideAreaHeadline(outsideArea)}
        </Text>
        <Text className='text'>{OUTSIDE_AREA_ADVICE}</Text>
      </View>
      <HotlineButton />
      {stations.length > 0 && (
        <Text className='muted stations-gap'>{`${outsideArea.countyShortName}的服务站（回到${outsideArea.countyShortName}时可以去）：`}</Text>
      )}
      {stations.map((entry) => (
        <StationRow key={entry.station.id} station={entry.station} />
      ))}
    </View>
  )
}
