import {
  BOOKING_STATUS_LABELS,
  type BookingStatus,
  type StaffBooking,
  type StaffBookingsResponse,
  type StaffCancelResponse,
  type StaffCancelScope,
  type StaffStatusMove,
  STATION_CANCEL_PREFIX,
} from '../../contracts/bookings'
import { addDays, chinaDate, chinaInstant, formatChinaTime } from '../../contracts/china-time'
import type { User } from '../auth/user.repository'
import { AppError } from '../errors/app-error'
import { isBookingPersonalDataExpired } from '../retention/retention-rules'
import type { BookingRow } from './booking.repository'
import { toBooking } from './booking-view'
import type { StaffDeskRepository, StatusDecision, StatusMoveOutcome } from './staff-desk.repository'
import type { StatusChangeRow } from './status-log.repository'
import type { AppMetrics } from '../metrics/metrics'

/** What a booking can become from where it is; the page offers the same. */
const MOVES_FROM: Readonly<Record<StaffStatusMove, readonly BookingStatus[]>> = {
  confirmed: ['booked'],
  done: ['booked', 'confirmed'],
  no_show: ['booked', 'confirmed'],
}

/** 已办结 and 未到场 say what happened at the consultation: not before its slot has started. */
const NEEDS_SLOT_STARTED: ReadonlySet<StaffStatusMove> = new Set(['done', 'no_show'])

const STAFF_MOVE_LABELS: Readonly<Record<StaffStatusMove, string>> = { confirmed: '已确认', done: '已办结', no_show: '未到场' }

/** `2026-11-27T09:00:00+08:00` → `11月27日 09:00` */
function chinaDayAndTime(slotStart: string): string {
  return `${Number(slotStart.slice(5, 7))}月${Number(slotStart.slice(8, 10))}日 ${slotStart.slice(11, 16)}`
}

function statusLabel(status: string): string {
  return BOOKING_STATUS_LABELS[status as BookingStatus] ?? status
}

/**
 * Why the booking's last status change cannot be undone at `now`, or null when it can. The rule:
 * the last change was a staff move (not the resident's cancel or reschedule, not an undo), made
 * the same China date as `now` at this booking's station, and the booking still has the status it
 * gave. Any staff member of the station may undo a colleague's change.
 */
export function undoRefusal(params: { row: Pick<BookingRow, 'status' | 'station_id'>; last: StatusChangeRow | null; now: Date }): string | null {
  const { row, last, now } = params
  if (!last) return '这个预约还没有改过状态，没有可以撤销的改动'
  if (last.actor !== 'staff') return `最后一次改动是预约人自己${last.to_status === 'cancelled' ? '取消预约' : '改期'}，不能撤销`
  if (last.to_status === 'cancelled') return '服务站取消的预约不能撤销：名额已经放出，请让预约人重新预约'
  if (last.undoes) return '最后一次改动已经撤销过了'
  if (last.station_id !== row.station_id) return '最后一次改动不是本服务站做的，不能撤销'
  const changedOn = chinaDate({ now: new Date(last.changed_at) })
  if (changedOn !== chinaDate({ now }))
    return `只能撤销当天（北京时间）的改动；这次改动是 ${Number(changedOn.slice(5, 7))}月${Number(changedOn.slice(8, 10))}日 做的`
  if (row.status !== last.to_status) return `预约现在是“${statusLabel(row.status)}”，已经不是那次改动的结果，不能撤销`
  return null
}

function refuse(error: AppError): StatusDecision<AppError> {
  return { kind: 'refuse', refusal: error }
}

/**
 * 回电 per staff member per China day, counted by booking (seeing one again that day is free): more
 * than a township station's day of bookings, so a real desk never meets it, while a loop that
 * copies out every resident's number stops at 30 and leaves a trail the county sees.
 */
export const REVEALS_PER_DAY = 30

const noSuchBooking = () => AppError.notFound('没有这个预约')

/**
 * The staff page's rules, always within the signed-in staff member's own station (another station's
 * booking is 404, as if it did not exist): the days' list, status moves — 已办结 and 未到场 only once
 * the slot has started — their same-day undo, and 回电 (one booking's whole phone, recorded).
 */
export class StaffDesk {
  /** `metrics`: staff's cancels are counted for /metrics */
  constructor(private readonly deps: { repository: StaffDeskRepository; now: () => Date; metrics?: AppMetrics }) {}

