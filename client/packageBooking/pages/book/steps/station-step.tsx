import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { NearestResponse, Station } from '../../../../../contracts/station'
import { LoadNotice } from '../../../../components/load-notice'
import { useRemote } from '../../../../hooks/use-remote'
import { choosableStations, locationAlreadyAllowed, type ChoosableStation } from '../../../../services/booking-stations'
import { failureMessage } from '../../../../services/http'
import { NEAREST_LIMIT_MAX } from '../../../../../contracts/station'
import { fetchNearest, fetchStations, formatDistance, getPosition, stationPlace } from '../../../../services/stations'
import { TextField } from '../../../components/fields'

/** More than this many matches: the user is asked to type a little more rather than scroll. */
const SHOWN_AT_MOST = 40

type Nearness = { phase: 'idle' } | { phase: 'busy' } | { phase: 'done'; result: NearestResponse } | { phase: 'failed'; message: string }

function Choice(props: { entry: ChoosableStation; onChoose: (station: Station) => void; testId?: string }) {
  const { station, distanceMeters } = props.entry
  return (
    <View
      className='list-item station-choice'
      role='button'
      data-testid={props.testId ?? 'station-choice'}
      data-station-id={station.id}
      onClick={() => props.onChoose(station)}
    >
      <Text className='text link'>{station.name}</Text>
      <Text className='muted'>
        {[stationPlace(station), distanceMeters === undefined || station.location === null ? null : `约 ${formatDistance(distanceMeters)}`]
          .filter(Boolean)
          .join(' · ')}
      </Text>
    </View>
  )
}

/** The stations by township (the county centres first, then the townships in the directory's order). */
export function townGroups(shown: ChoosableStation[]): [string, ChoosableStation[]][] {
  const map = new Map<string, ChoosableStation[]>()
  for (const entry of shown) {
    const key = entry.station.town ?? `${entry.station.county}（县城）`
    map.set(key, [...(map.get(key) ?? []), entry])
  }
  return [...map.entries()].sort(([, a], [, b]) => Number(b[0].station.tier === 'centre') - Number(a[0].station.tier === 'centre'))
}

/** 按离我远近排: the phone's position once (not kept), then the nearest stations; at once when location is already allowed. */
function useNearness() {
  const [nearness, setNearness] = useState<Nearness>({ phase: 'idle' })
  const orderByDistance = useCallback(async () => {
    setNearness({ phase: 'busy' })
    const position = await getPosition()
    if (position.status !== 'ok') {
      setNearness({ phase: 'failed', message: `${position.message}可以在下面打名字或乡镇找。` })
      return
    }
    try {
      setNearness({ phase: 'done', result: await fetchNearest({ lat: position.lat, lng: position.lng, datum: position.datum, limit: NEAREST_LIMIT_MAX }) })
    } catch (failure) {
      setNearness({ phase: 'failed', message: failureMessage(failure, '没有按远近排好，可以在下面打名字或乡镇找。') })
    }
  }, [])

  // allowed before (in WeChat's settings or the browser): nearest first without another tap
  useEffect(() => {
    let live = true
    void locationAlreadyAllowed().then((allowed) => {
      if (allowed && live) void orderByDistance()
    })
    return () => {
      live = false
    }
  }, [orderByDistance])
  return { nearness, orderByDistance }
}

/** Under the search box: 按离我远近排, or how ordering by distance went. */
function NearnessLine(props: { nearness: Nearness; onOrder: () => void }) {
  const { nearness } = props
  if (nearness.phase === 'idle') {
    return (
      <View className='button button-secondary' role='button' data-testid='station-nearest' onClick={props.onOrder}>
        按离我远近排
      </View>
    )
  }
  if (nearness.phase === 'busy') {
    return (
      <View className='muted' role='status'>
        <Text>正在按远近排…</Text>
      </View>
    )
  }
  if (nearness.phase === 'failed') {
    return (
      <View className='muted' role='status' data-testid='station-nearest-failed'>
        <Text>{nearness.message}</Text>
      </View>
    )
  }
  return <Text className='muted'>离您近的在前面。位置只用这一次，不保存。</Text>
}

/**
 * 选服务站 when the page was opened without one: the station the user came from (or booked at
 * last) on top, one tap; a search by name or town; the nearest first once the phone's position is
 * allowed (at once when it already is; the position is used once, not kept); else by township.
 */
export function StationStep(props: { onChoose: (station: Station) => void; firstId: string | null; firstLabel: string }) {
  const load = useCallback(() => fetchStations(), [])
  const { data, error, loading, reload } = useRemote(load)
  const [search, setSearch] = useState('')
  const { nearness, orderByDistance } = useNearness()

  const stations = useMemo(() => data?.stations ?? [], [data])
  const nearest = nearness.phase === 'done' ? nearness.result : null
  const first = props.firstId ? (stations.find((station) => station.id === props.firstId) ?? null) : null
  const shown = useMemo(
    () => choosableStations({ stations, search, nearest, firstId: null }).filter((entry) => entry.station.id !== first?.id),
    [stations, search, nearest, first],
  )
  const flat = search.trim() !== '' || nearest !== null
  const groups = useMemo(() => (flat ? [] : townGroups(shown)), [flat, shown])

  return (
    <>
      <Text className='text book-intro'>选您要去的服务站。咨询免费。</Text>
      {first && (
        <View className='card card-accent' data-testid='station-first'>
          <Text className='subtitle'>{props.firstLabel}</Text>
          <Choice entry={{ station: first }} onChoose={props.onChoose} testId='station-first-choice' />
        </View>
      )}
      <View className='card'>
        <TextField label='打服务站名字或乡镇找' value={search} onInput={setSearch} maxlength={20} placeholder='如：隘口' testId='station-search' />
        <NearnessLine nearness={nearness} onOrder={() => void orderByDistance()} />
      </View>
      <View data-testid='station-chooser'>
        <LoadNotice loading={loading && !data} error={error} onRetry={() => void reload()} />
        {data && flat && (
          <View className='card' data-testid='station-matches'>
            {shown.slice(0, SHOWN_AT_MOST).map((entry) => (
              <Choice key={entry.station.id} entry={entry} onChoose={props.onChoose} />
            ))}
            {shown.length === 0 && <Text className='text'>没有找到“{search.trim()}”。少打几个字试试，或者打乡镇的名字。</Text>}
            {shown.length > SHOWN_AT_MOST && <Text className='muted'>还有 {shown.length - SHOWN_AT_MOST} 个，多打几个字能更快找到。</Text>}
          </View>
        )}
        {groups.map(([town, entries]) => (
          <View className='card' key={town}>
            <Text className='subtitle'>{town}</Text>
            {entries.map((entry) => (
              <Choice key={entry.station.id} entry={entry} onChoose={props.onChoose} />
            ))}
          </View>
        ))}
      </View>
    </>
  )
}
