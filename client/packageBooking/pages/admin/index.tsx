import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import type { Station } from '../../../../contracts/station'
import { LoadNotice } from '../../../components/load-notice'
import { PageShell } from '../../../components/page-shell'
import {
  adminLogout,
  adminSession,
  fetchAdminQueue,
  isSignedOut,
  type AdminQueueItem,
  type AdminSession,
  type PhoneReveal,
} from '../../../services/station-keeping'
import { fetchStations, stationPlace } from '../../../services/stations'
import { AdminSignIn } from '../../components/admin-sign-in'
import { TextField } from '../../components/fields'
import { formatWhen, VerificationBadge } from '../../components/station-form-facts'
import { scrollToTop, StationKeepingEditor } from '../../components/station-keeping-editor'
import { QueueItem, queueKey } from './queue-item'
import '../../components/booking.css'
import '../../components/station-form.css'
import { failureMessage } from '../../../services/http'

/**
 * 待核实: a county administrator signs in, then verifies or rejects what stations reported about
 * themselves, settles kept facts the county's directory contradicts, marks residents' corrections
 * 已处理, and can open any station of the county to edit it (an administrator's edit counts as
 * verified). Each item leaves the list once dealt with.
 */

function Queue(props: { onEdit: (stationId: string) => void; onSignedOut: () => void; onCounty: (county: string) => void }) {
  const { onSignedOut, onCounty } = props
  const [items, setItems] = useState<AdminQueueItem[] | null>(null)
  const [reveals, setReveals] = useState<PhoneReveal[]>([])
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)

  const load = useCallback(async () => {
    setError(null)
    try {
      const answer = await fetchAdminQueue()
      onCounty(answer.county)
      setItems(answer.items)
      setReveals(answer.phoneReveals)
    } catch (failure) {
      if (isSignedOut(failure)) onSignedOut()
      else setError(failureMessage(failure, '没有取到待核实的内容，请再试一次。'))
    }
  }, [onSignedOut, onCounty])
  useEffect(() => {
    void load()
  }, [load])

  return (
    <View data-testid='admin-queue'>
      {done && (
        <View className='queue-done' role='status' data-testid='queue-done'>
          <Text>{done}</Text>
        </View>
      )}
      <LoadNotice loading={items === null && !error} error={error} onRetry={() => void load()} />
      {items && (
        <Text className='subtitle' data-testid='queue-count'>
          {items.length === 0 ? '没有待核实的内容了' : `待核实 ${items.length} 项（新的在前）`}
        </Text>
      )}
      {items?.map((item) => (
        <QueueItem
          key={queueKey(item)}
          item={item}
          onEdit={props.onEdit}
          onSignedOut={onSignedOut}
          onDone={(words) => {
            setDone(words)
            setItems((current) => current?.filter((candidate) => queueKey(candidate) !== queueKey(item)) ?? null)
          }}
          onStale={(words) => {
            setDone(`${words}（已重新读取）`)
            void load()
          }}
        />
      ))}
      {items && <PhoneRevealLog reveals={reveals} />}
    </View>
  )
}

/** 回电记录: which staff member saw which booking's whole phone, when (last 7 days; the phone masked here). */
function PhoneRevealLog(props: { reveals: PhoneReveal[] }) {
  return (
    <View className='card' data-testid='phone-reveals'>
      <Text className='subtitle'>近 7 天工作人员查看预约电话（回电）</Text>
      {props.reveals.length === 0 && <Text className='muted'>没有</Text>}
      {props.reveals.map((reveal, index) => (
        <View key={`${reveal.revealedAt}-${index}`} className='list-item' data-testid='phone-reveal'>
          <Text className='text'>
            {reveal.staffName} · {reveal.stationName}
          </Text>
          <Text className='muted'>
            {formatWhen(reveal.revealedAt)} 查看了 {formatWhen(reveal.slotStart)} 预约的电话 {reveal.phone}
          </Text>
        </View>
      ))}
    </View>
  )
}

/** Any station of the county, found by name, township or village. */
function StationSearch(props: { county: string | null; onEdit: (stationId: string) => void }) {
  const [query, setQuery] = useState('')
  const [found, setFound] = useState<Station[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const search = async () => {
    if (busy) return
    if (!query.trim()) {
      setError('请填写服务站名称、乡镇或村的名字')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const { stations } = await fetchStations({ q: query.trim() })
      setFound(stations.filter((station) => props.county === null || station.county === props.county).slice(0, 20))
    } catch (failure) {
      setError(failureMessage(failure, '没有查到，请再试一次。'))
    } finally {
      setBusy(false)
    }
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
        error={error}
        testId='station-search-input'
      />
      <View
        className={`button button-secondary${busy ? ' button-disabled' : ''}`}
        role='button'
        data-testid='station-search-button'
        onClick={() => void search()}
      >
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

function StationEditor(props: { stationId: string; onBack: () => void; onSignedOut: () => void }) {
  const back = (
    <View className='button button-secondary' role='button' data-testid='editor-back' onClick={props.onBack}>
      回到待核实
    </View>
  )
  return (
    <StationKeepingEditor
      keeper='admin'
      stationId={props.stationId}
      savedWords='已保存，算作县司法局已核实，居民马上能看到。'
      testId='admin-editor'
      savedTestId='admin-editor-saved'
      around={back}
      onSignedOut={props.onSignedOut}
    />
  )
}

export default function AdminPage() {
  const [session, setSession] = useState<AdminSession | null>(() => adminSession())
  const [notice, setNotice] = useState<string | null>(null)
  const [county, setCounty] = useState<string | null>(null)
  const [editing, setEditing] = useState<string | null>(null)

  const signedOut = useCallback(() => {
    setSession(null)
    setEditing(null)
    setNotice('登录已过期，请重新登录。')
  }, [])
  const edit = useCallback((stationId: string) => {
    setEditing(stationId)
    scrollToTop()
  }, [])
  const logout = async () => {
    await adminLogout()
    setSession(null)
    setEditing(null)
    setNotice('已退出登录。')
  }

  return (
    <PageShell>
      <Text className='title'>待核实</Text>
      {notice && <Text className='notice'>{notice}</Text>}
      {!session ? (
        <AdminSignIn
          onSignedIn={(signedIn) => {
            setNotice(null)
            setSession(signedIn)
          }}
        />
      ) : editing ? (
        <StationEditor stationId={editing} onBack={() => setEditing(null)} onSignedOut={signedOut} />
      ) : (
        <>
          <View className='card' data-testid='admin-who'>
            <Text className='text'>{session.displayName}</Text>
            <Text className='muted'>{county ? `${county}司法局` : '县司法局'}</Text>
            <View className='button button-secondary' role='button' data-testid='admin-logout' onClick={() => void logout()}>
              退出登录
            </View>
          </View>
          <Queue onEdit={edit} onSignedOut={signedOut} onCounty={setCounty} />
          <StationSearch county={county} onEdit={edit} />
        </>
      )}
    </PageShell>
  )
}
