import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { syncOutbox } from '../../services/mediations'
import { loginUrl, type OutboxView } from './session'
import './volunteer.css'

/**
 * 待上传 N 条, at the top of every volunteer page: what is still only on this phone, why, and a
 * button to try now. Problems (冲突 / 被退回) and an ended sign-in are said plainly.
 */
export function SyncBanner(props: { outbox: OutboxView; here: string }) {
  const { counts, status, signedIn } = props.outbox
  const problems = counts.conflict + counts.rejected
  const tone = !signedIn || problems > 0 ? ' vol-sync-banner-alert' : counts.pending === 0 ? ' vol-sync-banner-clear' : ''
  let note: string
  if (counts.pending === 0) note = problems > 0 || !signedIn ? '' : '全部已上传。'
  else if (status.syncing) note = '正在上传…'
  else if (status.last?.stoppedBy === 'offline') note = '已存在手机上。现在没网或网络不好，联网后会自动上传。'
  else note = '已存在手机上，联网后会自动上传。'
  return (
    <View className={`vol-sync-banner${tone}`} role='status' data-testid='sync-banner'>
      <Text className='vol-sync-count' data-testid='pending-count'>
        待上传 {counts.pending} 条
      </Text>
      {note && <Text className='vol-sync-note'>{note}</Text>}
      {problems > 0 && (
        <Text className='vol-sync-note' data-testid='sync-problems'>
          另有 {problems} 条需要您处理（
          {[counts.conflict > 0 ? `冲突 ${counts.conflict} 条` : '', counts.rejected > 0 ? `被退回 ${counts.rejected} 条` : ''].filter(Boolean).join('，')}
          ），请到“我的调解记录”里看。
        </Text>
      )}
      {counts.otherOwners > 0 && (
        <Text className='vol-sync-note'>这台手机上还有 {counts.otherOwners} 条别的法律明白人记的记录，要用他们的账号登录后才会上传。</Text>
      )}
      {!signedIn ? (
        <>
          <Text className='vol-sync-note'>登录已过期，记录都还在手机上。重新登录后会自动上传。</Text>
          <View className='button' role='button' onClick={() => void Taro.redirectTo({ url: loginUrl(props.here) })}>
            重新登录
          </View>
        </>
      ) : (
        counts.pending > 0 && (
          <View
            className={`button${status.syncing ? ' vol-disabled' : ''}`}
            role='button'
            data-testid='sync-now'
            onClick={() => void (status.syncing ? undefined : syncOutbox())}
          >
            {status.syncing ? '正在上传…' : '现在上传'}
          </View>
        )
      )}
    </View>
  )
}
