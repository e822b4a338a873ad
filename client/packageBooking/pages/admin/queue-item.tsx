import { Text, View } from '@tarojs/components'
import { CORRECTION_FIELD_LABELS } from '../../../../contracts/station-keeping'
import { rejectStationReport, resolveCorrection, verifyStation, type AdminQueueItem } from '../../../services/station-keeping'
import { stationPlace } from '../../../services/stations'
import { TextAreaField } from '../../components/fields'
import { actorWords, ChangeList, factChanges, formatWhen } from '../../components/station-form-facts'
import { CallbackPhone } from './callback-phone'
import { useQueueItem, type QueueItemForm } from './use-admin'

type StationItem = Extract<AdminQueueItem, { kind: 'station' }>
type CorrectionItem = Extract<AdminQueueItem, { kind: 'correction' }>

/** A station's self-report (before → after, who, when), or kept facts the county's directory contradicts. */
function StationReportFacts(props: { item: StationItem }) {
  const { item } = props
  const conflict = item.reason === 'conflict'
  return (
    <>
      <Text className={`queue-kind${conflict ? ' queue-kind-conflict' : ''}`}>{conflict ? '和县里名录不一致' : '服务站自报'}</Text>
      <Text className='text keeping-station-name'>{item.station.name}</Text>
      <Text className='muted'>{stationPlace(item.station)}</Text>
      <Text className='muted' data-testid='queue-who'>
        {item.keeping.reportedAt ? `${formatWhen(item.keeping.reportedAt)} ` : ''}
        {actorWords(item.keeping.reportedBy)}
        {conflict ? ' 填写；县里名录后来写的不一样' : ' 填写'}
      </Text>
      {conflict && item.keeping.conflict ? (
        <ChangeList changes={factChanges(item.keeping.conflict.directory, item.after)} beforeLabel='县里名录' afterLabel='现在显示' testId='queue-changes' />
      ) : (
        <ChangeList changes={factChanges(item.before, item.after)} testId='queue-changes' />
      )}
    </>
  )
}

/** A resident's correction: when, which fact, how many said the same, and a call-back number if left. */
function CorrectionFacts(props: { item: CorrectionItem; onSignedOut: () => void }) {
  const { correction } = props.item
  return (
    <>
      <Text className='queue-kind queue-kind-correction'>居民纠错</Text>
      <Text className='text keeping-station-name'>{props.item.station.name}</Text>
      <Text className='muted'>
        {formatWhen(correction.createdAt)} · {CORRECTION_FIELD_LABELS[correction.field]}
        {correction.reports > 1 ? ` · ${correction.reports} 人报了同样的内容` : ''}
      </Text>
      <Text className='text' data-testid='correction-message'>
        {correction.message}
      </Text>
      {correction.callbackPhone && <CallbackPhone correctionId={correction.id} masked={correction.callbackPhone} onSignedOut={props.onSignedOut} />}
    </>
  )
}

/** 核实 / 退回 (a station's report) or 已处理 (a correction), and 修改这个服务站的信息. */
function ItemButtons(props: { item: AdminQueueItem; form: QueueItemForm; onEdit: (stationId: string) => void }) {
  const { item, form } = props
  return (
    <>
      {item.kind === 'station' ? (
        <View className='queue-actions'>
          <View
            className={`button${form.busy ? ' button-disabled' : ''}`}
            role='button'
            data-testid='queue-verify'
            onClick={() => form.act(() => verifyStation({ stationId: item.station.id, version: item.keeping.version }), `已核实：${item.station.name}`)}
          >
            {form.busy ? '正在核实…' : item.reason === 'conflict' ? '保留现在的（核实）' : '核实'}
          </View>
          <View className='button button-secondary' role='button' data-testid='queue-reject' onClick={() => form.open('reject')}>
            {item.reason === 'conflict' ? '改用名录的' : '退回'}
          </View>
        </View>
      ) : (
        <View className='queue-actions'>
          <View className='button' role='button' data-testid='queue-resolve' onClick={() => form.open('resolve')}>
            已处理
          </View>
        </View>
      )}
      <View className='button button-secondary' role='button' data-testid='queue-edit' onClick={() => props.onEdit(item.station.id)}>
        修改这个服务站的信息
      </View>
    </>
  )
}

