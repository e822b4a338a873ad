import { useCallback, useEffect, useReducer, useRef, type Dispatch } from 'react'
import type { Booking, Slot, SlotsResponse } from '../../../../contracts/bookings'
import { useAction } from '../../../hooks/use-action'
import {
  cancelBooking,
  deviceBooking,
  fetchBooking,
  fetchSlots,
  formatSlot,
  isBookingCode,
  normaliseBookingCode,
  rememberBooking,
  rescheduleBooking,
} from '../../../services/bookings'
import { failureMessage, RequestError } from '../../../services/http'
import { CANCEL_REASON_REQUIRED, cancelReason, type QuickCancelReason } from '../../components/cancel-reason'

/** What proves the booking is the user's: its code and the phone's last 4 digits. */
export interface Proof {
  code: string
  phoneLast4: string
}
export type EntryErrors = { code?: string; phoneLast4?: string }
/** The booking card shows its buttons (`view`), the cancel form or the reschedule form. */
export type LookupMode = 'view' | 'cancel' | 'reschedule'

export interface LookupState {
  code: string
  phoneLast4: string
  /** 用手机验证码查 (H5) is open */
  byPhone: boolean
  entryErrors: EntryErrors
  booking: Booking | null
  /** the code and digits the shown booking was found with: what cancelling and rescheduling send */
  proof: Proof | null
  /** what the last change did, in words */
  done: string | null
  mode: LookupMode
  quickReason: QuickCancelReason | null
  reasonText: string
  reasonError: string | null
  slots: SlotsResponse | null
  slotsError: string | null
  newSlot: Slot | null
}

export type LookupEvent =
  | { type: 'code-typed'; value: string }
  | { type: 'last4-typed'; value: string }
  | { type: 'phone-lookup-opened' }
  | { type: 'picked'; proof: Proof }
  | { type: 'entry-checked'; errors: EntryErrors }
  | { type: 'lookup-started' }
  | { type: 'found'; booking: Booking; proof: Proof }
  | { type: 'not-found' }
  | { type: 'cancel-opened' }
  | { type: 'form-closed' }
  | { type: 'reason-picked'; reason: QuickCancelReason }
  | { type: 'reason-typed'; text: string }
  | { type: 'reason-missing' }
  | { type: 'cancelled'; booking: Booking }
  | { type: 'reschedule-opened' }
  | { type: 'slots-loaded'; slots: SlotsResponse }
  | { type: 'slots-failed'; message: string }
  | { type: 'slot-chosen'; slot: Slot }
  | { type: 'slot-taken' }
  | { type: 'rescheduled'; booking: Booking }

/** The page as first shown: the code from the link, and the digits this device saved with it. */
export function initialLookupState(codeFromLink: string): LookupState {
  return {
    code: codeFromLink,
    phoneLast4: codeFromLink ? (deviceBooking(codeFromLink)?.phoneLast4 ?? '') : '',
    byPhone: false,
    entryErrors: {},
    booking: null,
    proof: null,
    done: null,
    mode: 'view',
    quickReason: null,
    reasonText: '',
    reasonError: null,
    slots: null,
    slotsError: null,
    newSlot: null,
  }
}

/** What is wrong with the code and digits typed, before asking the BFF. */
export function entryErrors(entered: Proof): EntryErrors {
  const errors: EntryErrors = {}
  if (!isBookingCode(entered.code)) errors.code = '预约码是 8 位字母和数字'
  if (!/^\d{4}$/.test(entered.phoneLast4)) errors.phoneLast4 = '请填写手机号后 4 位'
  return errors
}

export function lookupReducer(state: LookupState, event: LookupEvent): LookupState {
  switch (event.type) {
    case 'code-typed':
      return { ...state, code: normaliseBookingCode(event.value), entryErrors: { ...state.entryErrors, code: undefined } }
    case 'last4-typed':
      return { ...state, phoneLast4: event.value.replace(/\D/g, '').slice(0, 4), entryErrors: { ...state.entryErrors, phoneLast4: undefined } }
    case 'phone-lookup-opened':
      return { ...state, byPhone: true }
    case 'picked':
      return { ...state, code: event.proof.code, phoneLast4: event.proof.phoneLast4 }
    case 'entry-checked':
      return { ...state, entryErrors: event.errors }
    case 'lookup-started':
      return { ...state, done: null, mode: 'view' }
    case 'found':
      return { ...state, booking: event.booking, proof: event.proof }
    case 'not-found':
      return { ...state, booking: null }
    case 'cancel-opened':
      return { ...state, mode: 'cancel' }
    case 'form-closed':
      return { ...state, mode: 'view' }
    case 'reason-picked':
      // a second tap on the chosen reason takes it back
      return { ...state, quickReason: event.reason === state.quickReason ? null : event.reason, reasonError: null }
    case 'reason-typed':
      return { ...state, reasonText: event.text, reasonError: null }
    case 'reason-missing':
      return { ...state, reasonError: CANCEL_REASON_REQUIRED }
    case 'cancelled':
      return { ...state, booking: event.booking, mode: 'view', done: '预约已取消。需要的话可以重新预约。' }
    case 'reschedule-opened':
      // the times shown before stay until the new ones come
      return { ...state, mode: 'reschedule', newSlot: null, slotsError: null }
    case 'slots-loaded':
      return { ...state, slots: event.slots }
    case 'slots-failed':
      return { ...state, slotsError: event.message }
    case 'slot-chosen':
      return { ...state, newSlot: event.slot }
    case 'slot-taken':
      return { ...state, newSlot: null }
    case 'rescheduled':
      return { ...state, booking: event.booking, mode: 'view', done: `已改到 ${formatSlot({ start: event.booking.slotStart, end: event.booking.slotEnd })}。` }
  }
}

