import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { BOOKING_STATUS_LABELS, MATTER_LABELS } from '../../../contracts/bookings'
import { formatChinaTime } from '../../../contracts/china-time'
import { formatTime } from '../../services/bookings'
import { ask, DialogError } from '../../services/dialogs'
import { MODAL_TEXTS } from '../../services/interaction-texts'
import { RequestError } from '../../services/http'
import { useAction } from '../../hooks/use-action'
import { revealBookingPhone, undoStaffBooking, updateStaffBooking, type StaffBooking, type StaffStatusMove } from '../../services/staff'
import { StatusBadge } from './booking-details'
import { StaffCancelPanel } from './staff-cancel'

const ACTION_LABELS: Readonly<Record<StaffStatusMove, string>> = { confirmed: '确认', done: '已办结', no_show: '未到场' }
const AGENT_ROLE_LABELS: Readonly<Record<string, string>> = { volunteer: '法律明白人', staff: '工作人员', family: '家人', other: '其他' }

/** 已办结 and 未到场 say how the consultation went: asked once more before they are sent. */
const CONFIRMATIONS = {
  done: {
    ...MODAL_TEXTS.markDone,
    content: (booking: StaffBooking) => `${booking.name}（${formatTime(booking.slotStart)}）已到场，这次咨询办完了。标错了可以当天撤销。`,
  },
  no_show: { ...MODAL_TEXTS.markNoShow, content: (booking: StaffBooking) => `${booking.name}（${formatTime(booking.slotStart)}）没有来。标错了可以当天撤销。` },
} as const

/** Whether a booking's slot has begun at `now` (ms): 已办结 and 未到场 are offered from then on (the server refuses them before). */
export function slotStarted(booking: Pick<StaffBooking, 'slotStart'>, now: number): boolean {
  return Date.parse(booking.slotStart) <= now
}

/** What a booking can become from where it is, at `now`; the server enforces the same. */
export function nextMoves(booking: Pick<StaffBooking, 'status' | 'slotStart'>, now: number): StaffStatusMove[] {
  const outcomes: StaffStatusMove[] = slotStarted(booking, now) ? ['done', 'no_show'] : []
  if (booking.status === 'booked') return ['confirmed', ...outcomes]
  if (booking.status === 'confirmed') return outcomes
  return []
}

/** About two lines of a 375 px phone at the normal size: a longer note is clamped, with 展开. */
const NOTE_CLAMP_CHARACTERS = 36

/** Whether a resident's note is long enough to clamp to two lines (characters, not UTF-16 units: an emoji is one). */
export function noteNeedsClamp(note: string): boolean {
  return note.includes('\n') || Array.from(note).length > NOTE_CLAMP_CHARACTERS
}

/** The resident's note (up to 500 characters): two lines in the week, the whole of it on 展开. */
function BookingNote(props: { note: string }) {
  const [open, setOpen] = useState(false)
  const clamp = noteNeedsClamp(props.note)
  return (
    <View className='staff-note'>
      <Text className={`text${clamp && !open ? ' staff-note-clamped' : ''}`} data-testid='staff-note'>
        {props.note}
      </Text>
      {clamp && (
        <View className='link staff-note-toggle' role='button' aria-expanded={open} data-testid='staff-note-toggle' onClick={() => setOpen(!open)}>
          {open ? '收起' : '展开'}
        </View>
      )}
    </View>
  )
}

/** Who moved the booking last, and when (China time): `李明 12月7日 14:05 标记为“已办结”`. */
export function staffChangeWords(change: NonNullable<StaffBooking['lastStaffChange']>): string {
  const local = formatChinaTime(new Date(change.at))
  const when = `${Number(local.slice(5, 7))}月${Number(local.slice(8, 10))}日 ${local.slice(11, 16)}`
  return `${change.by} ${when} ${change.undid ? `撤销了上一次改动，改回“${BOOKING_STATUS_LABELS[change.to]}”` : `标记为“${BOOKING_STATUS_LABELS[change.to]}”`}`
}

