import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { formatChinaTime } from '../../../contracts/china-time'
import {
  LOCATION_QUALITY_LABELS,
  STATION_SERVICE_LABELS,
  STATION_VERIFICATION_LABELS,
  type Station,
  type StationVerification,
} from '../../../contracts/station'
import { PROFILE_ACTION_LABELS, type ProfileHistoryEntry, type StationFacts, type StationKeepingState } from '../../../contracts/station-keeping'
import { formatDate } from '../../services/china-time'
import './booking.css'
import './station-form.css'

/**
 * What a station's keepers read before and after they change it: the facts as residents see them
 * with their label (已核实 / 服务站自报 / 未核实), what a change changed (before → after), and the
 * history. Shared by 我的服务站 and the county's 待核实.
 */

/** `2026-12-01T01:05:00.000Z` → `12月1日 周二 09:05` (China time). */
export function formatWhen(iso: string): string {
  const china = formatChinaTime(new Date(iso))
  return `${formatDate(china.slice(0, 10))} ${china.slice(11, 16)}`
}

/** `2026-12-01` → `2026年12月1日` */
function formatDay(date: string): string {
  const [year, month, day] = date.split('-').map(Number)
  return `${year}年${month}月${day}日`
}

export function VerificationBadge(props: { verification: StationVerification; testId?: string }) {
  return (
    <Text className={`status-badge keeping-badge keeping-badge-${props.verification}`} data-testid={props.testId ?? 'verification-badge'}>
      {STATION_VERIFICATION_LABELS[props.verification]}
    </Text>
  )
}

/** Who made a change, for people: `李四（服务站）`, `王五（县司法局）`, `县里公布的名录`. */
export function actorWords(by: StationKeepingState['reportedBy']): string {
  if (!by) return '县里公布的名录'
  return `${by.name}（${by.role === 'admin' ? '县司法局' : '服务站'}）`
}

/** One line under the badge: who set or verified the facts, and when. */
export function keepingWords(keeping: StationKeepingState): string {
  if (keeping.verification === 'verified') {
    const by = keeping.verifiedBy ? `，${actorWords(keeping.verifiedBy)}` : ''
    return keeping.verifiedAt ? `县司法局 ${formatDay(keeping.verifiedAt)} 核实${by}` : '县司法局已核实'
  }
  if (keeping.verification === 'self_reported') {
    const when = keeping.reportedAt ? `${formatWhen(keeping.reportedAt)} ` : ''
    return `${when}由${actorWords(keeping.reportedBy)}填写，县司法局还没有核实`
  }
  return '这些信息还没有人核实过，可能不准'
}

export type FactKey = 'phone' | 'address' | 'hours' | 'services' | 'location'

export const FACT_LABELS: Readonly<Record<FactKey, string>> = { phone: '电话', address: '地址', hours: '开放时间', services: '服务', location: '位置' }

/** Each fact as people read it. */
export function factWords(facts: StationFacts, key: FactKey): string {
  switch (key) {
    case 'phone':
      return facts.phone ?? '暂无'
    case 'address':
      return facts.address ?? '暂无'
    case 'hours':
      return facts.hours.isDefault ? `${facts.hours.text}（通常时间，未经确认）` : facts.hours.text
    case 'services':
      return facts.services.length > 0 ? facts.services.map((service) => STATION_SERVICE_LABELS[service]).join('、') : '没有填'
    case 'location':
      return LOCATION_QUALITY_LABELS[facts.locationQuality]
  }
}

/** Great-circle distance in metres (enough to say how far a place moved). */
function metresBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)))
}

export interface FactChange {
  key: FactKey
  label: string
  before: string
  after: string
}

const FACT_KEYS: readonly FactKey[] = ['phone', 'address', 'hours', 'services', 'location']

