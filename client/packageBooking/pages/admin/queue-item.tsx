import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { CORRECTION_FIELD_LABELS } from '../../../../contracts/station-keeping'
import { failureMessage, RequestError } from '../../../services/http'
import {
  isSignedOut,
  rejectStationReport,
  resolveCorrection,
  revealCorrectionPhone,
  verifyStation,
  type AdminQueueItem,
} from '../../../services/station-keeping'
import { stationPlace } from '../../../services/stations'
import { TextAreaField } from '../../components/fields'
import { actorWords, ChangeList, factChanges, formatWhen } from '../../components/station-form-facts'

/** The queue's key of an item: a station appears once, a correction once. */
export function queueKey(item: AdminQueueItem): string {
  return item.kind === 'station' ? `station:${item.station.id}` : `correction:${item.correction.id}`
}

/** The resident's call-back number, masked; 回电 shows the whole number (the server records who looked) and dials it. */
function CallbackPhone(props: { correctionId: string; masked: string; onSignedOut: () => void }) {
  const [phone, setPhone] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const reveal = async () => {
    setError(null)
    try {
      setPhone(await revealCorrectionPhone(props.correctionId))
    } catch (failure) {
      if (isSignedOut(failure)) props.onSignedOut()
      else setError(failureMessage(failure, '没有取到号码，请稍后再试'))
    }
  }
  return (
    <View>
      <Text className='muted'>留的回电号码：{phone ?? props.masked}</Text>
      {phone === null ? (
        <View className='button button-secondary' role='button' data-testid='callback-reveal' onClick={() => void reveal()}>
          回电
        </View>
      ) : (
        <View
          className='button'
          role='button'
          data-testid='callback-call'
          onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}
        >
          拨打 {phone}
        </View>
      )}
      {error && <Text className='field-error'>{error}</Text>}
    </View>
  )
}

type Step = { kind: 'idle' } | { kind: 'reject' } | { kind: 'resolve' }

/**
 * One item of 待核实: a station's self-report (before → after, who, when) with 核实 and 退回; kept
 * facts the county's directory contradicts; or a resident's correction with 已处理. `onDone` takes
 * the words for the notice once the item has left the queue; `onStale` when someone else dealt
 * with it meanwhile (the queue is read again).
 */