function remember(booking: Booking, phoneLast4: string): void {
  rememberBooking({ code: booking.code, phoneLast4, stationName: booking.stationName, stationId: booking.stationId, slotStart: booking.slotStart })
}

/**
 * What the page asks of the BFF — look up, cancel, reschedule — each turning its answer into events.
 * The three share one busy flag and one error line, as the page shows one at a time.
 */
function useLookupRequests(dispatch: Dispatch<LookupEvent>) {
  const lookup = useAction(async (entered: Proof) => {
    clearErrors()
    dispatch({ type: 'lookup-started' })
    try {
      const found = await fetchBooking(entered)
      dispatch({ type: 'found', booking: found, proof: entered })
      remember(found, entered.phoneLast4)
    } catch (failure) {
      dispatch({ type: 'not-found' })
      throw failure
    }
  }, '查询没有成功，请再试一次。')

  const cancel = useAction(async (sent: Proof & { reason: string }) => {
    clearErrors()
    dispatch({ type: 'cancelled', booking: await cancelBooking(sent) })
  }, '取消没有成功，请再试一次。')

  const reschedule = useAction(async (sent: Proof & { slotStart: string; stationId: string }) => {
    clearErrors()
    try {
      const moved = await rescheduleBooking({ code: sent.code, phoneLast4: sent.phoneLast4, slotStart: sent.slotStart })
      remember(moved, sent.phoneLast4)
      dispatch({ type: 'rescheduled', booking: moved })
    } catch (failure) {
      if (failure instanceof RequestError && failure.code === 'SLOT_FULL') {
        dispatch({ type: 'slot-taken' })
        void fetchSlots({ stationId: sent.stationId }).then(
          (slots) => dispatch({ type: 'slots-loaded', slots }),
          () => undefined,
        )
      }
      throw failure
    }
  }, '改期没有成功，请再试一次。')

  function clearErrors() {
    lookup.setError(null)
    cancel.setError(null)
    reschedule.setError(null)
  }

  return {
    lookup: lookup.run,
    cancel: cancel.run,
    reschedule: reschedule.run,
    busy: lookup.busy || cancel.busy || reschedule.busy,
    error: lookup.error ?? cancel.error ?? reschedule.error,
  }
}

/** 查找预约: the state (lookupReducer) and the requests (useLookupRequests), as the page's cards use them. */
export function useLookup(codeFromLink: string) {
  const [state, dispatch] = useReducer(lookupReducer, codeFromLink, initialLookupState)
  const { booking, proof } = state
  const requests = useLookupRequests(dispatch)

  const { lookup: runLookup } = requests
  const lookUp = useCallback(
    (entered: Proof) => {
      const errors = entryErrors(entered)
      dispatch({ type: 'entry-checked', errors })
      if (!errors.code && !errors.phoneLast4) void runLookup(entered)
    },
    [runLookup],
  )

  // opened from 我的 or the success screen: this device already holds the proof
  const autoLooked = useRef(false)
  useEffect(() => {
    if (autoLooked.current || !codeFromLink) return
    autoLooked.current = true
    const stored = deviceBooking(codeFromLink)
    if (stored) lookUp({ code: codeFromLink, phoneLast4: stored.phoneLast4 })
  }, [codeFromLink, lookUp])

  const openReschedule = async () => {
    if (!booking) return
    dispatch({ type: 'reschedule-opened' })
    try {
      dispatch({ type: 'slots-loaded', slots: await fetchSlots({ stationId: booking.stationId }) })
    } catch (failure) {
      dispatch({ type: 'slots-failed', message: failureMessage(failure, '没有取到可预约的时间，请再试一次。') })
    }
  }

  const confirmCancel = () => {
    if (!proof) return
    const reason = cancelReason({ quick: state.quickReason, text: state.reasonText })
    if (!reason) dispatch({ type: 'reason-missing' })
    else void requests.cancel({ ...proof, reason })
  }

  const confirmReschedule = () => {
    if (proof && state.newSlot && booking) void requests.reschedule({ ...proof, slotStart: state.newSlot.start, stationId: booking.stationId })
  }

  return { state, dispatch, busy: requests.busy, error: requests.error, lookUp, openReschedule, confirmCancel, confirmReschedule }
}

export type Lookup = ReturnType<typeof useLookup>