/** What differs between two sets of facts, in words; `before` null: nothing was recorded before. */
export function factChanges(before: StationFacts | null, after: StationFacts): FactChange[] {
  return FACT_KEYS.flatMap((key): FactChange[] => {
    const afterWords = factWords(after, key)
    if (before === null) return [{ key, label: FACT_LABELS[key], before: '（没有记录）', after: afterWords }]
    const beforeWords = factWords(before, key)
    if (key === 'services') {
      const same = before.services.length === after.services.length && before.services.every((service) => after.services.includes(service))
      return same ? [] : [{ key, label: FACT_LABELS[key], before: beforeWords, after: afterWords }]
    }
    if (key === 'location') {
      const [from, to] = [before.location, after.location]
      if (from && to) {
        const moved = metresBetween(from, to)
        if (moved < 1 && before.locationQuality === after.locationQuality) return []
        const distance = moved < 1000 ? `${Math.round(moved)} 米` : `${(moved / 1000).toFixed(1)} 公里`
        return [{ key, label: FACT_LABELS[key], before: beforeWords, after: `${afterWords}（挪动了约 ${distance}）` }]
      }
      return from === to ? [] : [{ key, label: FACT_LABELS[key], before: beforeWords, after: afterWords }]
    }
    return beforeWords === afterWords ? [] : [{ key, label: FACT_LABELS[key], before: beforeWords, after: afterWords }]
  })
}

/** Before → after, one fact a row. */
export function ChangeList(props: { changes: FactChange[]; testId?: string; beforeLabel?: string; afterLabel?: string }) {
  if (props.changes.length === 0) return <Text className='muted'>内容没有变化</Text>
  return (
    <View className='keeping-changes' data-testid={props.testId}>
      {props.changes.map((change) => (
        <View key={change.key} className='keeping-change' data-testid='keeping-change' data-fact={change.key}>
          <Text className='keeping-change-label'>{change.label}</Text>
          <Text className='keeping-change-before'>
            {props.beforeLabel ?? '原来'}：{change.before}
          </Text>
          <Text className='keeping-change-after'>
            {props.afterLabel ?? '改为'}：{change.after}
          </Text>
        </View>
      ))}
    </View>
  )
}

/** The station as residents see it now: badge, who set it, and each fact. */
export function StationFactsCard(props: { station: Station; keeping: StationKeepingState; heading: string }) {
  const { station, keeping } = props
  const facts: StationFacts = station
  return (
    <View className='card' data-testid='station-facts'>
      <Text className='subtitle'>{props.heading}</Text>
      <Text className='text keeping-station-name' data-testid='keeping-station-name'>
        {station.name}
      </Text>
      <View className='keeping-badge-row'>
        <VerificationBadge verification={keeping.verification} />
      </View>
      <Text className='muted' data-testid='keeping-words'>
        {keepingWords(keeping)}
      </Text>
      {FACT_KEYS.map((key) => (
        <View key={key} className='summary-row'>
          <Text className='summary-label'>{FACT_LABELS[key]}</Text>
          <Text className='summary-value' data-testid={`fact-${key}`}>
            {factWords(facts, key)}
          </Text>
        </View>
      ))}
    </View>
  )
}

const HISTORY_SHOWN = 3

/** The newest changes first, a few at a time: who, when, what, before → after. */
export function HistoryList(props: { history: ProfileHistoryEntry[] }) {
  const [all, setAll] = useState(false)
  const { history } = props
  const shown = all ? history : history.slice(0, HISTORY_SHOWN)
  return (
    <View className='card' data-testid='keeping-history'>
      <Text className='subtitle'>修改记录</Text>
      {history.length === 0 && <Text className='muted'>还没有人改过。</Text>}
      {shown.map((entry) => (
        <View key={entry.id} className='keeping-history-entry' data-testid='history-entry'>
          <Text className='keeping-history-head'>
            {formatWhen(entry.at)} {actorWords(entry.by)}
          </Text>
          <Text className='keeping-history-action'>{PROFILE_ACTION_LABELS[entry.action]}</Text>
          {entry.note && <Text className='muted'>原因：{entry.note}</Text>}
          {entry.after && entry.action !== 'verify' && <ChangeList changes={factChanges(entry.before, entry.after)} />}
        </View>
      ))}
      {history.length > HISTORY_SHOWN && (
        <View className='button button-secondary' role='button' data-testid='history-toggle' onClick={() => setAll(!all)}>
          {all ? '收起' : `看全部 ${history.length} 条`}
        </View>
      )}
    </View>
  )
}
