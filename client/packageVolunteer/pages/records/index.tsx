import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { DISPUTE_TYPE_LABELS, describeFollowUp, type CreateFollowUpRequest, type FollowUpRecord } from '../../../../contracts/mediations'
import { PageShell } from '../../../components/page-shell'
import { ask, toastDialogFailure } from '../../../services/dialogs'
import { RequestError } from '../../../services/http'
import { MODAL_TEXTS } from '../../../services/interaction-texts'
import { chinaDate } from '../../../../contracts/china-time'
import {
  SYNC_STATE_LABELS,
  cachedRecords,
  canEdit,
  describeRecord,
  discardEntry,
  discardFollowUp,
  fetchMyRecords,
  forgetLegacyFollowUpTicks,
  formatDate,
  locallyAnsweredPrompts,
  logoutVolunteer,
  mergeRecords,
  resolveConflict,
  saveFollowUp,
  syncOutbox,
  type FollowUpEntry,
  type RecordRow,
} from '../../../services/mediations'
import { OutboxStorageError } from '../../../services/outbox'
import { FollowUpForm } from '../../components/follow-up-form'
import { LOG_PAGE, LOGIN_PAGE, RECORDS_PAGE, STATS_PAGE, useOutbox, useVolunteerGate } from '../../components/session'
import { SyncBanner } from '../../components/sync-banner'
import { followUpReminders } from '../../components/follow-ups'
import '../../components/volunteer.css'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

function shortText(text: string, max = 60): string {
  const characters = Array.from(text.trim())
  return characters.length > max ? `${characters.slice(0, max).join('')}…` : characters.join('')
}

/** One 回访 under its record: what it found, and whether it is on the server yet. */
function FollowUpLine(props: { followUp: FollowUpRecord; entry: FollowUpEntry | null }) {
  const { followUp, entry } = props
  const discard = async () => {
    const { confirm } = await Taro.showModal({
      title: '删除这次回访',
      content: '服务器不接受这次回访，删除后可以重新记。确定删除吗？',
      confirmText: '删除',
      cancelText: '再想想',
    }).catch(() => ({ confirm: false }))
    if (confirm) discardFollowUp(followUp.id)
  }
  return (
    <View className='vol-followup-done' data-testid='follow-up-done' data-sync={entry ? entry.state : 'uploaded'}>
      <Text className='vol-record-detail'>
        回访 {formatDate(followUp.visitedOn)}：{describeFollowUp(followUp)}
        {entry ? `（${SYNC_STATE_LABELS[entry.state]}）` : ''}
      </Text>
      {followUp.note && <Text className='vol-record-summary'>{shortText(followUp.note)}</Text>}
      {entry?.state === 'rejected' && (
        <>
          <Text className='vol-record-problem' data-testid='follow-up-problem'>
            被退回：{entry.lastError ?? '服务器不接受这次回访。'}
          </Text>
          <View className='button button-secondary' role='button' data-testid='discard-follow-up' onClick={() => void discard()}>
            删除
          </View>
        </>
      )}
    </View>
  )
}