/** A phone the server masked (`138****8000`); an erased one (（已删除）) has nothing to call. */
const MASKED_PHONE = /^\d{3}\*{4}\d{4}$/

function call(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber }).catch(() => {
    // the staff member closed the dialer
  })
}

/** A request that signs the staff member out on 401 and otherwise fails with the server's words (or `fallback`). */
function useRowAction<Args extends unknown[]>(perform: (...args: Args) => Promise<void>, onSignedOut: () => void, fallback: string) {
  return useAction(async (...args: Args) => {
    try {
      await perform(...args)
    } catch (failure) {
      if (failure instanceof RequestError && failure.status === 401) onSignedOut()
      else throw failure
    }
  }, fallback)
}

/**
 * What a row asks of the BFF — a move (after its confirmation), 撤销, 回电 — one at a time, with one
 * error line; `busy` names the one running. The revealed number stays in this row's memory only.
 */
function useRowActions(props: { booking: StaffBooking; onChange: (updated: StaffBooking) => void; onSignedOut: () => void }) {
  const { booking, onChange, onSignedOut } = props
  const [phone, setPhone] = useState<string | null>(null)
  const [moving, setMoving] = useState<StaffStatusMove | null>(null)
  const moveAction = useRowAction(
    async (status: StaffStatusMove) => onChange(await updateStaffBooking({ id: booking.id, status })),
    onSignedOut,
    '没有改成功，请再试一次。',
  )
  const undoAction = useRowAction(async () => onChange(await undoStaffBooking(booking.id)), onSignedOut, '没有撤销成功，请再试一次。')
  const revealAction = useRowAction(async () => setPhone(await revealBookingPhone(booking.id)), onSignedOut, '没有取到电话号码，请再试一次。')
  const actions = [moveAction, undoAction, revealAction]
  const busy: StaffStatusMove | 'undo' | 'reveal' | null = moveAction.busy ? moving : undoAction.busy ? 'undo' : revealAction.busy ? 'reveal' : null
  /** starts one request, the others' errors cleared (the row shows one line) */
  const start = <Args extends unknown[]>(action: { run: (...args: Args) => Promise<unknown> }, ...args: Args) => {
    if (busy) return
    actions.forEach((other) => other.setError(null))
    void action.run(...args)
  }

  const move = async (status: StaffStatusMove) => {
    if (status !== 'confirmed') {
      const words = CONFIRMATIONS[status]
      let confirm: boolean
      try {
        confirm = await ask({ title: words.title, content: words.content(booking), confirmText: words.confirmText, cancelText: words.cancelText })
      } catch (failure) {
        // no dialog opened: nothing changed, and the row says so (never a silent 取消)
        moveAction.setError(failure instanceof DialogError ? failure.message : String(failure))
        return
      }
      if (!confirm) return
    }
    setMoving(status)
    start(moveAction, status)
  }

  return {
    phone,
    busy,
    error: moveAction.error ?? undoAction.error ?? revealAction.error,
    move: (status: StaffStatusMove) => {
      if (!busy) void move(status)
    },
    undo: () => start(undoAction),
    reveal: () => start(revealAction),
  }
}

/** Who, when, what: the booking's facts, the resident's note, who acts for them, who changed it last. */
function BookingFacts(props: { booking: StaffBooking }) {
  const { booking } = props
  return (
    <>
      <View className='row'>
        <Text className='staff-time'>
          {formatTime(booking.slotStart)}–{formatTime(booking.slotEnd)}
        </Text>
        <StatusBadge status={booking.status} />
      </View>
      <Text className='text staff-name'>
        {booking.name} · {booking.phone}
      </Text>
      <Text className='muted'>
        {MATTER_LABELS[booking.matter]} · 预约码 {booking.code}
      </Text>
      {booking.description && <BookingNote note={booking.description} />}
      {booking.proxy && (
        <Text className='muted'>
          代办：{booking.proxy.agentName}（{AGENT_ROLE_LABELS[booking.proxy.agentRole] ?? booking.proxy.agentRole}）
        </Text>
      )}
      {booking.lastStaffChange && (
        <Text className='muted' data-testid='staff-last-change'>
          {staffChangeWords(booking.lastStaffChange)}
        </Text>
      )}
    </>
  )
}

