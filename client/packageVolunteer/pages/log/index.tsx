import { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { PageShell } from '../../../components/page-shell'
import { chinaMonth } from '../../../../contracts/china-time'
import { pageUrl } from '../../../../contracts/app-pages'
import { useOutbox, useVolunteerGate } from '../../components/session'
import { SyncBanner } from '../../components/sync-banner'
import { DisputeSection } from './dispute-section'
import { fieldsWithErrors } from './mediation-draft'
import { OutcomeSection } from './outcome-section'
import { goToRecords, SaveResult } from './save-result'
import { useMediationLog } from './use-mediation-log'
import { WhenWhereSection } from './when-where-section'
import { routeParam } from '../../../services/route-param'
import { VolunteerHeading, WaitingForSignIn } from '../../components/volunteer-heading'
import '../../components/volunteer.css'

/** A screen with a note and the way back to 我的调解记录. */
function Dead(props: { note: string }) {
  return (
    <PageShell>
      <Text className='title'>修改调解记录</Text>
      <Text className='notice'>{props.note}</Text>
      <View className='button' role='button' onClick={goToRecords}>
        看我的调解记录
      </View>
    </PageShell>
  )
}

/**
 * 记一笔: one screen of big buttons, saved on the phone first, uploaded when there is a network.
 * With `?id=` it edits a record of the last 7 days. The state and the rules are in use-mediation-log
 * and mediation-draft (checked with the contract's schema); the form's parts are its sections.
 */
export default function LogPage() {
  const { params } = useRouter()
  // a broken edit link (cut short) opens a new record rather than failing to render
  const editId = routeParam(params, 'id').value ?? ''
  const here = pageUrl('packageVolunteer/pages/log/index', { id: editId })
  const session = useVolunteerGate(here)
  const outbox = useOutbox(session)
  const log = useMediationLog({ editId, session, outbox })
  const { draft, errors, change } = log

  if (!session) return <WaitingForSignIn />

  const banner = <SyncBanner outbox={outbox} here={here} />

  if (log.saved) {
    return (
      <PageShell>
        <Text className='title'>{editId ? '修改调解记录' : '记一笔'}</Text>
        {banner}
        <SaveResult saved={log.saved} editing={Boolean(editId)} draft={draft} onAnother={log.another} />
      </PageShell>
    )
  }
  if (editId && !log.editing) return <Dead note='这台手机上找不到这条记录。请回到“我的调解记录”，联网刷新后再点“修改”。' />
  if (log.windowClosed) return <Dead note='这条记录已超过 7 天，不能再修改。如需更正，请联系司法所。' />

  const missing = fieldsWithErrors(errors)
  return (
    <PageShell>
      <VolunteerHeading title={editId ? '修改调解记录' : '记一笔调解'} session={session} />
      {banner}

      <WhenWhereSection draft={draft} errors={errors} change={change} session={session} />
      <DisputeSection draft={draft} errors={errors} change={change} />
      <OutcomeSection draft={draft} errors={errors} change={change} />

      {(missing.length > 0 || errors.form) && (
        <View className='notice notice-error' role='alert' data-testid='form-errors'>
          {missing.length > 0 ? `还有几处没填好：${missing.join('、')}。请看红字。` : errors.form}
        </View>
      )}
      {log.failure && (
        <View className='notice notice-error' role='alert'>
          {log.failure}
        </View>
      )}
      <View className='button vol-save' role='button' data-testid='save-record' onClick={() => void log.save()}>
        {editId ? '保存修改' : '保存'}
      </View>
      <Text className='vol-hint'>没网也能保存：先存在手机上，有网时自动上传。</Text>

      {!editId && (
        <View className='card vol-zero-card'>
          <Text className='subtitle'>这个月或上个月没有调解？</Text>
          <Text className='muted'>每月报一次“零上报”，县里就知道您这里那个月没有纠纷，而不是漏报。上个月的可以在月初补报。</Text>
          <View className='button vol-zero' role='button' data-testid='zero-report' onClick={() => void log.zeroReport()}>
            零上报（本月没有调解）
          </View>
          <View
            className='button button-secondary vol-zero'
            role='button'
            data-testid='zero-report-last-month'
            onClick={() => void log.zeroReport(chinaMonth({ now: new Date(), offsetMonths: -1 }))}
          >
            零上报（上月没有调解）
          </View>
        </View>
      )}
    </PageShell>
  )
}