function RecordItem(props: { row: RecordRow; onEdit: (id: string) => void; followUpEntries: readonly FollowUpEntry[] }) {
  const { row } = props
  const waiting = props.followUpEntries.filter((entry) => entry.payload.recordId === row.id)
  const followUps = [
    ...(row.server?.followUpsDone ?? []).filter((done) => !waiting.some((entry) => entry.id === done.id)).map((followUp) => ({ followUp, entry: null })),
    ...waiting.map((entry) => {
      const { recordId: _recordId, ...followUp } = entry.payload
      return { followUp: { ...followUp, createdAt: entry.queuedAt }, entry }
    }),
  ]
  const { title, detail } = describeRecord(row.content)
  const entry = row.entry
  const summary = row.content.kind === 'mediation' ? (row.content.summary ?? '') : ''
  const editable = canEdit(row) && row.sync !== 'conflict'

  const discard = async () => {
    const neverUploaded = !row.server
    // no dialog opened (never read as 再想想): a toast says so
    const confirm = await ask(neverUploaded ? MODAL_TEXTS.discardNewRecord : MODAL_TEXTS.discardEdit).catch(() => {
      toastDialogFailure()
      return false
    })
    if (confirm) discardEntry(row.id)
  }

  return (
    <View className='vol-record' data-testid='record-row' data-sync={row.sync} data-id={row.id}>
      <View className='vol-record-head'>
        <Text className='vol-record-title'>{title}</Text>
        <Text className={`vol-badge vol-badge-${row.sync}`} data-testid='record-sync'>
          {SYNC_STATE_LABELS[row.sync]}
        </Text>
      </View>
      <Text className='vol-record-detail'>{detail}</Text>
      {summary && <Text className='vol-record-summary'>{shortText(summary)}</Text>}
      {followUps.map(({ followUp, entry }) => (
        <FollowUpLine key={followUp.id} followUp={followUp} entry={entry} />
      ))}
      {row.sync === 'pending' && entry && entry.attempts > 0 && entry.lastError && <Text className='vol-record-detail'>上次没传上：{entry.lastError}</Text>}
      {row.sync === 'rejected' && entry && (
        <Text className='vol-record-problem' data-testid='record-problem'>
          被退回：{entry.lastError ?? '服务器不接受这条记录。'}
          {entry.fields.length > 0 ? `（${entry.fields.map((field) => field.message).join('；')}）` : ''}
        </Text>
      )}
      {row.sync === 'conflict' && entry && (
        <Text className='vol-record-problem' data-testid='record-problem'>
          冲突：{entry.lastError ?? '这条记录已在别处改过。'}
          {entry.serverCopy ? `服务器上现在是“${describeRecord(entry.serverCopy).title}”，您改成的是“${describeRecord(entry.payload).title}”。` : ''}
        </Text>
      )}
      <View className='vol-record-actions'>
        {row.sync === 'conflict' && (
          <>
            <View className='button' role='button' data-testid='keep-mine' onClick={() => resolveConflict(row.id, 'mine')}>
              用我的
            </View>
            <View className='button button-secondary' role='button' data-testid='keep-server' onClick={() => resolveConflict(row.id, 'server')}>
              用服务器上的
            </View>
          </>
        )}
        {editable && (
          <View className='button button-secondary' role='button' data-testid='edit-record' onClick={() => props.onEdit(row.id)}>
            {row.sync === 'rejected' ? '修改后重交' : '修改'}
          </View>
        )}
        {row.sync === 'rejected' && (
          <View className='button button-secondary' role='button' data-testid='discard-record' onClick={() => void discard()}>
            {row.server ? '放弃修改' : '删除'}
          </View>
        )}
      </View>
    </View>
  )
}

