import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { Station } from '../../../../contracts/station'
import { useAction } from '../../../hooks/use-action'
import { fetchStations, stationPlace } from '../../../services/stations'
import { TextField } from '../../components/fields'
import { VerificationBadge } from '../../components/station-form-facts'

/** Any station of the county, found by name, township or village. */
export function StationSearch(props: { county: string | null; onEdit: (stationId: string) => void }) {
  const [query, setQuery] = useState('')
  const [found, setFound] = useState<Station[] | null>(null)
  const search = useAction(async (q: string) => {
    const { stations } = await fetchStations({ q })
    setFound(stations.filter((station) => props.county === null || station.county === props.county).slice(0, 20))
  }, '没有查到，请再试一次。')
  const { busy } = search
  const start = () => {
    if (busy) return
    if (query.trim()) void search.run(query.trim())
    else search.setError('请填写服务站名称、乡镇或村的名字')
  }
  return (
    <View className='card' data-testid='station-search'>
      <Text className='subtitle'>修改任一服务站</Text>
      <TextField
        label='服务站名称、乡镇或村'
        value={query}
        onInput={setQuery}
        maxlength={50}
        placeholder='如 隘口镇'
        error={search.error}
        testId='station-search-input'
      />
      <View className={`button button-secondary${busy ? ' button-disabled' : ''}`} role='button' data-testid='station-search-button' onClick={start}>
        {busy ? '正在查找…' : '查找'}
      </View>
      {found && found.length === 0 && <Text className='muted keeping-gap'>没有找到，换个字试试。</Text>}
      {found?.map((station) => (
        <View key={station.id} className='list-item' role='button' data-testid='station-search-result' onClick={() => props.onEdit(station.id)}>
          <Text className='text link'>{station.name}</Text>
          <Text className='muted'>{stationPlace(station)}</Text>
          {station.verification && <VerificationBadge verification={station.verification} testId='station-search-badge' />}
        </View>
      ))}
    </View>
  )
}