  private stationOf(user: User): string {
    if (user.role !== 'staff' || !user.stationId) throw AppError.notFound()
    return user.stationId
  }

  /** `names`: the staff's names by user id, for who made the last change. */
  private staffBooking(row: BookingRow, last: StatusChangeRow | null, now: Date, names: ReadonlyMap<string, string>): StaffBooking {
    const undoable = last !== null && undoRefusal({ row, last, now }) === null
    const by = last?.actor === 'staff' && last.changed_by !== null ? names.get(last.changed_by) : undefined
    return {
      ...toBooking(row),
      id: row.id,
      undo: undoable ? { restores: last.from_status as BookingStatus, changedAt: last.changed_at } : null,
      lastStaffChange: last && by !== undefined ? { by, at: last.changed_at, to: last.to_status as BookingStatus, undid: last.undoes !== null } : null,
    }
  }

  /**
   * `days` China dates from `from` (default: today in China by the BFF's clock, one day); `date`
   * is the first version's name for `from`. Slots are stored as Shanghai text, so a day is the
   * text range [`<day>T00:00:00+08:00`, `<next day>T00:00:00+08:00`).
   */
  async bookings(params: { user: User; date?: string; from?: string; days?: number }): Promise<StaffBookingsResponse> {
    const stationId = this.stationOf(params.user)
    const now = this.deps.now()
    const today = chinaDate({ now })
    const from = params.from ?? params.date ?? today
    const days = params.days ?? 1
    const to = addDays({ date: from, days: days - 1 })
    const { rows, lastChanges } = await this.deps.repository.listForStation({
      stationId,
      from: `${from}T00:00:00+08:00`,
      to: `${addDays({ date: to, days: 1 })}T00:00:00+08:00`,
    })
    const names = await this.deps.repository.staffNames(
      [...lastChanges.values()].flatMap((change) => (change.actor === 'staff' && change.changed_by !== null ? [change.changed_by] : [])),
    )
    return { date: from, from, to, days, today, bookings: rows.map((row) => this.staffBooking(row, lastChanges.get(row.id) ?? null, now, names)) }
  }

  async move(params: { user: User; bookingId: string; status: StaffStatusMove }): Promise<StaffBooking> {
    return this.changeStatus({
      user: params.user,
      bookingId: params.bookingId,
      decide: (row, _last, now) => {
        if (!MOVES_FROM[params.status].includes(row.status as BookingStatus)) {
          return refuse(AppError.of('STATUS_NOT_ALLOWED', { message: `当前状态是“${statusLabel(row.status)}”，不能改为“${STAFF_MOVE_LABELS[params.status]}”` }))
        }
        if (NEEDS_SLOT_STARTED.has(params.status) && Date.parse(row.slot_start) > now.getTime()) {
          return refuse(
            AppError.of('SLOT_NOT_STARTED', {
              message: `这个预约 ${chinaDayAndTime(row.slot_start)} 才开始，开始后才能标记“${STAFF_MOVE_LABELS[params.status]}”`,
            }),
          )
        }
        return { kind: 'move', to: params.status, undoes: null }
      },
      // moves go from active to inactive or between active statuses: the index cannot refuse them
      phoneTaken: () => new Error('a staff move ran into the active-booking index'),
    })
  }

  /** Puts back the status the last change replaced (see `undoRefusal`), logged as an undo of that change. */
  async undo(params: { user: User; bookingId: string }): Promise<StaffBooking> {
    return this.changeStatus({
      user: params.user,
      bookingId: params.bookingId,
      decide: (row, last, now) => {
        const refusal = undoRefusal({ row, last, now })
        if (refusal || !last) return refuse(AppError.of('NOTHING_TO_UNDO', { message: refusal ?? '没有可以撤销的改动' }))
        return { kind: 'move', to: last.from_status as BookingStatus, undoes: last }
      },
      phoneTaken: () => AppError.of('STATUS_NOT_ALLOWED', { message: '这个手机号在这个时段已有另一个有效预约，不能恢复' }),
    })
  }

  /** A status move or undo on the staff member's own station, decided inside the write (see the repository). */
  private async changeStatus(params: {
    user: User
    bookingId: string
    decide: (row: BookingRow, last: StatusChangeRow | null, now: Date) => StatusDecision<AppError>
    phoneTaken: () => Error
  }): Promise<StaffBooking> {
    const stationId = this.stationOf(params.user)
    const now = this.deps.now()
    const outcome = await this.deps.repository.moveStatus({
      id: params.bookingId,
      stationId,
      userId: params.user.id,
      now: now.toISOString(),
      decide: (row, last) => params.decide(row, last, now),
    })
    return this.settled({ outcome, now, user: params.user, phoneTaken: params.phoneTaken })
  }