/** 我的调解记录: the server's list with what is still on the phone, 回访 reminders first. */
export default function RecordsPage() {
  const session = useVolunteerGate(RECORDS_PAGE)
  const outbox = useOutbox(session)
  const [loading, setLoading] = useState(false)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [tick, setTick] = useState(0)
  const [recording, setRecording] = useState<string | null>(null)
  const [followUpFailure, setFollowUpFailure] = useState<string | null>(null)
  useEffect(() => forgetLegacyFollowUpTicks(), [])

  const refresh = useCallback(
    async (params: { sync: boolean } = { sync: true }) => {
      if (!session) return
      setLoading(true)
      if (params.sync) await syncOutbox()
      try {
        await fetchMyRecords()
        setLoadError(null)
      } catch (error) {
        setLoadError(error instanceof RequestError ? error.message : '记录没有取到，请稍后再试。')
      } finally {
        setLoading(false)
        setTick((value) => value + 1)
      }
    },
    [session],
  )

  useDidShow(() => {
    void refresh()
  })
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })

  // an upload that went through (e.g. when the network came back) means the server answers again
  const lastReport = outbox.status.last
  useEffect(() => {
    if (lastReport && !lastReport.stoppedBy && loadError) void refresh({ sync: false })
    // only when a new report arrives
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastReport])

  // the kept list is re-read whenever the outbox changes (an upload puts the server's copy in it)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const cached = useMemo(() => cachedRecords(session), [session, tick, outbox])
  const rows = useMemo(() => mergeRecords({ server: cached?.records ?? [], entries: outbox.entries }), [cached, outbox.entries])

  // recomputed when the China date changes (a visit becomes due at midnight in China)
  const today = chinaDate({ now: new Date() })
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const followUps = useMemo(
    () => followUpReminders({ records: cached?.records ?? [], done: locallyAnsweredPrompts(outbox.followUpEntries) }),
    [cached, outbox.followUpEntries, today],
  )

  /** A 回访 goes to the phone's outbox first (works offline), then up at once when there is a network. */
  const recordFollowUp = (recordId: string, followUp: CreateFollowUpRequest) => {
    if (!session) return
    try {
      saveFollowUp({ recordId, followUp }, session)
    } catch (error) {
      setFollowUpFailure(error instanceof OutboxStorageError ? error.message : '没有存上，请再试一次。')
      return
    }
    setFollowUpFailure(null)
    setRecording(null)
    void syncOutbox()
  }

  const edit = (id: string) => void Taro.navigateTo({ url: `${LOG_PAGE}?id=${encodeURIComponent(id)}` })

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

  if (!session) {
    return (
      <PageShell>
        <Text className='notice'>请先登录…</Text>
      </PageShell>
    )
  }

  return (
    <PageShell>
      <Text className='title'>我的调解记录</Text>
      <Text className='vol-who'>
        {session.displayName} · {session.town}
        {session.village}
      </Text>
      <SyncBanner outbox={outbox} here={RECORDS_PAGE} />
      <View className='vol-nav-pair'>
        <View className='button' role='button' data-testid='open-log' onClick={() => void Taro.navigateTo({ url: LOG_PAGE })}>
          记一笔
        </View>
        <View className='button button-secondary' role='button' data-testid='open-stats' onClick={() => void Taro.navigateTo({ url: STATS_PAGE })}>
          统计
        </View>
      </View>

      {followUps.length > 0 && (
        <View className='card vol-card-warm' data-testid='follow-ups'>
          <Text className='subtitle'>回访提醒</Text>
          {followUpFailure && <Text className='vol-record-problem'>{followUpFailure}</Text>}
          {followUps.map((followUp) => (
            <View className='vol-followup' key={followUp.key}>
              <Text className='vol-followup-due' data-testid={`follow-up-${followUp.state}`}>
                {followUp.state === 'deadline'
                  ? `截止 ${formatDate(followUp.dueOn)}`
                  : followUp.state === 'overdue'
                    ? `已到期（${formatDate(followUp.dueOn)}）`
                    : followUp.state === 'due'
                      ? '今天'
                      : `即将到期 · ${formatDate(followUp.dueOn)}`}
                {' · '}
                {followUp.record.village}
                {followUp.record.disputeType ? ` · ${DISPUTE_TYPE_LABELS[followUp.record.disputeType]}` : ''}
              </Text>
              <Text className='vol-followup-text'>{followUp.label}</Text>
              {/* a visit may come early (the parties met again on day 3); its day is never before the mediation's */}
              {recording !== followUp.key && (
                <View className='button button-secondary' role='button' data-testid='record-follow-up' onClick={() => setRecording(followUp.key)}>
                  {followUp.kind === 'judicial_confirmation' ? '记司法确认情况' : '记回访'}
                </View>
              )}
              {recording === followUp.key && (
                <FollowUpForm
                  kind={followUp.kind}
                  occurredOn={followUp.record.occurredOn}
                  testId='follow-up-form'
                  onSave={(input) => recordFollowUp(followUp.record.id, input)}
                  onCancel={() => setRecording(null)}
                />
              )}
            </View>
          ))}
        </View>
      )}

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
