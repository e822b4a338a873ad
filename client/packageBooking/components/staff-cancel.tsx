import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { ChoiceGrid, type Choice } from '../../components/choice-grid'
import { formatTime } from '../../services/bookings'
import { ask, DialogError } from '../../services/dialogs'
import { useAction } from '../../hooks/use-action'
import { RequestError } from '../../services/http'
import { MODAL_TEXTS } from '../../services/interaction-texts'
import { cancelStaffBookings, type StaffBooking, type StaffCancelScope } from '../../services/staff'
import { TextField } from './fields'

/** What staff can cancel from one booking; 同一网络 is the network the booking came from (staff never see the address). */
export const STAFF_CANCEL_SCOPES: readonly Choice<StaffCancelScope>[] = [
  { value: 'booking', label: '只取消这一个' },
  { value: 'phone', label: '这个手机号今后的全部预约' },
  { value: 'address', label: '同一网络今后的全部预约' },
]

/** The server's limit on the reason (contracts/bookings staffCancelRequestSchema). */
const REASON_MAX = 100

/** What the confirmation says will happen: who is cancelled, what the resident will read, and that it cannot be undone. */
export function staffCancelWords(params: { booking: Pick<StaffBooking, 'name' | 'slotStart'>; scope: StaffCancelScope; reason: string }): string {
  const who =
    params.scope === 'booking'
      ? `${params.booking.name}（${formatTime(params.booking.slotStart)}）的这个预约`
      : params.scope === 'phone'
        ? `用${params.booking.name}这个手机号在本站今后的全部预约`
        : `和这个预约来自同一网络的、本站今后的全部预约（同村共用网络的邻居也会被取消，请先核实）`
  return `将取消${who}。预约人查询时会看到“服务站取消：${params.reason}”。名额马上放出，不能撤销。`
}

/**
 * 取消预约 on one booking of the staff page: what to cancel (this one, its phone's, its network's),
 * a reason the resident will read, one confirmation, then the cancelled bookings go to the list.
 */
export function StaffCancelPanel(props: {
  booking: StaffBooking
  onCancelled: (cancelled: StaffBooking[]) => void
  onClose: () => void
  onSignedOut: () => void
}) {
  const [scope, setScope] = useState<StaffCancelScope>('booking')
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | null>(null)
  const cancelling = useAction(async (text: string) => {
    try {
      props.onCancelled(await cancelStaffBookings({ id: props.booking.id, scope, reason: text }))
    } catch (failure) {
      if (failure instanceof RequestError && failure.status === 401) return props.onSignedOut()
      const field = failure instanceof RequestError ? failure.fields?.find((entry) => entry.path === 'reason') : undefined
      if (field) setReasonError(field.message)
      throw failure
    }
  }, '没有取消成功，请再试一次。')
  const { busy, error, setError } = cancelling

  const submit = async () => {
    if (busy) return
    const text = reason.trim()
    if (!text) {
      setReasonError('请写明取消原因，预约人会看到')
      return
    }
    setError(null)
    let confirmed: boolean
    try {
      confirmed = await ask({ ...MODAL_TEXTS.staffCancel, content: staffCancelWords({ booking: props.booking, scope, reason: text }) })
    } catch (failure) {
      // no dialog opened: nothing was cancelled, and the panel says so
      setError(failure instanceof DialogError ? failure.message : String(failure))
      return
    }
    if (confirmed) await cancelling.run(text)
  }

  return (
    <View className='staff-cancel' data-testid='staff-cancel'>
      <Text className='subtitle'>取消预约</Text>
      <ChoiceGrid choices={STAFF_CANCEL_SCOPES} value={scope} onChange={setScope} columns={1} label='取消哪些预约' testIdPrefix='staff-cancel-scope' />
      <TextField
        label='取消原因（预约人会看到）'
        value={reason}
        onInput={(value) => {
          setReason(value)
          setReasonError(null)
        }}
        maxlength={REASON_MAX}
        placeholder='例如：同一号码大量预约，已核实不是本人'
        error={reasonError}
        testId='staff-cancel-reason'
      />
      {error && (
        <Text className='notice notice-error' data-testid='staff-cancel-error'>
          {error}
        </Text>
      )}
      <View className='button-row'>
        <View className={`button${busy ? ' button-disabled' : ''}`} role='button' data-testid='staff-cancel-submit' onClick={() => void submit()}>
          {busy ? '正在取消…' : '取消预约'}
        </View>
        <View className='button button-secondary' role='button' data-testid='staff-cancel-close' onClick={props.onClose}>
          不取消了
        </View>
      </View>
    </View>
  )
}