/** The words 退回 and 已处理 ask for, and their buttons. */
const TEXT_FORMS = {
  reject: {
    label: '退回的原因（必填，服务站能看到）',
    maxlength: 200,
    placeholder: '如：电话打不通，请核对后重新填写',
    testId: 'reject',
    field: 'reject-reason',
    confirm: ['确认退回', '正在退回…'],
    confirmClass: 'button button-danger',
    cancel: '不退回了',
  },
  resolve: {
    label: '怎么处理的（必填）',
    maxlength: 500,
    placeholder: '如：已打电话核实，电话已改正',
    testId: 'resolve',
    field: 'resolve-note',
    confirm: ['确认已处理', '正在保存…'],
    confirmClass: 'button',
    cancel: '先不处理',
  },
} as const

/** The reason for 退回 or the note for 已处理, with its confirm and back buttons. */
function TextForm(props: { kind: keyof typeof TEXT_FORMS; form: QueueItemForm; onConfirm: () => void }) {
  const { form } = props
  const words = TEXT_FORMS[props.kind]
  return (
    <View className='keeping-gap'>
      <TextAreaField
        label={words.label}
        value={form.state.text}
        onInput={form.typed}
        maxlength={words.maxlength}
        placeholder={words.placeholder}
        error={form.state.fieldError}
        testId={words.field}
      />
      <View className='queue-actions'>
        <View
          className={`${words.confirmClass}${form.busy ? ' button-disabled' : ''}`}
          role='button'
          data-testid={`${words.testId}-confirm`}
          onClick={props.onConfirm}
        >
          {form.busy ? words.confirm[1] : words.confirm[0]}
        </View>
        <View className='button button-secondary' role='button' data-testid={`${words.testId}-cancel`} onClick={() => form.open('idle')}>
          {words.cancel}
        </View>
      </View>
    </View>
  )
}

/**
 * One item of 待核实: a station's self-report with 核实 and 退回; kept facts the county's directory
 * contradicts; or a resident's correction with 已处理. The form and its request live in useQueueItem.
 */
export function QueueItem(props: {
  item: AdminQueueItem
  onDone: (words: string) => void
  onStale: (words: string) => void
  onEdit: (stationId: string) => void
  onSignedOut: () => void
}) {
  const { item } = props
  const form = useQueueItem(props)
  const name = item.station.name
  const { step } = form.state

  return (
    <View className='card queue-item' data-testid='queue-item' data-kind={item.kind} data-station-id={item.station.id}>
      {item.kind === 'station' ? <StationReportFacts item={item} /> : <CorrectionFacts item={item} onSignedOut={props.onSignedOut} />}
      {step === 'idle' && <ItemButtons item={item} form={form} onEdit={props.onEdit} />}
      {step === 'reject' && item.kind === 'station' && (
        <TextForm
          kind='reject'
          form={form}
          onConfirm={() =>
            form.actWithText(
              (reason) => rejectStationReport({ stationId: item.station.id, reason, version: item.keeping.version }),
              `已退回：${name}。服务站打开工作台就能看到退回的原因。`,
              '请写明退回的原因',
            )
          }
        />
      )}
      {step === 'resolve' && item.kind === 'correction' && (
        <TextForm
          kind='resolve'
          form={form}
          onConfirm={() => form.actWithText((note) => resolveCorrection({ id: item.correction.id, note }), `已处理：${name} 的纠错`, '请写明处理结果')}
        />
      )}
      {form.error && (
        <View className='notice notice-error keeping-gap' role='alert' data-testid='queue-item-error'>
          <Text>{form.error}</Text>
        </View>
      )}
    </View>
  )
}
