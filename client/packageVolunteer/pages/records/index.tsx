import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { chinaDate } from '../../../../contracts/china-time'
import { pageUrl } from '../../../../contracts/app-pages'
import { PageShell } from '../../../components/page-shell'
import { ask, toastDialogFailure } from '../../../services/dialogs'
import { MODAL_TEXTS } from '../../../services/interaction-texts'
import { formatDate, logoutVolunteer } from '../../../services/mediations'
import { LOG_PAGE, LOGIN_PAGE, RECORDS_PAGE, STATS_PAGE, useOutbox, useVolunteerGate } from '../../components/session'
import { SyncBanner } from '../../components/sync-banner'
import { VolunteerHeading, WaitingForSignIn } from '../../components/volunteer-heading'
import { FollowUpReminders } from './follow-up-reminders'
import { RecordItem } from './record-item'
import { useRecords } from './use-records'
import '../../components/volunteer.css'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

/** 我的调解记录: the server's list with what is still on the phone, 回访 reminders first. */
export default function RecordsPage() {
  const session = useVolunteerGate(RECORDS_PAGE)
  const outbox = useOutbox(session)
  const { loading, loadError, refresh, cached, rows, followUps, recordFollowUp, recording, setRecording, followUpFailure } = useRecords(session, outbox)

  const edit = (id: string) => void Taro.navigateTo({ url: pageUrl('packageVolunteer/pages/log/index', { id }) })

  const logout = async () => {
    const waiting = outbox.entries.length
    const confirm = await ask({
      ...MODAL_TEXTS.logout,
      content:
        (waiting > 0 ? `还有 ${waiting} 条记录没上传。退出后它们仍留在这台手机上，用您的账号再登录后会自动上传。` : '') +
        (IS_WEAPP ? '确定退出吗？' : '网页版再登录要用新的邀请码。确定退出吗？'),
    }).catch(() => {
      toastDialogFailure()
      return false
    })
    if (!confirm) return
    await logoutVolunteer()
    void Taro.redirectTo({ url: LOGIN_PAGE })
  }

  if (!session) return <WaitingForSignIn />

  return (
    <PageShell>
      <VolunteerHeading title='我的调解记录' session={session} />
      <SyncBanner outbox={outbox} here={RECORDS_PAGE} />
      <View className='vol-nav-pair'>
        <View className='button' role='button' data-testid='open-log' onClick={() => void Taro.navigateTo({ url: LOG_PAGE })}>
          记一笔
        </View>
        <View className='button button-secondary' role='button' data-testid='open-stats' onClick={() => void Taro.navigateTo({ url: STATS_PAGE })}>
          统计
        </View>
      </View>

      <FollowUpReminders followUps={followUps} failure={followUpFailure} recording={recording} onRecord={setRecording} onSave={recordFollowUp} />

      {/* an ended sign-in is explained by the banner above */}
      {loadError && outbox.signedIn && (
        <View className='notice' role='status' data-testid='records-offline'>
          <Text>
            现在取不到服务器上的记录（{loadError.replace(/请检查手机网络后点“重试”。?/, '').replace(/。$/, '')}）。
            {cached?.fetchedAt
              ? `下面是${formatDate(chinaDate({ now: new Date(cached.fetchedAt) }))}取到的记录，加上手机上还没上传的。`
              : '下面是手机上还没上传的记录。'}
          </Text>
          <View className='button button-secondary' role='button' onClick={() => void refresh()}>
            重试
          </View>
        </View>
      )}
      <View className='card' data-testid='records-list'>
        <Text className='subtitle'>全部记录（{rows.length}）</Text>
        {rows.length === 0 && <Text className='muted'>{loading ? '正在加载…' : '还没有记录。点“记一笔”开始。'}</Text>}
        {rows.map((row) => (
          <RecordItem key={row.id} row={row} onEdit={edit} followUpEntries={outbox.followUpEntries} />
        ))}
        <Text className='vol-hint'>上传后 7 天内可以修改；下拉页面可以刷新和上传。</Text>
      </View>

      <View className='button button-secondary' role='button' data-testid='logout' onClick={() => void logout()}>
        退出登录
      </View>
    </PageShell>
  )
}
