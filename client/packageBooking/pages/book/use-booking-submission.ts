import { useRef, useState } from 'react'
import type { Booking, BookingCreated, Slot } from '../../../../contracts/bookings'
import { askForBookingReminders, createBooking, newIdempotencyKey, rememberBooking, slotsOfferedBy, type NewBooking } from '../../../services/bookings'
import { RequestError } from '../../../services/http'
import type { DraftCheck, FieldErrors } from './use-booking-draft'

/** What the last 确认预约 got back when it did not book: the words, and whether 重试 may resend. */
export interface SubmitProblem {
  message: string
  canRetry: boolean
}

/** 409 SLOT_FULL: the chosen slot filled up meanwhile; the server offers the next free ones. */
export interface SlotFullNotice {
  message: string
  nextSlots: Slot[]
}

/** What to do about a failed send (see useBookingSubmission). `replayable`: an earlier body went unanswered and this is another one. */
export type SendFailure =
  | { kind: 'retry'; message: string; keepBody: boolean }
  | { kind: 'replay' }
  | { kind: 'slot-full'; notice: SlotFullNotice }
  | { kind: 'refused'; message: string; fieldErrors: FieldErrors | null }

export function sendFailure(failure: unknown, replayable: boolean): SendFailure {
  if (!(failure instanceof RequestError)) return { kind: 'retry', message: '出了点问题，请点“重试”。', keepBody: true }
  const unanswered = failure.failure !== 'http' || (failure.status ?? 0) >= 500
  // no answer (or a broken one): the booking may or may not exist — only the same key may ask again
  if (unanswered || failure.status === 429) return { kind: 'retry', message: failure.message, keepBody: unanswered }
  // the earlier, unanswered submission did go through: fetch its booking with its own body
  if (failure.code === 'IDEMPOTENCY_KEY_REUSED' && replayable) return { kind: 'replay' }
  if (failure.code === 'SLOT_FULL') return { kind: 'slot-full', notice: { message: failure.message, nextSlots: slotsOfferedBy(failure) } }
  const fieldErrors = failure.fields && failure.fields.length > 0 ? Object.fromEntries(failure.fields.map((field) => [field.path, field.message])) : null
  return { kind: 'refused', message: failure.message, fieldErrors }
}

function rememberCreated(created: BookingCreated, body: NewBooking): void {
  rememberBooking({
    code: created.code,
    phoneLast4: body.phone.trim().slice(-4),
    stationName: created.stationName,
    stationId: created.stationId,
    slotStart: created.slotStart,
    manageToken: created.manageToken,
  })
}

/**
 * 确认预约 and 重试: how a booking is sent so that a lost answer never books twice.
 *
 * - One `Idempotency-Key` per submission, reused by every retry until a booking comes back (never
 *   regenerated on a failure): if a lost answer hid a booking, the retry gets that booking.
 * - A body sent without an answer (offline, timeout, 5xx, broken answer) is kept: 重试 resends it
 *   byte for byte. 429 offers 重试 too, but the body was refused, so 重试 checks and sends afresh.
 * - `IDEMPOTENCY_KEY_REUSED` after such an unanswered body (the user changed something and sent
 *   again with the same key): the earlier submission did go through, so that body is sent again
 *   to fetch its booking, and the success screen says no second booking was made.
 * - `SLOT_FULL`: the slot is unselected, the offered next slots are shown, the slots reloaded.
 * - Other 4xx with fields: the errors go next to their fields (the page moves to the step).
 */
export function useBookingSubmission(handlers: {
  /** checks the draft; nothing is sent unless it is complete */
  check: () => DraftCheck
  onBooked: (booking: Booking) => void
  onSlotFull: () => void
  onFieldErrors: (errors: FieldErrors) => void
  /** mini program with SMS on: always send a wx.login code (the WeChat identity proves the booker) */
  wechatIdentity?: () => boolean
}) {
  const [submitting, setSubmitting] = useState(false)
  const [problem, setProblem] = useState<SubmitProblem | null>(null)
  const [slotFull, setSlotFull] = useState<SlotFullNotice | null>(null)
  const [booking, setBooking] = useState<Booking | null>(null)
  const [replayed, setReplayed] = useState(false)

  const idempotencyKey = useRef<string | null>(null)
  // the body last sent without an answer: what 重试 resends, byte for byte
  const unanswered = useRef<NewBooking | null>(null)

  // not useAction: a replay sends again from inside a send, and each failure has its own notice
  const send = async (body: NewBooking): Promise<void> => {
    idempotencyKey.current ??= newIdempotencyKey()
    setSubmitting(true)
    setProblem(null)
    setSlotFull(null)
    try {
      const created = await createBooking({ booking: body, idempotencyKey: idempotencyKey.current })
      idempotencyKey.current = null
      unanswered.current = null
      rememberCreated(created, body)
      setBooking(created)
      handlers.onBooked(created)
    } catch (failure) {
      const outcome = sendFailure(failure, unanswered.current !== null && unanswered.current !== body)
      if (outcome.kind === 'retry') {
        if (outcome.keepBody) unanswered.current = body
        setProblem({ message: outcome.message, canRetry: true })
      } else if (outcome.kind === 'replay' && unanswered.current) {
        setReplayed(true)
        await send(unanswered.current)
      } else if (outcome.kind === 'slot-full') {
        setSlotFull(outcome.notice)
        handlers.onSlotFull()
      } else if (outcome.kind === 'refused') {
        if (outcome.fieldErrors) handlers.onFieldErrors(outcome.fieldErrors)
        setProblem({ message: outcome.message, canRetry: false })
      }
    } finally {
      setSubmitting(false)
    }
  }

  const submit = async () => {
    if (submitting) return
    const checked = handlers.check()
    if (!checked.ok) {
      if (checked.notice) setProblem({ message: checked.notice, canRetry: false })
      return
    }
    // mini program: the reminder subscription must be asked inside this tap, before anything else
    const wechat = await askForBookingReminders({ identity: handlers.wechatIdentity?.() === true })
    await send({
      ...checked.body,
      ...(wechat.wechatCode ? { wechatCode: wechat.wechatCode } : {}),
      ...(wechat.remindersAccepted !== undefined ? { remindersAccepted: wechat.remindersAccepted } : {}),
    })
  }

  return {
    submitting,
    problem,
    slotFull,
    booking,
    /** the booking shown is the one an earlier, unanswered submission made */
    replayed,
    submit,
    retry: () => {
      if (unanswered.current) void send(unanswered.current)
      else void submit()
    },
    /** the user changed the form: "还有几处没填好" and other refusals go, a 重试 offer stays */
    dismissRefusal: () => setProblem((current) => (current && !current.canRetry ? null : current)),
    /** a new slot was chosen: neither notice applies any more */
    clearNotices: () => {
      setSlotFull(null)
      setProblem(null)
    },
  }
}