export function QueueItem(props: {
  item: AdminQueueItem
  onDone: (words: string) => void
  onStale: (words: string) => void
  onEdit: (stationId: string) => void
  onSignedOut: () => void
}) {
  const { item } = props
  const [step, setStep] = useState<Step>({ kind: 'idle' })
  const [text, setText] = useState('')
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const act = async (run: () => Promise<unknown>, done: string) => {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      await run()
      props.onDone(done)
    } catch (failure) {
      if (isSignedOut(failure)) props.onSignedOut()
      else if (failure instanceof RequestError && failure.status === 409) props.onStale(failure.message)
      else if (failure instanceof RequestError && failure.fields?.length) setFieldError(failure.fields[0].message)
      else setError(failureMessage(failure, '没有办成，请再试一次。'))
    } finally {
      setBusy(false)
    }
  }

  const open = (kind: Step['kind']) => {
    setStep({ kind })
    setText('')
    setFieldError(null)
    setError(null)
  }

  const name = item.station.name
  const required = (message: string): boolean => {
    if (text.trim()) return true
    setFieldError(message)
    return false
  }

  return (
    <View className='card queue-item' data-testid='queue-item' data-kind={item.kind} data-station-id={item.station.id}>
      {item.kind === 'station' ? (
        <>
          <Text className={`queue-kind${item.reason === 'conflict' ? ' queue-kind-conflict' : ''}`}>
            {item.reason === 'conflict' ? '和县里名录不一致' : '服务站自报'}
          </Text>
          <Text className='text keeping-station-name'>{name}</Text>
          <Text className='muted'>{stationPlace(item.station)}</Text>
          <Text className='muted' data-testid='queue-who'>
            {item.keeping.reportedAt ? `${formatWhen(item.keeping.reportedAt)} ` : ''}
            {actorWords(item.keeping.reportedBy)}
            {item.reason === 'conflict' ? ' 填写；县里名录后来写的不一样' : ' 填写'}
          </Text>
          {item.reason === 'conflict' && item.keeping.conflict ? (
            <ChangeList
              changes={factChanges(item.keeping.conflict.directory, item.after)}
              beforeLabel='县里名录'
              afterLabel='现在显示'
              testId='queue-changes'
            />
          ) : (
            <ChangeList changes={factChanges(item.before, item.after)} testId='queue-changes' />
          )}
        </>
      ) : (
        <>
          <Text className='queue-kind queue-kind-correction'>居民纠错</Text>
          <Text className='text keeping-station-name'>{name}</Text>
          <Text className='muted'>
            {formatWhen(item.correction.createdAt)} · {CORRECTION_FIELD_LABELS[item.correction.field]}
            {item.correction.reports > 1 ? ` · ${item.correction.reports} 人报了同样的内容` : ''}
          </Text>
          <Text className='text' data-testid='correction-message'>
            {item.correction.message}
          </Text>
          {item.correction.callbackPhone && (
            <CallbackPhone correctionId={item.correction.id} masked={item.correction.callbackPhone} onSignedOut={props.onSignedOut} />
          )}
        </>
      )}

      {step.kind === 'idle' && (
        <>
          {item.kind === 'station' ? (
            <View className='queue-actions'>
              <View
                className={`button${busy ? ' button-disabled' : ''}`}
                role='button'
                data-testid='queue-verify'
                onClick={() => void act(() => verifyStation({ stationId: item.station.id, version: item.keeping.version }), `已核实：${name}`)}
              >
                {busy ? '正在核实…' : item.reason === 'conflict' ? '保留现在的（核实）' : '核实'}
              </View>
              <View className='button button-secondary' role='button' data-testid='queue-reject' onClick={() => open('reject')}>
                {item.reason === 'conflict' ? '改用名录的' : '退回'}
              </View>
            </View>
          ) : (
            <View className='queue-actions'>
              <View className='button' role='button' data-testid='queue-resolve' onClick={() => open('resolve')}>
                已处理
              </View>
            </View>
          )}
          <View className='button button-secondary' role='button' data-testid='queue-edit' onClick={() => props.onEdit(item.station.id)}>
            修改这个服务站的信息
          </View>
        </>
      )}

      {step.kind === 'reject' && item.kind === 'station' && (
        <View className='keeping-gap'>
          <TextAreaField
            label='退回的原因（必填，服务站能看到）'
            value={text}
            onInput={setText}
            maxlength={200}
            placeholder='如：电话打不通，请核对后重新填写'
            error={fieldError}
            testId='reject-reason'
          />
          <View className='queue-actions'>
            <View
              className={`button button-danger${busy ? ' button-disabled' : ''}`}
              role='button'
              data-testid='reject-confirm'
              onClick={() => {
                if (required('请写明退回的原因'))
                  void act(
                    () => rejectStationReport({ stationId: item.station.id, reason: text.trim(), version: item.keeping.version }),
                    `已退回：${name}。服务站打开工作台就能看到退回的原因。`,
                  )
              }}
            >
              {busy ? '正在退回…' : '确认退回'}
            </View>
            <View className='button button-secondary' role='button' data-testid='reject-cancel' onClick={() => open('idle')}>
              不退回了
            </View>
          </View>
        </View>
      )}

      {step.kind === 'resolve' && item.kind === 'correction' && (
        <View className='keeping-gap'>
          <TextAreaField
            label='怎么处理的（必填）'
            value={text}
            onInput={setText}
            maxlength={500}
            placeholder='如：已打电话核实，电话已改正'
            error={fieldError}
            testId='resolve-note'
          />
          <View className='queue-actions'>
            <View
              className={`button${busy ? ' button-disabled' : ''}`}
              role='button'
              data-testid='resolve-confirm'
              onClick={() => {
                if (required('请写明处理结果')) void act(() => resolveCorrection({ id: item.correction.id, note: text.trim() }), `已处理：${name} 的纠错`)
              }}
            >
              {busy ? '正在保存…' : '确认已处理'}
            </View>
            <View className='button button-secondary' role='button' data-testid='resolve-cancel' onClick={() => open('idle')}>
              先不处理
            </View>
          </View>
        </View>
      )}

      {error && (
        <View className='notice notice-error keeping-gap' role='alert' data-testid='queue-item-error'>
          <Text>{error}</Text>
        </View>
      )}
    </View>
  )
}
