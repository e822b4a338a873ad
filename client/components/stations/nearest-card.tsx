import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { pageUrl } from '../../../contracts/app-pages'
import type { NearestResponse } from '../../../contracts/station'
import { failureMessage } from '../../services/http'
import { fetchNearest, getPosition } from '../../services/stations'
import { OutsideAreaResult } from './outside-area'
import { StaleNote, StationRow } from './station-row'
import './stations.css'

type CardState = { phase: 'idle' } | { phase: 'busy'; step: string } | { phase: 'done'; result: NearestResponse } | { phase: 'failed'; message: string }

/**
 * 首页: the three nearest stations, only when asked; the position is used once and not kept.
 * `findAtOnce`: the user already tapped 用我的位置查找 on 首页's document (client/document/home-document.ts).
 */
export function NearestStationsCard(props: { findAtOnce?: boolean }) {
  const [state, setState] = useState<CardState>({ phase: 'idle' })

  const find = async () => {
    if (state.phase === 'busy') return
    setState({ phase: 'busy', step: '正在取您的位置…' })
    const position = await getPosition()
    if (position.status !== 'ok') {
      setState({ phase: 'failed', message: `${position.message}不用位置也能找：到“服务站”页按乡镇、村查找。` })
      return
    }
    setState({ phase: 'busy', step: '正在查找附近的服务站…' })
    try {
      setState({ phase: 'done', result: await fetchNearest({ lat: position.lat, lng: position.lng, datum: position.datum, limit: 3 }) })
    } catch (failure) {
      setState({ phase: 'failed', message: failureMessage(failure, '查找没有成功，请再试一次。') })
    }
  }

  const askedOnDocument = useRef(props.findAtOnce === true)
  useEffect(() => {
    if (!askedOnDocument.current) return
    askedOnDocument.current = false
    void find()
    // once, on the first render: the tap it carries out was made before the app was there
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const openPicker = () => void Taro.switchTab({ url: pageUrl('pages/stations/index') })

  return (
    <View className='card' id='home-nearest' data-testid='home-nearest'>
      <Text className='subtitle'>离我最近的服务站</Text>
      {state.phase === 'idle' && <Text className='muted'>位置只用来查这一次，不会保存。</Text>}
      {state.phase === 'busy' && (
        <View className='muted' role='status'>
          <Text>{state.step}</Text>
        </View>
      )}
      {state.phase === 'failed' && (
        <View className='station-note' role='status'>
          <Text>{state.message}</Text>
        </View>
      )}
      {state.phase === 'done' && state.result.outsideArea && <OutsideAreaResult result={{ ...state.result, outsideArea: state.result.outsideArea }} />}
      {state.phase === 'done' && !state.result.outsideArea && (
        <View className='station-list'>
          <StaleNote stale={state.result.stale} />
          {state.result.stations.map((entry) => (
            <StationRow key={entry.station.id} station={entry.station} distanceMeters={entry.distanceMeters} />
          ))}
          {state.result.stations.length === 0 && <Text className='text'>附近没有已标出位置的服务站。</Text>}
          {state.result.withoutLocation > 0 && (
            <Text className='station-note' data-testid='without-location'>
              另有 {state.result.withoutLocation} 个服务站还没有位置信息，没法按距离排；村里的工作室可以按乡镇、村查找。
            </Text>
          )}
        </View>
      )}
      <View className='button-row'>
        {state.phase !== 'done' && (
          <View className='button' role='button' data-testid='home-nearest-locate' onClick={() => void find()}>
            {state.phase === 'busy' ? '正在查找…' : '用我的位置查找'}
          </View>
        )}
        {(state.phase === 'failed' || state.phase === 'done') && (
          <View className='button button-secondary' role='button' onClick={openPicker}>
            按乡镇、村查找
          </View>
        )}
      </View>
    </View>
  )
}
