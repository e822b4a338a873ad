import { Text, View } from '@tarojs/components'
import { useCallback, useMemo } from 'react'
import type { Station } from '../../../../../contracts/station'
import { LoadNotice } from '../../../../components/load-notice'
import { useRemote } from '../../../../hooks/use-remote'
import { fetchStations } from '../../../../services/stations'

/** 选服务站 when the page was opened without one: every station of the directory, by township. */
export function StationStep(props: { onChoose: (station: Station) => void }) {
  const load = useCallback(() => fetchStations(), [])
  const { data, error, loading, reload } = useRemote(load)
  const groups = useMemo(() => {
    const map = new Map<string, Station[]>()
    for (const station of data?.stations ?? []) {
      const key = station.town ?? `${station.county}（县城）`
      map.set(key, [...(map.get(key) ?? []), station])
    }
    // the county centres first, then the townships in the directory's order
    return [...map.entries()].sort(([, a], [, b]) => Number(b[0].tier === 'centre') - Number(a[0].tier === 'centre'))
  }, [data])
  return (
    <>
      <Text className='text book-intro'>选您要去的服务站。咨询免费。</Text>
      <View data-testid='station-chooser'>
        <LoadNotice loading={loading && !data} error={error} onRetry={() => void reload()} />
        {groups.map(([town, stations]) => (
          <View className='card' key={town}>
            <Text className='subtitle'>{town}</Text>
            {stations.map((station) => (
              <View key={station.id} className='list-item' role='button' data-testid='station-choice' onClick={() => props.onChoose(station)}>
                <Text className='text link'>{station.name}</Text>
                {station.village && <Text className='muted'>{station.village}</Text>}
              </View>
            ))}
          </View>
        ))}
      </View>
    </>
  )
}