/** 取消预约 while the booking is active: the button, or the panel it opens. */
function CancelSection(props: {
  booking: StaffBooking
  onChange: (updated: StaffBooking) => void
  onSignedOut: () => void
  onCancelled?: (cancelled: StaffBooking[]) => void
}) {
  const { booking } = props
  const [cancelling, setCancelling] = useState(false)
  if (booking.status !== 'booked' && booking.status !== 'confirmed') return null
  if (!cancelling) {
    return (
      <View className='button button-secondary staff-gap' role='button' data-testid='staff-cancel-open' onClick={() => setCancelling(true)}>
        取消预约
      </View>
    )
  }
  return (
    <StaffCancelPanel
      booking={booking}
      onClose={() => setCancelling(false)}
      onSignedOut={props.onSignedOut}
      onCancelled={(cancelled) => {
        setCancelling(false)
        if (props.onCancelled) props.onCancelled(cancelled)
        else cancelled.filter((entry) => entry.id === booking.id).forEach(props.onChange)
      }}
    />
  )
}

/**
 * One booking on the staff page: who, when, what; 确认 / 已办结 / 未到场 (the last two from the
 * slot's start, after a confirmation); 撤销 while the last change can be undone (the server says
 * so in `undo`); 回电, which fetches the whole number (recorded by the server) and offers 拨打. The
 * number stays in this row's memory only. 取消预约 (while active) cancels it, or every upcoming one
 * of its phone or its network, with a reason the resident sees; `onCancelled` gets them all.
 */
export function StaffBookingRow(props: {
  booking: StaffBooking
  now: number
  onChange: (updated: StaffBooking) => void
  onSignedOut: () => void
  onCancelled?: (cancelled: StaffBooking[]) => void
}) {
  const { booking } = props
  const { busy, error, phone, ...act } = useRowActions(props)
  const moves = nextMoves(booking, props.now)
  const waiting = !slotStarted(booking, props.now) && (booking.status === 'booked' || booking.status === 'confirmed')
  const disabled = busy ? ' button-disabled' : ''
  return (
    <View className='staff-booking' data-testid='staff-booking'>
      <BookingFacts booking={booking} />
      {error && (
        <Text className='notice notice-error' data-testid='staff-booking-error'>
          {error}
        </Text>
      )}
      {moves.length > 0 && (
        <View className='button-row'>
          {moves.map((status) => (
            <View
              key={status}
              className={`button${status === 'confirmed' ? '' : ' button-secondary'}${disabled}`}
              role='button'
              data-testid={`staff-action-${status}`}
              onClick={() => act.move(status)}
            >
              {busy === status ? '…' : ACTION_LABELS[status]}
            </View>
          ))}
        </View>
      )}
      {waiting && <Text className='muted staff-hint'>时段开始（{formatTime(booking.slotStart)}）后才能标记已办结或未到场。</Text>}
      {booking.undo && (
        <View className={`button button-secondary staff-gap${disabled}`} role='button' data-testid='staff-undo' onClick={act.undo}>
          {busy === 'undo' ? '正在撤销…' : `撤销，改回“${BOOKING_STATUS_LABELS[booking.undo.restores]}”`}
        </View>
      )}
      <CancelSection booking={booking} onChange={props.onChange} onSignedOut={props.onSignedOut} onCancelled={props.onCancelled} />
      {phone ? (
        <View className='button staff-gap' role='button' data-testid='staff-call' onClick={() => call(phone)}>
          拨打 {phone}
        </View>
      ) : (
        MASKED_PHONE.test(booking.phone) && (
          <View className={`button button-secondary staff-gap${disabled}`} role='button' data-testid='staff-reveal' onClick={act.reveal}>
            {busy === 'reveal' ? '正在取号码…' : '回电'}
          </View>
        )
      )}
    </View>
  )
}
