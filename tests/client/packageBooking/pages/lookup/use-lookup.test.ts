import type { Booking } from '../../../../../contracts/bookings'
import {
  entryErrors,
  initialLookupState,
  lookupReducer,
  type LookupEvent,
  type LookupState,
} from '../../../../../client/packageBooking/pages/lookup/use-lookup'

const booking: Booking = {
  code: 'K7M4Q2XA',
  status: 'booked',
  stationId: 'st-1',
  stationName: '隘口镇法律服务站',
  slotStart: '2026-12-10T01:00:00.000Z',
  slotEnd: '2026-12-10T01:30:00.000Z',
  matter: 'labor_wages',
  description: '',
  name: '张三',
  phone: '138****8000',
  proxy: null,
  cancelReason: null,
  createdAt: '2026-12-01T01:00:00.000Z',
}

function after(events: LookupEvent[], from: LookupState = initialLookupState('')): LookupState {
  return events.reduce(lookupReducer, from)
}

describe('lookupReducer (查找预约 without rendering)', () => {
  it('when a code is typed, answers it in capitals without spaces and takes its error away', () => {
    const state = after([
      { type: 'entry-checked', errors: entryErrors({ code: 'x', phoneLast4: '12' }) },
      { type: 'code-typed', value: 'k7m4 q2xa' },
    ])
    expect(state.code).toBe('K7M4Q2XA')
    expect(state.entryErrors.code).toBeUndefined()
    expect(state.entryErrors.phoneLast4).toBe('请填写手机号后 4 位')
  })

  it('when the last 4 digits are typed, keeps digits only, at most 4', () => {
    expect(after([{ type: 'last4-typed', value: '8a0001' }]).phoneLast4).toBe('8000')
  })

  it('when the code or the digits are not in their shape, says which before any request', () => {
    expect(entryErrors({ code: 'K7M4', phoneLast4: '12a4' })).toEqual({ code: '预约码是 8 位字母和数字', phoneLast4: '请填写手机号后 4 位' })
    expect(entryErrors({ code: 'K7M4Q2XA', phoneLast4: '8000' })).toEqual({})
  })

  it('when a new look-up starts, closes the open form and drops the last done words', () => {
    const changed = after([
      { type: 'found', booking, proof: { code: booking.code, phoneLast4: '8000' } },
      { type: 'cancel-opened' },
      { type: 'cancelled', booking },
    ])
    expect(changed.done).toBe('预约已取消。需要的话可以重新预约。')
    const state = after([{ type: 'cancel-opened' }, { type: 'lookup-started' }], changed)
    expect(state).toMatchObject({ mode: 'view', done: null, booking })
  })

  it('when a look-up fails, shows no booking', () => {
    expect(after([{ type: 'found', booking, proof: { code: booking.code, phoneLast4: '8000' } }, { type: 'not-found' }]).booking).toBeNull()
  })

  it('when the chosen quick reason is tapped again, takes it back, and either tap clears the reason error', () => {
    const missing = after([{ type: 'reason-missing' }])
    expect(missing.reasonError).toBe('请选一个原因（不用写字）')
    const picked = after([{ type: 'reason-picked', reason: '时间不合适' }], missing)
    expect(picked).toMatchObject({ quickReason: '时间不合适', reasonError: null })
    expect(after([{ type: 'reason-picked', reason: '时间不合适' }], picked).quickReason).toBeNull()
    expect(after([{ type: 'reason-picked', reason: '其他' }], picked).quickReason).toBe('其他')
  })

  it('when 改期 opens again, keeps the times shown before but forgets the chosen one and the last failure', () => {
    const slot = { start: '2026-12-11T01:00:00.000Z', end: '2026-12-11T01:30:00.000Z' }
    const slots = { slots: [slot] } as never
    const state = after([
      { type: 'slots-loaded', slots },
      { type: 'slot-chosen', slot: slot as never },
      { type: 'slots-failed', message: '没有取到' },
      { type: 'reschedule-opened' },
    ])
    expect(state).toMatchObject({ mode: 'reschedule', slots, newSlot: null, slotsError: null })
  })

  it('when the chosen time was taken meanwhile, forgets it', () => {
    expect(after([{ type: 'slot-chosen', slot: { start: 'a', end: 'b' } as never }, { type: 'slot-taken' }]).newSlot).toBeNull()
  })

  it('when the booking moved, shows it and says the new time', () => {
    const moved = { ...booking, slotStart: '2026-12-11T01:00:00.000Z', slotEnd: '2026-12-11T01:30:00.000Z' }
    const state = after([{ type: 'reschedule-opened' }, { type: 'rescheduled', booking: moved }])
    expect(state.booking).toBe(moved)
    expect(state.mode).toBe('view')
    expect(state.done).toMatch(/^已改到 .+。$/)
  })

  it('when 用手机验证码查 picks a booking, fills in its code and digits', () => {
    const state = after([{ type: 'phone-lookup-opened' }, { type: 'picked', proof: { code: 'K7M4Q2XA', phoneLast4: '8000' } }])
    expect(state).toMatchObject({ byPhone: true, code: 'K7M4Q2XA', phoneLast4: '8000' })
  })
})
