import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { describeFollowUp, type FollowUpRecord } from '../../../../contracts/mediations'
import { ask, toastDialogFailure } from '../../../services/dialogs'
import { MODAL_TEXTS } from '../../../services/interaction-texts'
import {
  SYNC_STATE_LABELS,
  canEdit,
  describeRecord,
  discardEntry,
  discardFollowUp,
  formatDate,
  resolveConflict,
  type FollowUpEntry,
  type RecordRow,
} from '../../../services/mediations'

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

/** One record: its state (待上传, 冲突, 被退回 with why), its 回访, and what can be done about it. */
export function RecordItem(props: { row: RecordRow; onEdit: (id: string) => void; followUpEntries: readonly FollowUpEntry[] }) {
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
