import { Text, View } from '@tarojs/components'
import { DISPUTE_TYPE_LABELS, type CreateFollowUpRequest } from '../../../../contracts/mediations'
import { formatDate } from '../../../services/mediations'
import { FollowUpForm } from '../../components/follow-up-form'
import type { followUpReminders } from '../../components/follow-ups'

type Reminder = ReturnType<typeof followUpReminders>[number]

function dueText(followUp: Reminder): string {
  if (followUp.state === 'deadline') return `截止 ${formatDate(followUp.dueOn)}`
  if (followUp.state === 'overdue') return `已到期（${formatDate(followUp.dueOn)}）`
  if (followUp.state === 'due') return '今天'
  return `即将到期 · ${formatDate(followUp.dueOn)}`
}

/** 回访提醒: the visits due, each with its form (one open at a time). */
export function FollowUpReminders(props: {
  followUps: Reminder[]
  failure: string | null
  /** the reminder whose form is open */
  recording: string | null
  onRecord: (key: string | null) => void
  onSave: (recordId: string, followUp: CreateFollowUpRequest) => void
}) {
  if (props.followUps.length === 0) return null
  return (
    <View className='card vol-card-warm' data-testid='follow-ups'>
      <Text className='subtitle'>回访提醒</Text>
      {props.failure && <Text className='vol-record-problem'>{props.failure}</Text>}
      {props.followUps.map((followUp) => (
        <View className='vol-followup' key={followUp.key}>
          <Text className='vol-followup-due' data-testid={`follow-up-${followUp.state}`}>
            {dueText(followUp)}
            {' · '}
            {followUp.record.village}
            {followUp.record.disputeType ? ` · ${DISPUTE_TYPE_LABELS[followUp.record.disputeType]}` : ''}
          </Text>
          <Text className='vol-followup-text'>{followUp.label}</Text>
          {/* a visit may come early (the parties met again on day 3); its day is never before the mediation's */}
          {props.recording !== followUp.key && (
            <View className='button button-secondary' role='button' data-testid='record-follow-up' onClick={() => props.onRecord(followUp.key)}>
              {followUp.kind === 'judicial_confirmation' ? '记司法确认情况' : '记回访'}
            </View>
          )}
          {props.recording === followUp.key && (
            <FollowUpForm
              kind={followUp.kind}
              occurredOn={followUp.record.occurredOn}
              testId='follow-up-form'
              onSave={(input) => props.onSave(followUp.record.id, input)}
              onCancel={() => props.onRecord(null)}
            />
          )}
        </View>
      ))}
    </View>
  )
}