  /** The booking a status move or undo left, or the error it ended in. */
  private settled(params: { outcome: StatusMoveOutcome<AppError>; now: Date; user: User; phoneTaken: () => Error }): StaffBooking {
    const { outcome } = params
    switch (outcome.kind) {
      case 'moved':
        return this.staffBooking(outcome.row, outcome.change, params.now, new Map([[params.user.id, params.user.displayName]]))
      case 'refused':
        throw outcome.refusal
      case 'not-found':
        throw noSuchBooking()
      case 'phone-already-booked':
        throw params.phoneTaken()
    }
  }

  /**
   * Staff cancel with a reason the resident sees (`服务站取消：<reason>` on their look-up): the
   * booking, or every upcoming active booking of the station from its phone or from its network
   * (its address hash: staff never see the address). The places are free again at once; each
   * cancel is logged with the staff member. Another station's booking is 404; nothing active left
   * in the scope is 409 BOOKING_NOT_ACTIVE.
   */
  async cancel(params: { user: User; bookingId: string; scope: StaffCancelScope; reason: string }): Promise<StaffCancelResponse> {
    const stationId = this.stationOf(params.user)
    const now = this.deps.now()
    const outcome = await this.deps.repository.cancel({
      id: params.bookingId,
      stationId,
      scope: params.scope,
      upcomingFrom: formatChinaTime(now),
      reason: `${STATION_CANCEL_PREFIX}${params.reason}`,
      userId: params.user.id,
      now: now.toISOString(),
      outbox: (row) => [
        {
          kind: 'booking_cancelled',
          payload: { bookingId: row.id, code: row.code, stationName: row.station_name, slotStart: row.slot_start, openid: null },
          dueAt: now.toISOString(),
        },
      ],
    })
    switch (outcome.kind) {
      case 'cancelled': {
        const names = new Map([[params.user.id, params.user.displayName]])
        this.deps.metrics?.bookingsCancelledBy('staff', outcome.cancelled.length)
        return { cancelled: outcome.cancelled.map(({ row, change }) => this.staffBooking(row, change, now, names)) }
      }
      case 'not-found':
        throw noSuchBooking()
      case 'no-address':
        throw AppError.of('NO_ADDRESS_RECORD', { fields: [{ path: 'scope', message: '只能取消这一个' }] })
      case 'none-active':
        throw AppError.of('BOOKING_NOT_ACTIVE', {
          message: params.scope === 'booking' ? `这个预约现在是“${statusLabel(outcome.status)}”，不能取消` : '没有今后还有效的预约可以取消',
        })
    }
  }

  /**
   * 回电: the booking's whole phone, recorded (who, when, which booking) before it is answered.
   * Another station's booking is 404. A number the retention rules erased (or are about to: its
   * slot ended more than 180 days ago) is 410 PHONE_ERASED — the booking is still on the list
   * (station, time, matter, status), so "not found" would be untrue; "gone, on purpose" is what happened.
   */
  async revealPhone(params: { user: User; bookingId: string }): Promise<{ phone: string }> {
    const stationId = this.stationOf(params.user)
    const now = this.deps.now()
    const today = chinaDate({ now })
    const outcome = await this.deps.repository.revealPhone({
      id: params.bookingId,
      stationId,
      userId: params.user.id,
      now: now.toISOString(),
      expired: (row) => isBookingPersonalDataExpired({ row, now }),
      cap: { since: chinaInstant({ date: today, minutes: 0 }).toISOString(), bookings: REVEALS_PER_DAY },
    })
    switch (outcome.kind) {
      case 'revealed':
        return { phone: outcome.phone }
      case 'not-found':
        throw noSuchBooking()
      case 'limited': {
        const retryAfter = Math.max(1, Math.ceil((chinaInstant({ date: addDays({ date: today, days: 1 }), minutes: 0 }).getTime() - now.getTime()) / 1000))
        throw AppError.of('RATE_LIMITED', {
          message: `今天已经看过 ${REVEALS_PER_DAY} 个预约的电话号码，请明天再回电`,
          retryAfterSeconds: retryAfter,
          limit: 'phone-reveal-day',
        })
      }
      case 'expired':
        throw AppError.of('PHONE_ERASED')
    }
  }
}
